"""``monitor users``: create, list and unlock accounts from the command line."""

from __future__ import annotations

import sys

import click

from monitor.accounts import services
from monitor.accounts.models import Role, User
from monitor.database import session

ROLE_NAMES = [role.value for role in Role]

#: The option each field of a service's error corresponds to.
FIELD_OPTIONS = {
    "username": "--username",
    "full_name": "--full-name",
    "email": "--email",
    "area": "--area",
    "agency": "--agency",
    "password": "--password-stdin",
    "new_password": "--password-stdin",
}


@click.group("users", help="Create and manage user accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create")
@click.option("--username", required=True, help="Sign-in name: letters, digits, . - _")
@click.option("--role", required=True, type=click.Choice(ROLE_NAMES), help="What the user does.")
@click.option(
    "--area",
    "area_code",
    required=True,
    help="PSGC code of the user's area: a barangay for an encoder, a city, municipality or "
    "wider for a reviewer, any unit for the other roles.",
)
@click.option("--agency", "agency_code", help="Agency code (DOH, DSWD, ...); agency staff only.")
@click.option("--full-name", help="The person's name; defaults to the username.")
@click.option("--email", help="Optional email address.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of generating a temporary one. "
    "A generated password must be changed at first sign-in; one given here need not be.",
)
def create_command(
    username: str,
    role: str,
    area_code: str,
    agency_code: str | None,
    full_name: str | None,
    email: str | None,
    password_stdin: bool,
) -> None:
    """Create a user and print the temporary password, once."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = services.temporary_password(username)
    try:
        user = services.create_user(
            username=username,
            full_name=full_name or username,
            email=email,
            role=Role(role),
            area=services.find_area(area_code),
            agency=services.find_agency(agency_code) if agency_code else None,
            password=password,
            must_change_password=not password_stdin,
        )
    except services.AccountError as error:
        session.rollback()
        raise click.ClickException(_with_option(error)) from None
    session.commit()

    click.echo(f"Created {user.username}: {user.role.label}, {user.area.name} ({user.area.code})")
    if not password_stdin:
        click.echo(f"Temporary password (shown once, must be changed at first sign-in): {password}")


@users_cli.command("list")
@click.option("--role", type=click.Choice(ROLE_NAMES), help="Only users with this role.")
@click.option("--search", default="", help="Part of a username, name or email.")
def list_command(role: str | None, search: str) -> None:
    """List users with their role, area, agency and state."""
    found = session.scalars(
        services.visible_users(None, Role(role) if role else None, search)
    ).all()
    if not found:
        click.echo("No users.")
        return
    click.echo(
        f"{'USERNAME':<24} {'ROLE':<15} {'AREA':<40} {'AGENCY':<7} {'STATE':<11} LAST SIGN-IN"
    )
    for user in found:
        area = f"{user.area.code} {user.area.name}"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        click.echo(
            f"{user.username:<24} {user.role.label:<15} {area[:40]:<40} "
            f"{user.agency.code if user.agency else '-':<7} {_state(user):<11} {last}"
        )


@users_cli.command("reset-password")
@click.argument("username")
def reset_password_command(username: str) -> None:
    """Give a user a new temporary password, which also unlocks the account."""
    user = services.find_by_username(username)
    if user is None:
        raise click.ClickException(f"No user has the username {username!r}.")
    password = services.temporary_password(user.username)
    services.reset_password(user, password)
    session.commit()
    click.echo(f"Temporary password for {user.username} (shown once): {password}")


def _state(user: User) -> str:
    if not user.is_active:
        return "deactivated"
    if user.failed_logins >= services.MAX_FAILED_LOGINS:
        return "locked"
    return "active"


def _with_option(error: services.AccountError) -> str:
    """Name the command-line option a service's refusal is about."""
    option = FIELD_OPTIONS.get(error.field or "")
    return f"{option}: {error}" if option else str(error)
