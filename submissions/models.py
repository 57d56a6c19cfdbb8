"""Reporting periods, submissions, uploads and the data values they carry."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from indicators.models import Form, Indicator
from monitor.accounts.models import Agency, User
from monitor.database import Base, BigId, UTCDateTime, utcnow
from monitor.enums import enum_column_type
from monitor.orgunits.models import OrgUnit


class PeriodKind(enum.StrEnum):
    QUARTER = "quarter"
    SEMESTER = "semester"
    YEAR = "year"


class ReportingPeriod(Base):
    """A period such as 2026-Q3: when it covers, when it opens, falls due and closes."""

    __tablename__ = "reporting_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[PeriodKind] = mapped_column(enum_column_type(PeriodKind, "kind"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    opens_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="covers_forward"),
        CheckConstraint("opens_on <= due_on AND due_on <= closes_on", name="dates_in_order"),
    )

    def __repr__(self) -> str:
        return f"<ReportingPeriod {self.code}>"


class ExpectedReport(Base):
    """A report a unit had to file for a period, fixed when the period opens.

    Completeness counts against these rows, so a unit created later does not change a
    period's denominator and a rate can never exceed 100%.
    """

    __tablename__ = "expected_report"

    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id"), primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)

    __table_args__ = (Index("ix_expected_report_org_unit", "org_unit_id", "period_id"),)


class SubmissionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Submission(Base):
    """One unit's report for one form and one period. No row means not started."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    status: Mapped[SubmissionStatus] = mapped_column(
        enum_column_type(SubmissionStatus, "status"), default=SubmissionStatus.DRAFT
    )
    #: Bumped on every change; a save based on an older version is refused, not merged.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    return_reason: Mapped[str | None] = mapped_column(Text)

    form: Mapped[Form] = relationship()
    period: Mapped[ReportingPeriod] = relationship()
    org_unit: Mapped[OrgUnit] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's protocol
    __table_args__ = (
        UniqueConstraint("form_id", "period_id", "org_unit_id"),
        Index("ix_submission_period_status", "period_id", "status"),
        CheckConstraint(
            "status <> 'returned' OR return_reason IS NOT NULL", name="returned_has_reason"
        ),
    )


class UploadStatus(enum.StrEnum):
    PARSED = "parsed"  # checked, waiting for the uploader to confirm
    REJECTED = "rejected"  # had problems; nothing was saved
    COMMITTED = "committed"  # its values are saved, all of them
    DISCARDED = "discarded"  # the uploader chose not to commit it


class Upload(Base):
    """One spreadsheet file from agency staff, its parse result and whether it was committed."""

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    filename: Mapped[str] = mapped_column(String(255))
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    status: Mapped[UploadStatus] = mapped_column(enum_column_type(UploadStatus, "status"))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    #: Every problem found, by sheet and cell: [{"sheet", "cell", "message"}, ...].
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agency: Mapped[Agency] = relationship()
    period: Mapped[ReportingPeriod] = relationship()
    area: Mapped[OrgUnit] = relationship()


class ValuePart(enum.StrEnum):
    VALUE = "value"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"


class ValueSource(enum.StrEnum):
    FORM = "form"
    UPLOAD = "upload"


#: The disaggregation key of a value that is not broken down.
TOTAL = ""


class DataValue(Base):
    """One number for (org unit, period, indicator, part, disaggregation).

    A value that could not be reported is stored as not available with a reason, never as
    zero. The disaggregation key is "" for the total, otherwise ``dimension=category``
    pairs joined by ``;`` in the order the indicator lists its dimensions. A broken-down
    indicator stores every cell and its total, the sum of the cells, so that a roll-up of
    totals and a rule on a total each read one row per unit.
    """

    __tablename__ = "data_value"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    part: Mapped[ValuePart] = mapped_column(enum_column_type(ValuePart, "part"))
    disaggregation: Mapped[str] = mapped_column(String(200), default=TOTAL)
    value: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    not_available_reason: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[ValueSource] = mapped_column(enum_column_type(ValueSource, "source"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"), index=True)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"), index=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[Indicator] = relationship()

    __table_args__ = (
        UniqueConstraint("org_unit_id", "period_id", "indicator_id", "part", "disaggregation"),
        # Roll-ups read (period, indicator, part, disaggregation) for a set of units and sum
        # the value; with the value in the index the table itself is never touched.
        Index(
            "ix_data_value_rollup",
            "period_id",
            "indicator_id",
            "part",
            "disaggregation",
            "org_unit_id",
            "value",
        ),
        CheckConstraint(
            "(value IS NULL) <> (not_available_reason IS NULL)", name="value_or_reason"
        ),
        CheckConstraint(
            "(source = 'form' AND submission_id IS NOT NULL AND upload_id IS NULL)"
            " OR (source = 'upload' AND upload_id IS NOT NULL)",
            name="source_recorded",
        ),
    )
