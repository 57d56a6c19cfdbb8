"""Plausible values for the demo: one unit's numbers for one form, within the framework's rules.

Numbers follow from a unit's population and a seeded random generator, so the same seed
always gives the same data. Broken-down indicators get a total, the sum of their cells,
and generated numbers are moved, as a careful encoder would move them, until every rule of
the form holds.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from decimal import Decimal

from indicators import services as framework_services
from indicators.models import (
    Dimension,
    Direction,
    Entry,
    Form,
    Framework,
    Indicator,
    UnitKind,
    ValidationRule,
)
from indicators.rules import Term, Values, evaluate, rule_terms
from submissions.models import TOTAL, ValuePart


def unit_population(seed: int, code: str) -> int:
    """A barangay-sized population that stays the same across runs and periods."""
    rng = random.Random(f"{seed}:population:{code}")
    return max(300, min(60_000, int(rng.lognormvariate(8.2, 0.7))))


def cells(indicator: Indicator, dimensions: dict[str, Dimension]) -> list[str]:
    """Every disaggregation key of an indicator; the total ("") when it has none."""
    if not indicator.disaggregations:
        return [""]
    axes = [
        [f"{code}={category['code']}" for category in dimensions[code].categories]
        for code in indicator.disaggregations
    ]
    return [";".join(combination) for combination in itertools.product(*axes)]


def _share(indicator: Indicator, rng: random.Random) -> float:
    if indicator.unit is UnitKind.RATE:
        return rng.uniform(0.0, 0.03)
    target = float(indicator.target) / 100 if indicator.target is not None else None
    if indicator.direction is Direction.LOWER:
        return rng.uniform(0.02, 0.3)
    if indicator.direction is Direction.HIGHER:
        centre = target if target is not None and target <= 1 else 0.85
        return min(1.0, max(0.0, rng.gauss(centre, 0.08)))
    return rng.uniform(0.3, 0.95)


def generate_values(
    indicator: Indicator,
    keys: Sequence[str],
    population: int,
    rng: random.Random,
) -> dict[tuple[str, str], Decimal]:
    """Values by (part, disaggregation) for one indicator of one unit."""
    values: dict[tuple[str, str], Decimal] = {}
    if indicator.entry is Entry.RATIO:
        share = _share(indicator, rng)
        for key in keys:
            denominator = max(1, round(population * rng.uniform(0.01, 0.12) / len(keys)))
            numerator = min(denominator, round(denominator * share * rng.uniform(0.9, 1.1)))
            values[(ValuePart.DENOMINATOR, key)] = Decimal(denominator)
            values[(ValuePart.NUMERATOR, key)] = Decimal(numerator)
        return values
    for key in keys:
        values[(ValuePart.VALUE, key)] = Decimal(_single_value(indicator, population, rng))
    return values


def _single_value(indicator: Indicator, population: int, rng: random.Random) -> int:
    low = int(indicator.minimum) if indicator.minimum is not None else 0
    high = int(indicator.maximum) if indicator.maximum is not None else None
    if indicator.unit is UnitKind.YES_NO:
        return 1 if rng.random() < 0.7 else 0
    if indicator.unit is UnitKind.SCORE:
        return rng.randint(low, high if high is not None else 100)
    if indicator.unit is UnitKind.AMOUNT:
        return int(round(population * rng.uniform(5, 40), -2))
    if indicator.sensitive:
        # Most barangays report none in a quarter; a few report several.
        return rng.choices((0, 1, 2, 3, 5, 8), weights=(70, 12, 7, 5, 4, 2))[0]
    return max(low, round(population * rng.uniform(0.0005, 0.01)))


def unit_values(
    form: Form,
    dimensions: dict[str, Dimension],
    population: int,
    rng: random.Random,
    rules: Sequence[ValidationRule],
) -> dict[tuple[int, str, str], Decimal | None]:
    """Every value of one unit's form, totals included, consistent with the form's rules."""
    by_code: dict[tuple[str, str, str], Decimal | None] = {}
    ids = {}
    cells_of: dict[str, list[str]] = {}
    ratios = set()
    for indicator in form.indicators:
        ids[indicator.code] = indicator.id
        keys = cells(indicator, dimensions)
        if indicator.disaggregations:
            cells_of[indicator.code] = keys
        if indicator.entry is Entry.RATIO:
            ratios.add(indicator.code)
        if rng.random() < 0.02:
            for part in indicator.parts:
                for key in keys:
                    by_code[(indicator.code, part, key)] = None
            continue
        for (part, key), value in generate_values(indicator, keys, population, rng).items():
            by_code[(indicator.code, part, key)] = value
    _add_totals(by_code, cells_of)
    _respect_rules(by_code, rules, cells_of, ratios)
    return {(ids[code], part, key): value for (code, part, key), value in by_code.items()}


def rules_by_form(framework: Framework) -> dict[int, list[ValidationRule]]:
    """The framework's rules by the form they are checked on (both terms share one form)."""
    form_of = {indicator.code: indicator.form_id for indicator in framework.indicators}
    by_form: dict[int, list[ValidationRule]] = {}
    for rule in framework_services.framework_rules(framework):
        left, _ = rule_terms(rule)
        by_form.setdefault(form_of[left.indicator_code], []).append(rule)
    return by_form


