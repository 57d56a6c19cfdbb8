"""The Philippine Standard Geographic Code: the compact file shipped with the package.

The file is generated from ``barangay_flat.json`` of the ``barangay`` package (an optional
extra, since it brings pandas along) and holds one row per unit: code, name, level and
parent code, with the country added as the root.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from monitor.orgunits.models import OrgUnitLevel

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The release shipped with the package, as the PSA dates it.
RELEASE = "2026-01-13"
SHIPPED_FILE = DATA_DIR / f"psgc-{RELEASE}.csv.gz"

COUNTRY_CODE = "0000000000"
COUNTRY_NAME = "Philippines"

COLUMNS = ("code", "name", "level", "parent_code")

#: The ``type`` values of barangay_flat.json, mapped to levels.
SOURCE_TYPES = {
    "region": OrgUnitLevel.REGION,
    "province": OrgUnitLevel.PROVINCE,
    "city": OrgUnitLevel.CITY,
    "municipality": OrgUnitLevel.MUNICIPALITY,
    "submunicipality": OrgUnitLevel.SUBMUNICIPALITY,
    "special_geographic_area": OrgUnitLevel.SPECIAL_GEOGRAPHIC_AREA,
    "barangay": OrgUnitLevel.BARANGAY,
}

_RELEASE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


class SourceError(ValueError):
    """A source file that cannot be turned into the compact file; the message says why."""


def installed_source() -> Path | None:
    """barangay_flat.json of the installed ``barangay`` package, found without importing it."""
    spec = importlib.util.find_spec("barangay")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / "barangay_flat.json"
        if candidate.is_file():
            return candidate
    return None


def build_psgc_file(source: Path, out: Path) -> Counter[OrgUnitLevel]:
    """Write the compact gzipped CSV from barangay_flat.json; returns the count of each level."""
    rows = _source_rows(source)
    rows.sort(key=lambda row: row[0])
    rows.insert(0, (COUNTRY_CODE, COUNTRY_NAME, OrgUnitLevel.COUNTRY.value, ""))

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    # A fixed timestamp and no file name in the header: the same source gives the same bytes.
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as packed,
    ):
        packed.write(text.getvalue().encode("utf-8"))
    return Counter(OrgUnitLevel(row[2]) for row in rows)


def _source_rows(source: Path) -> list[tuple[str, str, str, str]]:
    try:
        entries = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{source.name}: cannot be read as JSON ({error})") from None
    if not isinstance(entries, list):
        raise SourceError(f"{source.name}: expected a list of units, as in barangay_flat.json")

    rows = []
    problems = []
    for index, entry in enumerate(entries):
        try:
            rows.append(_source_row(entry))
        except SourceError as error:
            problems.append(f"entry {index}: {error}")
    if problems:
        raise SourceError(f"{source.name}: " + "; ".join(problems[:20]))
    return rows


def _source_row(entry: Any) -> tuple[str, str, str, str]:
    if not isinstance(entry, dict):
        raise SourceError("not an object")
    missing = [key for key in ("name", "type", "psgc_id", "parent_psgc_id") if key not in entry]
    if missing:
        raise SourceError(f"missing {', '.join(missing)}")
    level = SOURCE_TYPES.get(str(entry["type"]))
    if level is None:
        raise SourceError(f"type {entry['type']!r} is not one of {', '.join(SOURCE_TYPES)}")
    code = str(entry["psgc_id"]).strip()
    parent_code = str(entry["parent_psgc_id"]).strip()
    return (code, " ".join(str(entry["name"]).split()), level.value, parent_code)


def release_of(path: Path) -> str | None:
    """The release date in a file's name, as in psgc-2026-01-13.csv.gz."""
    match = _RELEASE_IN_NAME.search(path.name)
    return match.group(1) if match else None
