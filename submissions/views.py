from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from monitor import clock
from monitor.accounts.access import Permission, administers_whole_hierarchy, require
from monitor.database import session
from submissions import periods as period_service
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
def my_forms() -> str:
    return "forms"


@blueprint.route("/review")
def review_queue() -> str:
    return "review"


@blueprint.route("/returns")
def agency_returns() -> str:
    return "returns"
