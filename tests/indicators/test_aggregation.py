"""Compiling many units into an area's figure: the rules that make the numbers right."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.aggregation import (
    UnitValue,
    compile_mean,
    compile_ratio,
    compile_sum,
    compile_values,
    compile_yes_share,
)
from indicators.models import Aggregation

D = Decimal


def ratio(unit: str, numerator: int | None, denominator: int | None) -> UnitValue:
    return UnitValue(
        unit,
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
    )


def value(unit: str, number: int | str | None) -> UnitValue:
    return UnitValue(unit, value=None if number is None else D(number))


def test_a_percentage_is_the_sum_of_numerators_over_denominators_not_a_mean_of_percentages():
    # A small barangay at 50% and a large one at 90%: the mean of percentages says 70%,
    # but 91 of 102 children is 89.2%.
    units = [ratio("small", 1, 2), ratio("large", 90, 100)]

    compiled = compile_ratio(units, 100)

    assert compiled.figure == D(91) / D(102) * 100
    assert compiled.figure != D(70)
    assert (compiled.numerator, compiled.denominator) == (91, 102)
    assert compiled.text() == "89.2%"


def test_a_unit_lacking_a_part_is_left_out_of_both_sums_and_counted():
    units = [ratio("a", 10, 20), ratio("b", 5, None), ratio("c", None, 50), ratio("d", 30, 40)]

    compiled = compile_ratio(units, 100)

    assert (compiled.numerator, compiled.denominator) == (40, 60)
    assert compiled.contributing == 2
    assert compiled.missing == ("b", "c")
    assert compiled.coverage() == "2 of 4 units reported"


def test_a_rate_is_shown_per_its_multiplier():
    compiled = compile_ratio([ratio("a", 3, 1200), ratio("b", 2, 800)], 1000)

    assert compiled.figure == D("2.5")
    assert compiled.text() == "2.5 per 1,000"


def test_a_ratio_over_a_zero_denominator_has_no_figure():
    compiled = compile_ratio([ratio("a", 0, 0)], 100)

    assert compiled.figure is None
    assert compiled.contributing == 1
    assert compiled.text() == "not computable: the denominators sum to 0"


def test_counts_sum_and_missing_units_are_not_zeros():
    compiled = compile_sum([value("a", 5), value("b", None), value("c", 0), value("d", 7)])

    assert compiled.figure == 12
    assert compiled.contributing == 3
    assert compiled.missing == ("b",)
    assert compiled.text() == "12"


def test_a_sum_with_no_unit_reporting_is_no_data_rather_than_zero():
    compiled = compile_sum([value("a", None), value("b", None)])

    assert compiled.figure is None
    assert compiled.text() == "no data"
    assert compiled.coverage() == "0 of 2 units reported"


def test_amounts_are_shown_with_thousands_separators():
    compiled = compile_sum([value("a", "1250000.50"), value("b", "250000")])

    assert compiled.text() == "1,500,000.5"


def test_yes_no_compiles_to_n_of_m_units_with_the_share():
    units = [value("a", 1), value("b", 1), value("c", 0), value("d", 1)]

    assert compile_yes_share(units).text() == "3 of 4 units (75%)"


def test_yes_no_counts_only_units_that_answered():
    compiled = compile_yes_share([value("a", 1), value("b", 0), value("c", 0), value("d", None)])

    assert compiled.text() == "1 of 3 units (33.3%)"
    assert compiled.missing == ("d",)
    assert compiled.coverage() == "3 of 4 units reported"


def test_a_yes_no_value_other_than_zero_or_one_is_an_error():
    with pytest.raises(ValueError, match="unit b: a yes/no value is 1 or 0, not 2"):
        compile_yes_share([value("a", 1), value("b", 2)])


def test_scores_compile_to_their_mean_over_units_that_reported():
    compiled = compile_mean([value("a", 80), value("b", None), value("c", 91)])

    assert compiled.figure == D("85.5")
    assert compiled.contributing == 2
    assert compiled.text() == "85.5"


def test_compile_values_follows_the_aggregation_rule():
    units = [ratio("a", 1, 4), ratio("b", 1, 4)]

    assert compile_values(Aggregation.RATIO, units, 100).text() == "25%"
    assert compile_values(Aggregation.SUM, [value("a", 2), value("b", 3)]).figure == 5
    assert compile_values(Aggregation.MEAN, [value("a", 2), value("b", 3)]).figure == D("2.5")
    assert compile_values(Aggregation.YES_SHARE, [value("a", 1)]).text() == "1 of 1 unit (100%)"


def test_a_ratio_without_a_multiplier_is_refused():
    with pytest.raises(ValueError, match="a ratio needs its multiplier"):
        compile_values(Aggregation.RATIO, [ratio("a", 1, 2)])
