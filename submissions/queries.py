"""Read-only questions about periods and submissions, always scoped to an area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, and_, func, select, type_coerce

from indicators.models import BARANGAY_SOURCE, Form
from indicators.services import current_framework
from monitor import clock
from monitor.accounts.access import in_area
from monitor.accounts.models import User
from monitor.database import session
from monitor.orgunits.models import OrgUnit
from submissions.models import ExpectedReport, ReportingPeriod, Submission, SubmissionStatus

NOT_STARTED = "not_started"

#: Statuses in the order a report moves through them, "not started" first.
STATUS_ORDER = (NOT_STARTED, *(status.value for status in SubmissionStatus))

STATUS_LABELS = {
    NOT_STARTED: "Not started",
    SubmissionStatus.DRAFT.value: "Draft",
    SubmissionStatus.SUBMITTED.value: "Submitted",
    SubmissionStatus.RETURNED.value: "Returned",
    SubmissionStatus.APPROVED.value: "Approved",
}


def current_periods(today: date) -> list[ReportingPeriod]:
    """Periods open for reporting today, and those closed in the last year, newest first."""
    return list(
        session.scalars(
            select(ReportingPeriod)
            .where(
                ReportingPeriod.opens_on <= today,
                ReportingPeriod.closes_on >= today - timedelta(days=365),
            )
            .order_by(ReportingPeriod.ends_on.desc(), ReportingPeriod.kind)
            .limit(8)
        )
    )


#: A submission is the answer to the expected report of its period, form and unit.
ANSWERS_EXPECTED_REPORT = and_(
    Submission.period_id == ExpectedReport.period_id,
    Submission.form_id == ExpectedReport.form_id,
    Submission.org_unit_id == ExpectedReport.org_unit_id,
)


@dataclass(frozen=True)
class StatusCounts:
    """How far the expected reports of an area have come, by status."""

    expected: int
    by_status: dict[str, int]

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)

    @property
    def received(self) -> int:
        return self.count(SubmissionStatus.SUBMITTED) + self.count(SubmissionStatus.APPROVED)


def status_counts(user: User, period: ReportingPeriod, form: Form | None = None) -> StatusCounts:
    """Counts of the period's expected reports within the user's area, by submission status."""
    # As plain text: "not_started" is no member of the status enum, so it cannot be read as one.
    status = func.coalesce(type_coerce(Submission.status, String), NOT_STARTED)
    statement = (
        select(status, func.count())
        .select_from(ExpectedReport)
        .outerjoin(Submission, ANSWERS_EXPECTED_REPORT)
        .where(ExpectedReport.period_id == period.id, in_area(user, ExpectedReport.org_unit_id))
        .group_by(status)
    )
    if form is not None:
        statement = statement.where(ExpectedReport.form_id == form.id)
    by_status = {
        str(getattr(key, "value", key)): count for key, count in session.execute(statement)
    }
    return StatusCounts(expected=sum(by_status.values()), by_status=by_status)


@dataclass(frozen=True)
class UnitReport:
    """One report a unit is expected to file, with where it stands."""

    period: ReportingPeriod
    form: Form
    org_unit: OrgUnit
    submission: Submission | None

    @property
    def status(self) -> str:
        return self.submission.status.value if self.submission else NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def reports_of_unit(org_unit_id: int, periods: list[ReportingPeriod]) -> list[UnitReport]:
    """What a barangay files itself in the given periods, with each report's submission.

    Agency returns about the barangay (such as DILG's assessment of its council) are left
    out: the agency files those, not the barangay's officials.
    """
    if not periods:
        return []
    rows = session.execute(
        select(ReportingPeriod, Form, OrgUnit, Submission)
        .select_from(ExpectedReport)
        .join(ReportingPeriod, ReportingPeriod.id == ExpectedReport.period_id)
        .join(Form, Form.id == ExpectedReport.form_id)
        .join(OrgUnit, OrgUnit.id == ExpectedReport.org_unit_id)
        .outerjoin(Submission, ANSWERS_EXPECTED_REPORT)
        .where(
            ExpectedReport.org_unit_id == org_unit_id,
            ExpectedReport.period_id.in_([period.id for period in periods]),
            Form.source == BARANGAY_SOURCE,
        )
        .order_by(ReportingPeriod.ends_on.desc(), Form.code)
    )
    return [UnitReport(*row) for row in rows]


def waiting_for_review(user: User, limit: int = 50) -> list[Submission]:
    """Submitted reports in the user's area, oldest first, so the longest waiting come first."""
    return list(
        session.scalars(
            select(Submission)
            .where(
                Submission.status == SubmissionStatus.SUBMITTED,
                in_area(user, Submission.org_unit_id),
            )
            .order_by(Submission.submitted_at, Submission.id)
            .limit(limit)
        )
    )


def forms_of_agency(agency_id: int) -> list[Form]:
    """The agency's forms in the framework in force; forms of earlier versions are history."""
    framework = current_framework()
    if framework is None:
        return []
    return list(
        session.scalars(
            select(Form)
            .where(Form.agency_id == agency_id, Form.framework_id == framework.id)
            .order_by(Form.code)
        )
    )


def late_and_on_time(user: User, period: ReportingPeriod) -> dict[str, Any]:
    """Received reports in the area split by whether they came in by the due date."""
    received = Submission.status.in_([SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED])
    on_time = Submission.submitted_at < clock.end_of_day(period.due_on)
    row = session.execute(
        select(
            func.count().filter(received),
            func.count().filter(and_(received, on_time)),
        )
        .select_from(Submission)
        .join(ExpectedReport, ANSWERS_EXPECTED_REPORT)
        .where(Submission.period_id == period.id, in_area(user, Submission.org_unit_id))
    ).one()
    return {"received": row[0], "on_time": row[1], "late": row[0] - row[1]}
