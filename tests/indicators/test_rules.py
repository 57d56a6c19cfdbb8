"""Validation rules: terms, checks on one unit's values, and missing values left unchecked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators import services
from indicators.definitions import RuleDefinition
from indicators.rules import Term, TermError, evaluate, format_number, parse_term

MANAGED = RuleDefinition(
    code="managed-within-reported",
    left="PRO-02.numerator",
    operator="<=",
    right="PRO-02.denominator",
    message="Cases under case management cannot outnumber the cases reported.",
)


def test_a_term_names_indicator_part_and_total():
    term = parse_term("SUR-03.numerator")

    assert term == Term("SUR-03", "numerator", "")
    assert term.key == ("SUR-03", "numerator", "")
    assert str(term) == "SUR-03.numerator"


def test_a_term_may_name_a_disaggregation():
    term = parse_term(" SUR-07.numerator[adolescent_age_band=10-14; sex=female] ")

    assert term.disaggregation == "adolescent_age_band=10-14;sex=female"
    assert term.pairs() == [("adolescent_age_band", "10-14"), ("sex", "female")]
    assert str(term) == "SUR-07.numerator[adolescent_age_band=10-14;sex=female]"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("SUR-03", "is not a term"),
        ("SUR-03.numerator.extra", "is not a term"),
        ("SUR-03.total", "part 'total'"),
        ("SUR-03.value[]", "is not dimension=category"),
        ("SUR-03.value[sex=]", "is not dimension=category"),
    ],
)
def test_a_malformed_term_is_refused_with_a_reason(text, fragment):
    with pytest.raises(TermError) as raised:
        parse_term(text)

    assert fragment in str(raised.value)


def test_a_broken_rule_is_reported_with_its_message_and_numbers():
    values = {
        ("PRO-02", "numerator", ""): Decimal(12),
        ("PRO-02", "denominator", ""): Decimal("10.0000"),
    }

    violations = evaluate([MANAGED], values)

    assert len(violations) == 1
    violation = violations[0]
    assert violation.rule_code == "managed-within-reported"
    assert (violation.left_value, violation.right_value) == (12, 10)
    assert violation.describe() == (
        "Cases under case management cannot outnumber the cases reported. "
        "(PRO-02.numerator is 12, PRO-02.denominator is 10)"
    )


def test_a_kept_rule_gives_no_violation():
    values = {
        ("PRO-02", "numerator", ""): Decimal(10),
        ("PRO-02", "denominator", ""): Decimal(10),
    }

    assert evaluate([MANAGED], values) == []


@pytest.mark.parametrize("missing", ["numerator", "denominator"])
def test_a_rule_with_a_missing_side_is_not_checked(missing):
    # Were missing read as zero, 12 <= 0 would be reported as a violation.
    values: dict[tuple[str, str, str], Decimal | None] = {
        ("PRO-02", "numerator", ""): Decimal(12),
        ("PRO-02", "denominator", ""): Decimal(0),
    }
    values[("PRO-02", missing, "")] = None

    assert evaluate([MANAGED], values) == []


def test_a_rule_absent_from_the_values_is_not_checked():
    assert evaluate([MANAGED], {}) == []


@pytest.mark.parametrize(
    ("operator", "left", "right", "broken"),
    [
        ("<", 5, 5, True),
        ("<", 4, 5, False),
        (">=", 4, 5, True),
        (">", 5, 5, True),
        ("==", 5, 6, True),
        ("==", 6, 6, False),
    ],
)
def test_each_operator_compares_as_written(operator, left, right, broken):
    rule = RuleDefinition("r", "A-01.value", operator, "B-01.value", "A and B disagree.")
    values = {("A-01", "value", ""): Decimal(left), ("B-01", "value", ""): Decimal(right)}

    assert bool(evaluate([rule], values)) is broken


def test_a_rule_on_a_disaggregation_reads_that_cell_only():
    rule = RuleDefinition(
        "girls",
        "SUR-07.numerator[adolescent_age_band=10-14]",
        "<=",
        "SUR-07.denominator[adolescent_age_band=10-14]",
        "Too many girls with four visits.",
    )
    values = {
        ("SUR-07", "numerator", "adolescent_age_band=10-14"): Decimal(3),
        ("SUR-07", "denominator", "adolescent_age_band=10-14"): Decimal(2),
        ("SUR-07", "numerator", ""): Decimal(3),
        ("SUR-07", "denominator", ""): Decimal(9),
    }

    assert [violation.rule_code for violation in evaluate([rule], values)] == ["girls"]


def test_stored_rules_of_a_form_check_a_units_values(db):
    framework = services.current_framework()
    form = next(
        form for form in services.framework_forms(framework) if form.code == "barangay-annual"
    )
    values = {
        ("SUR-02", "numerator", ""): Decimal(40),
        ("SUR-02", "denominator", ""): Decimal(50),
        ("SUR-03", "numerator", ""): Decimal(45),
        ("SUR-03", "denominator", ""): Decimal(40),
        ("SUR-04", "numerator", ""): Decimal(3),
    }

    violations = evaluate(services.rules_for_form(form), values)

    assert [violation.rule_code for violation in violations] == ["stunted-within-measured"]
    assert "(SUR-03.numerator is 45, SUR-02.numerator is 40)" in violations[0].describe()


@pytest.mark.parametrize(
    ("number", "text"),
    [(Decimal("12.5000"), "12.5"), (Decimal("1E+2"), "100"), (Decimal("0.0000"), "0")],
)
def test_numbers_are_shown_without_trailing_zeros(number, text):
    assert format_number(number) == text
