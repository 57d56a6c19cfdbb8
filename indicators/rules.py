"""Validation rules across indicators: their terms, and checking them on one unit's values.

A rule compares two terms with an operator (``<=``, ``<``, ``>=``, ``>``, ``==``). A term
names one entered number::

    term            = indicator-code "." part [ "[" disaggregation "]" ]
    part            = "value" | "numerator" | "denominator"
    disaggregation  = dimension "=" category *( ";" dimension "=" category )

``SUR-03.numerator`` is the total numerator of SUR-03;
``SUR-07.numerator[adolescent_age_band=10-14]`` is the numerator for girls aged 10–14.
The disaggregation is written as data values store it: dimensions in the order the
indicator lists them. Both terms of a rule must be filed on the same form, so that the form
can check them. A rule is not checked when either value is missing: missing is not zero.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

PARTS = ("value", "numerator", "denominator")

COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}

_TERM = re.compile(r"^(?P<code>[^.\[\]\s]+)\.(?P<part>[^.\[\]\s]+)(?:\[(?P<key>[^\[\]]*)\])?$")

#: (indicator code, part, disaggregation key) -> the number entered, or None if missing.
Values = Mapping[tuple[str, str, str], Decimal | None]


class TermError(ValueError):
    """A term that does not follow the grammar; the message says what is wrong."""


@dataclass(frozen=True)
class Term:
    indicator_code: str
    part: str
    #: "" for the total, otherwise ``dimension=category`` pairs joined by ";".
    disaggregation: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.indicator_code, self.part, self.disaggregation)

    def pairs(self) -> list[tuple[str, str]]:
        """The disaggregation as (dimension, category) pairs, in the order written."""
        if not self.disaggregation:
            return []
        return [
            (dimension, category)
            for dimension, _, category in (
                pair.partition("=") for pair in self.disaggregation.split(";")
            )
        ]

    def __str__(self) -> str:
        suffix = f"[{self.disaggregation}]" if self.disaggregation else ""
        return f"{self.indicator_code}.{self.part}{suffix}"


def parse_term(text: str) -> Term:
    """Read ``CODE.part`` or ``CODE.part[dimension=category;...]``."""
    match = _TERM.match(text.strip())
    if match is None:
        raise TermError(f"{text!r} is not a term; write CODE.part or CODE.part[dimension=category]")
    part = match["part"]
    if part not in PARTS:
        raise TermError(f"part {part!r} in {text!r} is not one of {', '.join(PARTS)}")
    key = match["key"]
    if key is not None:
        pairs = key.split(";")
        for pair in pairs:
            dimension, equals, category = pair.partition("=")
            if not equals or not dimension.strip() or not category.strip():
                raise TermError(
                    f"{pair!r} in {text!r} is not dimension=category; "
                    "leave the brackets out for the total"
                )
        key = ";".join(pair.strip() for pair in pairs)
    return Term(match["code"], part, key or "")


class RuleLike(Protocol):
    """What evaluation needs of a rule: the stored model and the file's definition both fit."""

    @property
    def code(self) -> str: ...

    @property
    def left(self) -> str: ...

    @property
    def operator(self) -> str: ...

    @property
    def right(self) -> str: ...

    @property
    def message(self) -> str: ...


@dataclass(frozen=True)
class Violation:
    rule_code: str
    message: str
    left: Term
    left_value: Decimal
    operator: str
    right: Term
    right_value: Decimal

    def describe(self) -> str:
        """The rule's message with the numbers that broke it."""
        return (
            f"{self.message} ({self.left} is {format_number(self.left_value)}, "
            f"{self.right} is {format_number(self.right_value)})"
        )


def format_number(number: Decimal) -> str:
    """A number without trailing zeros or exponent: 12.5000 -> "12.5", 1E+2 -> "100"."""
    return f"{number.normalize():f}"


def rule_terms(rule: RuleLike) -> tuple[Term, Term]:
    return parse_term(rule.left), parse_term(rule.right)


def evaluate(rules: Iterable[RuleLike], values: Values) -> list[Violation]:
    """The rules that the values break; a rule with a missing side is not checked."""
    violations = []
    for rule in rules:
        left, right = rule_terms(rule)
        left_value = values.get(left.key)
        right_value = values.get(right.key)
        if left_value is None or right_value is None:
            continue
        if not COMPARISONS[rule.operator](left_value, right_value):
            violations.append(
                Violation(
                    rule_code=rule.code,
                    message=rule.message,
                    left=left,
                    left_value=left_value,
                    operator=rule.operator,
                    right=right,
                    right_value=right_value,
                )
            )
    return violations
