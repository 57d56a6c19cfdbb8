"""``monitor framework``: load the indicator framework from its file and show what is loaded."""

from __future__ import annotations

from collections.abc import Sized
from pathlib import Path

import click
from flask.cli import with_appcontext

from indicators import services
from indicators.definitions import FrameworkError
from indicators.loader import DEFAULT_FRAMEWORK, sync_framework
from monitor.database import transaction


@click.group("framework", help="Load and inspect the indicator framework.")
def framework_cli() -> None:
    pass


@framework_cli.command(
    "load", help="Check a framework file and load it (default: the shipped framework)."
)
@click.argument(
    "file",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_FRAMEWORK,
)
@with_appcontext
def load_command(file: Path) -> None:
    try:
        with transaction():
            result = sync_framework(file)
            message = result.describe()
    except FrameworkError as error:
        click.echo(f"Nothing was loaded. {error.summary()}", err=True)
        raise SystemExit(1) from None
    click.echo(message)


@framework_cli.command("show", help="Show the loaded framework: domains, forms and rules.")
@with_appcontext
def show_command() -> None:
    framework = services.current_framework()
    if framework is None:
        click.echo("No framework is loaded. Load one with: monitor framework load")
        return
    click.echo(
        f"Framework {framework.code} version {framework.version}: {framework.title}\n"
        f"Loaded {framework.loaded_at:%Y-%m-%d %H:%M} UTC from {framework.source_name} "
        f"(checksum {framework.checksum[:12]})"
    )

    click.echo(f"\nDomains ({len(framework.domains)}):")
    for domain in framework.domains:
        click.echo(f"  {domain.code:<6} {domain.title:<16} {_count(domain.indicators)}")

    forms = services.framework_forms(framework)
    click.echo(f"\nForms ({len(forms)}):")
    width = max((len(form.code) for form in forms), default=0)
    for form in forms:
        click.echo(f"  {form.code:<{width}}  {form.title} ({_count(form.indicators)})")

    rules = services.framework_rules(framework)
    click.echo(f"\nValidation rules: {len(rules)}")


def _count(indicators: Sized) -> str:
    return f"{len(indicators)} indicator{'s' if len(indicators) != 1 else ''}"
