"""Questions other packages ask of the hierarchy."""

from __future__ import annotations

from sqlalchemy import event

from monitor.accounts.models import Role
from monitor.database import session
from monitor.orgunits import queries
from monitor.orgunits.models import OrgUnitLevel
from tests import factories


def test_units_at_levels_below_an_area(app):
    camarines_sur = factories.org_unit("0501700000")

    barangays = queries.units_at_levels([OrgUnitLevel.BARANGAY], camarines_sur)

    assert [unit.code for unit in barangays] == [
        "0501720001",
        "0501720002",
        "0501724001",
        "0501724002",
    ]


def test_units_at_levels_are_limited_to_the_users_area(app):
    reviewer = factories.user(Role.REVIEWER, "0501612000")

    units = queries.units_at_levels(
        [OrgUnitLevel.MUNICIPALITY, OrgUnitLevel.BARANGAY], user=reviewer
    )

    assert [unit.code for unit in units] == ["0501612000", "0501612001"]


def test_units_at_levels_leave_out_retired_units(app):
    factories.org_unit("0501720001").retired_at = factories.org_unit("0501720001").created_at
    session.flush()

    codes = [unit.code for unit in queries.units_at_levels([OrgUnitLevel.BARANGAY])]

    assert "0501720001" not in codes
    assert "0501720002" in codes


def test_children_with_counts_counts_barangays_in_one_query(app):
    region = factories.org_unit("0500000000")
    statements: list[str] = []
    connection = session.connection()

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(connection, "before_cursor_execute", count)
    try:
        children = queries.children_with_counts(region)
    finally:
        event.remove(connection, "before_cursor_execute", count)

    assert [(child.unit.code, child.barangays) for child in children] == [
        ("0501600000", 1),
        ("0501700000", 4),
    ]
    assert len(statements) == 1


def test_roots_are_the_children_of_nothing(app):
    roots = queries.children_with_counts(None)

    assert [(root.unit.code, root.barangays) for root in roots] == [("0000000000", 5)]
