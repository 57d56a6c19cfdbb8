"""``monitor demo``: a working system with plausible data, generated deterministically.

One real province from the PSGC with all its cities, municipalities and barangays; a user
for each role; two quarters and a year of data in every status, so each role finds work
waiting. ``--scale national`` generates the same for every barangay of the country, for
benchmarks, through the bulk writer.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import selectinload

from indicators import services as framework_services
from indicators.loader import sync_framework
from indicators.models import (
    Dimension,
    Form,
    Framework,
)
from monitor import clock, migrate
from monitor.accounts import services as accounts
from monitor.accounts.models import Agency, Role, User
from monitor.database import session
from monitor.orgunits import services as orgunits
from monitor.orgunits.importer import HierarchyFileError
from monitor.orgunits.models import OrgUnit, OrgUnitAncestor, OrgUnitLevel
from submissions import demo_values, periods
from submissions.bulk import insert_data_values
from submissions.models import (
    ExpectedReport,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
    Upload,
    UploadStatus,
    ValueSource,
)

log = logging.getLogger(__name__)

DEFAULT_PROVINCE = "0501700000"  # Camarines Sur, Bicol Region
DEFAULT_SEED = 2026
NOT_STARTED = "not_started"

#: How a period's reports are spread over the statuses: (status, weight) pairs.
Mix = tuple[tuple[str, int], ...]

#: How the reports of a period that is still open are spread over the statuses.
OPEN_PERIOD_MIX: Mix = (
    (NOT_STARTED, 25),
    (SubmissionStatus.DRAFT.value, 20),
    (SubmissionStatus.SUBMITTED.value, 25),
    (SubmissionStatus.RETURNED.value, 10),
    (SubmissionStatus.APPROVED.value, 20),
)
#: A closed period: most approved, a few never filed (missing is not zero).
CLOSED_PERIOD_MIX: Mix = (
    (NOT_STARTED, 6),
    (SubmissionStatus.SUBMITTED.value, 6),
    (SubmissionStatus.APPROVED.value, 88),
)
RETURN_REASONS = (
    "The number of children weighed is higher than the barangay's children under five. "
    "Please check it against the OPT Plus masterlist.",
    "The case counts by age do not add up to the cases reported. Please recount.",
    "Several values are blank without a reason. Enter them or mark them not available.",
)
NOT_AVAILABLE_REASON = "Not collected this period"


@dataclass
class DemoSummary:
    units: int = 0
    users: list[tuple[str, str, str | None]] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    #: Added by this run; a run over a complete demo adds nothing.
    submissions: int = 0
    values: int = 0
    seconds: float = 0.0


@click.command("demo")
@click.option("--province", default=DEFAULT_PROVINCE, show_default=True, help="PSGC code.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, help="Same seed, same data.")
@click.option(
    "--scale",
    type=click.Choice(["province", "national"]),
    default="province",
    show_default=True,
    help="national: generate data for every barangay of the country (for benchmarks).",
)
@with_appcontext
def demo_command(province: str, seed: int, scale: str) -> None:
    """Set up the database and load the demo: one province, a user per role, data in every
    status. Running it again changes nothing."""
    summary = load_demo(province_code=province, seed=seed, national=scale == "national")
    if summary.submissions:
        added = f"added {summary.submissions:,} submissions and {summary.values:,} data values"
    else:
        added = "its data was in place already, so nothing was added"
    click.echo(
        f"Demo ready in {summary.seconds:.1f} s: {summary.units:,} org units, "
        f"periods {', '.join(summary.periods)}; {added}."
    )
    if summary.users:
        click.echo("\nSign in with one of these accounts (passwords are shown only this once):\n")
        click.echo(f"  {'role':<16}{'username':<18}password")
        for role, username, password in summary.users:
            click.echo(f"  {role:<16}{username:<18}{password}")
        click.echo(
            "\nStart the server with `monitor run`, then sign in at http://127.0.0.1:5000/login"
        )
    else:
        click.echo(
            "The demo users exist already; their passwords were shown when they were created. "
            "Reset one with: monitor users reset-password USERNAME"
        )


def load_demo(*, province_code: str, seed: int, national: bool) -> DemoSummary:
    """Bring the database to head and fill it with the demo; each step skips what exists."""
    started = time.monotonic()
    summary = DemoSummary()

    migrate.upgrade()
    framework = _load_framework()
    _import_hierarchy(province_code, national)
    province = session.scalar(select(OrgUnit).where(OrgUnit.code == province_code))
    if province is None:
        raise click.ClickException(f"No org unit has the PSGC code {province_code}.")
    summary.users = _create_users(province, framework)
    session.commit()

    area = _country() if national else province
    for period, mix in _open_periods(clock.today()):
        summary.periods.append(period.code)
        submissions, values = _fill_period(framework, period, area, mix, seed)
        summary.submissions += submissions
        summary.values += values
        session.commit()

    summary.units = (
        session.scalar(
            select(func.count()).select_from(OrgUnit).where(OrgUnit.retired_at.is_(None))
        )
        or 0
    )
    summary.seconds = time.monotonic() - started
    return summary


def _load_framework() -> Framework:
    """The shipped framework; loading it again is a no-op."""
    sync_framework()
    session.commit()
    framework = framework_services.current_framework()
    assert framework is not None, "the framework file loaded nothing"
    return framework


def _import_hierarchy(province_code: str, national: bool) -> None:
    """The province (or the whole country) from the shipped PSGC file, unless it is there.

    A hierarchy file describes the whole tree, so loading one province into a database that
    holds other units would retire them: that is refused with a message instead.
    """
    try:
        wanted = orgunits.read_psgc(within=None if national else province_code)
    except HierarchyFileError:
        raise click.ClickException(
            f"--province: no province of the PSGC has the code {province_code}."
        ) from None
    stored = dict(session.execute(select(OrgUnit.code, OrgUnit.retired_at)).all())
    if all(code in stored and stored[code] is None for code in wanted.codes):
        return
    others = [code for code, retired_at in stored.items() if retired_at is None]
    if others and not national and not set(others) <= set(wanted.codes):
        raise click.ClickException(
            "The database holds a hierarchy without this province. Run the demo on an empty "
            "database, or import the country first with: monitor orgunits import-psgc"
        )
    orgunits.import_psgc(within=None if national else province_code, actor="demo")
    session.commit()


def _country() -> OrgUnit:
    country = session.scalar(select(OrgUnit).where(OrgUnit.level == OrgUnitLevel.COUNTRY))
    assert country is not None, "the hierarchy has no country"
    return country


def _create_users(province: OrgUnit, framework: Framework) -> list[tuple[str, str, str | None]]:
    """One user per role; agency staff for each agency that reports. Existing ones are kept."""
    reviewer_area = session.scalars(
        select(OrgUnit)
        .join(OrgUnitAncestor, OrgUnitAncestor.descendant_id == OrgUnit.id)
        .where(
            OrgUnitAncestor.ancestor_id == province.id,
            OrgUnit.level.in_([OrgUnitLevel.MUNICIPALITY, OrgUnitLevel.CITY]),
        )
        .order_by(OrgUnit.code)
    ).first()
    assert reviewer_area is not None, f"{province.name} has no city or municipality"
    encoder_area = session.scalars(
        select(OrgUnit)
        .join(OrgUnitAncestor, OrgUnitAncestor.descendant_id == OrgUnit.id)
        .where(
            OrgUnitAncestor.ancestor_id == reviewer_area.id,
            OrgUnit.level == OrgUnitLevel.BARANGAY,
        )
        .order_by(OrgUnit.code)
    ).first()
    assert encoder_area is not None, f"{reviewer_area.name} has no barangay"

    wanted: list[tuple[str, str, Role, OrgUnit, Agency | None]] = [
        ("admin", "Demo Administrator", Role.ADMINISTRATOR, _country(), None),
        ("encoder", f"Demo Encoder, {encoder_area.name}", Role.ENCODER, encoder_area, None),
        ("reviewer", f"Demo Reviewer, {reviewer_area.name}", Role.REVIEWER, reviewer_area, None),
        ("reader", f"Demo Council Reader, {province.name}", Role.READER, province, None),
    ]
    reporting_agencies = session.scalars(
        select(Agency)
        .join(Form, Form.agency_id == Agency.id)
        .where(Form.framework_id == framework.id)
        .distinct()
        .order_by(Agency.code)
    ).all()
    for reporting_agency in reporting_agencies:
        code = reporting_agency.code
        wanted.append(
            (
                f"staff-{code.lower()}",
                f"Demo {code} Staff",
                Role.AGENCY_STAFF,
                province,
                reporting_agency,
            )
        )

    created: list[tuple[str, str, str | None]] = []
    for username, full_name, role, area, agency in wanted:
        if accounts.find_by_username(username) is not None:
            continue
        password = accounts.temporary_password()
        accounts.create_user(
            username=username,
            full_name=full_name,
            role=role,
            area=area,
            agency=agency,
            password=password,
            must_change_password=False,
            actor="demo",
        )
        created.append((role.value, username, password))
    return created


def _period_plan(today: date) -> list[tuple[str, date, date, date, Mix]]:
    """(code, opens, due, closes, status mix): the last two quarters and the last year."""
    quarter = (today.month - 1) // 3  # 0-based quarter of today
    year = today.year
    plans: list[tuple[str, date, date, date, Mix]] = []
    for back, mix in ((1, OPEN_PERIOD_MIX), (2, CLOSED_PERIOD_MIX)):
        index = quarter - back
        q_year, q_index = year + index // 4, index % 4
        end_month = 3 * q_index + 3
        ends_on = date(q_year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
        opens_on = ends_on + timedelta(days=1)
        if back == 1:
            due_on = max(opens_on + timedelta(days=30), today + timedelta(days=14))
            closes_on = due_on + timedelta(days=30)
        else:
            due_on, closes_on = ends_on + timedelta(days=30), ends_on + timedelta(days=60)
        plans.append((f"{q_year}-Q{q_index + 1}", opens_on, due_on, closes_on, mix))
    last_year = year - 1
    plans.append(
        (
            str(last_year),
            date(year, 1, 1),
            date(year, 3, 31),
            date(year, 4, 30),
            CLOSED_PERIOD_MIX if today > date(year, 4, 30) else OPEN_PERIOD_MIX,
        )
    )
    return plans


def _open_periods(today: date) -> Iterator[tuple[ReportingPeriod, Mix]]:
    for code, opens_on, due_on, closes_on, mix in _period_plan(today):
        period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.code == code))
        if period is None:
            period = periods.open_period(
                code, opens_on=opens_on, due_on=due_on, closes_on=closes_on, actor="demo"
            )
            session.commit()
        yield period, mix


def _fill_period(
    framework: Framework,
    period: ReportingPeriod,
    area: OrgUnit,
    mix: Mix,
    seed: int,
) -> tuple[int, int]:
    """Submissions and values for the period's expected reports in the area, unless present."""
    already = session.scalar(
        select(func.count())
        .select_from(Submission)
        .join(OrgUnitAncestor, OrgUnitAncestor.descendant_id == Submission.org_unit_id)
        .where(Submission.period_id == period.id, OrgUnitAncestor.ancestor_id == area.id)
    )
    if already:
        return 0, 0
    # Loaded in full here: the rows are generated while COPY holds the connection, when a
    # lazy load would wait on it for ever.
    forms = {
        form.id: form
        for form in session.scalars(
            select(Form)
            .where(Form.framework_id == framework.id)
            .options(selectinload(Form.indicators), selectinload(Form.agency))
        )
    }
    dimensions = {
        dimension.code: dimension
        for dimension in session.scalars(
            select(Dimension).where(Dimension.framework_id == framework.id)
        )
    }
    expected = session.execute(
        select(ExpectedReport.form_id, OrgUnit.id, OrgUnit.code)
        .join(OrgUnit, OrgUnit.id == ExpectedReport.org_unit_id)
        .join(OrgUnitAncestor, OrgUnitAncestor.descendant_id == ExpectedReport.org_unit_id)
        .where(ExpectedReport.period_id == period.id, OrgUnitAncestor.ancestor_id == area.id)
        .order_by(ExpectedReport.form_id, OrgUnit.code)
    ).all()
    people = _demo_people()
    uploads = _uploads_for(forms.values(), period, area, people)
    rules = demo_values.rules_by_form(framework)
    statuses, weights = zip(*mix, strict=True)
    next_id = (session.scalar(select(func.max(Submission.id))) or 0) + 1

    submission_rows: list[dict[str, Any]] = []
    filed: list[tuple[int, Form, int, str, str, datetime]] = []
    for form_id, org_unit_id, code in expected:
        form = forms[form_id]
        rng = random.Random(f"{seed}:{period.code}:{form.code}:{code}")
        status = rng.choices(statuses, weights)[0]
        if status == NOT_STARTED:
            continue
        row = _submission_row(next_id, form, period, org_unit_id, status, rng, people)
        submission_rows.append(row)
        filed.append((next_id, form, org_unit_id, code, status, row["updated_at"]))
        next_id += 1

    connection = session.connection()
    for start in range(0, len(submission_rows), 20_000):
        connection.execute(insert(Submission), submission_rows[start : start + 20_000])
    _advance_submission_ids()

    def value_rows() -> Iterator[tuple[Any, ...]]:
        for submission_id, form, org_unit_id, code, status, entered_at in filed:
            rng = random.Random(f"{seed}:{period.code}:{form.code}:{code}:values")
            upload_id = uploads.get(form.id)
            source = ValueSource.UPLOAD.value if upload_id else ValueSource.FORM.value
            values = demo_values.unit_values(
                form,
                dimensions,
                demo_values.unit_population(seed, code),
                rng,
                rules.get(form.id, ()),
            )
            unfilled = set()
            if status == SubmissionStatus.DRAFT.value:
                # A draft is partly filled: some indicators are not entered yet.
                unfilled = {indicator.id for indicator in form.indicators if rng.random() < 0.4}
            for (indicator_id, part, key), value in values.items():
                if indicator_id in unfilled:
                    continue
                reason = NOT_AVAILABLE_REASON if value is None else None
                yield (
                    org_unit_id,
                    period.id,
                    indicator_id,
                    part,
                    key,
                    value,
                    reason,
                    source,
                    submission_id,
                    upload_id,
                    None,
                    entered_at,
                )

    count = insert_data_values(connection, value_rows())
    log.info("demo period %s: %d submissions, %d values", period.code, len(filed), count)
    return len(filed), count


