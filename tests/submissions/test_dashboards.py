"""The role home pages and the queries behind them, each limited to the user's area."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from indicators.models import Form
from monitor import clock
from monitor.accounts.models import Role, User
from monitor.database import session
from submissions import periods, queries
from submissions.models import ReportingPeriod, Submission, SubmissionStatus
from tests import factories

TODAY = date(2026, 10, 25)  # 2026-Q3 is past due and not closed

COUNTRY = "0000000000"
REGION_V = "0500000000"
CAMARINES_SUR = "0501700000"
NAGA = "0501724000"
ABELLA = "0501724001"
BAGUMBAYAN_NORTE = "0501724002"
MAGARAO = "0501720000"
BAROBAYBAY = "0501720001"
BELL = "0501720002"
ALAWIHAO = "0501612001"

BARANGAY_QUARTERLY = "barangay-quarterly"
BARANGAY_ANNUAL = "barangay-annual"
DSWD_QUARTERLY = "dswd-city_municipality-quarterly"
DSWD_REGION_QUARTERLY = "dswd-region-quarterly"
PNP_QUARTERLY = "pnp-city_municipality-quarterly"

#: The area (and agency) of each role's user in these tests.
SIGN_IN_AREAS = {
    Role.ADMINISTRATOR: (COUNTRY, None),
    Role.ENCODER: (ABELLA, None),
    Role.REVIEWER: (NAGA, None),
    Role.AGENCY_STAFF: (CAMARINES_SUR, "DSWD"),
    Role.READER: (CAMARINES_SUR, None),
}

HOME_PAGES = {
    Role.ENCODER: "/forms",
    Role.REVIEWER: "/review",
    Role.AGENCY_STAFF: "/returns",
    Role.READER: "/reports",
}

#: (page, role) of every role refused a home page; every role reads reports, so none of /reports.
REFUSED = [
    ("/forms", Role.REVIEWER),
    ("/forms", Role.AGENCY_STAFF),
    ("/forms", Role.READER),
    ("/review", Role.ENCODER),
    ("/review", Role.AGENCY_STAFF),
    ("/review", Role.READER),
    ("/returns", Role.ENCODER),
    ("/returns", Role.REVIEWER),
    ("/returns", Role.READER),
]

STATUS_CAPTION = "Expected reports of the units in your area, by status"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages ask the clock which periods are current; fix its date so they always agree."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def form(code: str) -> Form:
    found = session.scalar(select(Form).where(Form.code == code))
    assert found is not None, f"no form {code} in the framework"
    return found


def file_report(
    period: ReportingPeriod,
    form_code: str,
    unit_code: str,
    status: SubmissionStatus,
    submitted_on: date | None = None,
) -> Submission:
    """A submission as the workflow would leave it, written straight to the table."""
    submission = Submission(
        form_id=form(form_code).id,
        period_id=period.id,
        org_unit_id=factories.org_unit(unit_code).id,
        status=status,
        submitted_at=datetime.combine(submitted_on, time(2), tzinfo=UTC) if submitted_on else None,
        return_reason="The totals do not add up." if status is SubmissionStatus.RETURNED else None,
    )
    session.add(submission)
    session.flush()
    return submission


@pytest.fixture
def quarter(db) -> ReportingPeriod:
    """2026-Q3 with reports in every status in Camarines Sur, and some beyond it.

    Camarines Sur expects 8 reports: the barangay form from 4 barangays, and the DSWD and
    PNP returns from Naga and Magarao. Its PNP returns are not started.
    """
    period = periods.open_period(
        "2026-Q3", date(2026, 10, 1), date(2026, 10, 15), date(2026, 10, 31)
    )
    submitted, approved = SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED
    file_report(period, BARANGAY_QUARTERLY, ABELLA, submitted, date(2026, 10, 8))
    file_report(period, BARANGAY_QUARTERLY, BAGUMBAYAN_NORTE, SubmissionStatus.DRAFT)
    file_report(period, DSWD_QUARTERLY, NAGA, approved, date(2026, 10, 6))
    file_report(
        period, BARANGAY_QUARTERLY, BAROBAYBAY, SubmissionStatus.RETURNED, date(2026, 10, 5)
    )
    file_report(period, BARANGAY_QUARTERLY, BELL, submitted, date(2026, 10, 2))
    file_report(period, DSWD_QUARTERLY, MAGARAO, submitted, date(2026, 10, 20))  # late
    file_report(period, BARANGAY_QUARTERLY, ALAWIHAO, submitted, date(2026, 10, 3))
    file_report(period, DSWD_REGION_QUARTERLY, REGION_V, submitted, date(2026, 10, 4))
    db.commit()
    return period


@pytest.fixture
def year(db) -> ReportingPeriod:
    """2025, closed this April, with nothing filed."""
    period = periods.open_period("2025", date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30))
    db.commit()
    return period


def counts_by_status(
    user: User, period: ReportingPeriod, form_code: str | None = None
) -> dict[str, int]:
    counts = queries.status_counts(user, period, form(form_code) if form_code else None)
    return {status: counts.count(status) for status in queries.STATUS_ORDER}


def expected(
    *,
    not_started: int = 0,
    draft: int = 0,
    submitted: int = 0,
    returned: int = 0,
    approved: int = 0,
) -> dict[str, int]:
    return {
        queries.NOT_STARTED: not_started,
        SubmissionStatus.DRAFT: draft,
        SubmissionStatus.SUBMITTED: submitted,
        SubmissionStatus.RETURNED: returned,
        SubmissionStatus.APPROVED: approved,
    }


def signed_in(sign_in, role: Role, area_code: str, agency_code: str | None = None) -> User:
    user = factories.user(role, area_code, agency_code=agency_code)
    session.commit()
    assert sign_in(user.username).status_code == 302
    return user


def signed_in_as(sign_in, role: Role) -> User:
    """A user of ``role`` in the area (and agency) these tests give that role."""
    area_code, agency_code = SIGN_IN_AREAS[role]
    return signed_in(sign_in, role, area_code, agency_code)


def section(page: str, heading: str) -> str:
    """The page from the ``<h2>`` starting with ``heading`` to the next ``<h2>``."""
    start = page.index(f"<h2>{heading}")
    end = page.find("<h2>", start + 1)
    return page[start:] if end == -1 else page[start:end]


def table(page: str, caption: str) -> str:
    found = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, re.DOTALL)
    assert found is not None, f"no table {caption!r} on the page"
    return found.group(1)


def rows(fragment: str) -> list[list[str]]:
    """The text of each cell, row by row."""
    return [
        [_text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL)]
        for row in re.findall(r"<tr>(.*?)</tr>", fragment, re.DOTALL)
    ]


def status_table(page: str, caption: str) -> dict[str, str]:
    """A status table's heading and figure for each column."""
    headings, figures = rows(table(page, caption))
    return dict(zip(headings, figures, strict=True))


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# The queries


