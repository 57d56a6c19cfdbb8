import click


@click.group("orgunits", help="Import and inspect the org-unit hierarchy.")
def orgunits_cli() -> None:
    pass
