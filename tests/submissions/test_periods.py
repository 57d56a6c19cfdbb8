"""Reporting periods: codes, opening with expected reports, dates, status, command and page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from indicators.models import (
    Dimension,
    Domain,
    Form,
    Framework,
    Frequency,
    Indicator,
    ValidationRule,
)
from indicators.services import current_framework
from monitor.accounts.models import Role
from monitor.audit.models import AuditEvent
from monitor.orgunits.models import OrgUnit, OrgUnitLevel, ReportingLevel
from submissions import periods
from submissions.models import ExpectedReport, PeriodKind, ReportingPeriod
from tests import factories

BARANGAYS = {"0501724001", "0501724002", "0501720001", "0501720002", "0501612001"}
CITIES_AND_MUNICIPALITIES = {"0501724000", "0501720000", "0501612000"}
PROVINCES = {"0501700000", "0501600000"}

Q3_DATES = {
    "opens_on": date(2026, 10, 1),
    "due_on": date(2026, 10, 15),
    "closes_on": date(2026, 10, 31),
}


def make_framework(db, version: str = "1", loaded_at: datetime | None = None) -> Framework:
    """A framework with a form for each level and frequency a period has to tell apart."""
    framework = Framework(
        code="test",
        version=version,
        title="Test framework",
        checksum="0" * 64,
        source_name="test.toml",
        loaded_at=loaded_at or datetime.now(UTC),
    )
    db.add(framework)
    db.flush()
    for code, level, frequency, source in (
        ("BRGY-Q", ReportingLevel.BARANGAY, Frequency.QUARTERLY, "barangay"),
        ("DOH-Q", ReportingLevel.CITY_MUNICIPALITY, Frequency.QUARTERLY, "DOH"),
        ("BRGY-A", ReportingLevel.BARANGAY, Frequency.ANNUAL, "barangay"),
        ("DSWD-S", ReportingLevel.PROVINCE, Frequency.SEMESTRAL, "DSWD"),
    ):
        db.add(
            Form(
                framework_id=framework.id,
                code=f"{code}-{version}",
                title=code,
                source=source,
                agency_id=None if source == "barangay" else factories.agency(source).id,
                level=level,
                frequency=frequency,
            )
        )
    db.flush()
    return framework


def expected_reports(db, period: ReportingPeriod) -> set[tuple[str, str]]:
    """(form code, org unit code) of each report the period expects."""
    return set(
        db.execute(
            select(Form.code, OrgUnit.code)
            .join(ExpectedReport, ExpectedReport.form_id == Form.id)
            .join(OrgUnit, OrgUnit.id == ExpectedReport.org_unit_id)
            .where(ExpectedReport.period_id == period.id)
        )
    )


@pytest.fixture
def framework(db):
    framework = make_framework(db)
    db.commit()
    return framework


# Period codes


@pytest.mark.parametrize(
    ("code", "kind", "starts_on", "ends_on"),
    [
        ("2026-Q1", PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", PeriodKind.QUARTER, date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", PeriodKind.QUARTER, date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", PeriodKind.QUARTER, date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-S1", PeriodKind.SEMESTER, date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-S2", PeriodKind.SEMESTER, date(2026, 7, 1), date(2026, 12, 31)),
        ("2026", PeriodKind.YEAR, date(2026, 1, 1), date(2026, 12, 31)),
        (" 2028-q1 ", PeriodKind.QUARTER, date(2028, 1, 1), date(2028, 3, 31)),
    ],
)
def test_a_period_code_gives_its_kind_and_dates(code, kind, starts_on, ends_on):
    assert periods.parse_period_code(code) == (kind, starts_on, ends_on)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2026-Q5", "a quarter is Q1, Q2, Q3 or Q4"),
        ("2026-Q0", "a quarter is Q1, Q2, Q3 or Q4"),
        ("2026-S3", r"a semester is S1 \(January to June\) or S2"),
        ("2026-H1", "is not a period code"),
        ("26-Q1", "is not a period code"),
        ("2026Q1", "is not a period code"),
        ("2026-", "is not a period code"),
        ("", "is not a period code"),
        ("1999", "the year must be from 2000 to 2100"),
    ],
)
def test_a_bad_period_code_is_refused_with_the_reason(code, message):
    with pytest.raises(periods.PeriodError, match=message) as refused:
        periods.parse_period_code(code)
    assert refused.value.field == "code"


# Opening a period


def test_opening_a_quarter_expects_each_quarterly_form_from_each_unit_at_its_level(db, framework):
    period = periods.open_period("2026-q3", None, date(2026, 10, 15), date(2026, 10, 31))

    assert period.code == "2026-Q3"
    assert (period.kind, period.starts_on, period.ends_on) == (
        PeriodKind.QUARTER,
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert expected_reports(db, period) == (
        {("BRGY-Q-1", code) for code in BARANGAYS}
        | {("DOH-Q-1", code) for code in CITIES_AND_MUNICIPALITIES}
    )


def test_opening_a_semester_or_a_year_expects_only_forms_of_that_frequency(db, framework):
    semester = periods.open_period("2026-S2", None, date(2027, 1, 15), date(2027, 1, 31))
    year = periods.open_period("2026", None, date(2027, 2, 15), date(2027, 3, 31))

    assert expected_reports(db, semester) == {("DSWD-S-1", code) for code in PROVINCES}
    assert expected_reports(db, year) == {("BRGY-A-1", code) for code in BARANGAYS}


def test_retired_units_are_not_expected_to_report(db, framework):
    factories.org_unit("0501612001").retired_at = datetime.now(UTC)
    db.flush()

    period = periods.open_period("2026-Q3", **Q3_DATES)

    units = {unit for _form, unit in expected_reports(db, period)}
    assert "0501612001" not in units
    assert BARANGAYS - {"0501612001"} <= units


def test_expected_reports_stay_as_fixed_when_units_are_added_later(db, framework):
    period = periods.open_period("2026-Q3", **Q3_DATES)
    before = expected_reports(db, period)

    factories.add_unit("0501724003", "Balatas", OrgUnitLevel.BARANGAY, "0501724000")
    periods.update_dates(period, date(2026, 10, 1), date(2026, 10, 20), date(2026, 11, 5))

    assert expected_reports(db, period) == before


def test_the_newest_framework_decides_the_forms(db, framework):
    newer = make_framework(db, version="2", loaded_at=datetime.now(UTC) + timedelta(minutes=1))

    period = periods.open_period("2026-Q3", **Q3_DATES)

    forms = {form for form, _unit in expected_reports(db, period)}
    assert forms == {"BRGY-Q-2", "DOH-Q-2"}
    assert current_framework() is newer


def test_opening_defaults_to_open_when_the_period_ends(db, framework):
    period = periods.open_period("2026-Q3", None, date(2026, 10, 15), date(2026, 10, 31))

    assert period.opens_on == date(2026, 9, 30)


def test_opening_is_audited_with_dates_and_counts(db, framework):
    periods.open_period("2026-Q3", **Q3_DATES, actor="setup")

    event = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "reporting_period", AuditEvent.entity_id == "2026-Q3"
        )
    )
    assert event is not None
    assert event.action == "opened"
    assert event.actor == "setup"
    assert event.new_values == {
        "opens_on": "2026-10-01",
        "due_on": "2026-10-15",
        "closes_on": "2026-10-31",
        "framework": "test 1",
        "expected_reports": len(BARANGAYS) + len(CITIES_AND_MUNICIPALITIES),
    }


def test_a_period_cannot_be_opened_twice(db, framework):
    periods.open_period("2026-Q3", **Q3_DATES)

    with pytest.raises(periods.PeriodError, match="2026-Q3 is already open") as refused:
        periods.open_period("2026-q3", **Q3_DATES)

    assert refused.value.field == "code"
    assert "Change its dates" in str(refused.value)


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {
                "opens_on": date(2026, 10, 16),
                "due_on": date(2026, 10, 15),
                "closes_on": date(2026, 10, 31),
            },
            "due_on",
            r"The due date \(2026-10-15\) is before the opening date \(2026-10-16\)",
        ),
        (
            {
                "opens_on": date(2026, 10, 1),
                "due_on": date(2026, 10, 15),
                "closes_on": date(2026, 10, 14),
            },
            "closes_on",
            r"The closing date \(2026-10-14\) is before the due date \(2026-10-15\)",
        ),
        (
            {
                "opens_on": date(2026, 6, 1),
                "due_on": date(2026, 6, 30),
                "closes_on": date(2026, 10, 31),
            },
            "due_on",
            r"The due date \(2026-06-30\) is before the period starts \(2026-07-01\)",
        ),
        (
            {"opens_on": None, "due_on": date(2026, 9, 29), "closes_on": date(2026, 10, 31)},
            "due_on",
            r"before the opening date \(2026-09-30\)",
        ),
    ],
)
def test_dates_out_of_order_are_refused_and_nothing_is_saved(db, framework, dates, field, message):
    with pytest.raises(periods.PeriodError, match=message) as refused:
        periods.open_period("2026-Q3", **dates)

    assert refused.value.field == field
    assert periods.find_period("2026-Q3") is None


def test_a_period_needs_a_loaded_framework(db):
    # The base data loads the shipped framework; remove it inside this test's transaction.
    for model in (ValidationRule, Indicator, Form, Dimension, Domain, Framework):
        db.execute(delete(model))
    assert current_framework() is None

    with pytest.raises(periods.PeriodError, match="No indicator framework is loaded"):
        periods.open_period("2026-Q3", **Q3_DATES)


def test_changing_dates_is_checked_and_audited(db, framework):
    period = periods.open_period("2026-Q3", **Q3_DATES)

    with pytest.raises(periods.PeriodError, match="closing date"):
        periods.update_dates(period, date(2026, 10, 1), date(2026, 10, 15), date(2026, 10, 1))
    assert periods.update_dates(period, date(2026, 10, 1), date(2026, 10, 20), date(2026, 11, 5))
    assert not periods.update_dates(
        period, date(2026, 10, 1), date(2026, 10, 20), date(2026, 11, 5)
    )

    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "changed_dates"))
    assert event is not None
    assert event.old_values == {
        "opens_on": "2026-10-01",
        "due_on": "2026-10-15",
        "closes_on": "2026-10-31",
    }
    assert event.new_values == {
        "opens_on": "2026-10-01",
        "due_on": "2026-10-20",
        "closes_on": "2026-11-05",
    }


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 9, 30), periods.PeriodStatus.UPCOMING),
        (date(2026, 10, 1), periods.PeriodStatus.OPEN),
        (date(2026, 10, 15), periods.PeriodStatus.OPEN),
        (date(2026, 10, 16), periods.PeriodStatus.OVERDUE),
        (date(2026, 10, 31), periods.PeriodStatus.OVERDUE),
        (date(2026, 11, 1), periods.PeriodStatus.CLOSED),
    ],
)
def test_status_follows_the_dates(today, status):
    period = ReportingPeriod(code="2026-Q3", **Q3_DATES)

    assert periods.period_status(period, today) is status


def test_expected_report_counts_are_limited_to_the_viewers_area(db, framework):
    period = periods.open_period("2026-Q3", **Q3_DATES)
    reviewer = factories.user(Role.REVIEWER, "0501724000")

    assert periods.expected_report_counts(reviewer) == {period.id: 3}  # Naga, its 2 barangays
    assert periods.expected_report_counts(None) == {period.id: 8}


def test_expected_reports_are_inserted_in_bulk_for_many_barangays(db, framework):
    from sqlalchemy import insert

    from monitor.orgunits.models import OrgUnitAncestor

    naga = factories.org_unit("0501724000")
    first_id = db.scalar(select(func.max(OrgUnit.id))) + 1
    count = 5000
    db.execute(
        insert(OrgUnit),
        [
            {
                "id": first_id + index,
                "code": f"99{index:08d}",
                "name": f"Barangay {index}",
                "level": OrgUnitLevel.BARANGAY,
                "parent_id": naga.id,
                "depth": naga.depth + 1,
            }
            for index in range(count)
        ],
    )
    db.execute(
        insert(OrgUnitAncestor),
        [
            {"ancestor_id": first_id + index, "descendant_id": first_id + index, "distance": 0}
            for index in range(count)
        ],
    )

    period = periods.open_period("2026-Q3", **Q3_DATES)

    assert periods.expected_report_counts(None)[period.id] == (
        len(BARANGAYS) + count + len(CITIES_AND_MUNICIPALITIES)
    )


# The command


def refused(result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.output


def test_the_open_command_opens_a_period_and_reports_its_expected_reports(runner, db, framework):
    result = runner.invoke(
        args=["periods", "open", "2026-Q3", "--due", "2026-10-15", "--close", "2026-10-31"]
    )

    assert result.exit_code == 0, result.output
    assert result.output == (
        "Opened 2026-Q3 (2026-07-01 to 2026-09-30): opens 2026-09-30, due 2026-10-15, "
        "closes 2026-10-31; 8 expected reports.\n"
    )
    assert periods.find_period("2026-Q3") is not None


def test_the_open_command_takes_an_opening_date(runner, db, framework):
    result = runner.invoke(
        args=[
            "periods",
            "open",
            "2026-Q3",
            "--opens",
            "2026-07-01",
            "--due",
            "2026-10-15",
            "--close",
            "2026-10-31",
        ]
    )

    assert result.exit_code == 0, result.output
    assert periods.find_period("2026-Q3").opens_on == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["2026-Q5", "--due", "2026-10-15", "--close", "2026-10-31"],
            "CODE: '2026-Q5': a quarter is Q1, Q2, Q3 or Q4.",
        ),
        (
            ["2026-Q3", "--due", "2026-10-15", "--close", "2026-10-01"],
            "--close: The closing date (2026-10-01) is before the due date (2026-10-15).",
        ),
        (
            ["2026-Q3", "--opens", "2026-10-20", "--due", "2026-10-15", "--close", "2026-10-31"],
            "--due: The due date (2026-10-15) is before the opening date (2026-10-20).",
        ),
    ],
)
def test_the_open_command_refuses_bad_input_without_a_traceback(
    runner, db, framework, arguments, message
):
    assert message in refused(runner.invoke(args=["periods", "open", *arguments]))
    assert db.scalar(select(func.count()).select_from(ReportingPeriod)) == 0


def test_the_open_command_refuses_a_period_already_open(runner, db, framework):
    runner.invoke(
        args=["periods", "open", "2026-Q3", "--due", "2026-10-15", "--close", "2026-10-31"]
    )

    result = runner.invoke(
        args=["periods", "open", "2026-Q3", "--due", "2026-10-20", "--close", "2026-10-31"]
    )

    assert "CODE: 2026-Q3 is already open" in refused(result)
    assert periods.find_period("2026-Q3").due_on == date(2026, 10, 15)


def test_the_open_command_refuses_a_malformed_date_as_a_usage_error(runner, db, framework):
    result = runner.invoke(
        args=["periods", "open", "2026-Q3", "--due", "15/10/2026", "--close", "2026-10-31"]
    )

    assert result.exit_code == 2
    assert "Invalid value for '--due'" in result.output


def test_the_set_dates_command_changes_only_the_dates_given(runner, db, framework):
    periods.open_period("2026-Q3", **Q3_DATES)
    db.commit()

    result = runner.invoke(args=["periods", "set-dates", "2026-q3", "--due", "2026-10-20"])

    assert result.exit_code == 0, result.output
    assert "Changed: 2026-Q3 opens 2026-10-01, due 2026-10-20, closes 2026-10-31." in result.output
    assert "--close: The closing date" in refused(
        runner.invoke(args=["periods", "set-dates", "2026-Q3", "--close", "2026-10-19"])
    )
    assert "CODE: no period '2026-Q4' is open" in refused(
        runner.invoke(args=["periods", "set-dates", "2026-Q4", "--due", "2027-01-15"])
    )


def test_the_list_command_shows_dates_status_and_counts(runner, db, framework):
    periods.open_period("2026-Q3", **Q3_DATES)
    periods.open_period("2020", None, date(2021, 1, 15), date(2021, 1, 31))
    db.commit()

    lines = runner.invoke(args=["periods", "list"]).output.splitlines()

    assert lines[0].split() == [
        "CODE",
        "KIND",
        "COVERS",
        "OPENS",
        "DUE",
        "CLOSES",
        "STATUS",
        "EXPECTED",
    ]
    assert lines[1].split()[:2] == ["2026-Q3", "Quarter"]
    assert lines[1].split()[-1] == "8"
    assert lines[2].split() == [
        "2020",
        "Year",
        "2020-01-01",
        "to",
        "2020-12-31",
        "2020-12-31",
        "2021-01-15",
        "2021-01-31",
        "Closed",
        "5",
    ]


def test_the_list_command_says_when_there_is_no_period(runner, db):
    assert "No periods." in runner.invoke(args=["periods", "list"]).output


# The page


@pytest.fixture
def national_admin(db, client):
    factories.user(Role.ADMINISTRATOR, "0000000000", username="admin")
    db.commit()
    client.post("/login", data={"username": "admin", "password": factories.PASSWORD})


def test_the_page_lists_periods_with_status_and_expected_reports(
    client, db, framework, national_admin
):
    periods.open_period("2020-Q1", None, date(2020, 4, 15), date(2020, 4, 30))
    db.commit()

    page = client.get("/admin/periods").text

    assert "2020-Q1" in page
    assert "Closed" in page
    assert '<td class="number">8</td>' in page
    assert page.count('type="date"') == 3
    assert '="None"' not in page
    assert "/admin/periods/2020-Q1/dates" in page


def test_the_page_opens_a_period(client, db, framework, national_admin):
    response = client.post(
        "/admin/periods",
        data={"code": "2026-Q3", "opens_on": "", "due_on": "2026-10-15", "closes_on": "2026-10-31"},
        follow_redirects=True,
    )

    assert "2026-Q3 is open, with 8 expected reports." in response.text
    period = periods.find_period("2026-Q3")
    assert period is not None and period.opens_on == date(2026, 9, 30)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "2026-Q5"}, "a quarter is Q1, Q2, Q3 or Q4"),
        ({"closes_on": "2026-10-01"}, "The closing date (2026-10-01) is before the due date"),
        ({"due_on": ""}, "Give the due date as YYYY-MM-DD."),
        ({"due_on": "15/10/2026"}, "Give the due date as YYYY-MM-DD."),
    ],
)
def test_the_page_names_the_field_of_a_refused_period(
    client, db, framework, national_admin, fields, message
):
    data = {
        "code": "2026-Q3",
        "opens_on": "",
        "due_on": "2026-10-15",
        "closes_on": "2026-10-31",
        **fields,
    }

    page = client.post("/admin/periods", data=data).text

    assert "There is a problem" in page
    assert message in page.replace("&#39;", "'")
    assert db.scalar(select(func.count()).select_from(ReportingPeriod)) == 0


def test_the_page_changes_dates(client, db, framework, national_admin):
    periods.open_period("2026-Q3", **Q3_DATES)
    db.commit()

    form = client.get("/admin/periods/2026-Q3/dates").text
    response = client.post(
        "/admin/periods/2026-Q3/dates",
        data={"opens_on": "2026-10-01", "due_on": "2026-10-20", "closes_on": "2026-11-05"},
        follow_redirects=True,
    )

    assert 'value="2026-10-15"' in form
    assert "2026-Q3: dates are changed." in response.text
    assert periods.find_period("2026-Q3").due_on == date(2026, 10, 20)
    refused_page = client.post(
        "/admin/periods/2026-Q3/dates",
        data={"opens_on": "2026-10-01", "due_on": "2026-06-01", "closes_on": "2026-11-05"},
    ).text
    assert "is before the opening date" in refused_page
    assert periods.find_period("2026-Q3").due_on == date(2026, 10, 20)
    assert client.get("/admin/periods/2031-Q1/dates").status_code == 404


def test_an_administrator_of_a_province_sees_periods_but_cannot_set_them(client, db, framework):
    period = periods.open_period("2026-Q3", **Q3_DATES)
    factories.user(Role.ADMINISTRATOR, "0501600000", username="norte.admin")
    db.commit()
    client.post("/login", data={"username": "norte.admin", "password": factories.PASSWORD})

    page = client.get("/admin/periods").text

    assert "2026-Q3" in page
    assert '<td class="number">2</td>' in page  # Daet and Alawihao
    assert "Open a period" not in page
    assert client.post("/admin/periods", data={"code": "2026-Q4"}).status_code == 403
    assert client.get(f"/admin/periods/{period.code}/dates").status_code == 403
