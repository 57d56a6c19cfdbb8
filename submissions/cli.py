"""``monitor periods``: open reporting periods, change their dates, list them."""

from __future__ import annotations

from datetime import date, datetime

import click

from monitor import clock
from monitor.database import session
from submissions import periods

DATE = click.DateTime(formats=["%Y-%m-%d"])

#: The option each field of a period error corresponds to.
FIELD_OPTIONS = {"code": "CODE", "opens_on": "--opens", "due_on": "--due", "closes_on": "--close"}


@click.group("periods", help="Open reporting periods, change their dates, list them.")
def periods_cli() -> None:
    pass


@periods_cli.command("open")
@click.argument("code")
@click.option("--due", "due_on", type=DATE, metavar="YYYY-MM-DD", required=True, help="Due date.")
@click.option(
    "--close", "closes_on", type=DATE, metavar="YYYY-MM-DD", required=True, help="Closing date."
)
@click.option(
    "--opens",
    "opens_on",
    type=DATE,
    metavar="YYYY-MM-DD",
    help="Date reporting opens. Defaults to the last day of the period: "
    "reporting on a quarter opens when the quarter ends.",
)
def open_command(
    code: str, due_on: datetime, closes_on: datetime, opens_on: datetime | None
) -> None:
    """Open the period CODE (2026-Q3, 2026-S1 or 2026) and fix its expected reports.

    Every form of the current framework with the period's frequency is expected from every
    current unit at the form's level.
    """
    try:
        period = periods.open_period(code, _day(opens_on), due_on.date(), closes_on.date())
    except periods.PeriodError as error:
        session.rollback()
        raise click.ClickException(_with_option(error)) from None
    session.commit()
    expected = periods.expected_report_counts(None).get(period.id, 0)
    click.echo(
        f"Opened {period.code} ({period.starts_on} to {period.ends_on}): opens {period.opens_on}, "
        f"due {period.due_on}, closes {period.closes_on}; {expected:,} expected reports."
    )


@periods_cli.command("set-dates")
@click.argument("code")
@click.option("--opens", "opens_on", type=DATE, metavar="YYYY-MM-DD", help="New opening date.")
@click.option("--due", "due_on", type=DATE, metavar="YYYY-MM-DD", help="New due date.")
@click.option("--close", "closes_on", type=DATE, metavar="YYYY-MM-DD", help="New closing date.")
def set_dates_command(
    code: str, opens_on: datetime | None, due_on: datetime | None, closes_on: datetime | None
) -> None:
    """Change the dates of the open period CODE; dates not given stay as they are."""
    period = periods.find_period(code)
    if period is None:
        raise click.ClickException(f"CODE: no period {code!r} is open; open it first.")
    try:
        changed = periods.update_dates(
            period,
            _day(opens_on) or period.opens_on,
            _day(due_on) or period.due_on,
            _day(closes_on) or period.closes_on,
        )
    except periods.PeriodError as error:
        session.rollback()
        raise click.ClickException(_with_option(error)) from None
    session.commit()
    state = "Changed" if changed else "Unchanged"
    click.echo(
        f"{state}: {period.code} opens {period.opens_on}, due {period.due_on}, "
        f"closes {period.closes_on}."
    )


@periods_cli.command("list")
def list_command() -> None:
    """List periods with their dates, status today and expected reports."""
    found = periods.all_periods()
    if not found:
        click.echo("No periods. Open one with: monitor periods open 2026-Q3 --due ... --close ...")
        return
    counts = periods.expected_report_counts(None)
    today = clock.today()
    click.echo(
        f"{'CODE':<8} {'KIND':<9} {'COVERS':<24} {'OPENS':<10} {'DUE':<10} {'CLOSES':<10} "
        f"{'STATUS':<8} EXPECTED"
    )
    for period in found:
        covers = f"{period.starts_on} to {period.ends_on}"
        click.echo(
            f"{period.code:<8} {periods.KIND_LABELS[period.kind]:<9} {covers:<24} "
            f"{period.opens_on!s:<10} {period.due_on!s:<10} {period.closes_on!s:<10} "
            f"{periods.period_status(period, today).label:<8} {counts.get(period.id, 0):,}"
        )


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _with_option(error: periods.PeriodError) -> str:
    option = FIELD_OPTIONS.get(error.field or "")
    return f"{option}: {error}" if option else str(error)
