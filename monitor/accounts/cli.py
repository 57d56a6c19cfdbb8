import click


@click.group("users", help="Create and manage user accounts.")
def users_cli() -> None:
    pass
