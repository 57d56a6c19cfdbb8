"""Storing a framework: once per version, never changed, with its agencies, forms and rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from indicators import services
from indicators.definitions import FrameworkError
from indicators.loader import DEFAULT_FRAMEWORK, sync_framework
from indicators.models import Form, Framework, Indicator, ValidationRule
from monitor.accounts.models import Agency
from monitor.audit.models import AuditEvent
from monitor.orgunits.models import ReportingLevel
from tests.indicators.framework_text import VALID, changed, write


def count(model: type) -> int:
    from monitor.database import session

    return session.scalar(select(func.count()).select_from(model)) or 0


def shipped_text() -> str:
    return DEFAULT_FRAMEWORK.read_text(encoding="utf-8")


def test_every_test_starts_with_the_shipped_framework_loaded(db):
    framework = services.current_framework()

    assert framework is not None
    assert (framework.code, framework.version) == ("ph-cwc", "2026.1")
    assert len(framework.indicators) >= 35
    assert [domain.title for domain in framework.domains] == [
        "Survival",
        "Development",
        "Protection",
        "Participation",
        "Governance",
    ]


def test_loading_the_same_file_again_changes_nothing_and_says_so(db):
    before = (count(Framework), count(Indicator), count(Form), count(AuditEvent))

    result = sync_framework(DEFAULT_FRAMEWORK)

    assert not result.created
    assert "already loaded with the same content; nothing changed" in result.describe()
    assert (count(Framework), count(Indicator), count(Form), count(AuditEvent)) == before


def test_the_same_version_with_other_content_is_refused_as_immutable(db, tmp_path: Path):
    edited = shipped_text().replace(
        'title = "Fully immunized children (FIC) coverage"', 'title = "FIC coverage"'
    )
    before = count(Indicator)

    with pytest.raises(FrameworkError) as raised:
        sync_framework(write(tmp_path, edited, "ph-cwc-2026.1.toml"))

    assert (
        "framework ph-cwc version 2026.1 is already loaded and is immutable; "
        "a new version is a new file" in raised.value.problems[0]
    )
    assert count(Indicator) == before


def test_a_new_version_is_stored_beside_the_old_and_becomes_current(db, tmp_path: Path):
    text = shipped_text().replace('version = "2026.1"', 'version = "2026.2"')
    agencies_before = count(Agency)

    result = sync_framework(write(tmp_path, text, "ph-cwc-2026.2.toml"))

    assert result.created
    assert result.describe().startswith("Loaded framework ph-cwc version 2026.2")
    assert services.current_framework() == result.framework
    assert count(Framework) == 2
    assert count(Agency) == agencies_before


def test_loading_records_an_audit_event(db, tmp_path: Path):
    result = sync_framework(write(tmp_path, VALID))

    event = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "framework",
            AuditEvent.entity_id == str(result.framework.id),
        )
    )
    assert event is not None
    assert event.action == "loaded"
    assert event.new_values["version"] == "1"
    assert event.new_values["forms"] == ["barangay-annual", "doh-city_municipality-quarterly"]


def test_agencies_are_created_when_absent_and_keep_their_name_when_present(db, tmp_path: Path):
    text = changed(
        '[[agencies]]\ncode = "DOH"',
        '[[agencies]]\ncode = "NNC"\nname = "National Nutrition Council"\n\n'
        '[[agencies]]\ncode = "DOH"',
    )

    result = sync_framework(write(tmp_path, text))

    assert result.agencies_created == ("NNC",)
    nnc = db.scalar(select(Agency).where(Agency.code == "NNC"))
    doh = db.scalar(select(Agency).where(Agency.code == "DOH"))
    assert nnc is not None and nnc.name == "National Nutrition Council"
    assert doh is not None and doh.name == "DOH (test)"


def test_forms_are_derived_per_source_level_and_frequency(db):
    framework = services.current_framework()
    forms = {form.code: form for form in services.framework_forms(framework)}

    barangay = forms["barangay-quarterly"]
    assert barangay.title == "Barangay quarterly report"
    assert barangay.agency is None
    assert barangay.level is ReportingLevel.BARANGAY
    assert "SUR-01" in [indicator.code for indicator in barangay.indicators]

    doh = forms["doh-city_municipality-annual"]
    assert doh.title == "DOH city/municipal annual return"
    assert doh.agency is not None and doh.agency.code == "DOH"
    assert {indicator.code for indicator in doh.indicators} == {"SUR-09", "SUR-10"}


def test_indicators_keep_every_declared_field(db):
    framework = services.current_framework()
    indicator = services.find_indicator(framework, "SUR-09")

    assert indicator is not None
    assert indicator.unit_label == "Rate per 1,000"
    assert indicator.parts == ("numerator", "denominator")
    assert indicator.disaggregations == ["sex"]
    assert indicator.target == 25
    assert indicator.sensitive
    assert indicator.references[0].startswith("SDG3.2.1: ")
    assert indicator.domain.code == "SUR"


def test_rules_for_a_form_are_those_whose_terms_it_files(db):
    framework = services.current_framework()
    forms = {form.code: form for form in services.framework_forms(framework)}

    barangay_rules = {rule.code for rule in services.rules_for_form(forms["barangay-annual"])}
    dswd_rules = {
        rule.code for rule in services.rules_for_form(forms["dswd-city_municipality-quarterly"])
    }

    assert "stunted-within-measured" in barangay_rules
    assert "managed-within-reported" not in barangay_rules
    assert dswd_rules == {"managed-within-reported"}
    assert count(ValidationRule) >= 10
