"""The framework pages: read-only, for every signed-in user. A council adopts the framework
by loading a file; nothing here changes it."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import login_required

from indicators import services
from indicators.models import BARANGAY_SOURCE, Indicator, UnitKind
from indicators.rules import format_number, rule_terms

blueprint = Blueprint("indicators", __name__)

OPERATOR_SIGNS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "="}


@blueprint.route("/framework")
@login_required
def framework() -> str:
    current = services.current_framework()
    forms = services.framework_forms(current) if current else []
    return render_template(
        "indicators/framework.html",
        framework=current,
        forms=forms,
        reporter=reporter,
        target_text=target_text,
    )


@blueprint.route("/framework/indicators/<code>")
@login_required
def indicator(code: str) -> str:
    current = services.current_framework()
    found = services.find_indicator(current, code) if current else None
    if found is None:
        abort(404)
    rules = [(rule, *rule_terms(rule)) for rule in services.rules_for_indicator(found)]
    return render_template(
        "indicators/indicator.html",
        indicator=found,
        dimensions=services.indicator_dimensions(found),
        rules=rules,
        reporter=reporter,
        target_text=target_text,
        operators=OPERATOR_SIGNS,
        number=format_number,
    )


def reporter(indicator: Indicator, *, full: bool = False) -> str:
    """Who files the indicator: "Barangay form", "DOH", or with ``full`` the agency's name."""
    if indicator.source == BARANGAY_SOURCE:
        return "Barangay form"
    agency = indicator.form.agency
    if full and agency is not None:
        return f"{agency.code} ({agency.name})"
    return indicator.source


def target_text(indicator: Indicator) -> str:
    """The target in the indicator's unit: "95%", "25 per 1,000", "Yes"; "" if none."""
    if indicator.target is None:
        return ""
    if indicator.unit is UnitKind.YES_NO:
        return "Yes" if indicator.target == 1 else "No"
    number = format_number(indicator.target)
    if indicator.unit is UnitKind.PERCENT:
        return f"{number}%"
    if indicator.unit is UnitKind.RATE and indicator.multiplier:
        return f"{number} per {indicator.multiplier:,}"
    return number
