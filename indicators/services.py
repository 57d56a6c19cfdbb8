"""Storing a checked framework, and finding what is stored. A stored version never changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from indicators.definitions import AgencyDefinition, FrameworkDefinition, FrameworkError
from indicators.models import (
    Dimension,
    Domain,
    Form,
    Framework,
    Indicator,
    ValidationRule,
)
from indicators.rules import rule_terms
from monitor.accounts.models import Agency
from monitor.audit.services import record
from monitor.database import session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncResult:
    """What syncing a framework file did."""

    framework: Framework
    created: bool
    agencies_created: tuple[str, ...] = ()

    def describe(self) -> str:
        framework = self.framework
        name = f"framework {framework.code} version {framework.version}"
        if not self.created:
            return f"The {name} is already loaded with the same content; nothing changed."
        forms = session.scalars(select(Form).where(Form.framework_id == framework.id)).all()
        rules = session.scalars(
            select(ValidationRule).where(ValidationRule.framework_id == framework.id)
        ).all()
        summary = (
            f"Loaded {name} ({framework.title}): {len(framework.indicators)} indicators in "
            f"{len(framework.domains)} domains, {len(forms)} forms, "
            f"{len(rules)} validation rules."
        )
        if self.agencies_created:
            summary += f" Agencies added: {', '.join(self.agencies_created)}."
        return summary


def store_framework(definition: FrameworkDefinition) -> SyncResult:
    """Store a checked framework once; the same version with other content is refused."""
    existing = session.scalar(
        select(Framework).where(
            Framework.code == definition.code, Framework.version == definition.version
        )
    )
    if existing is not None:
        if existing.checksum == definition.checksum:
            return SyncResult(existing, created=False)
        raise FrameworkError(
            [
                f"framework {definition.code} version {definition.version} is already loaded "
                "and is immutable; a new version is a new file (loaded checksum "
                f"{existing.checksum[:12]}, this file {definition.checksum[:12]})"
            ],
            definition.source_name,
        )

    agencies, agencies_created = _ensure_agencies(definition.agencies)
    framework = Framework(
        code=definition.code,
        version=definition.version,
        title=definition.title,
        checksum=definition.checksum,
        source_name=definition.source_name,
    )
    session.add(framework)
    session.flush()

    domains = {
        domain.code: Domain(
            framework=framework, code=domain.code, title=domain.title, position=position
        )
        for position, domain in enumerate(definition.domains, 1)
    }
    session.add_all(domains.values())
    session.add_all(
        Dimension(
            framework_id=framework.id,
            code=dimension.code,
            title=dimension.title,
            categories=[
                {"code": category.code, "label": category.label}
                for category in dimension.categories
            ],
        )
        for dimension in definition.dimensions
    )
    forms = {
        form.key: Form(
            framework_id=framework.id,
            code=form.code,
            title=form.title,
            source=form.source,
            agency=agencies.get(form.source),
            level=form.level,
            frequency=form.frequency,
        )
        for form in definition.forms
    }
    session.add_all(forms.values())
    session.add_all(
        Indicator(
            framework=framework,
            domain=domains[indicator.domain],
            form=forms[indicator.form_key],
            code=indicator.code,
            title=indicator.title,
            definition=indicator.definition,
            unit=indicator.unit,
            entry=indicator.entry,
            value_label=indicator.value_label,
            numerator_label=indicator.numerator_label,
            denominator_label=indicator.denominator_label,
            multiplier=indicator.multiplier,
            disaggregations=list(indicator.disaggregations),
            source=indicator.source,
            level=indicator.level,
            frequency=indicator.frequency,
            direction=indicator.direction,
            target=indicator.target,
            target_note=indicator.target_note,
            sensitive=indicator.sensitive,
            aggregation=indicator.aggregation,
            minimum=indicator.minimum,
            maximum=indicator.maximum,
            references=list(indicator.references),
            position=position,
        )
        for position, indicator in enumerate(definition.indicators, 1)
    )
    session.add_all(
        ValidationRule(
            framework_id=framework.id,
            code=rule.code,
            left=rule.left,
            operator=rule.operator,
            right=rule.right,
            message=rule.message,
        )
        for rule in definition.rules
    )
    session.flush()

    record(
        "loaded",
        "framework",
        framework.id,
        new={
            "code": definition.code,
            "version": definition.version,
            "checksum": definition.checksum,
            "file": definition.source_name,
            "indicators": len(definition.indicators),
            "forms": [form.code for form in definition.forms],
            "rules": len(definition.rules),
        },
    )
    log.info("Stored framework %s version %s", definition.code, definition.version)
    return SyncResult(framework, created=True, agencies_created=agencies_created)


def _ensure_agencies(
    definitions: tuple[AgencyDefinition, ...],
) -> tuple[dict[str, Agency], tuple[str, ...]]:
    """The framework's agencies, creating those not yet known; known ones keep their name."""
    agencies: dict[str, Agency] = {}
    created: list[str] = []
    for definition in definitions:
        agency = session.scalar(select(Agency).where(Agency.code == definition.code))
        if agency is None:
            agency = Agency(code=definition.code, name=definition.name)
            session.add(agency)
            session.flush()
            record("created", "agency", agency.id, new={"code": agency.code, "name": agency.name})
            created.append(agency.code)
        elif not agency.name.strip():
            agency.name = definition.name
            record("renamed", "agency", agency.id, old={"name": ""}, new={"name": agency.name})
        agencies[definition.code] = agency
    return agencies, tuple(created)


def current_framework() -> Framework | None:
    """The framework loaded most recently, which forms and reports work on."""
    return session.scalar(select(Framework).order_by(Framework.id.desc()).limit(1))


def framework_forms(framework: Framework) -> list[Form]:
    return list(
        session.scalars(select(Form).where(Form.framework_id == framework.id).order_by(Form.id))
    )


def framework_rules(framework: Framework) -> list[ValidationRule]:
    return list(
        session.scalars(
            select(ValidationRule)
            .where(ValidationRule.framework_id == framework.id)
            .order_by(ValidationRule.id)
        )
    )


def find_indicator(framework: Framework, code: str) -> Indicator | None:
    return session.scalar(
        select(Indicator).where(Indicator.framework_id == framework.id, Indicator.code == code)
    )


def indicator_dimensions(indicator: Indicator) -> list[Dimension]:
    """The indicator's dimensions, in the order their categories combine."""
    dimensions = session.scalars(
        select(Dimension).where(
            Dimension.framework_id == indicator.framework_id,
            Dimension.code.in_(indicator.disaggregations),
        )
    )
    by_code = {dimension.code: dimension for dimension in dimensions}
    return [by_code[code] for code in indicator.disaggregations if code in by_code]


def rules_for_form(form: Form) -> list[ValidationRule]:
    """The rules a form checks: the loader keeps both terms of a rule on one form."""
    codes = {indicator.code for indicator in form.indicators}
    framework = session.get_one(Framework, form.framework_id)
    return [
        rule for rule in framework_rules(framework) if rule_terms(rule)[0].indicator_code in codes
    ]


def rules_for_indicator(indicator: Indicator) -> list[ValidationRule]:
    """The rules in which the indicator takes part, on either side."""
    return [
        rule
        for rule in framework_rules(indicator.framework)
        if indicator.code in {term.indicator_code for term in rule_terms(rule)}
    ]