def test_status_counts_count_the_not_started_reports_and_each_status_in_the_area(quarter):
    reviewer = factories.user(Role.REVIEWER, CAMARINES_SUR)

    assert counts_by_status(reviewer, quarter) == expected(
        not_started=2, draft=1, submitted=3, returned=1, approved=1
    )


def test_status_counts_of_a_municipality_leave_out_the_next_municipality(quarter):
    naga = factories.user(Role.REVIEWER, NAGA)
    magarao = factories.user(Role.REVIEWER, MAGARAO)

    assert counts_by_status(naga, quarter) == expected(
        not_started=1, draft=1, submitted=1, approved=1
    )
    assert counts_by_status(magarao, quarter) == expected(not_started=1, submitted=2, returned=1)


@pytest.mark.parametrize(
    ("area_code", "reports"),
    [(ABELLA, 1), (NAGA, 4), (CAMARINES_SUR, 8), (REGION_V, 12), (COUNTRY, 12)],
)
def test_status_counts_add_up_to_the_expected_reports_of_the_area(quarter, area_code, reports):
    reader = factories.user(Role.READER, area_code)

    counts = queries.status_counts(reader, quarter)

    assert counts.expected == reports
    assert sum(counts.count(status) for status in queries.STATUS_ORDER) == reports
    assert periods.expected_report_counts(reader)[quarter.id] == reports


