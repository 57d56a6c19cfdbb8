"""``monitor orgunits``: build the PSGC file and import hierarchies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup

from monitor.database import transaction
from monitor.orgunits import psgc, services
from monitor.orgunits.importer import HierarchyFileError
from monitor.orgunits.models import OrgUnitChangeKind, OrgUnitLevel

orgunits_cli = AppGroup("orgunits", help="Import and inspect the org-unit hierarchy.")

#: The order counts are reported in: the four kinds every run names first.
KIND_ORDER = (
    OrgUnitChangeKind.ADDED,
    OrgUnitChangeKind.RENAMED,
    OrgUnitChangeKind.MOVED,
    OrgUnitChangeKind.RETIRED,
    OrgUnitChangeKind.RELEVELLED,
    OrgUnitChangeKind.RESTORED,
)

FilePath = click.Path(exists=True, dir_okay=False, path_type=Path)


@orgunits_cli.command("build-psgc-file", with_appcontext=False)
@click.argument("source_json", required=False, type=FilePath)
@click.argument("out", required=False, type=click.Path(dir_okay=False, path_type=Path))
def build_psgc_file_command(source_json: Path | None, out: Path | None) -> None:
    """Write the compact PSGC file from the barangay package's barangay_flat.json.

    SOURCE_JSON defaults to the file of the installed barangay package (the psgc-source
    extra); OUT defaults to the file shipped with this package.
    """
    source = source_json or psgc.installed_source()
    if source is None:
        raise click.UsageError(
            "Give SOURCE_JSON, or install the psgc-source extra so barangay_flat.json is found."
        )
    out = out or psgc.SHIPPED_FILE
    try:
        counts = psgc.build_psgc_file(source, out)
    except psgc.SourceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {sum(counts.values()):,} units to {out.name}:")
    for level in OrgUnitLevel:
        if counts[level]:
            click.echo(f"  {level.label}: {counts[level]:,}")


@orgunits_cli.command("import-psgc")
@click.option(
    "--file",
    "path",
    type=FilePath,
    help=f"A file in the shipped format (default: the shipped {psgc.SHIPPED_FILE.name}).",
)
@click.option("--dry-run", is_flag=True, help="Report what would change and save nothing.")
def import_psgc_command(path: Path | None, dry_run: bool) -> None:
    """Import the Philippine Standard Geographic Code hierarchy.

    Units stored but not in the file are retired, never deleted. Running it again with the
    same file changes nothing.
    """
    _run_import(lambda: services.import_psgc(path), dry_run)


@orgunits_cli.command("import-csv")
@click.argument("file", type=FilePath)
@click.option("--dry-run", is_flag=True, help="Report what would change and save nothing.")
def import_csv_command(file: Path, dry_run: bool) -> None:
    """Import a hierarchy from a CSV with the header code,name,level,parent_code.

    FILE describes the whole hierarchy: stored units it leaves out are retired. An empty
    parent_code makes a root. Levels: country, region, province, city, municipality,
    submunicipality, special_geographic_area, barangay. If any row has a problem, every
    problem is listed and nothing is saved.
    """
    _run_import(lambda: services.import_csv(file), dry_run)


def _run_import(run: Callable[[], services.ImportResult], dry_run: bool) -> None:
    try:
        with transaction() as session:
            result = run()
            if dry_run:
                session.rollback()
    except HierarchyFileError as error:
        click.echo(f"{error}:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    except OSError as error:
        click.echo(f"The file cannot be read: {error}", err=True)
        raise SystemExit(1) from None
    _echo_result(result, dry_run)


def _echo_result(result: services.ImportResult, dry_run: bool) -> None:
    release = f" (release {result.release})" if result.release else ""
    total = sum(result.units_by_level.values())
    click.echo(f"{result.source}{release}: {total:,} units in the file.")
    click.echo(", ".join(f"{result.counts[kind]:,} {kind}" for kind in KIND_ORDER) + ".")
    for level in OrgUnitLevel:
        by_kind = result.counts_by_level.get(level.value)
        if by_kind:
            listed = ", ".join(
                f"{by_kind[kind]:,} {kind}" for kind in KIND_ORDER if kind in by_kind
            )
            click.echo(f"  {level.label}: {listed}")
    in_file = ", ".join(
        f"{OrgUnitLevel(level).label} {count:,}" for level, count in result.units_by_level.items()
    )
    click.echo(f"Units by level: {in_file}.")
    if dry_run:
        click.echo("Dry run: nothing was saved.")
