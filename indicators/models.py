"""The framework as stored: a loaded version is immutable; a new version is a new file."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.accounts.models import Agency
from monitor.database import Base, UTCDateTime, utcnow
from monitor.enums import enum_column_type
from monitor.orgunits.models import ReportingLevel

BARANGAY_SOURCE = "barangay"


class UnitKind(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"
    YES_NO = "yes_no"
    AMOUNT = "amount"
    SCORE = "score"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


class Entry(enum.StrEnum):
    """What is typed in: one value, or a numerator and a denominator."""

    VALUE = "value"
    RATIO = "ratio"


class Frequency(enum.StrEnum):
    QUARTERLY = "quarterly"
    SEMESTRAL = "semestral"
    ANNUAL = "annual"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Direction(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    MONITOR = "monitor"  # a rise can mean better reporting, not a worse situation

    @property
    def label(self) -> str:
        return _DIRECTION_LABELS[self]


class Aggregation(enum.StrEnum):
    """How values of the units below compile into an area's figure."""

    SUM = "sum"  # counts and amounts
    RATIO = "ratio"  # sum of numerators over sum of denominators
    YES_SHARE = "yes_share"  # "N of M units (P%)"
    MEAN = "mean"  # scores: the mean over reporting units, with how many reported

    @property
    def label(self) -> str:
        return _AGGREGATION_LABELS[self]


_UNIT_LABELS = {
    UnitKind.COUNT: "Count",
    UnitKind.PERCENT: "Percent",
    UnitKind.RATE: "Rate",
    UnitKind.YES_NO: "Yes/no",
    UnitKind.AMOUNT: "Amount",
    UnitKind.SCORE: "Score",
}

_DIRECTION_LABELS = {
    Direction.HIGHER: "Higher is better",
    Direction.LOWER: "Lower is better",
    Direction.MONITOR: "Monitored",
}

_AGGREGATION_LABELS = {
    Aggregation.SUM: "Sum of the units' values",
    Aggregation.RATIO: "Sum of numerators over sum of denominators",
    Aggregation.YES_SHARE: "Units answering yes, of the units reporting",
    Aggregation.MEAN: "Mean of the units' scores",
}


class Framework(Base):
    __tablename__ = "framework"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    checksum: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    domains: Mapped[list[Domain]] = relationship(
        back_populates="framework", order_by="Domain.position"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="framework", order_by="Indicator.position"
    )

    __table_args__ = (UniqueConstraint("code", "version"),)


class Domain(Base):
    __tablename__ = "domain"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)

    framework: Mapped[Framework] = relationship(back_populates="domains")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="domain", order_by="Indicator.position"
    )

    __table_args__ = (UniqueConstraint("framework_id", "code"),)


class Dimension(Base):
    """A disaggregation such as sex or age band, with its categories in order."""

    __tablename__ = "dimension"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(100))
    #: [{"code": "female", "label": "Female"}, ...]
    categories: Mapped[list[dict[str, str]]] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("framework_id", "code"),)


class Form(Base):
    """What one reporting source files at one level and frequency, derived from the framework."""

    __tablename__ = "form"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    code: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    #: "barangay" for the barangay form, otherwise the reporting agency's code.
    source: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    level: Mapped[ReportingLevel] = mapped_column(enum_column_type(ReportingLevel, "level"))
    frequency: Mapped[Frequency] = mapped_column(enum_column_type(Frequency, "frequency"))

    agency: Mapped[Agency | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="form", order_by="Indicator.position"
    )

    __table_args__ = (UniqueConstraint("framework_id", "code"),)


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    domain_id: Mapped[int] = mapped_column(ForeignKey("domain.id"))
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text)
    unit: Mapped[UnitKind] = mapped_column(enum_column_type(UnitKind, "unit"))
    entry: Mapped[Entry] = mapped_column(enum_column_type(Entry, "entry"))
    value_label: Mapped[str | None] = mapped_column(String(300))
    numerator_label: Mapped[str | None] = mapped_column(String(300))
    denominator_label: Mapped[str | None] = mapped_column(String(300))
    #: Rates are numerator / denominator x multiplier (per 1,000 or per 100,000).
    multiplier: Mapped[int | None] = mapped_column(Integer)
    #: Dimension codes, in the order their categories combine.
    disaggregations: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(20))
    level: Mapped[ReportingLevel] = mapped_column(enum_column_type(ReportingLevel, "level"))
    frequency: Mapped[Frequency] = mapped_column(enum_column_type(Frequency, "frequency"))
    direction: Mapped[Direction] = mapped_column(enum_column_type(Direction, "direction"))
    target: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    target_note: Mapped[str | None] = mapped_column(Text)
    sensitive: Mapped[bool] = mapped_column(Boolean)
    aggregation: Mapped[Aggregation] = mapped_column(enum_column_type(Aggregation, "aggregation"))
    minimum: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    maximum: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    references: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)

    framework: Mapped[Framework] = relationship(back_populates="indicators")
    domain: Mapped[Domain] = relationship(back_populates="indicators")
    form: Mapped[Form] = relationship(back_populates="indicators")

    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    @property
    def parts(self) -> tuple[str, ...]:
        return ("numerator", "denominator") if self.entry is Entry.RATIO else ("value",)

    @property
    def unit_label(self) -> str:
        """The unit as a reader says it: "Percent", "Rate per 1,000"."""
        if self.unit is UnitKind.RATE and self.multiplier:
            return f"Rate per {self.multiplier:,}"
        return self.unit.label

    def __repr__(self) -> str:
        return f"<Indicator {self.code}>"


class ValidationRule(Base):
    """A rule across indicators, checked on one unit's values for one period."""

    __tablename__ = "validation_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"))
    code: Mapped[str] = mapped_column(String(40))
    #: "SUR-03.numerator" and the like; see indicators.rules for the grammar.
    left: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str] = mapped_column(String(2))
    right: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("framework_id", "code"),)
