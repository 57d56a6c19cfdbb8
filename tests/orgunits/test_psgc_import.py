"""The national hierarchy from the shipped PSGC file, imported into a database of its own."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from monitor import database, migrate
from monitor.database import session
from monitor.orgunits import services
from monitor.orgunits.models import (
    HierarchyImport,
    OrgUnit,
    OrgUnitAncestor,
    OrgUnitChange,
    OrgUnitLevel,
)
from tests.conftest import DatabaseFactory, make_test_app

EXPECTED_LEVELS = {
    OrgUnitLevel.COUNTRY: 1,
    OrgUnitLevel.REGION: 18,
    OrgUnitLevel.PROVINCE: 82,
    OrgUnitLevel.CITY: 150,
    OrgUnitLevel.MUNICIPALITY: 1_493,
    OrgUnitLevel.SUBMUNICIPALITY: 14,
    OrgUnitLevel.SPECIAL_GEOGRAPHIC_AREA: 1,
    OrgUnitLevel.BARANGAY: 42_011,
}


@pytest.fixture(scope="module")
def national(databases: DatabaseFactory) -> Iterator[tuple[Flask, float, services.ImportResult]]:
    """An empty database with the shipped PSGC file imported once, and the seconds it took."""
    url = databases.create("psgc")
    migrate.upgrade(url)
    app = make_test_app(url)
    with app.app_context():
        started = time.perf_counter()
        result = services.import_psgc()
        session.commit()
        elapsed = time.perf_counter() - started
    yield app, elapsed, result
    database.state(app).engine.dispose()


@pytest.fixture
def national_app(national: tuple[Flask, float, services.ImportResult]) -> Iterator[Flask]:
    app = national[0]
    with app.app_context():
        yield app
        session.rollback()


def unit(code: str) -> OrgUnit:
    found = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    assert found is not None
    return found


def ancestor_codes(code: str) -> list[str]:
    """Codes above a unit, nearest first, read from the closure table."""
    ancestor = aliased(OrgUnit)
    return list(
        session.scalars(
            select(ancestor.code)
            .join(OrgUnitAncestor, OrgUnitAncestor.ancestor_id == ancestor.id)
            .where(OrgUnitAncestor.descendant_id == unit(code).id, OrgUnitAncestor.distance > 0)
            .order_by(OrgUnitAncestor.distance)
        )
    )


def test_full_import_gives_the_official_count_of_each_level(national_app, national):
    counts = dict(
        session.execute(
            select(OrgUnit.level, func.count())
            .where(OrgUnit.retired_at.is_(None))
            .group_by(OrgUnit.level)
        ).all()
    )
    assert counts == EXPECTED_LEVELS
    result = national[2]
    assert result.counts["added"] == 43_770
    assert result.units_by_level == {level.value: n for level, n in EXPECTED_LEVELS.items()}


def test_full_import_takes_under_a_minute(national):
    assert national[1] < 60


def test_every_unit_has_one_ancestry_row_per_level_above_it_and_itself(national_app):
    rows_per_unit = (
        select(OrgUnitAncestor.descendant_id, func.count().label("rows"))
        .group_by(OrgUnitAncestor.descendant_id)
        .subquery()
    )
    mismatched = session.scalar(
        select(func.count())
        .select_from(OrgUnit)
        .outerjoin(rows_per_unit, rows_per_unit.c.descendant_id == OrgUnit.id)
        .where(func.coalesce(rows_per_unit.c.rows, 0) != OrgUnit.depth + 1)
    )
    assert mismatched == 0

    wrong_parent = session.scalar(
        select(func.count())
        .select_from(OrgUnitAncestor)
        .join(OrgUnit, OrgUnit.id == OrgUnitAncestor.descendant_id)
        .where(OrgUnitAncestor.distance == 1, OrgUnitAncestor.ancestor_id != OrgUnit.parent_id)
    )
    assert wrong_parent == 0


def test_manila_barangay_sits_under_its_district_city_region_and_country(national_app):
    assert ancestor_codes("1380601001") == ["1380601000", "1380600000", "1300000000", "0000000000"]
    assert unit("1380601000").level is OrgUnitLevel.SUBMUNICIPALITY
    assert unit("1380601001").depth == 4


def test_national_capital_region_cities_have_the_region_as_parent(national_app):
    quezon_city = unit("1381300000")
    assert quezon_city.level is OrgUnitLevel.CITY
    assert quezon_city.parent is not None
    assert quezon_city.parent.code == "1300000000"
    assert unit("1381701000").parent.code == "1300000000"  # Pateros, a municipality


def test_provincial_barangay_has_its_province_region_and_country_above_it(national_app):
    assert ancestor_codes("0501724001") == ["0501724000", "0501700000", "0500000000", "0000000000"]


def test_uneven_branches_are_kept_as_the_source_has_them(national_app):
    assert ancestor_codes("1999901000") == ["1999900000", "1900000000", "0000000000"]
    assert unit("1999900000").level is OrgUnitLevel.SPECIAL_GEOGRAPHIC_AREA
    assert ancestor_codes("0990101000") == ["0990100000", "0900000000", "0000000000"]
    assert unit("0990100000").level is OrgUnitLevel.CITY


def test_barangays_roll_up_to_every_region_in_one_query(national_app):
    region = aliased(OrgUnit)
    barangay = aliased(OrgUnit)
    rolled_up = dict(
        session.execute(
            select(region.code, func.count(barangay.id))
            .join(OrgUnitAncestor, OrgUnitAncestor.ancestor_id == region.id)
            .join(barangay, barangay.id == OrgUnitAncestor.descendant_id)
            .where(region.level == OrgUnitLevel.REGION, barangay.level == OrgUnitLevel.BARANGAY)
            .group_by(region.code)
        ).all()
    )

    parents = dict(session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    levels = dict(session.execute(select(OrgUnit.id, OrgUnit.level)).all())
    codes = dict(session.execute(select(OrgUnit.id, OrgUnit.code)).all())
    walked: Counter[str] = Counter()
    for unit_id, level in levels.items():
        if level is OrgUnitLevel.BARANGAY:
            above = parents[unit_id]
            while levels[above] is not OrgUnitLevel.REGION:
                above = parents[above]
            walked[codes[above]] += 1

    assert rolled_up == dict(walked)
    assert len(rolled_up) == 18
    assert sum(rolled_up.values()) == 42_011


def test_importing_the_same_file_again_changes_nothing(national_app):
    def snapshot() -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
        units = session.execute(
            select(
                OrgUnit.id,
                OrgUnit.code,
                OrgUnit.name,
                OrgUnit.level,
                OrgUnit.parent_id,
                OrgUnit.depth,
                OrgUnit.retired_at,
            )
        )
        ancestry = session.execute(
            select(
                OrgUnitAncestor.ancestor_id,
                OrgUnitAncestor.descendant_id,
                OrgUnitAncestor.distance,
            )
        )
        return {tuple(row) for row in units}, {tuple(row) for row in ancestry}

    before = snapshot()
    result = services.import_psgc()

    assert result.counts == dict.fromkeys(result.counts, 0)
    assert snapshot() == before
    changes = session.scalar(
        select(func.count()).where(OrgUnitChange.import_id == result.import_id)
    )
    assert changes == 0


def test_import_psgc_command_reports_no_changes_on_a_second_run(national_app):
    imports_before = session.scalar(select(func.count()).select_from(HierarchyImport))

    result = national_app.test_cli_runner().invoke(args=["orgunits", "import-psgc"])

    assert result.exit_code == 0, result.output
    assert "0 added, 0 renamed, 0 moved, 0 retired, 0 relevelled, 0 restored." in result.output
    assert "Barangay 42,011" in result.output
    assert session.scalar(select(func.count()).select_from(HierarchyImport)) == imports_before + 1
    assert session.scalar(select(func.count()).select_from(OrgUnitChange)) == 43_770
