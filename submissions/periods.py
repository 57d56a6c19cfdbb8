"""Reporting periods: what a code means, opening a period, its dates and its status.

Opening a period fixes its expected reports: every form of the current framework whose
frequency matches the period, times every current unit at the form's level. Later changes
to the hierarchy or the framework do not change a period that is already open.
"""

from __future__ import annotations

import calendar
import enum
import logging
import re
from datetime import date
from typing import NamedTuple

from sqlalchemy import Integer, func, insert, literal, select

from indicators.models import Form, Framework, Frequency
from indicators.services import current_framework
from monitor import clock
from monitor.accounts.access import in_area
from monitor.accounts.models import User
from monitor.audit.services import record
from monitor.database import session
from monitor.orgunits.models import OrgUnit
from submissions.models import ExpectedReport, PeriodKind, ReportingPeriod

log = logging.getLogger(__name__)

FREQUENCY_OF_KIND = {
    PeriodKind.QUARTER: Frequency.QUARTERLY,
    PeriodKind.SEMESTER: Frequency.SEMESTRAL,
    PeriodKind.YEAR: Frequency.ANNUAL,
}

KIND_LABELS = {
    PeriodKind.QUARTER: "Quarter",
    PeriodKind.SEMESTER: "Semester",
    PeriodKind.YEAR: "Year",
}

CODE_HELP = "Write a quarter as 2026-Q3, a semester as 2026-S1, a year as 2026."

_CODE_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QS])(?P<number>\d+))?$")
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class PeriodError(ValueError):
    """A period request that cannot be carried out; ``field`` names the input it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PeriodSpan(NamedTuple):
    kind: PeriodKind
    starts_on: date
    ends_on: date


class PeriodStatus(enum.StrEnum):
    UPCOMING = "upcoming"  # reporting has not opened
    OPEN = "open"  # reports are accepted and on time
    OVERDUE = "overdue"  # past the due date: still accepted, counted late
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def normalise_code(code: str) -> str:
    return code.strip().upper()


def parse_period_code(code: str) -> PeriodSpan:
    """The kind and the dates a period code covers, e.g. 2026-Q3 is 1 July to 30 September."""
    normalised = normalise_code(code)
    match = _CODE_PATTERN.match(normalised)
    if match is None:
        raise PeriodError(f"{code!r} is not a period code. {CODE_HELP}", "code")
    year = int(match["year"])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise PeriodError(
            f"{code!r}: the year must be from {EARLIEST_YEAR} to {LATEST_YEAR}.", "code"
        )
    if match["kind"] is None:
        return PeriodSpan(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    number = int(match["number"])
    if match["kind"] == "Q":
        if not 1 <= number <= 4:
            raise PeriodError(f"{code!r}: a quarter is Q1, Q2, Q3 or Q4.", "code")
        first_month = 3 * (number - 1) + 1
        return PeriodSpan(
            PeriodKind.QUARTER, date(year, first_month, 1), _month_end(year, first_month + 2)
        )
    if not 1 <= number <= 2:
        raise PeriodError(f"{code!r}: a semester is S1 (January to June) or S2.", "code")
    first_month = 6 * (number - 1) + 1
    return PeriodSpan(
        PeriodKind.SEMESTER, date(year, first_month, 1), _month_end(year, first_month + 5)
    )


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_period(code: str) -> ReportingPeriod | None:
    return session.scalar(
        select(ReportingPeriod).where(ReportingPeriod.code == normalise_code(code))
    )


def open_period(
    code: str,
    opens_on: date | None,
    due_on: date,
    closes_on: date,
    *,
    actor: str | None = None,
) -> ReportingPeriod:
    """Create a period and fix its expected reports; ``opens_on`` defaults to the period's end."""
    kind, starts_on, ends_on = parse_period_code(code)
    code = normalise_code(code)
    existing = find_period(code)
    if existing is not None:
        raise PeriodError(
            f"{code} is already open (opens {existing.opens_on}, due {existing.due_on}, "
            f"closes {existing.closes_on}). Change its dates instead of opening it again.",
            "code",
        )
    opens_on = opens_on or ends_on
    check_dates(starts_on, opens_on, due_on, closes_on)
    framework = current_framework()
    if framework is None:
        raise PeriodError(
            "No indicator framework is loaded, so no report could be expected. "
            "Load it first with: monitor framework load"
        )

    period = ReportingPeriod(
        code=code,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        opens_on=opens_on,
        due_on=due_on,
        closes_on=closes_on,
    )
    session.add(period)
    session.flush()
    expected = _fix_expected_reports(period, framework)

    record(
        "opened",
        "reporting_period",
        code,
        new={
            **_dates(period),
            "framework": f"{framework.code} {framework.version}",
            "expected_reports": expected,
        },
        actor=actor,
    )
    log.info("Opened period %s with %d expected reports", code, expected)
    return period


