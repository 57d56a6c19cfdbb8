"""Reading a framework file: parse the TOML, check every key, and sync it into the database.

Every problem names the key where it was found, the value found there and what is allowed,
for example ``indicators[12] (SUR-03).unit: 'precent' is not one of count, percent, ...``.
Entries of a list are counted from 1. All problems are collected before anything is
stored, and a file with any problem stores nothing.
"""

from __future__ import annotations

import enum
import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from indicators import services
from indicators.definitions import (
    AgencyDefinition,
    CategoryDefinition,
    DimensionDefinition,
    DomainDefinition,
    FrameworkDefinition,
    FrameworkError,
    IndicatorDefinition,
    RuleDefinition,
    derive_forms,
    form_code,
)
from indicators.models import (
    BARANGAY_SOURCE,
    Aggregation,
    Direction,
    Entry,
    Frequency,
    UnitKind,
)
from indicators.rules import COMPARISONS, Term, TermError, parse_term
from monitor.orgunits.models import ReportingLevel

#: The framework shipped with the system and loaded by default.
DEFAULT_FRAMEWORK = Path(__file__).resolve().parent / "frameworks" / "ph-cwc-2026.1.toml"

#: Data values keep a disaggregation key in a column of this width.
DISAGGREGATION_KEY_LENGTH = 200

ENTRY_FOR_UNIT = {
    UnitKind.COUNT: Entry.VALUE,
    UnitKind.PERCENT: Entry.RATIO,
    UnitKind.RATE: Entry.RATIO,
    UnitKind.YES_NO: Entry.VALUE,
    UnitKind.AMOUNT: Entry.VALUE,
    UnitKind.SCORE: Entry.VALUE,
}

AGGREGATION_FOR_UNIT = {
    UnitKind.COUNT: Aggregation.SUM,
    UnitKind.PERCENT: Aggregation.RATIO,
    UnitKind.RATE: Aggregation.RATIO,
    UnitKind.YES_NO: Aggregation.YES_SHARE,
    UnitKind.AMOUNT: Aggregation.SUM,
    UnitKind.SCORE: Aggregation.MEAN,
}

PERCENT_MULTIPLIER = 100

TOP_LEVEL_KEYS = ("framework", "domains", "dimensions", "indicators")
TOP_LEVEL_OPTIONAL = ("references", "agencies", "rules")

INDICATOR_KEYS = (
    "code",
    "domain",
    "title",
    "definition",
    "unit",
    "entry",
    "disaggregations",
    "reported_by",
    "frequency",
    "direction",
    "sensitive",
    "aggregation",
)
INDICATOR_OPTIONAL = (
    "value_label",
    "numerator_label",
    "denominator_label",
    "multiplier",
    "target",
    "target_note",
    "minimum",
    "maximum",
    "references",
)


@dataclass(frozen=True)
class CodeFormat:
    """What a code may look like, said in words for the message when it does not."""

    pattern: re.Pattern[str]
    max_length: int
    hint: str


FRAMEWORK_CODE = CodeFormat(
    re.compile(r"^[a-z0-9][a-z0-9-]*$"),
    40,
    'use lower-case letters, digits and dashes, such as "ph-cwc"',
)
VERSION = CodeFormat(
    re.compile(r"^[0-9A-Za-z][0-9A-Za-z.-]*$"),
    20,
    'use letters, digits, dots and dashes, such as "2026.1"',
)
REFERENCE_CODE = CodeFormat(
    re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$"),
    40,
    'use letters, digits, dots and dashes, such as "CF19"',
)
AGENCY_CODE = CodeFormat(
    re.compile(r"^[A-Za-z][A-Za-z0-9-]*$"),
    20,
    'use letters, digits and dashes, starting with a letter, such as "DOH"',
)
DOMAIN_CODE = CodeFormat(
    re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$"),
    20,
    'use letters, digits, dots and dashes, such as "SUR"',
)
DIMENSION_CODE = CodeFormat(
    re.compile(r"^[a-z][a-z0-9_]*$"),
    40,
    'use lower-case letters, digits and underscores, such as "age_band"',
)
CATEGORY_CODE = CodeFormat(
    re.compile(r"^[a-z0-9][a-z0-9_-]*$"),
    40,
    'use lower-case letters, digits, dashes and underscores, such as "10-14"',
)
INDICATOR_CODE = CodeFormat(
    re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$"),
    20,
    'use letters, digits, dots and dashes, such as "SUR-01"',
)
RULE_CODE = CodeFormat(
    re.compile(r"^[a-z0-9][a-z0-9-]*$"),
    40,
    'use lower-case letters, digits and dashes, such as "managed-within-reported"',
)

