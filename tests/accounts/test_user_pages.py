"""The administrator's user pages: list, create, deactivate, reactivate, reset password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from monitor.accounts import services
from monitor.accounts.models import Role, User
from monitor.accounts.passwords import verify_password
from monitor.audit.models import AuditEvent
from monitor.orgunits.models import OrgUnitLevel
from tests import factories

NON_ADMINISTRATORS = [
    (Role.ENCODER, "0501724001", None),
    (Role.REVIEWER, "0501724000", None),
    (Role.AGENCY_STAFF, "0501700000", "DOH"),
    (Role.READER, "0000000000", None),
]


def admin_requests(target_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/admin/users"),
        ("GET", "/admin/users/new"),
        ("POST", "/admin/users/new"),
        ("POST", f"/admin/users/{target_id}/deactivate"),
        ("POST", f"/admin/users/{target_id}/activate"),
        ("POST", f"/admin/users/{target_id}/reset-password"),
        ("GET", "/admin/periods"),
        ("POST", "/admin/periods"),
        ("GET", "/admin/periods/2026-Q3/dates"),
        ("POST", "/admin/periods/2026-Q3/dates"),
    ]


def shown_password(page: str) -> str:
    found = re.search(r'<code class="secret">([^<]+)</code>', page)
    assert found is not None, "no password on the page"
    return found.group(1)


@pytest.fixture
def national_admin(db, sign_in):
    admin = factories.user(Role.ADMINISTRATOR, "0000000000", username="admin")
    db.commit()
    sign_in("admin")
    return admin


@pytest.fixture
def manila(db):
    """A region outside Bicol, for an administrator of Bicol not to reach."""
    region = factories.add_unit(
        "1300000000", "National Capital Region", OrgUnitLevel.REGION, "0000000000"
    )
    factories.add_unit("1380600000", "City of Manila", OrgUnitLevel.CITY, region.code)
    db.commit()


@pytest.mark.parametrize(("role", "area", "agency"), NON_ADMINISTRATORS)
def test_every_admin_page_refuses_every_other_role(client, db, sign_in, role, area, agency):
    factories.user(role, area, username="someone", agency_code=agency)
    target = factories.user(Role.ENCODER, "0501724002", username="target")
    db.commit()
    sign_in("someone")

    for method, url in admin_requests(target.id):
        response = client.open(url, method=method)
        assert response.status_code == 403, f"{method} {url} gave {response.status_code}"
    assert target.is_active


def test_admin_pages_send_visitors_to_sign_in(client, db):
    target = factories.user(Role.ENCODER, "0501724002", username="target")
    db.commit()

    for method, url in admin_requests(target.id):
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url}"
        assert response.headers["Location"].startswith("/login")


def test_the_list_shows_each_user_with_role_area_agency_and_state(client, db, national_admin):
    staff = factories.user(Role.AGENCY_STAFF, "0501700000", username="doh.bicol", agency_code="DOH")
    services.set_active(staff, False)
    db.commit()

    page = client.get("/admin/users").text

    assert "doh.bicol" in page
    assert "Agency staff" in page
    assert "Camarines Sur" in page
    assert "DOH" in page
    assert "Deactivated" in page
    assert "Never" in page


def test_the_create_form_renders_only_attributes_with_values(client, national_admin):
    page = client.get("/admin/users/new").text

    assert '<input aria-describedby="area-hint" id="area"' in page
    assert '="None"' not in page


def test_the_list_filters_by_role_and_search(client, db, national_admin):
    factories.user(Role.ENCODER, "0501724001", username="abella.encoder")
    factories.user(Role.ENCODER, "0501720001", username="barobaybay.encoder")
    factories.user(Role.REVIEWER, "0501724000", username="naga.reviewer")
    db.commit()

    encoders = client.get("/admin/users?role=encoder").text
    searched = client.get("/admin/users?q=ABELLA").text

    assert "abella.encoder" in encoders and "barobaybay.encoder" in encoders
    assert "naga.reviewer" not in encoders
    assert "abella.encoder" in searched
    assert "barobaybay.encoder" not in searched


def test_an_administrator_of_a_region_sees_only_users_within_it(client, db, sign_in, manila):
    factories.user(Role.ADMINISTRATOR, "0500000000", username="bicol.admin")
    factories.user(Role.REVIEWER, "0501724000", username="naga.reviewer")
    factories.user(Role.REVIEWER, "1380600000", username="manila.reviewer")
    factories.user(Role.ADMINISTRATOR, "0000000000", username="national.admin")
    db.commit()
    sign_in("bicol.admin")

    page = client.get("/admin/users").text

    assert "naga.reviewer" in page
    assert "manila.reviewer" not in page
    assert "national.admin" not in page


def test_an_administrator_of_a_region_cannot_touch_users_outside_it(client, db, sign_in, manila):
    factories.user(Role.ADMINISTRATOR, "0500000000", username="bicol.admin")
    outsider = factories.user(Role.REVIEWER, "1380600000", username="manila.reviewer")
    db.commit()
    sign_in("bicol.admin")
    password_hash = outsider.password_hash

    assert client.post(f"/admin/users/{outsider.id}/deactivate").status_code == 404
    assert client.post(f"/admin/users/{outsider.id}/reset-password").status_code == 404
    assert outsider.is_active
    assert outsider.password_hash == password_hash


def test_an_administrator_of_a_region_cannot_create_users_outside_it(client, db, sign_in, manila):
    factories.user(Role.ADMINISTRATOR, "0500000000", username="bicol.admin")
    db.commit()
    sign_in("bicol.admin")

    page = client.post(
        "/admin/users/new",
        data={
            "username": "manila.reader",
            "full_name": "Ana Cruz",
            "role": "reader",
            "area": "1380600000",
        },
    ).text

    assert "City of Manila (1380600000) is outside your area" in page
    assert db.scalar(select(User).where(User.username == "manila.reader")) is None


def test_creating_a_user_shows_a_temporary_password_once(client, db, national_admin, sign_in):
    response = client.post(
        "/admin/users/new",
        data={
            "username": "Naga.Reviewer",
            "full_name": "Rosa Reyes",
            "email": "rosa@example.org",
            "role": "reviewer",
            "area": "0501724000",
            "agency": "",
        },
    )

    assert response.status_code == 200
    password = shown_password(response.text)
    created = db.scalar(select(User).where(User.username == "naga.reviewer"))
    assert created is not None
    assert created.role is Role.REVIEWER
    assert created.area.code == "0501724000"
    assert created.must_change_password
    assert verify_password(created.password_hash, password)
    assert password not in client.get("/admin/users").text
    assert db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "created",
            AuditEvent.entity_id == str(created.id),
            AuditEvent.actor == "admin",
        )
    )
    newcomer = client.application.test_client()
    assert sign_in("naga.reviewer", password, on=newcomer).headers["Location"] == (
        "/account/password"
    )


def test_an_area_can_be_given_by_its_exact_name(client, db, national_admin):
    client.post(
        "/admin/users/new",
        data={
            "username": "magarao.reader",
            "full_name": "Ben Lim",
            "role": "reader",
            "area": "magarao",
        },
    )

    created = db.scalar(select(User).where(User.username == "magarao.reader"))
    assert created is not None and created.area.code == "0501720000"


def test_agency_staff_are_created_with_their_agency(client, db, national_admin):
    client.post(
        "/admin/users/new",
        data={
            "username": "dswd.bicol",
            "full_name": "Carla Uy",
            "role": "agency_staff",
            "area": "0500000000",
            "agency": "DSWD",
        },
    )

    created = db.scalar(select(User).where(User.username == "dswd.bicol"))
    assert created is not None and created.agency is not None
    assert created.agency.code == "DSWD"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"area": "0599999999"}, "No org unit has the code or name &#39;0599999999&#39;"),
        ({"area": ""}, "Give the area&#39;s PSGC code."),
        ({"role": "agency_staff"}, "Agency staff need an agency; choose one."),
        ({"agency": "DOH"}, "Only agency staff have an agency"),
        ({"role": "encoder"}, "An encoder&#39;s area must be a barangay; City of Naga is a city."),
        (
            {"username": "bad name!"},
            "Usernames use letters, digits, dots, dashes and underscores only.",
        ),
        ({"username": "admin"}, "The username &#39;admin&#39; is taken"),
        ({"full_name": ""}, "Give the person&#39;s full name."),
        ({"email": "not-an-address"}, "This is not an email address."),
        ({"role": "chief"}, "Not a valid choice"),
    ],
)
def test_a_refused_user_names_the_field_and_saves_nothing(
    client, db, national_admin, fields, message
):
    data = {
        "username": "new.user",
        "full_name": "New User",
        "role": "reviewer",
        "area": "0501724000",
        "agency": "",
        **fields,
    }
    users_before = db.scalar(select(User.id).order_by(User.id.desc()).limit(1))

    response = client.post("/admin/users/new", data=data)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert db.scalar(select(User.id).order_by(User.id.desc()).limit(1)) == users_before
    assert db.scalar(select(User).where(User.username == "new.user")) is None


def test_deactivating_and_reactivating_a_user(client, db, national_admin, sign_in):
    reviewer = factories.user(Role.REVIEWER, "0501724000", username="naga.reviewer")
    db.commit()

    response = client.post(f"/admin/users/{reviewer.id}/deactivate", follow_redirects=True)

    assert "is deactivated and signed out" in response.text
    assert not reviewer.is_active
    elsewhere = client.application.test_client()
    assert sign_in("naga.reviewer", on=elsewhere).status_code == 200

    client.post(f"/admin/users/{reviewer.id}/activate")

    assert reviewer.is_active
    assert sign_in("naga.reviewer", on=elsewhere).status_code == 302
    actions = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.entity_type == "user", AuditEvent.entity_id == str(reviewer.id))
        .order_by(AuditEvent.id)
    ).all()
    assert actions[-3:] == ["deactivated", "activated", "signed_in"]


def test_an_administrator_cannot_deactivate_themselves(client, db, national_admin):
    response = client.post(f"/admin/users/{national_admin.id}/deactivate", follow_redirects=True)

    assert "You cannot deactivate your own account." in response.text
    assert national_admin.is_active
    assert client.get("/admin/users").status_code == 200


def test_resetting_a_password_shows_the_new_one_once(client, db, national_admin, sign_in):
    reviewer = factories.user(Role.REVIEWER, "0501724000", username="naga.reviewer")
    reviewer.failed_logins = services.MAX_FAILED_LOGINS
    db.commit()

    response = client.post(f"/admin/users/{reviewer.id}/reset-password")

    password = shown_password(response.text)
    elsewhere = client.application.test_client()
    assert sign_in("naga.reviewer", on=elsewhere).status_code == 200
    assert sign_in("naga.reviewer", password, on=elsewhere).headers["Location"] == (
        "/account/password"
    )
    assert db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "reset_password", AuditEvent.entity_id == str(reviewer.id)
        )
    )


def test_unknown_users_are_not_found(client, national_admin):
    assert client.post("/admin/users/999999/deactivate").status_code == 404
    assert client.post("/admin/users/999999/reset-password").status_code == 404


def test_the_list_is_paged_and_the_pages_keep_the_filter(client, db, national_admin, monkeypatch):
    from monitor.accounts import views

    monkeypatch.setattr(views, "USERS_PER_PAGE", 1)
    factories.user(Role.ENCODER, "0501724001", username="abella.encoder")
    factories.user(Role.ENCODER, "0501724002", username="bagumbayan.encoder")
    db.commit()

    first = client.get("/admin/users?role=encoder").text
    second = client.get("/admin/users?role=encoder&page=2").text

    assert "2 users, page 1 of 2" in first
    assert "abella.encoder" in first and "bagumbayan.encoder" not in first
    assert "/admin/users?role=encoder&amp;page=2" in first
    assert "bagumbayan.encoder" in second and "abella.encoder" not in second
