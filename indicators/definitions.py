"""A framework file as read and checked, before it is stored: plain values, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import (
    BARANGAY_SOURCE,
    Aggregation,
    Direction,
    Entry,
    Frequency,
    UnitKind,
)
from monitor.orgunits.models import ReportingLevel

#: How a level reads in a form's title.
LEVEL_ADJECTIVES = {
    ReportingLevel.BARANGAY: "barangay-level",
    ReportingLevel.CITY_MUNICIPALITY: "city/municipal",
    ReportingLevel.PROVINCE: "provincial",
    ReportingLevel.REGION: "regional",
    ReportingLevel.NATIONAL: "national",
}


class FrameworkError(Exception):
    """A framework that cannot be loaded; ``problems`` lists every reason, each on its own."""

    def __init__(self, problems: list[str], source_name: str = "") -> None:
        self.problems = problems
        self.source_name = source_name
        super().__init__(self.summary())

    def summary(self) -> str:
        where = f"{self.source_name}: " if self.source_name else ""
        count = len(self.problems)
        heading = f"{where}{count} problem{'s' if count != 1 else ''}"
        return "\n".join([heading, *(f"- {problem}" for problem in self.problems)])


@dataclass(frozen=True)
class AgencyDefinition:
    code: str
    name: str


@dataclass(frozen=True)
class DomainDefinition:
    code: str
    title: str


@dataclass(frozen=True)
class CategoryDefinition:
    code: str
    label: str


@dataclass(frozen=True)
class DimensionDefinition:
    code: str
    title: str
    categories: tuple[CategoryDefinition, ...]

    def category_codes(self) -> tuple[str, ...]:
        return tuple(category.code for category in self.categories)


FormKey = tuple[str, ReportingLevel, Frequency]


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    domain: str
    title: str
    definition: str
    unit: UnitKind
    entry: Entry
    value_label: str | None
    numerator_label: str | None
    denominator_label: str | None
    multiplier: int | None
    disaggregations: tuple[str, ...]
    source: str
    level: ReportingLevel
    frequency: Frequency
    direction: Direction
    target: Decimal | None
    target_note: str | None
    sensitive: bool
    aggregation: Aggregation
    minimum: Decimal | None
    maximum: Decimal | None
    references: tuple[str, ...]

    @property
    def parts(self) -> tuple[str, ...]:
        return ("numerator", "denominator") if self.entry is Entry.RATIO else ("value",)

    @property
    def form_key(self) -> FormKey:
        return (self.source, self.level, self.frequency)


@dataclass(frozen=True)
class RuleDefinition:
    code: str
    left: str
    operator: str
    right: str
    message: str


@dataclass(frozen=True)
class FormDefinition:
    """What one source files at one level and frequency: derived, never written by hand."""

    code: str
    title: str
    source: str
    level: ReportingLevel
    frequency: Frequency
    indicators: tuple[str, ...]

    @property
    def key(self) -> FormKey:
        return (self.source, self.level, self.frequency)


@dataclass(frozen=True)
class FrameworkDefinition:
    code: str
    version: str
    title: str
    checksum: str
    source_name: str
    #: Reference code -> the citation indicators show for it.
    references: dict[str, str] = field(default_factory=dict)
    agencies: tuple[AgencyDefinition, ...] = ()
    domains: tuple[DomainDefinition, ...] = ()
    dimensions: tuple[DimensionDefinition, ...] = ()
    indicators: tuple[IndicatorDefinition, ...] = ()
    rules: tuple[RuleDefinition, ...] = ()
    forms: tuple[FormDefinition, ...] = ()


def form_code(source: str, level: ReportingLevel, frequency: Frequency) -> str:
    """A form's readable code: ``barangay-quarterly``, ``doh-city_municipality-annual``."""
    if source == BARANGAY_SOURCE:
        return f"{BARANGAY_SOURCE}-{frequency.value}"
    return f"{source.lower()}-{level.value}-{frequency.value}"


def form_title(source: str, level: ReportingLevel, frequency: Frequency) -> str:
    """A form's title: "Barangay quarterly report", "DOH city/municipal annual return"."""
    if source == BARANGAY_SOURCE:
        return f"Barangay {frequency.value} report"
    return f"{source} {LEVEL_ADJECTIVES[level]} {frequency.value} return"


def derive_forms(
    indicators: tuple[IndicatorDefinition, ...], agencies: tuple[AgencyDefinition, ...]
) -> tuple[FormDefinition, ...]:
    """One form per (source, level, frequency): the barangay's first, then by agency."""
    members: dict[FormKey, list[str]] = {}
    for indicator in indicators:
        members.setdefault(indicator.form_key, []).append(indicator.code)

    agency_order = {agency.code: position for position, agency in enumerate(agencies)}
    levels = list(ReportingLevel)
    frequencies = list(Frequency)

    def order(key: FormKey) -> tuple[int, int, int, int]:
        source, level, frequency = key
        return (
            0 if source == BARANGAY_SOURCE else 1,
            agency_order.get(source, len(agency_order)),
            levels.index(level),
            frequencies.index(frequency),
        )

    return tuple(
        FormDefinition(
            code=form_code(*key),
            title=form_title(*key),
            source=key[0],
            level=key[1],
            frequency=key[2],
            indicators=tuple(members[key]),
        )
        for key in sorted(members, key=order)
    )