def _demo_people() -> dict[str, User]:
    """The demo users by username, to sign what the generated reports record."""
    return {user.username: user for user in session.scalars(select(User))}


def _uploads_for(
    forms: Any, period: ReportingPeriod, area: OrgUnit, people: dict[str, User]
) -> dict[int, int]:
    """One committed upload per agency form, as if its staff had uploaded the period's file."""
    uploads = {}
    for form in forms:
        if form.agency is None:
            continue
        staff = people.get(f"staff-{form.agency.code.lower()}") or people["admin"]
        at = datetime.combine(period.opens_on + timedelta(days=9), clock_time(10), tzinfo=UTC)
        upload = Upload(
            agency_id=form.agency_id,
            period_id=period.id,
            area_id=area.id,
            filename=f"{form.code}-{period.code}.xlsx",
            checksum=f"{form.code}-{period.code}".encode().hex()[:64].ljust(64, "0"),
            size_bytes=0,
            status=UploadStatus.COMMITTED,
            row_count=0,
            problems=[],
            uploaded_by_id=staff.id,
            uploaded_at=at,
            committed_at=at,
        )
        session.add(upload)
        session.flush()
        uploads[form.id] = upload.id
    return uploads


def _moment(day: date, rng: random.Random) -> datetime:
    """A working-hours moment of a local day, in UTC."""
    local = datetime.combine(day, clock_time(rng.randint(8, 16), rng.randint(0, 59)))
    return local.replace(tzinfo=clock.timezone()).astimezone(UTC)


