"""Role permissions and the scoping of queries to a user's area and agency."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from monitor.accounts.access import (
    ROLE_PERMISSIONS,
    Permission,
    administers_whole_hierarchy,
    can_reach_org_unit,
    has_permission,
    scope_to_agency,
    scope_to_area,
)
from monitor.accounts.models import Agency, Role
from monitor.orgunits.models import OrgUnit
from tests import factories

NAGA_AND_ITS_BARANGAYS = {"0501724000", "0501724001", "0501724002"}
MAGARAO_AND_ITS_BARANGAYS = {"0501720000", "0501720001", "0501720002"}


def visible_unit_codes(user) -> set[str]:
    from monitor.database import session

    return set(session.scalars(scope_to_area(select(OrgUnit.code), user, OrgUnit.id)))


def test_reviewer_of_a_city_sees_its_barangays_and_not_the_next_municipality(db):
    reviewer = factories.user(Role.REVIEWER, "0501724000")

    assert visible_unit_codes(reviewer) == NAGA_AND_ITS_BARANGAYS


def test_reader_of_a_province_sees_every_city_and_municipality_in_it(db):
    reader = factories.user(Role.READER, "0501700000")

    assert visible_unit_codes(reader) == (
        {"0501700000"} | NAGA_AND_ITS_BARANGAYS | MAGARAO_AND_ITS_BARANGAYS
    )


def test_encoder_sees_only_their_own_barangay(db):
    encoder = factories.user(Role.ENCODER, "0501724001")

    assert visible_unit_codes(encoder) == {"0501724001"}


def test_administrator_of_the_country_sees_every_unit(db):
    administrator = factories.user(Role.ADMINISTRATOR, "0000000000")

    assert visible_unit_codes(administrator) == set(db.scalars(select(OrgUnit.code)))


def test_reaching_one_unit_follows_the_same_rule(db):
    reviewer = factories.user(Role.REVIEWER, "0501724000")

    assert can_reach_org_unit(reviewer, factories.org_unit("0501724002").id)
    assert not can_reach_org_unit(reviewer, factories.org_unit("0501720001").id)
    assert not can_reach_org_unit(reviewer, factories.org_unit("0501700000").id)


def test_agency_staff_see_only_their_agency(db):
    staff = factories.user(Role.AGENCY_STAFF, "0501700000", agency_code="DOH")

    codes = db.scalars(scope_to_agency(select(Agency.code), staff, Agency.id)).all()

    assert codes == ["DOH"]


def test_other_roles_are_not_limited_by_agency(db):
    reader = factories.user(Role.READER, "0501700000")

    codes = set(db.scalars(scope_to_agency(select(Agency.code), reader, Agency.id)))

    assert codes == set(db.scalars(select(Agency.code)))
    assert len(codes) > 1


@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_administer(role):
    assert (Permission.ADMINISTER in ROLE_PERMISSIONS[role]) is (role is Role.ADMINISTRATOR)


def test_a_deactivated_user_holds_no_permission(db):
    from monitor.accounts import services

    administrator = factories.user(Role.ADMINISTRATOR, "0000000000")
    services.set_active(administrator, False)

    assert not has_permission(administrator, Permission.ADMINISTER)


def test_only_an_administrator_of_the_country_administers_the_whole_hierarchy(db):
    national = factories.user(Role.ADMINISTRATOR, "0000000000", username="national")
    regional = factories.user(Role.ADMINISTRATOR, "0500000000", username="regional")
    reader = factories.user(Role.READER, "0000000000", username="reader")

    assert administers_whole_hierarchy(national)
    assert not administers_whole_hierarchy(regional)
    assert not administers_whole_hierarchy(reader)
