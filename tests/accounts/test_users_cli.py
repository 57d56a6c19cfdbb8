"""``monitor users``: create, list, reset-password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from monitor.accounts.models import Role, User
from monitor.accounts.passwords import verify_password
from monitor.audit.models import AuditEvent
from tests import factories


def created(db, username: str) -> User | None:
    return db.scalar(select(User).where(User.username == username))


def refused(result) -> str:
    """The message of a command that failed cleanly, with exit code 1 and no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.output


def test_create_prints_a_temporary_password_that_must_be_changed(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "rosa",
            "--role",
            "reviewer",
            "--area",
            "0501724000",
            "--full-name",
            "Rosa Reyes",
        ]
    )

    assert result.exit_code == 0, result.output
    password = re.search(r"Temporary password .*: (\S+)$", result.output, re.M)
    assert password is not None
    user = created(db, "rosa")
    assert user is not None
    assert user.full_name == "Rosa Reyes"
    assert user.area.code == "0501724000"
    assert user.must_change_password
    assert verify_password(user.password_hash, password.group(1))
    assert result.output.count(password.group(1)) == 1
    assert db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "created",
            AuditEvent.entity_id == str(user.id),
            AuditEvent.actor == "command line",
        )
    )


def test_create_takes_a_password_from_standard_input(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "admin",
            "--role",
            "administrator",
            "--area",
            "0000000000",
            "--password-stdin",
        ],
        input="a long chosen passphrase\n",
    )

    assert result.exit_code == 0, result.output
    assert "passphrase" not in result.output
    assert "Temporary password" not in result.output
    user = created(db, "admin")
    assert user is not None
    assert verify_password(user.password_hash, "a long chosen passphrase")
    assert not user.must_change_password
    assert user.full_name == "admin"


def test_create_gives_agency_staff_their_agency(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "doh.bicol",
            "--role",
            "agency_staff",
            "--area",
            "0500000000",
            "--agency",
            "doh",
        ]
    )

    assert result.exit_code == 0, result.output
    user = created(db, "doh.bicol")
    assert user is not None and user.agency is not None
    assert user.agency.code == "DOH"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--role", "reader", "--area", "0599999999"],
            "--area: No org unit has the code or name '0599999999'",
        ),
        (
            ["--role", "agency_staff", "--area", "0500000000"],
            "--agency: Agency staff need an agency",
        ),
        (
            ["--role", "agency_staff", "--area", "0500000000", "--agency", "WHO"],
            "--agency: No agency has the code 'WHO'; known: ",
        ),
        (
            ["--role", "reader", "--area", "0500000000", "--agency", "DOH"],
            "--agency: Only agency staff have an agency",
        ),
        (
            ["--role", "encoder", "--area", "0501724000"],
            "--area: An encoder's area must be a barangay; City of Naga is a city.",
        ),
        (
            ["--role", "reviewer", "--area", "0501724001"],
            "--area: A reviewer's area must be a city, municipality, province, region or "
            "country; Abella is a barangay.",
        ),
    ],
)
def test_create_refuses_with_a_message_naming_the_option(runner, db, options, message):
    result = runner.invoke(args=["users", "create", "--username", "someone", *options])

    assert message in refused(result)
    assert created(db, "someone") is None


def test_create_refuses_a_taken_username(runner, db):
    factories.user(Role.READER, "0500000000", username="taken")
    db.commit()

    result = runner.invoke(
        args=["users", "create", "--username", "Taken", "--role", "reader", "--area", "0500000000"]
    )

    assert "--username: The username 'taken' is taken" in refused(result)


def test_create_refuses_a_weak_password_from_standard_input(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--username",
            "someone",
            "--role",
            "reader",
            "--area",
            "0500000000",
            "--password-stdin",
        ],
        input="short\n",
    )

    assert "--password-stdin: Use at least 10 characters." in refused(result)


def test_create_refuses_an_unknown_role_as_a_usage_error(runner, db):
    result = runner.invoke(
        args=["users", "create", "--username", "someone", "--role", "chief", "--area", "0500000000"]
    )

    assert result.exit_code == 2
    assert "'chief' is not one of" in result.output


def test_list_shows_users_with_role_area_and_state(runner, db):
    factories.user(Role.ENCODER, "0501724001", username="abella.encoder")
    factories.user(Role.AGENCY_STAFF, "0500000000", username="dswd.bicol", agency_code="DSWD")
    db.commit()

    result = runner.invoke(args=["users", "list"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["USERNAME", "ROLE", "AREA"]
    abella = next(line for line in lines if line.startswith("abella.encoder"))
    assert "Encoder" in abella and "0501724001 Abella" in abella and "active" in abella
    dswd = next(line for line in lines if line.startswith("dswd.bicol"))
    assert "DSWD" in dswd and "never" in dswd


def test_list_filters_by_role(runner, db):
    factories.user(Role.ENCODER, "0501724001", username="abella.encoder")
    factories.user(Role.READER, "0500000000", username="bicol.reader")
    db.commit()

    output = runner.invoke(args=["users", "list", "--role", "reader"]).output

    assert "bicol.reader" in output
    assert "abella.encoder" not in output


def test_reset_password_prints_a_new_temporary_password_and_unlocks(runner, db):
    user = factories.user(Role.READER, "0500000000", username="locked.out")
    user.failed_logins = 10
    db.commit()

    result = runner.invoke(args=["users", "reset-password", "Locked.Out"])

    assert result.exit_code == 0, result.output
    password = result.output.rsplit(" ", 1)[-1].strip()
    assert verify_password(user.password_hash, password)
    assert user.failed_logins == 0
    assert user.must_change_password


def test_reset_password_of_an_unknown_user_is_refused(runner, db):
    assert "No user has the username 'nobody'" in refused(
        runner.invoke(args=["users", "reset-password", "nobody"])
    )
