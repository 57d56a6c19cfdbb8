"""Read-only questions about the hierarchy, for every package.

Each function takes an optional ``user``: given one, the answer is limited to the user's area,
as every query returning org-unit data for a user must be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from monitor.accounts.access import in_area
from monitor.accounts.models import User
from monitor.database import session
from monitor.orgunits.models import (
    HierarchyImport,
    OrgUnit,
    OrgUnitAncestor,
    OrgUnitChange,
    OrgUnitLevel,
)

SEARCH_LIMIT = 50

# The area check's EXISTS names the closure table itself; joins here use an alias so that
# the check is not correlated with them.
closure = aliased(OrgUnitAncestor, name="closure")

StatementT = TypeVar("StatementT", bound=Select[*tuple[Any, ...]])


def _scoped(statement: StatementT, user: User | None) -> StatementT:
    return statement if user is None else statement.where(in_area(user, OrgUnit.id))


def units_at_levels(
    levels: Iterable[OrgUnitLevel], within: OrgUnit | None = None, *, user: User | None = None
) -> list[OrgUnit]:
    """Active units at the given levels, in code order; only those at or below ``within``."""
    statement = select(OrgUnit).where(OrgUnit.level.in_(list(levels)), OrgUnit.retired_at.is_(None))
    if within is not None:
        statement = statement.join(
            closure,
            and_(
                closure.descendant_id == OrgUnit.id,
                closure.ancestor_id == within.id,
            ),
        )
    return list(session.scalars(_scoped(statement, user).order_by(OrgUnit.code)))


@dataclass(frozen=True)
class ChildWithCount:
    """A direct child of a unit and the active barangays at or below it."""

    unit: OrgUnit
    barangays: int


def children_with_counts(
    unit: OrgUnit | None,
    *,
    user: User | None = None,
    include_retired: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[ChildWithCount]:
    """Direct children of ``unit`` (the roots for None) in code order, with their barangays."""
    barangay = aliased(OrgUnit)
    statement = (
        select(OrgUnit, func.count(barangay.id))
        .outerjoin(closure, closure.ancestor_id == OrgUnit.id)
        .outerjoin(
            barangay,
            and_(
                barangay.id == closure.descendant_id,
                barangay.level == OrgUnitLevel.BARANGAY,
                barangay.retired_at.is_(None),
            ),
        )
        .where(*_children_of(unit, include_retired))
        .group_by(OrgUnit.id)
        .order_by(OrgUnit.retired_at.is_not(None), OrgUnit.code)
        .offset(offset)
        .limit(limit)
    )
    rows = session.execute(_scoped(statement, user))
    return [ChildWithCount(child, count) for child, count in rows]


def count_children(
    unit: OrgUnit | None, *, user: User | None = None, include_retired: bool = False
) -> int:
    statement = select(func.count(OrgUnit.id)).where(*_children_of(unit, include_retired))
    return session.scalar(_scoped(statement, user)) or 0


def _children_of(unit: OrgUnit | None, include_retired: bool) -> list[ColumnElement[bool]]:
    conditions = [OrgUnit.parent_id.is_(None) if unit is None else OrgUnit.parent_id == unit.id]
    if not include_retired:
        conditions.append(OrgUnit.retired_at.is_(None))
    return conditions


def barangay_count(unit: OrgUnit) -> int:
    """Active barangays at or below ``unit``."""
    statement = (
        select(func.count(OrgUnit.id))
        .join(closure, closure.descendant_id == OrgUnit.id)
        .where(
            closure.ancestor_id == unit.id,
            OrgUnit.level == OrgUnitLevel.BARANGAY,
            OrgUnit.retired_at.is_(None),
        )
    )
    return session.scalar(statement) or 0


def ancestors(unit: OrgUnit, *, user: User | None = None) -> list[OrgUnit]:
    """The units above ``unit``, from the root down to its parent."""
    statement = (
        select(OrgUnit)
        .join(closure, closure.ancestor_id == OrgUnit.id)
        .where(closure.descendant_id == unit.id, closure.distance > 0)
        .order_by(closure.distance.desc())
    )
    return list(session.scalars(_scoped(statement, user)))


def find_by_code(code: str, *, user: User | None = None) -> OrgUnit | None:
    return session.scalar(_scoped(select(OrgUnit).where(OrgUnit.code == code), user))


def search(text: str, *, user: User | None = None, limit: int = SEARCH_LIMIT) -> list[OrgUnit]:
    """Units whose name contains ``text`` or whose code starts with it; exact codes first."""
    text = text.strip()
    if not text:
        return []
    statement = (
        select(OrgUnit)
        .where(
            or_(
                OrgUnit.name.icontains(text, autoescape=True),
                OrgUnit.code.startswith(text, autoescape=True),
            )
        )
        .order_by(
            OrgUnit.code != text,
            OrgUnit.retired_at.is_not(None),
            OrgUnit.depth,
            OrgUnit.name,
            OrgUnit.code,
        )
        .limit(limit)
    )
    return list(session.scalars(_scoped(statement, user)))


def places(units: Iterable[OrgUnit], *, user: User | None = None) -> dict[int, str]:
    """For each unit, the names of its parent and grandparent, to tell same-named units apart."""
    unit_ids = [unit.id for unit in units]
    if not unit_ids:
        return {}
    statement = (
        select(closure.descendant_id, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == closure.ancestor_id)
        .where(
            closure.descendant_id.in_(unit_ids),
            closure.distance.in_((1, 2)),
            OrgUnit.level != OrgUnitLevel.COUNTRY,
        )
        .order_by(closure.descendant_id, closure.distance)
    )
    names: dict[int, list[str]] = {}
    for descendant_id, name in session.execute(_scoped(statement, user)):
        names.setdefault(descendant_id, []).append(name)
    return {unit_id: ", ".join(found) for unit_id, found in names.items()}


def change_history(
    unit: OrgUnit, *, limit: int = 50
) -> list[tuple[OrgUnitChange, HierarchyImport]]:
    """What imports did to ``unit``, newest first."""
    statement = (
        select(OrgUnitChange, HierarchyImport)
        .join(HierarchyImport, HierarchyImport.id == OrgUnitChange.import_id)
        .where(OrgUnitChange.org_unit_id == unit.id)
        .order_by(HierarchyImport.imported_at.desc(), OrgUnitChange.id.desc())
        .limit(limit)
    )
    return [(change, hierarchy_import) for change, hierarchy_import in session.execute(statement)]