E = TypeVar("E", bound=enum.Enum)


def read_framework(path: str | Path) -> FrameworkDefinition:
    """Read and check a framework file; raise FrameworkError listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FrameworkError([f"the file cannot be read: {error.strerror}"], str(path)) from None
    return parse_framework(raw, path.name)


def parse_framework(raw: bytes, source_name: str) -> FrameworkDefinition:
    """Check the bytes of a framework file; ``source_name`` names it in messages."""
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        data = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise FrameworkError(["the file is not UTF-8 text"], source_name) from None
    except tomllib.TOMLDecodeError as error:
        raise FrameworkError([f"not valid TOML: {error}"], source_name) from None

    reader = _FrameworkReader()
    definition = reader.read(data, checksum, source_name)
    if reader.problems or definition is None:
        raise FrameworkError(reader.problems, source_name)
    return definition


def sync_framework(path: str | Path = DEFAULT_FRAMEWORK) -> services.SyncResult:
    """Check the file and store it, unless this version is already stored unchanged."""
    return services.store_framework(read_framework(path))


def _kind(value: object) -> str:
    """How TOML would call a value, for messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | Decimal | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _show(value: object) -> str:
    """A value as it was written in the file: 'text' quoted, numbers bare."""
    if isinstance(value, Decimal):
        return str(value)
    return repr(value)


def _one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


def _item_path(section: str, position: int, table: dict[str, Any]) -> str:
    code = table.get("code")
    label = f" ({code})" if isinstance(code, str) and code.strip() else ""
    return f"{section}[{position}]{label}"


class _Reader:
    """Collects problems while reading values; getters return None for what is unusable."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def keys(
        self, path: str, table: dict[str, Any], required: Iterable[str], optional: Iterable[str]
    ) -> None:
        required = tuple(required)
        allowed = (*required, *optional)
        prefix = f"{path}." if path else ""
        for key in table:
            if key not in allowed:
                self.problem(
                    f"{prefix}{key}", f"unknown key; allowed keys are {_one_of(sorted(allowed))}"
                )
        for key in required:
            if key not in table:
                self.problem(f"{prefix}{key}", "is missing; it is required")

    def list_of_tables(self, path: str, value: object) -> list[tuple[str, dict[str, Any]]]:
        """The tables of an array such as [[indicators]], each with its path."""
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(
                path, f"is {_kind(value)}, not a list of tables; write each entry as [[{path}]]"
            )
            return []
        return [(_item_path(path, position, item), item) for position, item in enumerate(value, 1)]

    def text(
        self,
        path: str,
        table: dict[str, Any],
        key: str,
        *,
        max_length: int,
        code_format: CodeFormat | None = None,
    ) -> str | None:
        if key not in table:
            return None
        value = table[key]
        where = f"{path}.{key}"
        if not isinstance(value, str):
            self.problem(where, f"{_show(value)} is {_kind(value)}, not text; write it in quotes")
            return None
        text = value.strip()
        if not text:
            self.problem(where, "is empty; give a value")
            return None
        if len(text) > max_length:
            self.problem(where, f"is {len(text)} characters long; at most {max_length} fit")
            return None
        if code_format is not None and not code_format.pattern.match(text):
            self.problem(where, f"{_show(value)} is not allowed; {code_format.hint}")
            return None
        return text

    def code(
        self, path: str, table: dict[str, Any], key: str, code_format: CodeFormat
    ) -> str | None:
        return self.text(
            path, table, key, max_length=code_format.max_length, code_format=code_format
        )

    def choice(self, path: str, table: dict[str, Any], key: str, options: type[E]) -> E | None:
        if key not in table:
            return None
        value = table[key]
        allowed = [str(member.value) for member in options]
        if not isinstance(value, str) or value not in allowed:
            self.problem(f"{path}.{key}", f"{_show(value)} is not one of {_one_of(allowed)}")
            return None
        return options(value)

    def flag(self, path: str, table: dict[str, Any], key: str) -> bool | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, bool):
            self.problem(f"{path}.{key}", f"{_show(value)} is not true or false (without quotes)")
            return None
        return value

    def number(self, path: str, table: dict[str, Any], key: str) -> Decimal | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.problem(f"{path}.{key}", f"{_show(value)} is {_kind(value)}, not a number")
            return None
        number = Decimal(value)
        if not number.is_finite():
            self.problem(f"{path}.{key}", f"{_show(value)} is not a finite number")
            return None
        return number

    def text_list(self, path: str, table: dict[str, Any], key: str) -> list[tuple[str, str]]:
        """The list's texts, each with its path; wrong entries are reported and skipped."""
        if key not in table:
            return []
        value = table[key]
        where = f"{path}.{key}"
        if not isinstance(value, list):
            self.problem(where, f'{_show(value)} is {_kind(value)}, not a list such as ["a", "b"]')
            return []
        items = []
        for position, item in enumerate(value, 1):
            if isinstance(item, str) and item.strip():
                items.append((f"{where}[{position}]", item.strip()))
            else:
                self.problem(f"{where}[{position}]", f"{_show(item)} is not a non-empty text")
        return items

    def unique(self, path: str, code: str | None, seen: dict[str, str], what: str) -> bool:
        """Record ``code`` as used at ``path``; report and refuse a second use."""
        if code is None:
            return False
        if code in seen:
            self.problem(f"{path}.code", f"{what} {code!r} is used twice; {seen[code]} has it too")
            return False
        seen[code] = path
        return True


