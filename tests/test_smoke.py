from tests import factories


def test_login_lands_administrator_on_administration(client, db):
    from monitor.accounts.models import Role

    factories.user(Role.ADMINISTRATOR, "0000000000", username="admin")
    response = client.post(
        "/login", data={"username": "admin", "password": factories.PASSWORD}, follow_redirects=True
    )
    assert response.status_code == 200
    assert b"Administration" in response.data


def test_administration_lists_the_levels_from_the_country_down(client, db, sign_in):
    from monitor.accounts.models import Role

    factories.user(Role.ADMINISTRATOR, "0000000000", username="admin")
    sign_in("admin")
    page = client.get("/admin").get_data(as_text=True)

    shown = [page.index(f"{label} units") for label in ("Country", "Region", "Barangay")]
    assert shown == sorted(shown)
