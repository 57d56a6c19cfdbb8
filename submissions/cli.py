import click


@click.group("periods", help="Open and list reporting periods.")
def periods_cli() -> None:
    pass
