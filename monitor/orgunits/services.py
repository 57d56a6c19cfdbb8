"""Changes to the hierarchy. The closure table is kept right by every function here."""

from __future__ import annotations

from sqlalchemy import insert, select

from monitor.database import session
from monitor.orgunits.models import OrgUnit, OrgUnitAncestor, OrgUnitLevel


def add_org_unit(code: str, name: str, level: OrgUnitLevel, parent: OrgUnit | None) -> OrgUnit:
    """Create one unit below ``parent`` with its ancestry rows."""
    unit = OrgUnit(
        code=code,
        name=name,
        level=level,
        parent=parent,
        depth=0 if parent is None else parent.depth + 1,
    )
    session.add(unit)
    session.flush()
    ancestry = [{"ancestor_id": unit.id, "descendant_id": unit.id, "distance": 0}]
    if parent is not None:
        rows = session.execute(
            select(OrgUnitAncestor.ancestor_id, OrgUnitAncestor.distance).where(
                OrgUnitAncestor.descendant_id == parent.id
            )
        )
        ancestry += [
            {"ancestor_id": ancestor_id, "descendant_id": unit.id, "distance": distance + 1}
            for ancestor_id, distance in rows
        ]
    session.execute(insert(OrgUnitAncestor), ancestry)
    return unit