def _fix_expected_reports(period: ReportingPeriod, framework: Framework) -> int:
    """One expected report per matching form and current unit at its level, in bulk."""
    forms = session.scalars(
        select(Form).where(
            Form.framework_id == framework.id,
            Form.frequency == FREQUENCY_OF_KIND[period.kind],
        )
    ).all()
    for form in forms:
        # One INSERT ... SELECT per form: the rows never travel through Python, so the
        # whole country's barangays take one statement each.
        units = select(literal(period.id, Integer), literal(form.id, Integer), OrgUnit.id).where(
            OrgUnit.level.in_(form.level.org_unit_levels), OrgUnit.retired_at.is_(None)
        )
        session.execute(
            insert(ExpectedReport).from_select(["period_id", "form_id", "org_unit_id"], units)
        )
    return (
        session.scalar(
            select(func.count())
            .select_from(ExpectedReport)
            .where(ExpectedReport.period_id == period.id)
        )
        or 0
    )


def check_dates(starts_on: date, opens_on: date, due_on: date, closes_on: date) -> None:
    """Refuse dates out of order, naming the date to change."""
    if due_on < opens_on:
        raise PeriodError(
            f"The due date ({due_on}) is before the opening date ({opens_on}).", "due_on"
        )
    if closes_on < due_on:
        raise PeriodError(
            f"The closing date ({closes_on}) is before the due date ({due_on}).", "closes_on"
        )
    if due_on < starts_on:
        raise PeriodError(
            f"The due date ({due_on}) is before the period starts ({starts_on}).", "due_on"
        )


def update_dates(
    period: ReportingPeriod,
    opens_on: date,
    due_on: date,
    closes_on: date,
    *,
    actor: str | None = None,
) -> bool:
    """Change when a period opens, falls due and closes; its expected reports stay as fixed.

    Returns whether anything changed.
    """
    check_dates(period.starts_on, opens_on, due_on, closes_on)
    old = _dates(period)
    period.opens_on, period.due_on, period.closes_on = opens_on, due_on, closes_on
    new = _dates(period)
    if old == new:
        return False
    session.flush()
    record("changed_dates", "reporting_period", period.code, old=old, new=new, actor=actor)
    return True


def _dates(period: ReportingPeriod) -> dict[str, str]:
    return {
        "opens_on": period.opens_on.isoformat(),
        "due_on": period.due_on.isoformat(),
        "closes_on": period.closes_on.isoformat(),
    }


def period_status(period: ReportingPeriod, today: date | None = None) -> PeriodStatus:
    """Where a period stands on ``today`` (the councils' date when not given)."""
    today = today or clock.today()
    if today < period.opens_on:
        return PeriodStatus.UPCOMING
    if today <= period.due_on:
        return PeriodStatus.OPEN
    if today <= period.closes_on:
        return PeriodStatus.OVERDUE
    return PeriodStatus.CLOSED


def all_periods() -> list[ReportingPeriod]:
    """Every period, the latest first."""
    return list(
        session.scalars(
            select(ReportingPeriod).order_by(
                ReportingPeriod.ends_on.desc(), ReportingPeriod.starts_on.desc()
            )
        )
    )


def expected_report_counts(viewer: User | None) -> dict[int, int]:
    """Expected reports per period id, within the viewer's area (everywhere if no viewer)."""
    query = select(ExpectedReport.period_id, func.count()).group_by(ExpectedReport.period_id)
    if viewer is not None:
        query = query.where(in_area(viewer, ExpectedReport.org_unit_id))
    return {period_id: count for period_id, count in session.execute(query)}
