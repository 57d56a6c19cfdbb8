"""Time ``monitor demo --scale national`` into fresh databases, against the raw driver.

    python benchmarks/national_demo.py [postgresql+psycopg://user@host/postgres]

SQLite always; PostgreSQL too when a server URL is given as the argument or in
MONITOR_BENCH_DATABASE_URL (a scratch database is created on that server and dropped after).
Each run loads the whole country's hierarchy and three periods of data for every barangay.
The reference inserts the same number of data-value rows, made up without any generation,
through the bare driver (sqlite3 executemany, psycopg COPY) into another empty, migrated
database, so the ratio shows what generating and checking the values costs beyond the
writes themselves.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from psgc_import import machine, scratch_postgres
from sqlalchemy import create_engine, func, select, text

from monitor import create_app, database, migrate
from monitor.orgunits.models import OrgUnit
from submissions import demo
from submissions.bulk import COLUMNS
from submissions.models import DataValue, Submission

#: Rows the raw reference writes; its rate is what counts, not its total.
REFERENCE_ROWS = 2_000_000


@dataclass(frozen=True)
class Run:
    seconds: float
    units: int
    submissions: int
    values: int
    database_bytes: int | None


def time_demo(url: str) -> Run:
    app = create_app({"ENV": "development", "DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        started = time.perf_counter()
        demo.load_demo(province_code=demo.DEFAULT_PROVINCE, seed=demo.DEFAULT_SEED, national=True)
        seconds = time.perf_counter() - started
        session = database.session
        run = Run(
            seconds=seconds,
            units=session.scalar(select(func.count()).select_from(OrgUnit)) or 0,
            submissions=session.scalar(select(func.count()).select_from(Submission)) or 0,
            values=session.scalar(select(func.count()).select_from(DataValue)) or 0,
            database_bytes=_database_bytes(url),
        )
    database.state(app).engine.dispose()
    return run


def _database_bytes(url: str) -> int | None:
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    engine = create_engine(url)
    with engine.connect() as connection:
        size = connection.scalar(text("SELECT pg_database_size(current_database())"))
    engine.dispose()
    return int(size) if size is not None else None


def reference_rows(count: int) -> Iterator[tuple[object, ...]]:
    """Data-value rows of the demo's shape, against the ids that the demo's tables hold."""
    entered_at = datetime(2026, 10, 1, tzinfo=UTC)
    for number in range(count):
        yield (
            1 + number % 40_000,  # org unit
            1,  # period
            1 + (number // 40_000) % 40,  # indicator
            "value",
            f"cell={number // 1_600_000}",
            number % 97,
            None,
            "form",
            1,  # submission
            None,
            None,
            entered_at,
        )


def time_raw_sqlite(demo_database: Path, workdir: Path) -> float:
    """Rows per second through sqlite3 executemany, with the schema's indexes in place."""
    target = workdir / "raw.sqlite3"
    migrate.upgrade(f"sqlite:///{target}")
    _copy_referenced_rows(demo_database, target)
    connection = sqlite3.connect(target, isolation_level=None)
    # As the app's connections do: foreign keys checked, write-ahead log.
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    marks = ", ".join("?" for _ in COLUMNS)
    sql = f"INSERT INTO data_value ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608
    started = time.perf_counter()
    connection.execute("BEGIN")
    connection.executemany(
        sql,
        (
            (*row[:-1], row[-1].strftime("%Y-%m-%d %H:%M:%S.%f"))  # type: ignore[attr-defined]
            for row in reference_rows(REFERENCE_ROWS)
        ),
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return REFERENCE_ROWS / elapsed


def _copy_referenced_rows(source: Path, target: Path) -> None:
    """The units, framework, period and first submission that reference rows point at."""
    connection = sqlite3.connect(target)
    connection.execute("ATTACH DATABASE ? AS demo", (str(source),))
    for table in (
        "agency",
        "app_user",
        "framework",
        "domain",
        "dimension",
        "form",
        "indicator",
        "org_unit",
        "reporting_period",
    ):
        connection.execute(f"INSERT INTO main.{table} SELECT * FROM demo.{table}")  # noqa: S608
    connection.execute("INSERT INTO main.submission SELECT * FROM demo.submission WHERE id = 1")
    connection.commit()
    connection.close()


def time_raw_copy(url: str) -> float:
    """Rows per second through psycopg COPY, into the demo's own database, then rolled back."""
    engine = create_engine(url)
    with engine.connect() as connection:
        driver_connection = connection.connection.driver_connection
        assert driver_connection is not None
        started = time.perf_counter()
        with driver_connection.cursor() as cursor:  # type: ignore[attr-defined]
            columns = ", ".join(COLUMNS)
            # Other keys than the demo's, so the unique constraint lets them in.
            with cursor.copy(f"COPY data_value ({columns}) FROM STDIN") as copy:
                for row in reference_rows(REFERENCE_ROWS):
                    copy.write_row((*row[:4], f"raw;{row[4]}", *row[5:]))
        elapsed = time.perf_counter() - started
        connection.rollback()
    engine.dispose()
    return REFERENCE_ROWS / elapsed


def report(label: str, run: Run, raw_rate: float, raw_label: str) -> None:
    rate = run.values / run.seconds
    size = f"{run.database_bytes / 2**30:.1f} GiB" if run.database_bytes else "size unknown"
    print(
        f"{label:<11} {run.seconds:7.1f} s: {run.units:,} units, {run.submissions:,} "
        f"submissions, {run.values:,} data values ({rate:,.0f} values/s overall); {size}"
    )
    print(
        f"{'':<11} {raw_label} of the same row shape: {raw_rate:,.0f} rows/s; the demo "
        f"writes at {rate / raw_rate:.0%} of the bare driver's rate"
    )


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    postgres_url = (
        sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MONITOR_BENCH_DATABASE_URL")
    )
    print(f"Machine: {machine()}; SQLite {sqlite3.sqlite_version}")

    with tempfile.TemporaryDirectory() as workdir:
        demo_database = Path(workdir) / "national.sqlite3"
        run = time_demo(f"sqlite:///{demo_database}")
        report("SQLite", run, time_raw_sqlite(demo_database, Path(workdir)), "sqlite3 executemany")

    if postgres_url:
        with scratch_postgres(postgres_url) as url:
            run = time_demo(url)
            report("PostgreSQL", run, time_raw_copy(url), "psycopg COPY")
    print(f"Peak memory of this process: {peak_memory_mb():,.0f} MB")


if __name__ == "__main__":
    main()
