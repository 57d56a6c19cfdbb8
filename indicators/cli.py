import click


@click.group("framework", help="Load and inspect the indicator framework.")
def framework_cli() -> None:
    pass
