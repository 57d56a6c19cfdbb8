"""Small factories for test data, going through the same services the app uses."""

from __future__ import annotations

from sqlalchemy import select

from monitor.accounts import services as accounts
from monitor.accounts.models import Agency, Role, User
from monitor.database import session
from monitor.orgunits.models import OrgUnit, OrgUnitLevel
from monitor.orgunits.services import add_org_unit

PASSWORD = "correct horse battery"


def org_unit(code: str) -> OrgUnit:
    unit = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    assert unit is not None, f"no org unit {code} in the test data"
    return unit


def agency(code: str) -> Agency:
    found = session.scalar(select(Agency).where(Agency.code == code))
    if found is None:
        found = Agency(code=code, name=f"{code} (test)")
        session.add(found)
        session.flush()
    return found


def user(
    role: Role,
    area_code: str,
    *,
    username: str | None = None,
    agency_code: str | None = None,
    password: str = PASSWORD,
) -> User:
    created = accounts.create_user(
        username=username or f"{role.value}-{area_code}",
        full_name=f"Test {role.label}",
        role=role,
        area=org_unit(area_code),
        agency=agency(agency_code) if agency_code else None,
        password=password,
        must_change_password=False,
    )
    session.flush()
    return created


def add_unit(code: str, name: str, level: OrgUnitLevel, parent_code: str | None) -> OrgUnit:
    parent = org_unit(parent_code) if parent_code else None
    return add_org_unit(code, name, level, parent)
