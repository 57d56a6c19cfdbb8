from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from monitor import clock
from monitor.accounts.access import Permission, administers_whole_hierarchy, require
from monitor.database import session
from submissions import periods as period_service
from submissions import queries
from submissions.forms import OpenPeriodForm, PeriodDatesForm

blueprint = Blueprint("submissions", __name__)


@blueprint.route("/admin/periods")
@login_required
@require(Permission.ADMINISTER)
def periods() -> str:
    return _periods_page(OpenPeriodForm())


@blueprint.route("/admin/periods", methods=["POST"])
@login_required
@require(Permission.ADMINISTER)
def open_period() -> str | Response:
    _require_whole_hierarchy()
    form = OpenPeriodForm()
    if form.validate_on_submit():
        try:
            period = period_service.open_period(
                form.code.data or "", form.opens_on.data, form.due_on.data, form.closes_on.data
            )
        except period_service.PeriodError as error:
            session.rollback()
            _show_period_error(form, error)
        else:
            session.commit()
            expected = period_service.expected_report_counts(None).get(period.id, 0)
            flash(f"{period.code} is open, with {expected:,} expected reports.", "success")
            return redirect(url_for("submissions.periods"))
    return _periods_page(form)


@blueprint.route("/admin/periods/<code>/dates", methods=["GET", "POST"])
@login_required
@require(Permission.ADMINISTER)
def period_dates(code: str) -> str | Response:
    _require_whole_hierarchy()
    period = period_service.find_period(code)
    if period is None:
        abort(404)
    form = PeriodDatesForm(obj=period)
    if form.validate_on_submit():
        try:
            changed = period_service.update_dates(
                period, form.opens_on.data, form.due_on.data, form.closes_on.data
            )
        except period_service.PeriodError as error:
            session.rollback()
            _show_period_error(form, error)
        else:
            session.commit()
            message = "dates are changed" if changed else "dates were already so"
            flash(f"{period.code}: {message}.", "success")
            return redirect(url_for("submissions.periods"))
    return render_template("submissions/periods_dates.html", form=form, period=period)


def _periods_page(form: OpenPeriodForm) -> str:
    found = period_service.all_periods()
    today = clock.today()
    return render_template(
        "submissions/periods.html",
        periods=found,
        statuses={period.id: period_service.period_status(period, today) for period in found},
        expected=period_service.expected_report_counts(current_user),
        kind_labels=period_service.KIND_LABELS,
        form=form,
        may_change=administers_whole_hierarchy(current_user),
        today=today,
    )


def _require_whole_hierarchy() -> None:
    """Periods are shared by every area, so only an administrator of all of them sets them."""
    if not administers_whole_hierarchy(current_user):
        abort(403)


def _show_period_error(form: PeriodDatesForm, error: period_service.PeriodError) -> None:
    if error.field and error.field in form:
        field = form[error.field]
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")


@blueprint.route("/forms")
@login_required
@require(Permission.FILE_FORMS)
def my_forms() -> str:
    today = clock.today()
    reports = queries.reports_of_unit(current_user.area_id, queries.current_periods(today))
    return render_template(
        "submissions/my_forms.html", reports=reports, today=today, timezone=clock.timezone().key
    )


@blueprint.route("/review")
@login_required
@require(Permission.REVIEW)
def review_queue() -> str:
    period_counts = [
        (period, queries.status_counts(current_user, period))
        for period in queries.current_periods(clock.today())
    ]
    return render_template(
        "submissions/review_queue.html",
        period_counts=period_counts,
        waiting=queries.waiting_for_review(current_user),
        labels=queries.STATUS_LABELS,
        order=queries.STATUS_ORDER,
    )


@blueprint.route("/returns")
@login_required
@require(Permission.UPLOAD)
def agency_returns() -> str:
    if current_user.agency is None:
        abort(404)  # an administrator holds the permission but reports for no agency
    periods = queries.current_periods(clock.today())
    form_rows = [
        (
            form,
            [
                (period, queries.status_counts(current_user, period, form))
                for period in periods
                if period_service.FREQUENCY_OF_KIND[period.kind] is form.frequency
            ],
        )
        for form in queries.forms_of_agency(current_user.agency_id)
    ]
    return render_template(
        "submissions/agency_returns.html",
        form_rows=form_rows,
        labels=queries.STATUS_LABELS,
        order=queries.STATUS_ORDER,
    )
