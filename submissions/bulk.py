"""Writing many data values at once: COPY on PostgreSQL, the driver's executemany on SQLite.

The ORM costs far more per row than these paths; a national load or a large upload goes
through here. Rows bypass SQLAlchemy's type handling, so values are converted here to what
each driver stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import Connection

#: The columns a bulk row carries, in order.
COLUMNS: tuple[str, ...] = (
    "org_unit_id",
    "period_id",
    "indicator_id",
    "part",
    "disaggregation",
    "value",
    "not_available_reason",
    "source",
    "submission_id",
    "upload_id",
    "entered_by_id",
    "entered_at",
)
VALUE = COLUMNS.index("value")
ENTERED_AT = COLUMNS.index("entered_at")
BATCH = 50_000


def insert_data_values(connection: Connection, rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows of COLUMNS in the connection's transaction; returns how many.

    ``rows`` may be a generator, but it must not use the session while it runs: on
    PostgreSQL the connection is busy with COPY, and a query (a lazy load, say) waits on it
    for ever. Load what the rows need before calling this.
    """
    if connection.dialect.name == "postgresql":
        return _copy(connection, rows)
    placeholders = ", ".join("?" for _ in COLUMNS)
    # Built from the constant COLUMNS only; the values travel as parameters.
    sql = f"INSERT INTO data_value ({', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
    count = 0
    for batch in _batches((_for_sqlite(row) for row in rows), BATCH):
        connection.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


def _for_sqlite(row: Sequence[Any]) -> tuple[Any, ...]:
    converted = list(row)
    value = converted[VALUE]
    if isinstance(value, Decimal):
        converted[VALUE] = int(value) if value == value.to_integral_value() else float(value)
    entered_at: datetime = converted[ENTERED_AT]
    # The text form SQLAlchemy's SQLite DateTime reads back, in UTC.
    converted[ENTERED_AT] = entered_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return tuple(converted)


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _copy(connection: Connection, rows: Iterable[Sequence[Any]]) -> int:
    driver_connection: Any = connection.connection.driver_connection
    count = 0
    with driver_connection.cursor() as cursor:
        sql = f"COPY data_value ({', '.join(COLUMNS)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count
