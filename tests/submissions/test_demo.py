"""``monitor demo``: one real province, a user per role, and data that each role can work on."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from indicators import services as framework_services
from indicators.models import Indicator
from indicators.rules import evaluate
from monitor import database
from monitor.accounts.models import Role, User
from monitor.audit.models import AuditEvent
from monitor.orgunits.models import HierarchyImport, OrgUnit, OrgUnitLevel
from submissions.models import (
    TOTAL,
    DataValue,
    ExpectedReport,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
)
from tests.conftest import DatabaseFactory, make_test_app

CAMARINES_SUR = "0501700000"


def run_demo(url: str) -> str:
    """``monitor demo`` on the database at ``url``, as its own app would run it."""
    app = make_test_app(url)
    # The command runs in the app context it finds; give it this app's, not the caller's.
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo"])
    database.state(app).engine.dispose()
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def demo_app(databases: DatabaseFactory) -> Iterator[Flask]:
    url = databases.create("demo")
    output = run_demo(url)
    app = make_test_app(url)
    app.config["DEMO_OUTPUT"] = output
    with app.app_context():
        yield app
    database.state(app).engine.dispose()


@pytest.fixture
def session(demo_app: Flask) -> Iterator[Session]:
    yield database.get_session()
    database.get_session().rollback()


def test_demo_loads_the_whole_province_and_the_units_above_it(session):
    levels = dict(
        session.execute(select(OrgUnit.level, func.count()).group_by(OrgUnit.level)).all()
    )
    assert levels == {
        OrgUnitLevel.COUNTRY: 1,
        OrgUnitLevel.REGION: 1,
        OrgUnitLevel.PROVINCE: 1,
        OrgUnitLevel.CITY: 2,
        OrgUnitLevel.MUNICIPALITY: 35,
        OrgUnitLevel.BARANGAY: 1063,
    }
    province = session.scalar(select(OrgUnit).where(OrgUnit.code == CAMARINES_SUR))
    assert province is not None and province.name == "Camarines Sur"


def test_demo_creates_a_user_for_each_role_inside_the_province(session, demo_app):
    users = {user.username: user for user in session.scalars(select(User))}
    assert {user.role for user in users.values()} == set(Role)
    assert users["admin"].area.level is OrgUnitLevel.COUNTRY
    assert users["encoder"].area.level is OrgUnitLevel.BARANGAY
    assert users["reviewer"].area.level in (OrgUnitLevel.CITY, OrgUnitLevel.MUNICIPALITY)
    assert users["reader"].area.code == CAMARINES_SUR
    staff = [user for user in users.values() if user.role is Role.AGENCY_STAFF]
    assert staff and all(user.agency is not None for user in staff)

    output = demo_app.config["DEMO_OUTPUT"]
    for username in users:
        assert f" {username} " in output, f"{username}'s password is not printed"


def test_open_quarter_has_reports_in_every_status_including_not_started(session):
    period = session.scalar(
        select(ReportingPeriod)
        .where(ReportingPeriod.kind == "quarter")
        .order_by(ReportingPeriod.starts_on.desc())
    )
    statuses = Counter(
        session.scalars(select(Submission.status).where(Submission.period_id == period.id))
    )
    assert set(statuses) == set(SubmissionStatus)
    expected = session.scalar(
        select(func.count())
        .select_from(ExpectedReport)
        .where(ExpectedReport.period_id == period.id)
    )
    assert 0 < sum(statuses.values()) < expected, "some expected reports are not started"


def test_reviewer_and_encoder_find_work_waiting(session):
    reviewer = session.scalar(select(User).where(User.username == "reviewer"))
    encoder = session.scalar(select(User).where(User.username == "encoder"))
    waiting = session.scalar(
        select(func.count())
        .select_from(Submission)
        .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
        .where(
            OrgUnit.parent_id == reviewer.area_id,
            Submission.status == SubmissionStatus.SUBMITTED,
        )
    )
    assert waiting > 0
    own = session.scalar(
        select(func.count())
        .select_from(ExpectedReport)
        .where(ExpectedReport.org_unit_id == encoder.area_id)
    )
    assert own > 0


def test_returned_reports_carry_a_reason_and_reviewed_ones_a_reviewer(session):
    for submission in session.scalars(
        select(Submission).where(
            Submission.status.in_([SubmissionStatus.RETURNED, SubmissionStatus.APPROVED])
        )
    ):
        assert submission.reviewed_at is not None and submission.reviewed_by_id is not None
        assert submission.submitted_at <= submission.reviewed_at
        if submission.status is SubmissionStatus.RETURNED:
            assert submission.return_reason


def test_generated_values_never_break_the_framework_rules(session):
    framework = framework_services.current_framework()
    rules = framework_services.framework_rules(framework)
    codes = {indicator.id: indicator.code for indicator in framework.indicators}
    by_report: dict[tuple[int, int], dict[tuple[str, str, str], Decimal | None]] = defaultdict(dict)
    rows = session.execute(
        select(
            DataValue.org_unit_id,
            DataValue.period_id,
            DataValue.indicator_id,
            DataValue.part,
            DataValue.disaggregation,
            DataValue.value,
        )
    )
    for org_unit_id, period_id, indicator_id, part, key, value in rows:
        by_report[(org_unit_id, period_id)][(codes[indicator_id], part, key)] = value
    assert by_report
    for report, values in by_report.items():
        assert evaluate(rules, values) == [], report


def test_broken_down_indicators_store_a_total_equal_to_their_cells(session):
    broken_down = [
        indicator.id
        for indicator in framework_services.current_framework().indicators
        if indicator.disaggregations
    ]
    totals: dict[tuple[int, int, int, str], Decimal] = {}
    cell_sums: dict[tuple[int, int, int, str], Decimal] = defaultdict(Decimal)
    rows = session.execute(
        select(
            DataValue.org_unit_id,
            DataValue.period_id,
            DataValue.indicator_id,
            DataValue.part,
            DataValue.disaggregation,
            DataValue.value,
        ).where(DataValue.indicator_id.in_(broken_down), DataValue.value.is_not(None))
    )
    for org_unit_id, period_id, indicator_id, part, key, value in rows:
        cell = (org_unit_id, period_id, indicator_id, part)
        if key == TOTAL:
            totals[cell] = value
        else:
            cell_sums[cell] += value
    assert totals
    assert {cell: total for cell, total in totals.items() if cell_sums[cell] != total} == {}


def test_values_not_available_have_a_reason_and_no_number(session):
    missing = session.scalars(select(DataValue).where(DataValue.value.is_(None))).all()
    assert missing, "the demo should show missing values, which are not zero"
    assert all(value.not_available_reason for value in missing)


def test_running_the_demo_again_changes_nothing(demo_app, session):
    url = demo_app.config["DATABASE_URL"]
    before = _fingerprint(session)
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    session.rollback()

    output = run_demo(url)

    assert "nothing was added" in output
    assert "exist already" in output
    assert _fingerprint(session) == before
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert session.scalar(select(func.count()).select_from(HierarchyImport)) == 1


def test_the_same_seed_generates_the_same_data(demo_app, session, databases):
    url = databases.create("demo_again")
    run_demo(url)
    other = make_test_app(url)
    with other.app_context():
        again = _fingerprint(database.get_session())
    database.state(other).engine.dispose()
    assert again == _fingerprint(session)


def test_demo_refuses_a_database_holding_another_hierarchy(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "holds a hierarchy without this province" in result.output
    assert "Traceback" not in result.output


def test_demo_names_an_unknown_province_code(runner):
    result = runner.invoke(args=["demo", "--province", "9999999999"])
    assert result.exit_code == 1
    assert "--province: no province of the PSGC has the code 9999999999" in result.output


def _fingerprint(session: Session) -> tuple[int, int, str]:
    """Counts and a digest of every submission and value, by codes rather than ids."""
    digest = hashlib.sha256()
    submissions = session.execute(
        select(OrgUnit.code, ReportingPeriod.code, Submission.status, Submission.submitted_at)
        .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
        .join(ReportingPeriod, ReportingPeriod.id == Submission.period_id)
        .order_by(OrgUnit.code, ReportingPeriod.code, Submission.form_id)
    ).all()
    values = session.execute(
        select(
            OrgUnit.code,
            ReportingPeriod.code,
            Indicator.code,
            DataValue.part,
            DataValue.disaggregation,
            DataValue.value,
        )
        .join(OrgUnit, OrgUnit.id == DataValue.org_unit_id)
        .join(ReportingPeriod, ReportingPeriod.id == DataValue.period_id)
        .join(Indicator, Indicator.id == DataValue.indicator_id)
        .order_by(
            OrgUnit.code,
            ReportingPeriod.code,
            Indicator.code,
            DataValue.part,
            DataValue.disaggregation,
        )
    ).all()
    for row in (*submissions, *values):
        digest.update(repr(tuple(row)).encode())
    return len(submissions), len(values), digest.hexdigest()