def test_status_counts_of_one_form_leave_out_the_other_forms(quarter):
    staff = factories.user(Role.AGENCY_STAFF, CAMARINES_SUR, agency_code="DSWD")

    assert counts_by_status(staff, quarter, DSWD_QUARTERLY) == expected(submitted=1, approved=1)
    assert counts_by_status(staff, quarter, PNP_QUARTERLY) == expected(not_started=2)


def test_waiting_for_review_lists_the_submitted_reports_of_the_area_oldest_first(quarter):
    reviewer = factories.user(Role.REVIEWER, CAMARINES_SUR)

    waiting = queries.waiting_for_review(reviewer)

    assert [(report.org_unit.code, report.form.code) for report in waiting] == [
        (BELL, BARANGAY_QUARTERLY),
        (ABELLA, BARANGAY_QUARTERLY),
        (MAGARAO, DSWD_QUARTERLY),
    ]
    assert {report.status for report in waiting} == {SubmissionStatus.SUBMITTED}


def test_waiting_for_review_leaves_out_the_next_municipality(quarter):
    reviewer = factories.user(Role.REVIEWER, NAGA)

    waiting = queries.waiting_for_review(reviewer)

    assert [report.org_unit.code for report in waiting] == [ABELLA]


def test_reports_of_a_barangay_are_the_forms_it_files_with_their_status(quarter, year):
    abella = factories.org_unit(ABELLA)

    reports = queries.reports_of_unit(abella.id, queries.current_periods(TODAY))

    # Not the DILG barangay-level return: DILG files that about the barangay.
    assert [(report.period.code, report.form.code, report.status) for report in reports] == [
        ("2026-Q3", BARANGAY_QUARTERLY, SubmissionStatus.SUBMITTED),
        ("2025", BARANGAY_ANNUAL, queries.NOT_STARTED),
    ]


def test_forms_of_an_agency_are_its_own_forms_only(db):
    dswd = factories.agency("DSWD")

    forms = queries.forms_of_agency(dswd.id)

    assert [found.code for found in forms] == [
        "dswd-city_municipality-annual",
        DSWD_QUARTERLY,
        DSWD_REGION_QUARTERLY,
    ]


def test_current_periods_are_the_opened_ones_not_closed_over_a_year_ago_newest_first(db):
    periods.open_period("2024", date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 30))
    periods.open_period("2025", date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30))
    periods.open_period("2026-Q3", date(2026, 10, 1), date(2026, 10, 15), date(2026, 10, 31))
    periods.open_period("2026-Q4", date(2027, 1, 1), date(2027, 1, 15), date(2027, 1, 31))

    assert [period.code for period in queries.current_periods(TODAY)] == ["2026-Q3", "2025"]


# Who may open each page


@pytest.mark.parametrize("role", list(HOME_PAGES))
def test_each_role_lands_on_its_own_page(client, sign_in, quarter, role):
    signed_in_as(sign_in, role)
    url = HOME_PAGES[role]

    assert client.get("/").headers["Location"] == url
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("url", "role"), REFUSED)
def test_a_role_page_refuses_the_other_roles(client, sign_in, url, role):
    signed_in_as(sign_in, role)

    response = client.get(url)

    assert response.status_code == 403
    assert "Your account does not have access to this page." in response.text


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_open_the_reports_page(client, sign_in, role):
    signed_in_as(sign_in, role)

    assert client.get("/reports").status_code == 200


@pytest.mark.parametrize("url", HOME_PAGES.values())
def test_role_pages_send_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2F{url[1:]}"


# The encoder's forms


def test_the_forms_page_lists_the_reports_of_the_encoders_barangay(client, sign_in, quarter, year):
    signed_in_as(sign_in, Role.ENCODER)

    page = client.get("/forms").text

    assert "<h1>Forms for Abella</h1>" in page
    assert rows(table(page, "Reports your barangay has to file"))[1:] == [
        ["2026-Q3", "Barangay quarterly report", "2026-10-15", "Submitted", "Submitted 2026-10-08"],
        ["2025", "Barangay annual report", "2026-03-31 208 days overdue", "Not started", ""],
    ]
    assert "DILG" not in page


