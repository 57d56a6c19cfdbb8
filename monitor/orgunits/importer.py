"""Reading a hierarchy file and working out what importing it would change.

Nothing here touches the database: ``read_units`` parses and checks the rows of a file, and
``plan_import`` compares them with the units already stored. The services module applies
the plan. The file describes the whole hierarchy, so a stored unit it leaves out is retired.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from monitor.orgunits.models import OrgUnitChangeKind, OrgUnitLevel

COLUMNS = ("code", "name", "level", "parent_code")
CODE_LENGTH = 20
NAME_LENGTH = 200

_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LEVEL_NAMES = ", ".join(level.value for level in OrgUnitLevel)


@dataclass(frozen=True)
class UnitRow:
    """One unit as a file gives it, with the line it came from."""

    line: int
    code: str
    name: str
    level: OrgUnitLevel
    parent_code: str | None


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be imported, pointing at a line and column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, column {self.column}: {self.message}"


class HierarchyFileError(ValueError):
    """A file that cannot be imported; ``problems`` holds every reason, in line order."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda problem: (problem.line, problem.column))
        count = len(self.problems)
        super().__init__(f"{source}: {count} problem{'s' if count != 1 else ''}; nothing saved")


@dataclass
class ParsedFile:
    """The valid rows of a file, the problems found, and every code it mentions."""

    rows: list[UnitRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)


