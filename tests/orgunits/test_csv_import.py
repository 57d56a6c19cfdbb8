"""Importing a hierarchy from CSV over the base data: each kind of change, and each problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from monitor.audit.models import AuditEvent
from monitor.database import session
from monitor.orgunits import services
from monitor.orgunits.importer import HierarchyFileError
from monitor.orgunits.models import (
    HierarchyImport,
    OrgUnit,
    OrgUnitAncestor,
    OrgUnitChange,
    OrgUnitChangeKind,
    OrgUnitLevel,
)
from tests import factories
from tests.base_data import HIERARCHY

NO_CHANGES = {kind.value: 0 for kind in OrgUnitChangeKind}


def base_rows() -> list[list[str]]:
    return [[code, name, level.value, parent or ""] for code, name, level, parent in HIERARCHY]


def write_csv(
    directory: Path, rows: list[list[str]], header: str = "code,name,level,parent_code"
) -> Path:
    path = directory / "units.csv"
    lines = [header] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replace(rows: list[list[str]], code: str, **values: str) -> list[list[str]]:
    columns = ("code", "name", "level", "parent_code")
    changed = []
    for row in rows:
        if row[0] == code:
            row = [values.get(column, row[index]) for index, column in enumerate(columns)]
        changed.append(row)
    return changed


def without(rows: list[list[str]], *codes: str) -> list[list[str]]:
    return [row for row in rows if row[0] not in codes]


def import_rows(tmp_path: Path, rows: list[list[str]]) -> services.ImportResult:
    result = services.import_csv(write_csv(tmp_path, rows))
    session.flush()
    return result


def ancestry(code: str) -> list[tuple[str, int]]:
    ancestor = aliased(OrgUnit)
    rows = session.execute(
        select(ancestor.code, OrgUnitAncestor.distance)
        .join(OrgUnitAncestor, OrgUnitAncestor.ancestor_id == ancestor.id)
        .where(OrgUnitAncestor.descendant_id == factories.org_unit(code).id)
        .order_by(OrgUnitAncestor.distance)
    )
    return [(ancestor_code, distance) for ancestor_code, distance in rows]


def changes_of(result: services.ImportResult) -> list[tuple[str, str, str | None, str | None]]:
    rows = session.execute(
        select(OrgUnit.code, OrgUnitChange.kind, OrgUnitChange.old_value, OrgUnitChange.new_value)
        .join(OrgUnit, OrgUnit.id == OrgUnitChange.org_unit_id)
        .where(OrgUnitChange.import_id == result.import_id)
        .order_by(OrgUnit.code, OrgUnitChange.kind)
    )
    return [(code, kind.value, old, new) for code, kind, old, new in rows]


def test_importing_the_stored_hierarchy_changes_nothing(app, tmp_path):
    result = import_rows(tmp_path, base_rows())

    assert result.counts == NO_CHANGES
    assert changes_of(result) == []


def test_new_unit_is_added_with_its_ancestry_and_depth(app, tmp_path):
    rows = [*base_rows(), ["0501724003", "Bagumbayan Sur", "barangay", "0501724000"]]

    result = import_rows(tmp_path, rows)

    assert result.counts == {**NO_CHANGES, "added": 1}
    assert result.counts_by_level == {"barangay": {"added": 1}}
    assert factories.org_unit("0501724003").depth == 4
    assert ancestry("0501724003") == [
        ("0501724003", 0),
        ("0501724000", 1),
        ("0501700000", 2),
        ("0500000000", 3),
        ("0000000000", 4),
    ]
    assert changes_of(result) == [("0501724003", "added", None, "Bagumbayan Sur")]


def test_new_units_may_come_before_their_parents_in_the_file(app, tmp_path):
    rows = [
        ["0501724999", "New barangay", "barangay", "0501799000"],
        ["0501799000", "New city", "city", "0501700000"],
        *base_rows(),
    ]

    result = import_rows(tmp_path, rows)

    assert result.counts["added"] == 2
    assert [code for code, _ in ancestry("0501724999")] == [
        "0501724999",
        "0501799000",
        "0501700000",
        "0500000000",
        "0000000000",
    ]


def test_renamed_unit_keeps_its_place_and_records_both_names(app, tmp_path):
    rows = replace(base_rows(), "0501724001", name="Abella Proper")

    result = import_rows(tmp_path, rows)

    assert result.counts == {**NO_CHANGES, "renamed": 1}
    assert factories.org_unit("0501724001").name == "Abella Proper"
    assert changes_of(result) == [("0501724001", "renamed", "Abella", "Abella Proper")]


def test_moved_unit_takes_its_whole_subtree_with_new_ancestry_and_depths(app, tmp_path):
    # Magarao leaves Camarines Sur for a place directly under the region, one level higher.
    rows = replace(base_rows(), "0501720000", parent_code="0500000000")

    result = import_rows(tmp_path, rows)

    assert result.counts == {**NO_CHANGES, "moved": 1}
    assert changes_of(result) == [("0501720000", "moved", "0501700000", "0500000000")]
    magarao = factories.org_unit("0501720000")
    assert magarao.parent.code == "0500000000"
    assert magarao.depth == 2
    assert ancestry("0501720000") == [("0501720000", 0), ("0500000000", 1), ("0000000000", 2)]
    for barangay in ("0501720001", "0501720002"):
        assert factories.org_unit(barangay).depth == 3
        assert ancestry(barangay) == [
            (barangay, 0),
            ("0501720000", 1),
            ("0500000000", 2),
            ("0000000000", 3),
        ]
    camarines_sur_below = session.scalars(
        select(OrgUnitAncestor.descendant_id).where(
            OrgUnitAncestor.ancestor_id == factories.org_unit("0501700000").id
        )
    ).all()
    assert len(camarines_sur_below) == 4  # itself, Naga and Naga's two barangays


def test_moving_a_unit_under_a_new_unit_in_the_same_file(app, tmp_path):
    rows = [
        *replace(base_rows(), "0501612001", parent_code="0501613000"),
        ["0501613000", "Labo", "municipality", "0501600000"],
    ]

    result = import_rows(tmp_path, rows)

    assert result.counts == {**NO_CHANGES, "added": 1, "moved": 1}
    assert [code for code, _ in ancestry("0501612001")] == [
        "0501612001",
        "0501613000",
        "0501600000",
        "0500000000",
        "0000000000",
    ]


def test_relevelled_unit_is_reported(app, tmp_path):
    rows = replace(base_rows(), "0501720000", level="city")

    result = import_rows(tmp_path, rows)

    assert result.counts == {**NO_CHANGES, "relevelled": 1}
    assert factories.org_unit("0501720000").level is OrgUnitLevel.CITY
    assert changes_of(result) == [("0501720000", "relevelled", "municipality", "city")]


def test_unit_left_out_of_the_file_is_retired_not_deleted(app, tmp_path):
    result = import_rows(tmp_path, without(base_rows(), "0501612001"))

    assert result.counts == {**NO_CHANGES, "retired": 1}
    alawihao = factories.org_unit("0501612001")
    assert alawihao.retired_at is not None
    assert [code for code, _ in ancestry("0501612001")][1] == "0501612000"


def test_retired_unit_in_the_file_again_is_restored(app, tmp_path):
    import_rows(tmp_path, without(base_rows(), "0501612000", "0501612001"))
    assert factories.org_unit("0501612000").retired_at is not None

    result = import_rows(tmp_path, base_rows())

    assert result.counts == {**NO_CHANGES, "restored": 2}
    assert factories.org_unit("0501612000").retired_at is None
    assert factories.org_unit("0501612001").retired_at is None


def test_import_records_the_run_and_an_audit_event(app, tmp_path):
    result = import_rows(tmp_path, without(base_rows(), "0501612001"))

    run = session.get(HierarchyImport, result.import_id)
    assert run is not None
    assert run.source == "units.csv"
    assert run.summary["counts"]["retired"] == 1
    assert run.summary["by_level"] == {"barangay": {"retired": 1}}
    event = session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "hierarchy_import",
            AuditEvent.entity_id == str(result.import_id),
        )
    )
    assert event is not None
    assert event.new_values["retired"] == 1


def problems_of(tmp_path: Path, rows: list[list[str]], **options: str) -> list[str]:
    with pytest.raises(HierarchyFileError) as raised:
        services.import_csv(write_csv(tmp_path, rows, **options))
    return [str(problem) for problem in raised.value.problems]


def test_unknown_level_is_named_with_its_line(app, tmp_path):
    rows = replace(base_rows(), "0501724001", level="village")

    assert problems_of(tmp_path, rows) == [
        "Line 6, column level: 'village' is not a level; use one of country, region, province, "
        "city, municipality, submunicipality, special_geographic_area, barangay"
    ]


def test_missing_parent_is_named_with_its_line(app, tmp_path):
    rows = [*base_rows(), ["0501724003", "Bagumbayan Sur", "barangay", "0501799999"]]

    assert problems_of(tmp_path, rows) == [
        "Line 14, column parent_code: the parent 0501799999 is not a code in this file"
    ]


def test_duplicate_code_names_both_lines(app, tmp_path):
    rows = [*base_rows(), ["0501724001", "Abella again", "barangay", "0501724000"]]

    assert problems_of(tmp_path, rows) == [
        "Line 14, column code: 0501724001 is a duplicate of line 6"
    ]


def test_empty_name_is_named_with_its_line(app, tmp_path):
    rows = replace(base_rows(), "0501720001", name="")

    assert problems_of(tmp_path, rows) == ["Line 9, column name: the name is empty"]


def test_cycle_of_parents_is_reported_once_with_its_lines(app, tmp_path):
    rows = [
        *base_rows(),
        ["X1", "First", "municipality", "X2"],
        ["X2", "Second", "municipality", "X1"],
    ]

    assert problems_of(tmp_path, rows) == [
        "Line 14, column parent_code: the parents form a cycle: X1 (line 14) > X2 (line 15) > "
        "X1; a unit cannot be below itself"
    ]


def test_retiring_a_unit_whose_children_stay_is_refused(app, tmp_path):
    rows = without(base_rows(), "0501612000")

    assert problems_of(tmp_path, rows) == [
        "Line 12, column parent_code: the parent 0501612000 (Daet) is not in the file, so it "
        "would be retired while this unit stays; add it to the file or leave this unit out too"
    ]


def test_header_without_the_required_columns_is_refused(app, tmp_path):
    problems = problems_of(tmp_path, base_rows(), header="code,name,kind,parent")

    assert problems == [
        "Line 1, column header: missing column level, parent_code; the header must be "
        "code,name,level,parent_code"
    ]


def test_every_problem_is_listed_and_nothing_is_saved(app, runner, tmp_path):
    units_before = session.scalar(select(func.count()).select_from(OrgUnit))
    imports_before = session.scalar(select(func.count()).select_from(HierarchyImport))
    rows = [
        *replace(base_rows(), "0501724001", name="Abella Proper"),
        ["0501724003", "Bagumbayan Sur", "town", "0501724000"],
        ["0501724004", "", "barangay", "0501724000"],
        ["0501724005", "Calauag", "barangay", "0501799999"],
        ["0501724004", "Balatas", "barangay", "0501724000"],
    ]

    result = runner.invoke(args=["orgunits", "import-csv", str(write_csv(tmp_path, rows))])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "units.csv: 4 problems; nothing saved" in result.output
    assert "Line 14, column level:" in result.output
    assert "Line 15, column name:" in result.output
    assert "Line 16, column parent_code:" in result.output
    assert "Line 17, column code:" in result.output
    assert session.scalar(select(func.count()).select_from(OrgUnit)) == units_before
    assert session.scalar(select(func.count()).select_from(HierarchyImport)) == imports_before
    assert factories.org_unit("0501724001").name == "Abella"


def test_import_csv_command_prints_counts_by_kind_and_level(app, runner, tmp_path):
    rows = [
        *replace(without(base_rows(), "0501612001"), "0501724001", name="Abella Proper"),
        ["0501724003", "Bagumbayan Sur", "barangay", "0501724000"],
    ]

    result = runner.invoke(args=["orgunits", "import-csv", str(write_csv(tmp_path, rows))])

    assert result.exit_code == 0, result.output
    assert "1 added, 1 renamed, 0 moved, 1 retired, 0 relevelled, 0 restored." in result.output
    assert "  Barangay: 1 added, 1 renamed, 1 retired" in result.output
    assert factories.org_unit("0501724003").name == "Bagumbayan Sur"


def test_dry_run_reports_changes_and_saves_nothing(app, runner, tmp_path):
    rows = replace(base_rows(), "0501724001", name="Abella Proper")

    result = runner.invoke(
        args=["orgunits", "import-csv", "--dry-run", str(write_csv(tmp_path, rows))]
    )

    assert result.exit_code == 0, result.output
    assert "0 added, 1 renamed" in result.output
    assert "Dry run: nothing was saved." in result.output
    session.expire_all()
    assert factories.org_unit("0501724001").name == "Abella"


def test_units_added_after_an_import_get_fresh_ids(app, tmp_path):
    imported = import_rows(
        tmp_path, [*base_rows(), ["0501724003", "Bagumbayan Sur", "barangay", "0501724000"]]
    )
    assert imported.counts["added"] == 1

    later = factories.add_unit("0501724004", "Balatas", OrgUnitLevel.BARANGAY, "0501724000")

    assert later.id > factories.org_unit("0501724003").id


def test_file_that_is_not_utf8_is_refused_at_the_line_with_the_bad_bytes(app, tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(
        b"code,name,level,parent_code\n0000000000,Philippines,country,\nX1,Pe\xf1a,region,0000000000\n"
    )

    with pytest.raises(HierarchyFileError) as raised:
        services.import_csv(path)

    assert [str(problem) for problem in raised.value.problems] == [
        "Line 3, column file: not UTF-8 text; save the file as UTF-8 CSV"
    ]


def test_file_that_cannot_be_read_ends_the_command_with_a_message(app, runner, tmp_path):
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(b"this is not gzip")

    result = runner.invoke(args=["orgunits", "import-psgc", "--file", str(path)])

    assert result.exit_code == 1
    assert "Line 1, column file: not a readable gzip file" in result.output
    assert "Traceback" not in result.output