# The reviewer's queue


def test_the_review_page_shows_the_counts_and_the_waiting_reports_of_the_area(
    client, sign_in, quarter
):
    signed_in_as(sign_in, Role.REVIEWER)

    page = client.get("/review").text

    assert "<h1>Reports from City of Naga</h1>" in page
    assert status_table(page, STATUS_CAPTION) == {
        "Expected": "4",
        "Not started": "1",
        "Draft": "1",
        "Submitted": "1",
        "Returned": "0",
        "Approved": "1",
    }
    assert rows(section(page, "Waiting for your review"))[1:] == [
        ["Abella 0501724001", "2026-Q3", "Barangay quarterly report", "2026-10-08", "—"]
    ]


def test_the_review_page_names_no_unit_outside_the_reviewers_area(client, sign_in, quarter):
    signed_in_as(sign_in, Role.REVIEWER)

    page = client.get("/review").text

    assert "Abella" in page
    for outside in ("Magarao", "Barobaybay", "Bell (Poblacion)", "Alawihao", "Daet", "Region V"):
        assert outside not in page


def test_the_waiting_list_names_who_submitted_or_shows_a_dash(client, sign_in, db, quarter):
    encoder = factories.user(Role.ENCODER, BELL)
    bell = db.scalar(
        select(Submission).where(Submission.org_unit_id == factories.org_unit(BELL).id)
    )
    bell.submitted_by = encoder
    db.commit()
    signed_in(sign_in, Role.REVIEWER, CAMARINES_SUR)

    page = client.get("/review").text

    assert [(row[0], row[-1]) for row in rows(section(page, "Waiting for your review"))[1:]] == [
        ("Bell (Poblacion) 0501720002", "Test Encoder"),
        ("Abella 0501724001", "—"),
        ("Magarao 0501720000", "—"),
    ]


# The agency's returns


def test_agency_staff_see_only_the_returns_of_their_agency(client, sign_in, quarter):
    signed_in_as(sign_in, Role.AGENCY_STAFF)

    page = client.get("/returns").text

    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "DSWD city/municipal annual return",
        "DSWD city/municipal quarterly return",
        "DSWD regional quarterly return",
    ]
    quarterly = section(page, "DSWD city/municipal quarterly return")
    assert status_table(quarterly, "2026-Q3 · due 2026-10-15") == {
        "Expected": "2",
        "Not started": "0",
        "Draft": "0",
        "Submitted": "1",
        "Returned": "0",
        "Approved": "1",
    }
    assert "PNP" not in page


def test_the_returns_page_counts_one_indicator_in_the_singular(client, sign_in, quarter):
    signed_in_as(sign_in, Role.AGENCY_STAFF)

    page = client.get("/returns").text

    annual = section(page, "DSWD city/municipal annual return")
    quarterly = section(page, "DSWD city/municipal quarterly return")
    assert "3 indicators, reported for each city/municipality in your area." in annual
    assert "1 indicator, reported for each city/municipality in your area." in quarterly


def test_an_administrator_opening_the_returns_page_gets_not_found(client, sign_in):
    signed_in_as(sign_in, Role.ADMINISTRATOR)

    assert client.get("/returns").status_code == 404


# The reader's overview


def test_the_reports_page_shows_completeness_and_the_areas_below_the_readers(
    client, sign_in, quarter
):
    signed_in_as(sign_in, Role.READER)

    page = client.get("/reports").text

    assert "<h1>Camarines Sur</h1>" in page
    completeness = table(page, "Reports received against reports expected, in your area")
    assert rows(completeness)[1:] == [["2026-Q3", "8", "4", "3", "1", "50.0%"]]
    below = section(page, "Areas below")
    assert [_text(item) for item in re.findall(r"<li>(.*?)</li>", below)] == [
        "City of Naga (City)",
        "Magarao (Municipality)",
    ]
    assert "Camarines Norte" not in page
    assert "Daet" not in page