def read_units_from_bytes(content: bytes) -> ParsedFile:
    """Decode a file's bytes as UTF-8 (with or without a byte-order mark) and read its units."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        return ParsedFile(
            problems=[Problem(line, "file", "not UTF-8 text; save the file as UTF-8 CSV")]
        )
    return read_units(io.StringIO(text, newline=""))


def read_units(stream: TextIO) -> ParsedFile:
    """Parse a CSV with the header code,name,level,parent_code and check each row alone."""
    parsed = ParsedFile()
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
        if header is None:
            parsed.problems.append(Problem(1, "header", "the file is empty"))
            return parsed
        positions = _header_positions(header, parsed)
        if positions is None:
            return parsed
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            _read_row(reader.line_num, values, positions, parsed)
    except csv.Error as error:
        parsed.problems.append(Problem(reader.line_num, "file", f"not readable as CSV: {error}"))
    return parsed


def _header_positions(header: list[str], parsed: ParsedFile) -> dict[str, int] | None:
    names = [name.strip().lower() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        parsed.problems.append(
            Problem(
                1,
                "header",
                f"missing column {', '.join(missing)}; the header must be {','.join(COLUMNS)}",
            )
        )
        return None
    return {column: names.index(column) for column in COLUMNS}


def _read_row(line: int, values: list[str], positions: dict[str, int], parsed: ParsedFile) -> None:
    def value(column: str) -> str:
        position = positions[column]
        return values[position].strip() if position < len(values) else ""

    code, name, level_name, parent_code = (value(column) for column in COLUMNS)
    problems: list[Problem] = []

    if not code:
        problems.append(Problem(line, "code", "the code is empty"))
    elif len(code) > CODE_LENGTH or not _CODE_PATTERN.fullmatch(code):
        problems.append(
            Problem(
                line,
                "code",
                f"{code!r} is not a code: use up to {CODE_LENGTH} letters, digits, dots, "
                "hyphens or underscores",
            )
        )
    elif code in parsed.codes:
        problems.append(
            Problem(line, "code", f"{code} is a duplicate of line {parsed.codes[code]}")
        )
    else:
        parsed.codes[code] = line

    if not name:
        problems.append(Problem(line, "name", "the name is empty"))
    elif len(name) > NAME_LENGTH:
        problems.append(Problem(line, "name", f"longer than {NAME_LENGTH} characters"))

    level = _level(level_name)
    if level is None:
        problems.append(
            Problem(line, "level", f"{level_name!r} is not a level; use one of {_LEVEL_NAMES}")
        )

    if problems or level is None:
        parsed.problems.extend(problems)
        return
    parsed.rows.append(UnitRow(line, code, name, level, parent_code or None))


def _level(name: str) -> OrgUnitLevel | None:
    try:
        return OrgUnitLevel(name.lower())
    except ValueError:
        return None


@dataclass(frozen=True)
class StoredUnit:
    """What the database holds of a unit before an import."""

    id: int
    code: str
    name: str
    level: OrgUnitLevel
    parent_code: str | None
    depth: int
    retired_at: datetime | None

    @property
    def active(self) -> bool:
        return self.retired_at is None


@dataclass(frozen=True)
class Change:
    """One change an import makes to one unit."""

    code: str
    kind: OrgUnitChangeKind
    level: OrgUnitLevel
    old_value: str | None = None
    new_value: str | None = None


@dataclass
class ImportPlan:
    """Everything an import will do, worked out before anything is written."""

    rows: dict[str, UnitRow]
    changes: list[Change]
    #: Parent code of every unit after the import, stored units left out of the file included.
    parents: dict[str, str | None]
    depths: dict[str, int]
    #: Units whose ancestry rows must be written afresh: new ones and every unit below a move.
    reancestored: set[str]
    retired: set[str]

    def ancestry(self, code: str) -> list[str]:
        """The unit's own code, then its parent's, up to the root."""
        chain = [code]
        parent = self.parents[code]
        while parent is not None:
            chain.append(parent)
            parent = self.parents[parent]
        return chain

    def counts(self) -> dict[str, int]:
        counted = Counter(change.kind.value for change in self.changes)
        return {kind.value: counted.get(kind.value, 0) for kind in OrgUnitChangeKind}

    def counts_by_level(self) -> dict[str, dict[str, int]]:
        by_level: dict[str, Counter[str]] = defaultdict(Counter)
        for change in self.changes:
            by_level[change.level.value][change.kind.value] += 1
        return {
            level.value: dict(by_level[level.value])
            for level in OrgUnitLevel
            if level.value in by_level
        }

    def units_by_level(self) -> dict[str, int]:
        counted = Counter(row.level.value for row in self.rows.values())
        return {level.value: counted[level.value] for level in OrgUnitLevel if counted[level.value]}


def plan_import(parsed: ParsedFile, stored: Mapping[str, StoredUnit], source: str) -> ImportPlan:
    """Compare the file with the stored units; raise HierarchyFileError listing every problem."""
    rows = {row.code: row for row in parsed.rows}
    problems = list(parsed.problems)
    problems += _parent_problems(parsed, stored)
    problems += _cycle_problems(rows)
    if problems:
        raise HierarchyFileError(source, problems)

    parents: dict[str, str | None] = {code: row.parent_code for code, row in rows.items()}
    for code, stored_unit in stored.items():
        parents.setdefault(code, stored_unit.parent_code)
    depths = _depths(parents)

    changes = [change for row in rows.values() for change in _changes(row, stored.get(row.code))]
    retired = sorted(code for code, unit in stored.items() if unit.active and code not in rows)
    changes += [Change(code, OrgUnitChangeKind.RETIRED, stored[code].level) for code in retired]

    added = {code for code in rows if code not in stored}
    moved = {change.code for change in changes if change.kind is OrgUnitChangeKind.MOVED}
    return ImportPlan(
        rows=rows,
        changes=changes,
        parents=parents,
        depths=depths,
        reancestored=added | _subtrees(moved, parents),
        retired=set(retired),
    )


def _changes(row: UnitRow, unit: StoredUnit | None) -> list[Change]:
    """What a row of the file does to the stored unit of its code, if there is one."""
    if unit is None:
        return [Change(row.code, OrgUnitChangeKind.ADDED, row.level, None, row.name)]
    changes = []
    if not unit.active:
        changes.append(Change(row.code, OrgUnitChangeKind.RESTORED, row.level))
    if unit.name != row.name:
        changes.append(Change(row.code, OrgUnitChangeKind.RENAMED, row.level, unit.name, row.name))
    if unit.parent_code != row.parent_code:
        changes.append(
            Change(row.code, OrgUnitChangeKind.MOVED, row.level, unit.parent_code, row.parent_code)
        )
    if unit.level is not row.level:
        changes.append(
            Change(
                row.code, OrgUnitChangeKind.RELEVELLED, row.level, unit.level.value, row.level.value
            )
        )
    return changes


def _parent_problems(parsed: ParsedFile, stored: Mapping[str, StoredUnit]) -> list[Problem]:
    problems = []
    for row in parsed.rows:
        parent = row.parent_code
        if parent is None or parent in parsed.codes:
            continue
        unit = stored.get(parent)
        if unit is not None and unit.active:
            message = (
                f"the parent {parent} ({unit.name}) is not in the file, so it would be retired "
                "while this unit stays; add it to the file or leave this unit out too"
            )
        else:
            message = f"the parent {parent} is not a code in this file"
        problems.append(Problem(row.line, "parent_code", message))
    return problems


def _cycle_problems(rows: Mapping[str, UnitRow]) -> list[Problem]:
    """One problem per cycle of parents, at the first line of the cycle."""
    problems = []
    settled: set[str] = set()
    for start in rows:
        path: list[str] = []
        on_path: set[str] = set()
        code: str | None = start
        while code is not None and code in rows and code not in settled:
            if code in on_path:
                cycle = path[path.index(code) :]
                first = min(cycle, key=lambda member: rows[member].line)
                members = " > ".join(f"{member} (line {rows[member].line})" for member in cycle)
                problems.append(
                    Problem(
                        rows[first].line,
                        "parent_code",
                        f"the parents form a cycle: {members} > {code}; a unit cannot be "
                        "below itself",
                    )
                )
                break
            path.append(code)
            on_path.add(code)
            code = rows[code].parent_code
        settled.update(path)
    return problems


def _depths(parents: Mapping[str, str | None]) -> dict[str, int]:
    depths: dict[str, int] = {}
    for start in parents:
        chain = []
        code: str | None = start
        while code is not None and code not in depths:
            chain.append(code)
            code = parents[code]
        depth = -1 if code is None else depths[code]
        for member in reversed(chain):
            depth += 1
            depths[member] = depth
    return depths


def _subtrees(tops: set[str], parents: Mapping[str, str | None]) -> set[str]:
    """The given units and every unit below them."""
    if not tops:
        return set()
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in parents.items():
        if parent is not None:
            children[parent].append(code)
    found = set()
    waiting = list(tops)
    while waiting:
        code = waiting.pop()
        if code not in found:
            found.add(code)
            waiting.extend(children[code])
    return found