def _submission_row(
    submission_id: int,
    form: Form,
    period: ReportingPeriod,
    org_unit_id: int,
    status: str,
    rng: random.Random,
    people: dict[str, User],
) -> dict[str, Any]:
    # Everything happened by the end of yesterday, so a run later today generates the same.
    yesterday = clock.today() - timedelta(days=1)
    cutoff = clock.end_of_day(yesterday) - timedelta(minutes=1)
    last_day = min(yesterday, period.closes_on)
    window = max(0, (last_day - period.opens_on).days)
    started = min(cutoff, _moment(period.opens_on + timedelta(days=rng.randint(0, window)), rng))
    row: dict[str, Any] = {
        "id": submission_id,
        "form_id": form.id,
        "period_id": period.id,
        "org_unit_id": org_unit_id,
        "status": status,
        "version": 1,
        "created_at": started,
        "updated_at": started,
        "submitted_at": None,
        "reviewed_at": None,
        "reviewed_by_id": None,
        "return_reason": None,
    }
    if status == SubmissionStatus.DRAFT.value:
        return row
    # Most reports arrive by the due date; about one in eight comes late.
    if rng.random() < 0.875 or period.due_on >= last_day:
        latest = min(period.due_on, last_day)
    else:
        latest = last_day
    submitted_on = period.opens_on + timedelta(
        days=rng.randint(0, max(0, (latest - period.opens_on).days))
    )
    submitted_at = min(cutoff, max(started, _moment(submitted_on, rng)))
    row.update(submitted_at=submitted_at, updated_at=submitted_at, version=2)
    if status in (SubmissionStatus.APPROVED.value, SubmissionStatus.RETURNED.value):
        reviewer = people.get("reviewer") or people["admin"]
        reviewed_at = min(cutoff, submitted_at + timedelta(days=rng.randint(1, 10)))
        row.update(
            reviewed_at=reviewed_at,
            reviewed_by_id=reviewer.id,
            updated_at=reviewed_at,
            version=3,
        )
    if status == SubmissionStatus.RETURNED.value:
        row["return_reason"] = rng.choice(RETURN_REASONS)
    return row


def _advance_submission_ids() -> None:
    """Rows inserted with explicit ids leave PostgreSQL's sequence behind; move it on."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('submission', 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM submission))"
            )
        )
