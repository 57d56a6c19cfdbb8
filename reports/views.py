"""The council reader's pages: completeness and, later, the compiled reports."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from monitor import clock
from monitor.accounts.access import Permission, require
from monitor.database import session
from monitor.orgunits.models import OrgUnit
from submissions import queries

blueprint = Blueprint("reports", __name__)


@blueprint.route("/reports")
@login_required
@require(Permission.READ_REPORTS)
def overview() -> str:
    periods = queries.current_periods(clock.today())
    rows = []
    for period in periods:
        counts = queries.status_counts(current_user, period)
        rows.append((period, counts.expected, queries.late_and_on_time(current_user, period)))
    children = session.scalars(
        select(OrgUnit)
        .where(OrgUnit.parent_id == current_user.area_id, OrgUnit.retired_at.is_(None))
        .order_by(func.lower(OrgUnit.name))
    ).all()
    return render_template("reports/overview.html", rows=rows, children=children)
