"""Signing in and out, passwords, lockout and the CSRF check."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from monitor.accounts import services
from monitor.accounts.models import Role, User
from monitor.audit.models import AuditEvent
from tests import factories
from tests.accounts.conftest import csrf_token

NEW_PASSWORD = "a fresh passphrase 42"


@pytest.fixture
def encoder(db):
    user = factories.user(Role.ENCODER, "0501724001", username="juan")
    db.commit()
    return user


def test_right_password_signs_in_and_lands_on_the_role_home(client, encoder, sign_in):
    response = sign_in("juan")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/forms"
    assert encoder.last_login_at is not None


def test_username_is_matched_without_regard_to_case_or_spaces(client, encoder, sign_in):
    assert sign_in("  JUAN ").headers["Location"] == "/"


def test_wrong_password_is_refused_and_counted(client, encoder, sign_in):
    response = sign_in("juan", "not the password")

    assert response.status_code == 200
    assert "The username or password is not right" in response.text
    assert encoder.failed_logins == 1
    assert client.get("/").headers["Location"].startswith("/login")


def test_unknown_username_gets_the_same_message(client, sign_in):
    response = sign_in("nobody", "whatever it is")

    assert "The username or password is not right" in response.text


def test_ten_wrong_passwords_lock_the_account_even_against_the_right_one(
    client, db, encoder, sign_in
):
    for _ in range(services.MAX_FAILED_LOGINS):
        sign_in("juan", "not the password")

    assert encoder.failed_logins == services.MAX_FAILED_LOGINS
    assert sign_in("juan").status_code == 200  # the form again, not a redirect
    assert db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "locked", AuditEvent.entity_id == str(encoder.id)
        )
    )


def test_nine_wrong_passwords_do_not_lock_and_a_success_resets_the_count(client, encoder, sign_in):
    for _ in range(services.MAX_FAILED_LOGINS - 1):
        sign_in("juan", "not the password")

    assert sign_in("juan").status_code == 302
    assert encoder.failed_logins == 0


def test_a_reset_password_unlocks_a_locked_account(client, db, encoder, sign_in):
    encoder.failed_logins = services.MAX_FAILED_LOGINS
    services.reset_password(encoder, NEW_PASSWORD)
    db.commit()

    assert sign_in("juan", NEW_PASSWORD).status_code == 302


def test_inactive_user_cannot_sign_in(client, db, encoder, sign_in):
    services.set_active(encoder, False)
    db.commit()

    response = sign_in("juan")

    assert response.status_code == 200
    assert "The username or password is not right" in response.text


def test_deactivation_ends_a_session_already_open(client, db, encoder, sign_in):
    sign_in("juan")
    services.set_active(encoder, False)
    db.commit()

    assert client.get("/account/password").headers["Location"].startswith("/login")


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(
    app, client, encoder, sign_in
):
    other_device = app.test_client()
    sign_in("juan")
    sign_in("juan", on=other_device)

    response = client.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )

    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/forms"
    assert other_device.get("/").headers["Location"].startswith("/login")
    assert other_device.get("/account/password").headers["Location"].startswith("/login")


def test_change_password_refuses_a_wrong_current_password(client, encoder, sign_in):
    sign_in("juan")

    response = client.post(
        "/account/password",
        data={
            "current_password": "not the password",
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "Your current password is not right." in response.text
    assert sign_in("juan", NEW_PASSWORD, on=client.application.test_client()).status_code == 200


def test_a_temporary_password_leads_every_page_to_the_change_password_page(client, db, sign_in):
    services.create_user(
        username="maria",
        full_name="Maria Santos",
        role=Role.REVIEWER,
        area=factories.org_unit("0501724000"),
        password=factories.PASSWORD,
        must_change_password=True,
    )
    db.commit()

    assert sign_in("maria").headers["Location"] == "/account/password"
    assert client.get("/review").headers["Location"] == "/account/password"
    assert client.get("/").headers["Location"] == "/account/password"
    assert client.get("/account/password").status_code == 200

    client.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert client.get("/").headers["Location"] == "/review"


def test_sign_in_follows_a_next_page_on_this_site(client, encoder, sign_in):
    assert sign_in("juan", next_page="/forms").headers["Location"] == "/forms"


@pytest.mark.parametrize(
    "next_page",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_sign_in_refuses_a_next_page_elsewhere(client, encoder, sign_in, next_page):
    assert sign_in("juan", next_page=next_page).headers["Location"] == "/"


def test_sign_out_needs_a_post(client, encoder, sign_in):
    sign_in("juan")

    assert client.get("/logout").status_code == 405
    assert client.get("/").headers["Location"] == "/forms"

    client.post("/logout")
    assert client.get("/").headers["Location"].startswith("/login")


def test_a_post_without_csrf_token_is_refused_and_nothing_is_saved(csrf_app):
    client = csrf_app.test_client()

    response = client.post("/login", data={"username": "nobody", "password": "whatever"})

    assert response.status_code == 400
    assert "Nothing was saved" in response.text


def test_an_admin_action_without_csrf_token_changes_nothing(csrf_app):
    from monitor.database import session

    factories.user(Role.ADMINISTRATOR, "0000000000", username="admin")
    encoder = factories.user(Role.ENCODER, "0501724001", username="juan")
    session.commit()
    client = csrf_app.test_client()
    token = csrf_token(client.get("/login"))
    signed_in = client.post(
        "/login",
        data={"username": "admin", "password": factories.PASSWORD, "csrf_token": token},
    )
    assert signed_in.status_code == 302

    response = client.post(f"/admin/users/{encoder.id}/deactivate")

    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    assert session.scalar(select(User.is_active).where(User.id == encoder.id)) is True
