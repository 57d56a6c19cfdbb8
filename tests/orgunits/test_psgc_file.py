"""Building the compact PSGC file from the barangay package's JSON, and what is shipped."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from monitor.orgunits import psgc

SOURCE = [
    {"name": "National Capital Region (NCR)", "type": "region", "psgc_id": "1300000000",
     "parent_psgc_id": "0000000000", "nicknames": None},
    {"name": "City of Manila", "type": "city", "psgc_id": "1380600000",
     "parent_psgc_id": "1300000000", "nicknames": None},
    {"name": "Tondo I/II", "type": "submunicipality", "psgc_id": "1380601000",
     "parent_psgc_id": "1380600000", "nicknames": None},
    {"name": "Barangay 1", "type": "barangay", "psgc_id": "1380601001",
     "parent_psgc_id": "1380601000", "nicknames": ["Brgy. 1"]},
]  # fmt: skip


def read_gzipped_csv(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_built_file_adds_the_country_and_keeps_the_tree_as_given(tmp_path):
    source = tmp_path / "barangay_flat.json"
    source.write_text(json.dumps(SOURCE), encoding="utf-8")

    counts = psgc.build_psgc_file(source, tmp_path / "out.csv.gz")

    assert read_gzipped_csv(tmp_path / "out.csv.gz") == [
        ["code", "name", "level", "parent_code"],
        ["0000000000", "Philippines", "country", ""],
        ["1300000000", "National Capital Region (NCR)", "region", "0000000000"],
        ["1380600000", "City of Manila", "city", "1300000000"],
        ["1380601000", "Tondo I/II", "submunicipality", "1380600000"],
        ["1380601001", "Barangay 1", "barangay", "1380601000"],
    ]
    assert sum(counts.values()) == 5


def test_building_twice_gives_the_same_bytes(tmp_path):
    source = tmp_path / "barangay_flat.json"
    source.write_text(json.dumps(SOURCE), encoding="utf-8")

    psgc.build_psgc_file(source, tmp_path / "first.csv.gz")
    psgc.build_psgc_file(source, tmp_path / "second.csv.gz")

    assert (tmp_path / "first.csv.gz").read_bytes() == (tmp_path / "second.csv.gz").read_bytes()


def test_unknown_type_in_the_source_is_named(tmp_path):
    source = tmp_path / "barangay_flat.json"
    source.write_text(json.dumps([*SOURCE, {**SOURCE[3], "type": "sitio"}]), encoding="utf-8")

    with pytest.raises(psgc.SourceError, match=r"entry 4: type 'sitio' is not one of"):
        psgc.build_psgc_file(source, tmp_path / "out.csv.gz")


def test_build_command_writes_the_file_and_counts_levels(runner, tmp_path):
    source = tmp_path / "barangay_flat.json"
    source.write_text(json.dumps(SOURCE), encoding="utf-8")

    result = runner.invoke(
        args=["orgunits", "build-psgc-file", str(source), str(tmp_path / "out.csv.gz")]
    )

    assert result.exit_code == 0, result.output
    assert "Wrote 5 units to out.csv.gz" in result.output
    assert "  Sub-municipality: 1" in result.output
