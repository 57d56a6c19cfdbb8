"""How the values of many units compile into one figure for an area. No database here.

These are the rules that make the numbers right:

- counts and amounts are summed;
- percentages and rates are the sum of the numerators over the sum of the denominators
  (times the multiplier), never an average of the units' percentages;
- yes/no indicators compile to "N of M units (P%)";
- scores compile to their mean over the units that reported;
- missing is not zero: a unit without a value (or, for a ratio, without either part) is
  left out and named, and every result says how many units it covers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indicators.models import Aggregation

PERCENT = 100
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class UnitValue:
    """One reporting unit's entered parts for one indicator; None where nothing was entered."""

    org_unit: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Compiled:
    """An area's figure for one indicator, with the units it covers."""

    aggregation: Aggregation
    #: The sum, the ratio times its multiplier, the share of yes in percent, or the mean;
    #: None when no unit contributed or the denominators sum to zero.
    figure: Decimal | None
    #: Units whose values were given to compile, reported or not.
    units: int
    contributing: int
    #: Units left out because a value (or a part of a ratio) is missing.
    missing: tuple[str, ...]
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    yes: int | None = None
    multiplier: int | None = None

    def text(self) -> str:
        """The figure as a report shows it: "1,234", "45.3%", "3 of 4 units (75%)"."""
        if self.contributing == 0:
            return "no data"
        if self.aggregation is Aggregation.YES_SHARE:
            assert self.figure is not None
            share = format_figure(self.figure)
            return f"{self.yes} of {_units(self.contributing)} ({share}%)"
        if self.figure is None:
            return "not computable: the denominators sum to 0"
        if self.aggregation is Aggregation.RATIO:
            if self.multiplier == PERCENT:
                return f"{format_figure(self.figure)}%"
            return f"{format_figure(self.figure)} per {self.multiplier:,}"
        if self.aggregation is Aggregation.MEAN:
            return format_figure(self.figure)
        return f"{self.figure.normalize():,f}"

    def coverage(self) -> str:
        """How many units the figure covers: "8 of 10 units reported"."""
        return f"{self.contributing} of {_units(self.units)} reported"


def format_figure(number: Decimal) -> str:
    """One decimal place, dropped when it is zero: 66.666 -> "66.7", 75.0 -> "75"."""
    rounded = number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    return text[:-2] if text.endswith(".0") else text


def compile_sum(units: Sequence[UnitValue]) -> Compiled:
    """Counts and amounts: the sum of the values given; missing values are not zeros."""
    reported = [unit for unit in units if unit.value is not None]
    total = sum((unit.value for unit in reported if unit.value is not None), Decimal(0))
    return Compiled(
        aggregation=Aggregation.SUM,
        figure=total if reported else None,
        units=len(units),
        contributing=len(reported),
        missing=_missing(units, reported),
    )


def compile_ratio(units: Sequence[UnitValue], multiplier: int) -> Compiled:
    """Percentages and rates: sum of numerators over sum of denominators, times the multiplier.

    A unit lacking either part is left out of both sums, so a numerator never counts
    against a denominator it does not belong to.
    """
    reported = [
        unit for unit in units if unit.numerator is not None and unit.denominator is not None
    ]
    numerator = sum((unit.numerator or Decimal(0) for unit in reported), Decimal(0))
    denominator = sum((unit.denominator or Decimal(0) for unit in reported), Decimal(0))
    figure = None
    if reported and denominator != 0:
        figure = numerator / denominator * multiplier
    return Compiled(
        aggregation=Aggregation.RATIO,
        figure=figure,
        units=len(units),
        contributing=len(reported),
        missing=_missing(units, reported),
        numerator=numerator if reported else None,
        denominator=denominator if reported else None,
        multiplier=multiplier,
    )


def compile_yes_share(units: Sequence[UnitValue]) -> Compiled:
    """Yes/no: how many of the units that answered said yes, and what share that is."""
    reported = [unit for unit in units if unit.value is not None]
    for unit in reported:
        if unit.value not in (0, 1):
            raise ValueError(f"unit {unit.org_unit}: a yes/no value is 1 or 0, not {unit.value}")
    yes = sum(1 for unit in reported if unit.value == 1)
    figure = Decimal(yes) / len(reported) * PERCENT if reported else None
    return Compiled(
        aggregation=Aggregation.YES_SHARE,
        figure=figure,
        units=len(units),
        contributing=len(reported),
        missing=_missing(units, reported),
        yes=yes,
    )


def compile_mean(units: Sequence[UnitValue]) -> Compiled:
    """Scores: the mean over the units that reported one."""
    reported = [unit for unit in units if unit.value is not None]
    total = sum((unit.value for unit in reported if unit.value is not None), Decimal(0))
    return Compiled(
        aggregation=Aggregation.MEAN,
        figure=total / len(reported) if reported else None,
        units=len(units),
        contributing=len(reported),
        missing=_missing(units, reported),
    )


def compile_values(
    aggregation: Aggregation, units: Sequence[UnitValue], multiplier: int | None = None
) -> Compiled:
    """Compile by the indicator's aggregation rule; a ratio needs its multiplier."""
    if aggregation is Aggregation.RATIO:
        if multiplier is None:
            raise ValueError("a ratio needs its multiplier: 100 for a percent, or the rate's")
        return compile_ratio(units, multiplier)
    compilers: dict[Aggregation, Callable[[Sequence[UnitValue]], Compiled]] = {
        Aggregation.SUM: compile_sum,
        Aggregation.YES_SHARE: compile_yes_share,
        Aggregation.MEAN: compile_mean,
    }
    return compilers[aggregation](units)


def _units(count: int) -> str:
    return f"{count} unit" if count == 1 else f"{count} units"


def _missing(units: Sequence[UnitValue], reported: Sequence[UnitValue]) -> tuple[str, ...]:
    included = {id(unit) for unit in reported}
    return tuple(unit.org_unit for unit in units if id(unit) not in included)
