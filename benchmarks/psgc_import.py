"""Time ``import-psgc`` into fresh databases, against raw sqlite3 inserts of the same rows.

    python benchmarks/psgc_import.py [postgresql+psycopg://user@host/postgres]

SQLite always; PostgreSQL too when a server URL is given as the argument or in
MONITOR_BENCH_DATABASE_URL (a scratch database is created on that server and dropped after).
Each run imports the shipped PSGC file into an empty, migrated database, then imports it
again (which must change nothing). The reference copies the rows the import wrote into
another empty, migrated SQLite database with the sqlite3 module's executemany, so the ratio
shows what the importer's own work costs beyond the bare inserts.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from monitor import create_app, database, migrate
from monitor.orgunits import services
from monitor.orgunits.models import OrgUnit, OrgUnitAncestor, OrgUnitChange

TABLES = ("hierarchy_import", "org_unit", "org_unit_ancestor", "org_unit_change")


@dataclass(frozen=True)
class Run:
    """Seconds for the first import and for the repeat, and the rows the first one wrote."""

    first: float
    again: float
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def time_import(url: str) -> Run:
    """Import twice into the migrated database at ``url``."""
    migrate.upgrade(url)
    app = create_app({"ENV": "development", "DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        started = time.perf_counter()
        services.import_psgc()
        database.session.commit()
        first = time.perf_counter() - started

        started = time.perf_counter()
        again = services.import_psgc()
        database.session.commit()
        second = time.perf_counter() - started
        assert not any(again.counts.values()), again.counts

        rows = {
            "org_unit": _count(OrgUnit),
            "org_unit_ancestor": _count(OrgUnitAncestor),
            "org_unit_change": _count(OrgUnitChange),
        }
    database.state(app).engine.dispose()
    return Run(first, second, rows)


def _count(model: type) -> int:
    return database.session.scalar(select(func.count()).select_from(model)) or 0


def time_raw_sqlite(imported: Path, workdir: Path) -> float:
    """Seconds to insert the first import's rows into an empty schema with sqlite3 executemany."""
    target = workdir / "raw.sqlite3"
    migrate.upgrade(f"sqlite:///{target}")
    source = sqlite3.connect(imported)
    # Table names and conditions are this module's constants, never input.
    rows = {
        table: source.execute(f"SELECT * FROM {table} WHERE {_first_import(table)}").fetchall()  # noqa: S608
        for table in TABLES
    }
    source.close()

    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    started = time.perf_counter()
    connection.execute("BEGIN")
    for table in TABLES:
        if rows[table]:
            marks = ", ".join("?" * len(rows[table][0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])  # noqa: S608
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _first_import(table: str) -> str:
    if table == "hierarchy_import":
        return "id = (SELECT min(id) FROM hierarchy_import)"
    if table == "org_unit_change":
        return "import_id = (SELECT min(id) FROM hierarchy_import)"
    return "1 = 1"


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards."""
    server = make_url(server_url)
    name = f"monitor_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs, {model}; Python {platform.python_version()}"


def report(label: str, run: Run) -> None:
    print(
        f"{label:<12} first import {run.first:6.2f} s  ({run.total_rows:,} rows: "
        f"{run.rows['org_unit']:,} units, {run.rows['org_unit_ancestor']:,} ancestry, "
        f"{run.rows['org_unit_change']:,} changes; {run.total_rows / run.first:,.0f} rows/s); "
        f"re-import {run.again:5.2f} s"
    )


def main() -> None:
    postgres_url = (
        sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MONITOR_BENCH_DATABASE_URL")
    )
    print(f"Machine: {machine()}; SQLite {sqlite3.sqlite_version}")

    with tempfile.TemporaryDirectory() as workdir:
        imported = Path(workdir) / "import.sqlite3"
        sqlite_run = time_import(f"sqlite:///{imported}")
        report("SQLite", sqlite_run)
        raw = time_raw_sqlite(imported, Path(workdir))
        print(
            f"{'sqlite3 raw':<12} same rows    {raw:6.2f} s  "
            f"(import takes {sqlite_run.first / raw:.1f} times as long)"
        )

    if postgres_url:
        with scratch_postgres(postgres_url) as url:
            report("PostgreSQL", time_import(url))


if __name__ == "__main__":
    main()
