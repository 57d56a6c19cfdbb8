"""The administrator's pages of the hierarchy."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from monitor.accounts.models import Role
from monitor.database import session
from monitor.orgunits import services
from monitor.orgunits.models import OrgUnitLevel
from tests import factories
from tests.base_data import HIERARCHY


def sign_in(client: FlaskClient, role: Role, area_code: str) -> None:
    user = factories.user(role, area_code)
    response = client.post(
        "/login", data={"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_roots_page_lists_the_country_with_its_barangays(app, client):
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    page = client.get("/admin/org-units").get_data(as_text=True)

    assert "Philippines" in page
    assert '<td class="number">5</td>' in page
    assert 'href="/admin/org-units/0000000000"' in page


def test_unit_page_shows_breadcrumbs_children_with_counts_and_facts(app, client):
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    page = client.get("/admin/org-units/0501700000").get_data(as_text=True)

    assert "<h1>Camarines Sur</h1>" in page
    breadcrumbs = page[page.index('class="breadcrumbs"') : page.index("</ol>")]
    assert breadcrumbs.index("Philippines") < breadcrumbs.index("Region V (Bicol Region)")
    assert '<li aria-current="page">Camarines Sur</li>' in breadcrumbs
    children = page[page.index('id="children"') : page.index("<h2>History</h2>")]
    assert children.index("Magarao") < children.index("City of Naga")  # in code order
    assert children.count('<td class="number">2</td>') == 2
    assert "<dd>Province</dd>" in page
    assert "4 active at or below" in page


def test_unit_page_shows_what_imports_changed(app, client, tmp_path: Path):
    rows = [
        [code, "Abella Proper" if code == "0501724001" else name, level.value, parent or ""]
        for code, name, level, parent in HIERARCHY
    ]
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name,level,parent_code\n" + "\n".join(",".join(row) for row in rows) + "\n",
        encoding="utf-8",
    )
    services.import_csv(path)
    session.commit()
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    page = client.get("/admin/org-units/0501724001").get_data(as_text=True)

    history = page[page.index("<h2>History</h2>") :]
    assert "Renamed" in history
    assert "<td>Abella</td>" in history
    assert "<td>Abella Proper</td>" in history
    assert "units.csv, by command line" in history


def test_search_finds_units_by_name_and_by_code(app, client):
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    by_name = client.get("/admin/org-units?q=naga").get_data(as_text=True)
    by_code = client.get("/admin/org-units?q=05016").get_data(as_text=True)

    assert 'href="/admin/org-units/0501724000"' in by_name
    assert "Camarines Sur, Region V (Bicol Region)" in by_name
    assert 'href="/admin/org-units/0501612000"' in by_code
    assert 'href="/admin/org-units/0501724000"' not in by_code


def test_search_says_when_nothing_matches(app, client):
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    page = client.get("/admin/org-units?q=Atlantis").get_data(as_text=True)

    assert "No org unit matches “Atlantis”." in page


def test_unknown_code_is_not_found(app, client):
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    assert client.get("/admin/org-units/9999999999").status_code == 404
    assert client.get("/admin/org-units/0501700000?page=2").status_code == 404


def test_administrator_of_one_area_cannot_open_units_outside_it(app, client):
    sign_in(client, Role.ADMINISTRATOR, "0501700000")

    top = client.get("/admin/org-units").get_data(as_text=True)
    assert 'href="/admin/org-units/0501700000"' in top
    assert "Philippines" not in top
    assert client.get("/admin/org-units/0501600000").status_code == 404
    page = client.get("/admin/org-units?q=Daet").get_data(as_text=True)
    assert "No org unit matches" in page


def test_other_roles_are_refused(app, client):
    sign_in(client, Role.REVIEWER, "0501700000")

    assert client.get("/admin/org-units").status_code == 403
    assert client.get("/admin/org-units/0501700000").status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(app, client):
    response = client.get("/admin/org-units")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_many_children_are_split_into_pages(app, client):
    for number in range(101):
        factories.add_unit(
            f"0501613{number:03d}",
            f"Barangay {number}",
            OrgUnitLevel.BARANGAY,
            "0501612000",
        )
    session.commit()
    sign_in(client, Role.ADMINISTRATOR, "0000000000")

    first = client.get("/admin/org-units/0501612000").get_data(as_text=True)
    second = client.get("/admin/org-units/0501612000?page=2").get_data(as_text=True)

    assert "102 units directly below Daet" in first
    assert first.count('<th scope="row">') == 100
    assert "Page 1 of 2." in first
    assert 'href="/admin/org-units/0501612000?page=2#children"' in first
    assert second.count('<th scope="row">') == 2
    assert 'href="/admin/org-units/0501612000?page=1#children"' in second
