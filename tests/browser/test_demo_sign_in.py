"""Each demo user signs in through the real form and lands on the page of work for their role.

The server is the one the README's first command starts, with the accounts the demo printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from submissions.demo import DEFAULT_PROVINCE
from tests.browser.conftest import DemoAccount, DemoServer

#: Links every signed-in user has in the main navigation; administrators have more.
EVERYONE_LINKS = ["Home", "Framework"]
ADMINISTRATOR_LINKS = [*EVERYONE_LINKS, "Periods", "Org units", "Users"]

#: PSGC codes of units in a province begin with the province's region and province digits.
PROVINCE_PREFIX = DEFAULT_PROVINCE[:5]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a context of its own, so no test inherits another's session cookie."""
    with browser.new_context() as context:
        yield context.new_page()


@pytest.fixture(autouse=True)
def no_server_errors(demo_server: DemoServer) -> Iterator[None]:
    """Fail a test whose requests made the server log a traceback, even if the page hid it."""
    logged_before = demo_server.log.stat().st_size
    yield
    with demo_server.log.open("rb") as log:
        log.seek(logged_before)
        written = log.read().decode(errors="replace")
    assert "Traceback" not in written, written


def sign_in(page: Page, server: DemoServer, account: DemoAccount, password: str = "") -> None:
    """Open the site as a visitor does and send the login form."""
    page.goto(f"{server.base_url}/")
    expect(page).to_have_url(f"{server.base_url}/login")
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill(password or account.password)
    page.get_by_role("button", name="Sign in").click()


def navigation_links(page: Page) -> list[str]:
    return page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()


def signed_in_area(page: Page, role_label: str) -> str:
    """The area name the header shows beside the role, as in "Encoder · Agdangan Pob."."""
    shown = page.locator(".account__role").inner_text()
    label, _, rest = shown.partition(" · ")
    assert label == role_label, shown
    return rest.split(" · ")[0]


def table_rows(page: Page, caption: str) -> Locator:
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return table.locator("tbody tr")


def test_the_administrator_lands_on_administration_with_the_whole_hierarchy(
    page: Page, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server, demo_server.account("administrator"))

    expect(page).to_have_url(f"{demo_server.base_url}/admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert signed_in_area(page, "Administrator") == "Philippines"
    assert navigation_links(page) == ADMINISTRATOR_LINKS
    expect(page.locator(".card", has_text="Barangay units")).to_be_visible()
    agency_staff = len(demo_server.accounts_of("agency_staff"))
    expect(page.locator(".card", has_text="Agency staff")).to_have_text(
        f"{agency_staff} Agency staff"
    )


def test_the_encoder_lands_on_the_forms_of_their_barangay_in_every_period(
    page: Page, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server, demo_server.account("encoder"))

    expect(page).to_have_url(f"{demo_server.base_url}/forms")
    barangay = signed_in_area(page, "Encoder")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Forms for {barangay}")
    expect(page.locator("main")).to_contain_text(f"Barangay code {PROVINCE_PREFIX}")
    assert navigation_links(page) == EVERYONE_LINKS
    periods_listed = table_rows(page, "Reports your barangay has to file").locator("td:first-child")
    assert set(periods_listed.all_inner_texts()) == set(demo_server.periods)


def test_the_reviewer_lands_on_the_review_queue_with_submissions_waiting(
    page: Page, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server, demo_server.account("reviewer"))

    expect(page).to_have_url(f"{demo_server.base_url}/review")
    municipality = signed_in_area(page, "Reviewer")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reports from {municipality}")
    assert navigation_links(page) == EVERYONE_LINKS
    for period in demo_server.periods:
        expect(page.get_by_role("heading", level=2, name=f"{period} · due")).to_be_visible()
    waiting = page.locator("h2:text-is('Waiting for your review') + .table-wrap tbody tr")
    expect(waiting.first).to_contain_text(PROVINCE_PREFIX)
    expect(page.get_by_text("Nothing is waiting for review.")).to_have_count(0)


def test_each_agency_staff_member_lands_on_the_returns_of_their_agency(
    browser: Browser, demo_server: DemoServer
) -> None:
    staff = demo_server.accounts_of("agency_staff")
    assert len(staff) > 1, "the demo makes an account for each reporting agency"
    for account in staff:
        with browser.new_context() as context:
            page = context.new_page()
            sign_in(page, demo_server, account)

            expect(page).to_have_url(f"{demo_server.base_url}/returns")
            agency_code = page.locator(".account__role").inner_text().rsplit(" · ", 1)[-1]
            assert agency_code.lower() == account.username.removeprefix("staff-"), agency_code
            province = signed_in_area(page, "Agency staff")
            expect(page.get_by_role("heading", level=1)).to_have_text(
                re.compile(rf".+ returns for {re.escape(province)}")
            )
            assert navigation_links(page) == EVERYONE_LINKS
            expect(page.get_by_role("heading", level=2).first).to_contain_text(agency_code)
            expect(page.locator("table caption").first).to_contain_text(" · due ")


def test_the_reader_lands_on_the_completeness_of_their_province(
    page: Page, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server, demo_server.account("reader"))

    expect(page).to_have_url(f"{demo_server.base_url}/reports")
    province = signed_in_area(page, "Council reader")
    expect(page.get_by_role("heading", level=1)).to_have_text(province)
    expect(page.get_by_text(f"Province · code {DEFAULT_PROVINCE}")).to_be_visible()
    assert navigation_links(page) == EVERYONE_LINKS
    completeness = table_rows(page, "Reports received against reports expected")
    assert set(completeness.locator("td:first-child").all_inner_texts()) == set(demo_server.periods)
    for percent in completeness.locator("td:last-child").all_inner_texts():
        assert 0 < float(percent.removesuffix("%")) <= 100, percent
    expect(page.get_by_text("(Municipality)").first).to_be_visible()


def test_a_wrong_password_shows_the_error_and_stays_on_the_login_page(
    page: Page, demo_server: DemoServer
) -> None:
    account = demo_server.account("reader")
    sign_in(page, demo_server, account, password="not-" + account.password)

    expect(page).to_have_url(f"{demo_server.base_url}/login")
    expect(page.get_by_role("alert")).to_have_text(
        "The username or password is not right, or the account is locked."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Username")).to_have_value(account.username)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)


def test_signing_out_returns_to_the_login_page_and_ends_the_session(
    page: Page, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server, demo_server.account("reviewer"))
    expect(page).to_have_url(f"{demo_server.base_url}/review")

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{demo_server.base_url}/login")
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(f"{demo_server.base_url}/review")
    expect(page).to_have_url(f"{demo_server.base_url}/login?next=%2Freview")


def test_signing_in_and_out_works_without_javascript(
    browser: Browser, demo_server: DemoServer
) -> None:
    with browser.new_context(java_script_enabled=False) as context:
        page = context.new_page()

        sign_in(page, demo_server, demo_server.account("encoder"))
        expect(page).to_have_url(f"{demo_server.base_url}/forms")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Forms for ")
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(f"{demo_server.base_url}/login")
        expect(page.get_by_role("status")).to_have_text("You are signed out.")


def test_the_skip_link_is_the_first_thing_tab_reaches_and_leads_to_the_content(
    page: Page, demo_server: DemoServer
) -> None:
    sign_in(page, demo_server, demo_server.account("administrator"))
    expect(page).to_have_url(f"{demo_server.base_url}/admin")

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main")
