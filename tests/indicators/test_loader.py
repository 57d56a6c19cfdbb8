"""Reading framework files: the shipped file is complete, and every problem names its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.definitions import FrameworkError
from indicators.loader import DEFAULT_FRAMEWORK, parse_framework, read_framework
from indicators.models import Aggregation, Entry, Frequency, UnitKind
from monitor.orgunits.models import ReportingLevel
from tests.indicators.framework_text import VALID, changed, write

DOMAINS = ("Survival", "Development", "Protection", "Participation", "Governance")


def problems_of(text: str) -> list[str]:
    with pytest.raises(FrameworkError) as raised:
        parse_framework(text.encode(), "framework.toml")
    return raised.value.problems


def assert_problem(problems: list[str], path: str, fragment: str) -> None:
    """One problem starts with the key path and says ``fragment``."""
    matching = [problem for problem in problems if problem.startswith(f"{path}:")]
    assert matching, f"no problem at {path}; got {problems}"
    assert any(fragment in problem for problem in matching), matching


def test_the_test_framework_is_valid():
    definition = parse_framework(VALID.encode(), "framework.toml")

    assert [indicator.code for indicator in definition.indicators] == ["T-01", "T-02", "T-03"]
    assert [form.code for form in definition.forms] == [
        "barangay-annual",
        "doh-city_municipality-quarterly",
    ]


def test_shipped_framework_has_at_least_35_indicators_in_all_five_domains():
    definition = read_framework(DEFAULT_FRAMEWORK)

    domain_titles = {domain.code: domain.title for domain in definition.domains}
    assert tuple(domain_titles.values()) == DOMAINS
    assert len(definition.indicators) >= 35
    used = {domain_titles[indicator.domain] for indicator in definition.indicators}
    assert used == set(DOMAINS)


def test_every_shipped_indicator_declares_what_it_needs():
    definition = read_framework(DEFAULT_FRAMEWORK)

    for indicator in definition.indicators:
        assert indicator.title and len(indicator.definition) > 40, indicator.code
        assert indicator.references, f"{indicator.code} cites no source"
        if indicator.entry is Entry.RATIO:
            assert indicator.numerator_label and indicator.denominator_label, indicator.code
            assert indicator.multiplier, indicator.code
        else:
            assert indicator.value_label, indicator.code
        if indicator.unit is UnitKind.SCORE:
            assert indicator.minimum is not None and indicator.maximum is not None
        if indicator.target is not None:
            assert indicator.target_note, f"{indicator.code} has a target but no note"


def test_shipped_framework_gives_barangays_and_ministries_real_forms():
    definition = read_framework(DEFAULT_FRAMEWORK)
    forms = {form.code: form for form in definition.forms}

    assert forms["barangay-quarterly"].indicators
    assert forms["barangay-annual"].indicators
    for agency in ("doh", "deped", "dswd", "pnp"):
        assert any(code.startswith(f"{agency}-city_municipality-") for code in forms), (
            f"no {agency} city/municipal form"
        )
    assert forms["barangay-quarterly"].frequency is Frequency.QUARTERLY
    assert forms["doh-city_municipality-annual"].level is ReportingLevel.CITY_MUNICIPALITY


def test_shipped_rates_and_percents_compile_as_ratios():
    definition = read_framework(DEFAULT_FRAMEWORK)
    rates = [indicator for indicator in definition.indicators if indicator.unit is UnitKind.RATE]

    assert {indicator.multiplier for indicator in rates} == {1000, 100000}
    for indicator in definition.indicators:
        if indicator.unit in (UnitKind.PERCENT, UnitKind.RATE):
            assert indicator.aggregation is Aggregation.RATIO
        if indicator.unit is UnitKind.PERCENT:
            assert indicator.multiplier == 100


def test_shipped_rules_all_compare_values_on_one_form():
    definition = read_framework(DEFAULT_FRAMEWORK)
    form_of = {code: form.code for form in definition.forms for code in form.indicators}

    assert len(definition.rules) >= 10
    for rule in definition.rules:
        left_code = rule.left.split(".")[0]
        right_code = rule.right.split(".")[0]
        assert form_of[left_code] == form_of[right_code], rule.code


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment"),
    [
        (
            'unit = "percent"',
            'unit = "precent"',
            "indicators[1] (T-01).unit",
            "'precent' is not one of count, percent, rate, yes_no, amount, score",
        ),
        (
            'definition = "Share of children weighed."',
            'units = "percent"',
            "indicators[1] (T-01).units",
            "unknown key; allowed keys are aggregation, code,",
        ),
        (
            'definition = "Share of children weighed."\n',
            "",
            "indicators[1] (T-01).definition",
            "is missing; it is required",
        ),
        (
            'code = "T-02"',
            'code = "T-01"',
            "indicators[2] (T-01).code",
            "code 'T-01' is used twice; indicators[1] (T-01) has it too",
        ),
        (
            'disaggregations = ["sex"]',
            'disaggregations = ["gender"]',
            "indicators[1] (T-01).disaggregations[1]",
            "'gender' is not a declared dimension; declared: sex",
        ),
        (
            'disaggregations = ["sex"]',
            'disaggregations = ["sex", "sex"]',
            "indicators[1] (T-01).disaggregations[2]",
            "'sex' is listed twice",
        ),
        (
            'source = "DOH"',
            'source = "DepEd"',
            "indicators[3] (T-03).reported_by.source",
            "'DepEd' is neither 'barangay' nor a declared agency (DOH)",
        ),
        (
            'level = "city_municipality"',
            'level = "municipal"',
            "indicators[3] (T-03).reported_by.level",
            "'municipal' is not one of barangay, city_municipality, province, region, national",
        ),
        (
            'reported_by = { source = "barangay", level = "barangay" }',
            'reported_by = { source = "barangay", level = "province" }',
            "indicators[1] (T-01).reported_by.level",
            "'province' does not fit source 'barangay'",
        ),
        (
            'reported_by = { source = "barangay", level = "barangay" }',
            'reported_by = "barangay"',
            "indicators[1] (T-01).reported_by",
            "is not a table",
        ),
        (
            'domain = "SUR"',
            'domain = "SURV"',
            "indicators[1] (T-01).domain",
            "'SURV' is not a declared domain; declared: SUR",
        ),
        (
            'entry = "ratio"',
            'entry = "value"',
            "indicators[1] (T-01).entry",
            "'value' does not fit unit 'percent'; a percent is entered as 'ratio'",
        ),
        (
            'entry = "ratio"',
            'entry = "fraction"',
            "indicators[1] (T-01).entry",
            "'fraction' is not one of value, ratio",
        ),
        (
            'numerator_label = "Children weighed"\n',
            "",
            "indicators[1] (T-01).numerator_label",
            "is missing; a ratio entry is a numerator and a denominator",
        ),
        (
            'value_label = "Deaths of children under five"',
            'value_label = "Deaths"\nnumerator_label = "Deaths"',
            "indicators[3] (T-03).numerator_label",
            "does not apply; a value entry is one number",
        ),
        (
            'unit = "percent"',
            'unit = "rate"',
            "indicators[1] (T-01).multiplier",
            "is missing; a rate needs one, such as 1000 or 100000",
        ),
        (
            'unit = "percent"',
            'unit = "rate"\nmultiplier = 1500',
            "indicators[1] (T-01).multiplier",
            "1500 is not a power of ten",
        ),
        (
            'unit = "percent"',
            'unit = "percent"\nmultiplier = 1000',
            "indicators[1] (T-01).multiplier",
            "does not fit a percent, which always uses 100",
        ),
        (
            'aggregation = "sum"',
            'aggregation = "sum"\nmultiplier = 1000',
            "indicators[3] (T-03).multiplier",
            "does not apply to unit 'count'; only rates have one",
        ),
        (
            'aggregation = "sum"',
            'aggregation = "mean"',
            "indicators[3] (T-03).aggregation",
            "'mean' does not fit unit 'count'; a count compiles by 'sum'",
        ),
        (
            'unit = "count"',
            'unit = "score"',
            "indicators[3] (T-03).minimum",
            "is missing; a score needs its range",
        ),
        (
            'unit = "count"',
            'unit = "yes_no"\nmaximum = 5',
            "indicators[3] (T-03).maximum",
            "5 does not fit a yes/no, which is entered as 0 (no) or 1 (yes)",
        ),
        (
            'aggregation = "sum"',
            'aggregation = "sum"\nminimum = 10\nmaximum = 5',
            "indicators[3] (T-03).maximum",
            "5 is below the minimum 10",
        ),
        (
            'aggregation = "sum"',
            'aggregation = "sum"\ntarget = "none"',
            "indicators[3] (T-03).target",
            "'none' is text, not a number",
        ),
        (
            "sensitive = true",
            'sensitive = "yes"',
            "indicators[3] (T-03).sensitive",
            "'yes' is not true or false",
        ),
        (
            'frequency = "annual"',
            'frequency = "yearly"',
            "indicators[1] (T-01).frequency",
            "'yearly' is not one of quarterly, semestral, annual",
        ),
        (
            'direction = "higher"',
            'direction = "up"',
            "indicators[1] (T-01).direction",
            "'up' is not one of higher, lower, monitor",
        ),
        (
            'references = ["SRC"]',
            'references = ["NOPE"]',
            "indicators[1] (T-01).references[1]",
            "'NOPE' is not a declared reference; declared: SRC",
        ),
        (
            'title = "Children weighed"',
            'title = ""',
            "indicators[1] (T-01).title",
            "is empty; give a value",
        ),
        (
            'title = "Children weighed"',
            f'title = "{"x" * 301}"',
            "indicators[1] (T-01).title",
            "is 301 characters long; at most 300 fit",
        ),
        (
            'version = "1"',
            "version = 1",
            "framework.version",
            "1 is a number, not text; write it in quotes",
        ),
        (
            'version = "1"',
            "version = 2026.1",
            "framework.version",
            "2026.1 is a number, not text; write it in quotes",
        ),
        (
            'code = "test"',
            'code = "Test Framework"',
            "framework.code",
            "'Test Framework' is not allowed; use lower-case letters",
        ),
        (
            "[framework]",
            'colour = "blue"\n[framework]',
            "colour",
            "unknown key; allowed keys are agencies, dimensions, domains, framework,",
        ),
        (
            'code = "DOH"',
            'code = "barangay"',
            "agencies[1] (barangay).code",
            "'barangay' is reserved for the barangay form",
        ),
        (
            '{ code = "male", label = "Male" }',
            '{ code = "female", label = "Male" }',
            "dimensions[1] (sex).categories[2].code",
            "category 'female' is used twice",
        ),
        (
            '{ code = "male", label = "Male" }',
            '{ code = "Male!", label = "Male" }',
            "dimensions[1] (sex).categories[2].code",
            "'Male!' is not allowed",
        ),
        (
            'right = "T-01.numerator"',
            'right = "T-99.numerator"',
            "rules[1] (stunted-within-weighed).right",
            "'T-99' in 'T-99.numerator' names no indicator of this file",
        ),
        (
            'left = "T-02.numerator"',
            'left = "T-02.value"',
            "rules[1] (stunted-within-weighed).left",
            "T-02 is entered as numerator, denominator; 'value' is not one of its parts",
        ),
        (
            'left = "T-02.numerator"',
            'left = "T-02.amount"',
            "rules[1] (stunted-within-weighed).left",
            "part 'amount' in 'T-02.amount' is not one of value, numerator, denominator",
        ),
        (
            'left = "T-02.numerator"',
            'left = "T-02 numerator"',
            "rules[1] (stunted-within-weighed).left",
            "'T-02 numerator' is not a term; write CODE.part",
        ),
        (
            'left = "T-02.numerator"',
            'left = "T-02.numerator[age=0-4]"',
            "rules[1] (stunted-within-weighed).left",
            "T-02 is not broken down by age; its dimensions are sex",
        ),
        (
            'left = "T-02.numerator"',
            'left = "T-02.numerator[sex]"',
            "rules[1] (stunted-within-weighed).left",
            "'sex' in 'T-02.numerator[sex]' is not dimension=category",
        ),
        (
            'right = "T-01.numerator"',
            'right = "T-03.value"',
            "rules[1] (stunted-within-weighed)",
            "T-02.numerator is filed on form barangay-annual and T-03.value on form "
            "doh-city_municipality-quarterly; a rule compares values filed on one form",
        ),
        (
            'operator = "<="',
            'operator = "=<"',
            "rules[1] (stunted-within-weighed).operator",
            "'=<' is not one of <=, <, >=, >, ==",
        ),
        (
            'message = "Stunted children cannot outnumber the children weighed."\n',
            "",
            "rules[1] (stunted-within-weighed).message",
            "is missing; it is required",
        ),
        (
            "[[domains]]",
            "[domains]",
            "domains",
            "is a table, not a list of tables; write each entry as [[domains]]",
        ),
    ],
)
def test_problem_names_the_key_the_value_and_what_is_allowed(old, new, path, fragment):
    problems = problems_of(changed(old, new))

    assert_problem(problems, path, fragment)


def test_every_problem_in_a_file_is_reported_not_only_the_first():
    text = changed('unit = "percent"', 'unit = "precent"')
    text = changed('frequency = "quarterly"', 'frequency = "monthly"', text)
    text = changed('operator = "<="', 'operator = "~"', text)

    problems = problems_of(text)

    assert_problem(problems, "indicators[1] (T-01).unit", "'precent'")
    assert_problem(problems, "indicators[3] (T-03).frequency", "'monthly'")
    assert_problem(problems, "rules[1] (stunted-within-weighed).operator", "'~'")


def test_the_error_lists_every_problem_under_the_file_name():
    text = changed('unit = "percent"', 'unit = "precent"')
    text = changed('frequency = "quarterly"', 'frequency = "monthly"', text)

    with pytest.raises(FrameworkError) as raised:
        parse_framework(text.encode(), "mine.toml")

    lines = str(raised.value).splitlines()
    assert lines[0] == "mine.toml: 2 problems"
    assert lines[1].startswith("- indicators[1] (T-01).unit:")
    assert lines[2].startswith("- indicators[3] (T-03).frequency:")


def test_a_rule_on_a_broken_indicator_is_not_reported_twice():
    problems = problems_of(changed('unit = "percent"', 'unit = "precent"'))

    assert not [problem for problem in problems if problem.startswith("rules")]


def test_invalid_toml_is_reported_with_its_line():
    problems = problems_of(changed('title = "Test framework"', "title = Test framework"))

    assert len(problems) == 1
    assert problems[0].startswith("not valid TOML:")
    assert "line 5" in problems[0]


def test_a_missing_file_is_a_framework_error(tmp_path: Path):
    with pytest.raises(FrameworkError) as raised:
        read_framework(tmp_path / "absent.toml")

    assert "cannot be read" in raised.value.problems[0]


def test_an_empty_indicator_list_is_refused():
    # Top-level keys come before the first table in TOML.
    text = "indicators = []\n" + VALID.split("[[indicators]]")[0]

    problems = problems_of(text)

    assert_problem(problems, "indicators", "is empty; a framework needs at least one indicator")


def test_a_rule_may_name_one_disaggregation_in_brackets(tmp_path: Path):
    text = changed('left = "T-02.numerator"', 'left = "T-02.numerator[sex=female]"')
    text = changed('right = "T-01.numerator"', 'right = "T-01.numerator[sex=female]"', text)

    definition = read_framework(write(tmp_path, text))

    assert definition.rules[0].left == "T-02.numerator[sex=female]"


def test_a_yes_no_indicator_is_bounded_to_zero_and_one():
    text = changed('unit = "count"', 'unit = "yes_no"')
    text = changed('aggregation = "sum"', 'aggregation = "yes_share"', text)

    definition = parse_framework(text.encode(), "framework.toml")

    yes_no = definition.indicators[2]
    assert (yes_no.minimum, yes_no.maximum) == (0, 1)


def test_counts_default_to_a_minimum_of_zero():
    definition = parse_framework(VALID.encode(), "framework.toml")

    assert definition.indicators[2].minimum == 0
    assert definition.indicators[2].maximum is None


def test_the_checksum_changes_with_the_content():
    first = parse_framework(VALID.encode(), "framework.toml")
    second = parse_framework(changed("Test framework", "Test framework 2").encode(), "f.toml")

    assert first.checksum != second.checksum
    assert len(first.checksum) == 64