class _FrameworkReader(_Reader):
    def read(
        self, data: dict[str, Any], checksum: str, source_name: str
    ) -> FrameworkDefinition | None:
        self.keys("", data, TOP_LEVEL_KEYS, TOP_LEVEL_OPTIONAL)
        header = self.header(data.get("framework"))
        references = self.references(data.get("references"))
        agencies = self.agencies(data.get("agencies"))
        domains = self.domains(data.get("domains"))
        dimensions = self.dimensions(data.get("dimensions"))

        indicator_reader = _IndicatorReader(self, references, agencies, domains, dimensions)
        indicators = indicator_reader.read_all(data.get("indicators"))
        rules = self.rules(data.get("rules"), indicators, indicator_reader.declared_codes)

        if header is None:
            return None
        code, version, title = header
        return FrameworkDefinition(
            code=code,
            version=version,
            title=title,
            checksum=checksum,
            source_name=source_name,
            references=references,
            agencies=tuple(agencies.values()),
            domains=tuple(domains.values()),
            dimensions=tuple(dimensions.values()),
            indicators=tuple(indicators.values()),
            rules=tuple(rules),
            forms=derive_forms(tuple(indicators.values()), tuple(agencies.values())),
        )

    def header(self, table: object) -> tuple[str, str, str] | None:
        if table is None:
            return None
        if not isinstance(table, dict):
            self.problem("framework", f"is {_kind(table)}, not a table; write it as [framework]")
            return None
        self.keys("framework", table, ("code", "version", "title"), ())
        code = self.code("framework", table, "code", FRAMEWORK_CODE)
        version = self.code("framework", table, "version", VERSION)
        title = self.text("framework", table, "title", max_length=200)
        if code is None or version is None or title is None:
            return None
        return code, version, title

    def references(self, value: object) -> dict[str, str]:
        references: dict[str, str] = {}
        seen: dict[str, str] = {}
        for path, table in self.list_of_tables("references", value):
            self.keys(path, table, ("code", "citation"), ("url",))
            code = self.code(path, table, "code", REFERENCE_CODE)
            citation = self.text(path, table, "citation", max_length=500)
            url = self.text(path, table, "url", max_length=500)
            if self.unique(path, code, seen, "reference") and code and citation:
                references[code] = f"{code}: {citation}" + (f" ({url})" if url else "")
        return references

    def agencies(self, value: object) -> dict[str, AgencyDefinition]:
        agencies: dict[str, AgencyDefinition] = {}
        seen: dict[str, str] = {}
        for path, table in self.list_of_tables("agencies", value):
            self.keys(path, table, ("code", "name"), ())
            code = self.code(path, table, "code", AGENCY_CODE)
            name = self.text(path, table, "name", max_length=200)
            if code is not None and code.lower() == BARANGAY_SOURCE:
                self.problem(
                    f"{path}.code",
                    f"{code!r} is reserved for the barangay form; choose another agency code",
                )
                continue
            if self.unique(path, code, seen, "agency") and code and name:
                agencies[code] = AgencyDefinition(code, name)
        return agencies

    def domains(self, value: object) -> dict[str, DomainDefinition]:
        domains: dict[str, DomainDefinition] = {}
        seen: dict[str, str] = {}
        for path, table in self.list_of_tables("domains", value):
            self.keys(path, table, ("code", "title"), ())
            code = self.code(path, table, "code", DOMAIN_CODE)
            title = self.text(path, table, "title", max_length=100)
            if self.unique(path, code, seen, "domain") and code and title:
                domains[code] = DomainDefinition(code, title)
        return domains

    def dimensions(self, value: object) -> dict[str, DimensionDefinition]:
        dimensions: dict[str, DimensionDefinition] = {}
        seen: dict[str, str] = {}
        for path, table in self.list_of_tables("dimensions", value):
            self.keys(path, table, ("code", "title", "categories"), ())
            code = self.code(path, table, "code", DIMENSION_CODE)
            title = self.text(path, table, "title", max_length=100)
            categories = self.categories(f"{path}.categories", table.get("categories"))
            if self.unique(path, code, seen, "dimension") and code and title and categories:
                dimensions[code] = DimensionDefinition(code, title, categories)
        return dimensions

    def categories(self, path: str, value: object) -> tuple[CategoryDefinition, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self.problem(
                path,
                f"{_show(value)} is not a list of categories; write "
                '[{ code = "female", label = "Female" }, ...]',
            )
            return ()
        categories = []
        seen: dict[str, str] = {}
        valid = True
        for position, item in enumerate(value, 1):
            where = f"{path}[{position}]"
            if not isinstance(item, dict):
                self.problem(where, f"{_show(item)} is not a table with code and label")
                valid = False
                continue
            self.keys(where, item, ("code", "label"), ())
            code = self.code(where, item, "code", CATEGORY_CODE)
            label = self.text(where, item, "label", max_length=100)
            if self.unique(where, code, seen, "category") and code and label:
                categories.append(CategoryDefinition(code, label))
            else:
                valid = False
        return tuple(categories) if valid else ()

    def rules(
        self,
        value: object,
        indicators: dict[str, IndicatorDefinition],
        declared_codes: set[str],
    ) -> list[RuleDefinition]:
        rules = []
        seen: dict[str, str] = {}
        for path, table in self.list_of_tables("rules", value):
            self.keys(path, table, ("code", "left", "operator", "right", "message"), ())
            code = self.code(path, table, "code", RULE_CODE)
            operator = self.text(path, table, "operator", max_length=2)
            if operator is not None and operator not in COMPARISONS:
                self.problem(
                    f"{path}.operator", f"{operator!r} is not one of {_one_of(COMPARISONS)}"
                )
                operator = None
            message = self.text(path, table, "message", max_length=1000)
            left = self.term(path, table, "left", indicators, declared_codes)
            right = self.term(path, table, "right", indicators, declared_codes)
            if left is not None and right is not None:
                self.same_form(path, left, right, indicators)
            if (
                self.unique(path, code, seen, "rule")
                and code
                and operator
                and message
                and left
                and right
            ):
                rules.append(RuleDefinition(code, str(left), operator, str(right), message))
        return rules

    def term(
        self,
        path: str,
        table: dict[str, Any],
        key: str,
        indicators: dict[str, IndicatorDefinition],
        declared_codes: set[str],
    ) -> Term | None:
        text = self.text(path, table, key, max_length=200)
        if text is None:
            return None
        where = f"{path}.{key}"
        try:
            term = parse_term(text)
        except TermError as error:
            self.problem(where, str(error))
            return None
        indicator = indicators.get(term.indicator_code)
        if indicator is None:
            if term.indicator_code not in declared_codes:
                self.problem(
                    where, f"{term.indicator_code!r} in {text!r} names no indicator of this file"
                )
            # An indicator with problems of its own has been reported already.
            return None
        if term.part not in indicator.parts:
            self.problem(
                where,
                f"{indicator.code} is entered as {_one_of(indicator.parts)}; "
                f"{term.part!r} is not one of its parts",
            )
            return None
        if not self.term_disaggregation(where, term, indicator):
            return None
        return term

    def term_disaggregation(self, where: str, term: Term, indicator: IndicatorDefinition) -> bool:
        dimensions = [dimension for dimension, _ in term.pairs()]
        if not dimensions:
            return True
        order = indicator.disaggregations
        unknown = [dimension for dimension in dimensions if dimension not in order]
        if unknown:
            self.problem(
                where,
                f"{indicator.code} is not broken down by {_one_of(unknown)}; "
                f"its dimensions are {_one_of(order) or 'none'}",
            )
            return False
        positions = [order.index(dimension) for dimension in dimensions]
        if positions != sorted(set(positions)):
            self.problem(
                where,
                f"write each dimension once, in {indicator.code}'s order: {_one_of(order)}",
            )
            return False
        return True

    def same_form(
        self,
        path: str,
        left: Term,
        right: Term,
        indicators: dict[str, IndicatorDefinition],
    ) -> None:
        left_key = indicators[left.indicator_code].form_key
        right_key = indicators[right.indicator_code].form_key
        if left_key != right_key:
            self.problem(
                path,
                f"{left} is filed on form {form_code(*left_key)} and {right} on form "
                f"{form_code(*right_key)}; a rule compares values filed on one form",
            )


class _IndicatorReader:
    """Reads [[indicators]] against the references, agencies, domains and dimensions."""

    def __init__(
        self,
        reader: _FrameworkReader,
        references: dict[str, str],
        agencies: dict[str, AgencyDefinition],
        domains: dict[str, DomainDefinition],
        dimensions: dict[str, DimensionDefinition],
    ) -> None:
        self.reader = reader
        self.references = references
        self.agencies = agencies
        self.domains = domains
        self.dimensions = dimensions
        self.declared_codes: set[str] = set()

    def read_all(self, value: object) -> dict[str, IndicatorDefinition]:
        indicators: dict[str, IndicatorDefinition] = {}
        seen: dict[str, str] = {}
        if value == []:
            self.reader.problem("indicators", "is empty; a framework needs at least one indicator")
        tables = self.reader.list_of_tables("indicators", value)
        for path, table in tables:
            indicator = self.read(path, table)
            code = table.get("code")
            if isinstance(code, str):
                self.declared_codes.add(code.strip())
            unique = self.reader.unique(path, indicator.code if indicator else None, seen, "code")
            if indicator is not None and unique:
                indicators[indicator.code] = indicator
        return indicators

    def read(self, path: str, table: dict[str, Any]) -> IndicatorDefinition | None:
        reader = self.reader
        errors_before = len(reader.problems)
        reader.keys(path, table, INDICATOR_KEYS, INDICATOR_OPTIONAL)

        code = reader.code(path, table, "code", INDICATOR_CODE)
        domain = self.domain(path, table)
        title = reader.text(path, table, "title", max_length=300)
        definition = reader.text(path, table, "definition", max_length=5000)
        unit = reader.choice(path, table, "unit", UnitKind)
        entry = reader.choice(path, table, "entry", Entry)
        labels = self.labels(path, table, entry)
        multiplier = self.multiplier(path, table, unit)
        disaggregations = self.disaggregations(path, table)
        source, level = self.reported_by(path, table)
        frequency = reader.choice(path, table, "frequency", Frequency)
        direction = reader.choice(path, table, "direction", Direction)
        sensitive = reader.flag(path, table, "sensitive")
        aggregation = reader.choice(path, table, "aggregation", Aggregation)
        minimum, maximum = self.bounds(path, table, unit)
        target = reader.number(path, table, "target")
        target_note = reader.text(path, table, "target_note", max_length=2000)
        references = self.reference_codes(path, table)

        if unit is not None:
            self.unit_fits(path, unit, entry, aggregation)
            self.target_fits(path, unit, entry, target, minimum, maximum)

        if len(reader.problems) > errors_before:
            return None
        assert code and domain and title and definition and unit and entry
        assert source and level and frequency and direction and aggregation
        assert sensitive is not None
        return IndicatorDefinition(
            code=code,
            domain=domain,
            title=title,
            definition=definition,
            unit=unit,
            entry=entry,
            value_label=labels[0],
            numerator_label=labels[1],
            denominator_label=labels[2],
            multiplier=PERCENT_MULTIPLIER if unit is UnitKind.PERCENT else multiplier,
            disaggregations=disaggregations,
            source=source,
            level=level,
            frequency=frequency,
            direction=direction,
            target=target,
            target_note=target_note,
            sensitive=sensitive,
            aggregation=aggregation,
            minimum=minimum,
            maximum=maximum,
            references=references,
        )

    def domain(self, path: str, table: dict[str, Any]) -> str | None:
        code = self.reader.text(path, table, "domain", max_length=20)
        if code is not None and code not in self.domains:
            declared = _one_of(self.domains) or "none"
            self.reader.problem(
                f"{path}.domain", f"{code!r} is not a declared domain; declared: {declared}"
            )
            return None
        return code

    def labels(
        self, path: str, table: dict[str, Any], entry: Entry | None
    ) -> tuple[str | None, str | None, str | None]:
        reader = self.reader
        value_label = reader.text(path, table, "value_label", max_length=300)
        numerator_label = reader.text(path, table, "numerator_label", max_length=300)
        denominator_label = reader.text(path, table, "denominator_label", max_length=300)
        needed: tuple[str, ...]
        unwanted: tuple[str, ...]
        if entry is Entry.VALUE:
            needed, unwanted = ("value_label",), ("numerator_label", "denominator_label")
            why = "a value entry is one number"
        elif entry is Entry.RATIO:
            needed, unwanted = ("numerator_label", "denominator_label"), ("value_label",)
            why = "a ratio entry is a numerator and a denominator"
        else:
            return value_label, numerator_label, denominator_label
        for key in needed:
            if key not in table:
                reader.problem(f"{path}.{key}", f"is missing; {why}, so say what is counted")
        for key in unwanted:
            if key in table:
                reader.problem(f"{path}.{key}", f"does not apply; {why}")
        return value_label, numerator_label, denominator_label

    def multiplier(self, path: str, table: dict[str, Any], unit: UnitKind | None) -> int | None:
        reader = self.reader
        where = f"{path}.multiplier"
        value = table.get("multiplier")
        if unit is UnitKind.RATE and value is None:
            reader.problem(where, "is missing; a rate needs one, such as 1000 or 100000")
            return None
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            reader.problem(where, f"{_show(value)} is not a whole number such as 1000 or 100000")
            return None
        if unit is UnitKind.PERCENT:
            if value != PERCENT_MULTIPLIER:
                reader.problem(
                    where, f"{_show(value)} does not fit a percent, which always uses 100"
                )
            return None
        if unit is not None and unit is not UnitKind.RATE:
            reader.problem(where, f"does not apply to unit {unit.value!r}; only rates have one")
            return None
        if value < 10 or str(value).rstrip("0") != "1":
            reader.problem(where, f"{_show(value)} is not a power of ten such as 1000 or 100000")
            return None
        return value

    def disaggregations(self, path: str, table: dict[str, Any]) -> tuple[str, ...]:
        reader = self.reader
        codes: list[str] = []
        for where, code in reader.text_list(path, table, "disaggregations"):
            if code not in self.dimensions:
                declared = _one_of(self.dimensions) or "none"
                reader.problem(where, f"{code!r} is not a declared dimension; declared: {declared}")
            elif code in codes:
                reader.problem(where, f"{code!r} is listed twice")
            else:
                codes.append(code)
        longest = ";".join(
            f"{code}={max(self.dimensions[code].category_codes(), key=len)}" for code in codes
        )
        if len(longest) > DISAGGREGATION_KEY_LENGTH:
            reader.problem(
                f"{path}.disaggregations",
                f"the longest combination key is {len(longest)} characters; data values hold "
                f"at most {DISAGGREGATION_KEY_LENGTH}. Use fewer or shorter codes",
            )
        return tuple(codes)

    def reported_by(
        self, path: str, table: dict[str, Any]
    ) -> tuple[str | None, ReportingLevel | None]:
        reader = self.reader
        where = f"{path}.reported_by"
        value = table.get("reported_by")
        if value is None:
            return None, None
        if not isinstance(value, dict):
            reader.problem(
                where,
                f"{_show(value)} is not a table; write "
                '{ source = "barangay", level = "barangay" }',
            )
            return None, None
        reader.keys(where, value, ("source", "level"), ())
        source = reader.text(where, value, "source", max_length=20)
        level = reader.choice(where, value, "level", ReportingLevel)
        if source is not None and source != BARANGAY_SOURCE and source not in self.agencies:
            reader.problem(
                f"{where}.source",
                f"{source!r} is neither 'barangay' nor a declared agency "
                f"({_one_of(self.agencies) or 'none declared'})",
            )
            source = None
        if source == BARANGAY_SOURCE and level is not None and level is not ReportingLevel.BARANGAY:
            reader.problem(
                f"{where}.level",
                f"{level.value!r} does not fit source 'barangay'; the barangay form reports at "
                "level 'barangay'. Name the agency that reports at other levels",
            )
            level = None
        return source, level

    def bounds(
        self, path: str, table: dict[str, Any], unit: UnitKind | None
    ) -> tuple[Decimal | None, Decimal | None]:
        reader = self.reader
        minimum = reader.number(path, table, "minimum")
        maximum = reader.number(path, table, "maximum")
        if unit is UnitKind.YES_NO:
            for key, bound, expected in (("minimum", minimum, 0), ("maximum", maximum, 1)):
                if bound is not None and bound != expected:
                    reader.problem(
                        f"{path}.{key}",
                        f"{bound} does not fit a yes/no, which is entered as 0 (no) or 1 (yes)",
                    )
            return Decimal(0), Decimal(1)
        if unit is UnitKind.SCORE:
            for key in ("minimum", "maximum"):
                if key not in table:
                    reader.problem(
                        f"{path}.{key}", "is missing; a score needs its range, such as 0 to 100"
                    )
        if minimum is None and "minimum" not in table:
            minimum = Decimal(0)
        if minimum is not None and maximum is not None and minimum > maximum:
            reader.problem(
                f"{path}.maximum", f"{maximum} is below the minimum {minimum}; swap them"
            )
        return minimum, maximum

    def reference_codes(self, path: str, table: dict[str, Any]) -> tuple[str, ...]:
        citations = []
        for where, code in self.reader.text_list(path, table, "references"):
            if code in self.references:
                citations.append(self.references[code])
            else:
                declared = _one_of(self.references) or "none"
                self.reader.problem(
                    where, f"{code!r} is not a declared reference; declared: {declared}"
                )
        return tuple(citations)

    def unit_fits(
        self, path: str, unit: UnitKind, entry: Entry | None, aggregation: Aggregation | None
    ) -> None:
        expected_entry = ENTRY_FOR_UNIT[unit]
        if entry is not None and entry is not expected_entry:
            parts = "numerator and denominator" if expected_entry is Entry.RATIO else "one number"
            self.reader.problem(
                f"{path}.entry",
                f"{entry.value!r} does not fit unit {unit.value!r}; a {unit.value} is entered as "
                f"{expected_entry.value!r} ({parts})",
            )
        expected_aggregation = AGGREGATION_FOR_UNIT[unit]
        if aggregation is not None and aggregation is not expected_aggregation:
            self.reader.problem(
                f"{path}.aggregation",
                f"{aggregation.value!r} does not fit unit {unit.value!r}; a {unit.value} "
                f"compiles by {expected_aggregation.value!r}",
            )

    def target_fits(
        self,
        path: str,
        unit: UnitKind,
        entry: Entry | None,
        target: Decimal | None,
        minimum: Decimal | None,
        maximum: Decimal | None,
    ) -> None:
        if target is None or entry is not Entry.VALUE:
            return
        if unit is UnitKind.YES_NO and target not in (0, 1):
            self.reader.problem(f"{path}.target", f"{target} is not 1 (yes) or 0 (no)")
        elif (minimum is not None and target < minimum) or (
            maximum is not None and target > maximum
        ):
            self.reader.problem(
                f"{path}.target", f"{target} lies outside the range {minimum} to {maximum}"
            )
