"""The home page: each role lands on its own page of work."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from monitor.accounts.access import Permission, require
from monitor.accounts.models import Role, User
from monitor.audit.models import AuditEvent
from monitor.database import session
from monitor.orgunits.models import OrgUnit, OrgUnitLevel

blueprint = Blueprint("home", __name__)

#: Where each role starts. The endpoints live in the package that owns the data they show.
ROLE_HOMES = {
    Role.ADMINISTRATOR: "home.administration",
    Role.ENCODER: "submissions.my_forms",
    Role.REVIEWER: "submissions.review_queue",
    Role.AGENCY_STAFF: "submissions.agency_returns",
    Role.READER: "reports.overview",
}


@blueprint.route("/")
def index() -> Response:
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return redirect(url_for(ROLE_HOMES[current_user.role]))


@blueprint.route("/admin")
@login_required
@require(Permission.ADMINISTER)
def administration() -> str:
    units_by_level = session.execute(
        select(OrgUnit.level, func.count())
        .where(OrgUnit.retired_at.is_(None))
        .group_by(OrgUnit.level)
    ).all()
    users_by_role = session.execute(
        select(User.role, func.count()).where(User.is_active).group_by(User.role)
    ).all()
    recent_events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(15)
    ).all()
    units = dict(units_by_level)
    users = dict(users_by_role)
    return render_template(
        "home/administration.html",
        # Top of the hierarchy first, roles in the order the brief lists them.
        units_by_level=[(level, units[level]) for level in OrgUnitLevel if level in units],
        users_by_role=[(role, users[role]) for role in Role if role in users],
        recent_events=recent_events,
    )