def _add_totals(
    values: dict[tuple[str, str, str], Decimal | None], cells_of: dict[str, list[str]]
) -> None:
    """Store each broken-down indicator's total under the key "": the sum of its cells."""
    parts = {(code, part) for code, part, key in values if code in cells_of and key != TOTAL}
    for code, part in parts:
        cell_values = [values[(code, part, key)] for key in cells_of[code]]
        numbers = [value for value in cell_values if value is not None]
        complete = len(numbers) == len(cell_values)
        values[(code, part, TOTAL)] = sum(numbers, Decimal(0)) if complete else None


def _respect_rules(
    values: dict[tuple[str, str, str], Decimal | None],
    rules: Sequence[ValidationRule],
    cells_of: dict[str, list[str]],
    ratios: set[str],
) -> None:
    """Adjust generated numbers until the form's rules hold, as a real encoder's would.

    The left side of a broken rule is moved to the nearest allowed number; a total is
    spread over its cells in proportion. A few passes settle rules that chain.
    """
    for _ in range(6):
        broken = evaluate(rules, _as_values(values))
        if not broken:
            return
        for violation in broken:
            allowed = _nearest_allowed(violation.operator, violation.right_value)
            _set_term(values, violation.left, allowed, cells_of)
        for code in ratios:
            _numerators_within_denominators(values, code, cells_of)
    broken = evaluate(rules, _as_values(values))
    assert not broken, f"generated values break {[violation.rule_code for violation in broken]}"


def _as_values(values: dict[tuple[str, str, str], Decimal | None]) -> Values:
    return values


def _nearest_allowed(operator: str, right: Decimal) -> Decimal:
    step = {"<": Decimal(-1), ">": Decimal(1)}.get(operator, Decimal(0))
    return max(Decimal(0), right + step)


def _set_term(
    values: dict[tuple[str, str, str], Decimal | None],
    term: Term,
    number: Decimal,
    cells_of: dict[str, list[str]],
) -> None:
    code, part = term.indicator_code, term.part
    if term.disaggregation or code not in cells_of:
        values[term.key] = number
    else:
        _spread(values, code, part, number, cells_of[code])
    if code in cells_of:
        _add_totals(values, {code: cells_of[code]})


def _spread(
    values: dict[tuple[str, str, str], Decimal | None],
    code: str,
    part: str,
    total: Decimal,
    keys: list[str],
) -> None:
    """Share a whole-number total over the cells in proportion to what they hold."""
    current = [values[(code, part, key)] or Decimal(0) for key in keys]
    held = sum(current, Decimal(0))
    shares = [
        (amount * total / held).to_integral_value(rounding="ROUND_FLOOR") if held else Decimal(0)
        for amount in current
    ]
    shares[0] += total - sum(shares, Decimal(0))
    for key, share in zip(keys, shares, strict=True):
        values[(code, part, key)] = share


def _numerators_within_denominators(
    values: dict[tuple[str, str, str], Decimal | None], code: str, cells_of: dict[str, list[str]]
) -> None:
    keys = cells_of.get(code, [TOTAL])
    for key in keys:
        numerator = values.get((code, ValuePart.NUMERATOR, key))
        denominator = values.get((code, ValuePart.DENOMINATOR, key))
        if numerator is not None and denominator is not None and numerator > denominator:
            values[(code, ValuePart.NUMERATOR, key)] = denominator
    if code in cells_of:
        _add_totals(values, {code: keys})
