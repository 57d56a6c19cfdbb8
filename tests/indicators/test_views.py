"""The framework pages: read-only, for any signed-in user, and closed to anonymous visitors."""

from __future__ import annotations

from monitor.accounts.models import Role
from tests import factories


def sign_in(client, role: Role = Role.READER, area_code: str = "0501700000") -> None:
    user = factories.user(role, area_code)
    response = client.post(
        "/login", data={"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/framework")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_anonymous_visitors_cannot_read_an_indicator(client):
    response = client.get("/framework/indicators/SUR-01")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_framework_page_lists_version_domains_and_indicators(client, db):
    sign_in(client)

    response = client.get("/framework")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "ph-cwc 2026.1" in page
    for domain in ("Survival", "Development", "Protection", "Participation", "Governance"):
        assert f'<h2 id="domain-{domain[:3].upper()}">{domain}</h2>' in page
    assert "Fully immunized children (FIC) coverage" in page
    assert 'href="/framework/indicators/SUR-01"' in page
    assert "Rate per 1,000" in page
    assert "25 per 1,000" in page
    assert "Barangay quarterly report" in page
    assert "<form" not in page.split("</header>")[1]


def test_an_encoder_reads_the_framework_too(client, db):
    sign_in(client, Role.ENCODER, "0501724001")

    assert client.get("/framework").status_code == 200


def test_the_indicator_page_shows_definition_parts_disaggregations_and_rules(client, db):
    sign_in(client)

    response = client.get("/framework/indicators/PRO-02")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "PRO-02 Reported CNSP cases under case management" in page
    assert "under case management by a" in page
    assert "CNSP cases reported to the social welfare office" in page
    assert "Type of case (CNSP)" in page
    assert "Online sexual abuse or exploitation (OSAEC)" in page
    assert "PRO-02.numerator ≤ PRO-02.denominator" in page
    assert "small counts are suppressed in public reports" in page
    assert "DSWD" in page


def test_an_unknown_indicator_is_not_found(client, db):
    sign_in(client)

    assert client.get("/framework/indicators/XYZ-99").status_code == 404
