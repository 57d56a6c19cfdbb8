import click


@click.command("demo", help="Load the demo: one province, a user per role, two periods of data.")
def demo_command() -> None:
    pass
