"""Changes to the hierarchy. The closure table is kept right by every function here."""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, cast

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import aliased

from monitor.audit.services import CLI_ACTOR, record
from monitor.database import session, utcnow
from monitor.orgunits import psgc
from monitor.orgunits.importer import (
    HierarchyFileError,
    ImportPlan,
    ParsedFile,
    Problem,
    StoredUnit,
    UnitRow,
    plan_import,
    read_units_from_bytes,
)
from monitor.orgunits.models import (
    HierarchyImport,
    OrgUnit,
    OrgUnitAncestor,
    OrgUnitChange,
    OrgUnitLevel,
)

log = logging.getLogger(__name__)

unit_table = cast(Table, OrgUnit.__table__)
ancestor_table = cast(Table, OrgUnitAncestor.__table__)
change_table = cast(Table, OrgUnitChange.__table__)

#: Rows per statement when deleting by a list of ids, well below every backend's limit.
CHUNK = 500


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


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the id of its record, and the counts it reports."""

    import_id: int
    source: str
    release: str | None
    counts: dict[str, int]
    counts_by_level: dict[str, dict[str, int]]
    units_by_level: dict[str, int]


def read_psgc(path: Path | None = None, *, within: str | None = None) -> ParsedFile:
    """The units of the shipped PSGC file (or another in its format), the country as root.

    ``within`` keeps one unit's subtree and the units above it: the demo loads one province.
    """
    parsed = _read_file(path or psgc.SHIPPED_FILE)
    if psgc.COUNTRY_CODE not in parsed.codes:
        # Files in this format list regions under the country code without a row for it.
        parsed.rows.insert(
            0, UnitRow(1, psgc.COUNTRY_CODE, psgc.COUNTRY_NAME, OrgUnitLevel.COUNTRY, None)
        )
        parsed.codes[psgc.COUNTRY_CODE] = 1
    return parsed if within is None else _subtree_of(parsed, within)


def _subtree_of(parsed: ParsedFile, code: str) -> ParsedFile:
    parents = {row.code: row.parent_code for row in parsed.rows}
    if code not in parents:
        problem = Problem(1, "code", f"no unit of the file has the code {code}")
        raise HierarchyFileError(code, [problem])
    above: set[str] = set()
    parent = parents[code]
    while parent is not None:
        above.add(parent)
        parent = parents.get(parent)

    def in_subtree(unit_code: str | None) -> bool:
        while unit_code is not None:
            if unit_code == code:
                return True
            unit_code = parents.get(unit_code)
        return False

    rows = [row for row in parsed.rows if row.code in above or in_subtree(row.code)]
    return ParsedFile(
        rows=rows,
        problems=list(parsed.problems),
        codes={row.code: row.line for row in rows},
    )


def import_psgc(
    path: Path | None = None, *, within: str | None = None, actor: str | None = None
) -> ImportResult:
    """Import the PSGC file shipped with the package, or another file in the same format.

    With ``within``, only that unit's subtree and the units above it; the file describes
    the whole hierarchy, so units already stored outside it are retired.
    """
    path = path or psgc.SHIPPED_FILE
    parsed = read_psgc(path, within=within)
    return import_units(parsed, source=path.name, release=psgc.release_of(path), actor=actor)


def import_csv(path: Path, *, actor: str | None = None) -> ImportResult:
    """Import a CSV of code, name, level and parent code describing the whole hierarchy."""
    return import_units(_read_file(path), source=path.name, release=None, actor=actor)


def _read_file(path: Path) -> ParsedFile:
    content = path.read_bytes()
    if path.suffix == ".gz":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error) as error:
            problem = Problem(1, "file", f"not a readable gzip file ({error})")
            raise HierarchyFileError(path.name, [problem]) from None
    return read_units_from_bytes(content)


def import_units(
    parsed: ParsedFile, *, source: str, release: str | None, actor: str | None = None
) -> ImportResult:
    """Bring the stored hierarchy in line with the file; all of it, or nothing if it has errors.

    The caller commits. If the file has any problem, HierarchyFileError is raised before
    anything is written.
    """
    stored = _stored_units()
    plan = plan_import(parsed, stored, source)
    now = utcnow()
    actor = actor or _current_actor()

    hierarchy_import = HierarchyImport(
        source=source[:200],
        release=release,
        imported_at=now,
        imported_by=actor,
        summary={
            "counts": plan.counts(),
            "by_level": plan.counts_by_level(),
            "units_in_file": plan.units_by_level(),
        },
    )
    session.add(hierarchy_import)
    session.flush()
    import_id = hierarchy_import.id

    ids = {code: unit.id for code, unit in stored.items()}
    ids.update(_insert_new_units(plan, stored, now))
    _update_changed_units(plan, stored, ids, now)
    _rewrite_ancestry(plan, stored, ids)
    _insert_changes(plan, ids, import_id)
    # The rows were written past the ORM; loaded units must not keep their old state.
    session.expire_all()

    counts = plan.counts()
    record(
        "imported",
        "hierarchy_import",
        import_id,
        new={"source": source, "release": release, **counts},
        actor=actor,
    )
    log.info("Imported %s: %s", source, counts)
    return ImportResult(
        import_id=import_id,
        source=source,
        release=release,
        counts=counts,
        counts_by_level=plan.counts_by_level(),
        units_by_level=plan.units_by_level(),
    )


def _current_actor() -> str:
    if has_request_context() and current_user.is_authenticated:
        return str(current_user.username)
    return CLI_ACTOR


def _stored_units() -> dict[str, StoredUnit]:
    parent = aliased(OrgUnit)
    rows = session.execute(
        select(
            OrgUnit.id,
            OrgUnit.code,
            OrgUnit.name,
            OrgUnit.level,
            parent.code,
            OrgUnit.depth,
            OrgUnit.retired_at,
        ).outerjoin(parent, OrgUnit.parent_id == parent.id)
    )
    return {row[1]: StoredUnit(*row) for row in rows}


def _insert_new_units(
    plan: ImportPlan, stored: dict[str, StoredUnit], now: datetime
) -> dict[str, int]:
    """Insert the units the database lacks, parents first, and return their ids by code."""
    new_rows = sorted(
        (row for code, row in plan.rows.items() if code not in stored),
        key=lambda row: plan.depths[row.code],
    )
    codes = [row.code for row in new_rows]
    new_ids = dict(zip(codes, _allocate_unit_ids(len(codes)), strict=True))
    ids = {code: unit.id for code, unit in stored.items()} | new_ids
    _bulk_insert(
        unit_table,
        ("id", "code", "name", "level", "parent_id", "depth", "created_at"),
        [
            (
                new_ids[row.code],
                row.code,
                row.name,
                row.level.value,
                ids[row.parent_code] if row.parent_code else None,
                plan.depths[row.code],
                now,
            )
            for row in new_rows
        ],
    )
    return new_ids


def _allocate_unit_ids(count: int) -> list[int]:
    """Ids for new units, known before they are inserted so that children can name parents."""
    if count == 0:
        return []
    if session.connection().dialect.name == "postgresql":
        return list(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence('org_unit', 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
        )
    # The import has already written its own record, so this transaction holds SQLite's write
    # lock and no other writer can take these ids first.
    highest = session.scalar(select(func.max(OrgUnit.id))) or 0
    return list(range(highest + 1, highest + 1 + count))


def _update_changed_units(
    plan: ImportPlan, stored: dict[str, StoredUnit], ids: dict[str, int], now: datetime
) -> None:
    values = []
    for code, unit in stored.items():
        row = plan.rows.get(code)
        if row is None:
            # Left out of the file: the unit keeps its place and is retired, if not already.
            name, level, parent_code = unit.name, unit.level, unit.parent_code
            retired_at = now if code in plan.retired else unit.retired_at
        else:
            name, level, parent_code, retired_at = row.name, row.level, row.parent_code, None
        depth = plan.depths[code]
        before = (unit.name, unit.level, unit.parent_code, unit.depth, unit.retired_at)
        if (name, level, parent_code, depth, retired_at) == before:
            continue
        values.append(
            {
                "unit_id": unit.id,
                "new_name": name,
                "new_level": level,
                "new_parent_id": ids[parent_code] if parent_code else None,
                "new_depth": depth,
                "new_retired_at": retired_at,
            }
        )
    if values:
        statement = (
            update(unit_table)
            .where(unit_table.c.id == bindparam("unit_id"))
            .values(
                name=bindparam("new_name"),
                level=bindparam("new_level"),
                parent_id=bindparam("new_parent_id"),
                depth=bindparam("new_depth"),
                retired_at=bindparam("new_retired_at"),
            )
        )
        session.execute(statement, values)


def _rewrite_ancestry(plan: ImportPlan, stored: dict[str, StoredUnit], ids: dict[str, int]) -> None:
    """Replace the ancestry rows of every unit whose chain of parents is new or changed."""
    stale = [ids[code] for code in plan.reancestored if code in stored]
    for chunk in _chunks(stale, CHUNK):
        session.execute(delete(OrgUnitAncestor).where(OrgUnitAncestor.descendant_id.in_(chunk)))

    rows = []
    for code in plan.reancestored:
        descendant_id = ids[code]
        for distance, ancestor in enumerate(plan.ancestry(code)):
            rows.append((ids[ancestor], descendant_id, distance))
    _bulk_insert(ancestor_table, ("ancestor_id", "descendant_id", "distance"), rows)


def _insert_changes(plan: ImportPlan, ids: dict[str, int], import_id: int) -> None:
    _bulk_insert(
        change_table,
        ("import_id", "org_unit_id", "kind", "old_value", "new_value"),
        [
            (import_id, ids[change.code], change.kind.value, change.old_value, change.new_value)
            for change in plan.changes
        ],
    )


def _bulk_insert(table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, executemany elsewhere.

    Values must already be in their stored form (enum values, UTC datetimes): COPY bypasses
    the column types' own processing.
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # COPY loads the national hierarchy several times faster than executemany.
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        driver_connection: Any = connection.connection.driver_connection
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
