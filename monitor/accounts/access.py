"""Who may do what, and which rows they may see. Every access check lives here.

Roles grant permissions; the user's area (an org unit) limits which records they reach:
everything at or below the area. Agency staff are further limited to their agency.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, exists, select

from monitor.accounts.models import Role, User
from monitor.orgunits.models import OrgUnitAncestor


class Permission(enum.StrEnum):
    ADMINISTER = "administer"  # users, periods, hierarchy, audit log
    FILE_FORMS = "file_forms"
    REVIEW = "review"
    UPLOAD = "upload"
    READ_REPORTS = "read_reports"
    READ_INTERNAL = "read_internal"  # unsuppressed figures of sensitive indicators


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.ENCODER: frozenset({Permission.FILE_FORMS, Permission.READ_REPORTS}),
    Role.REVIEWER: frozenset(
        {Permission.REVIEW, Permission.READ_REPORTS, Permission.READ_INTERNAL}
    ),
    Role.AGENCY_STAFF: frozenset({Permission.UPLOAD, Permission.READ_REPORTS}),
    Role.READER: frozenset({Permission.READ_REPORTS}),
}


def has_permission(user: User, permission: Permission) -> bool:
    return user.is_active and permission in ROLE_PERMISSIONS[user.role]


def administers_whole_hierarchy(user: User) -> bool:
    """An administrator at the top of the hierarchy: what is shared by all areas is theirs."""
    return has_permission(user, Permission.ADMINISTER) and user.area.parent_id is None


def descendant_ids(area_id: int) -> Select[int]:
    """Ids of the area and every unit below it, as a subquery."""
    return select(OrgUnitAncestor.descendant_id).where(OrgUnitAncestor.ancestor_id == area_id)


def in_area(user: User, org_unit_column: ColumnElement[int] | Any) -> ColumnElement[bool]:
    """A WHERE clause keeping rows whose org unit is at or below the user's area."""
    return exists().where(
        OrgUnitAncestor.ancestor_id == user.area_id,
        OrgUnitAncestor.descendant_id == org_unit_column,
    )


def scope_to_area(statement: Select[Any], user: User, org_unit_column: Any) -> Select[Any]:
    """Limit a query to the user's area; every query returning org-unit data goes through here."""
    return statement.where(in_area(user, org_unit_column))


def scope_to_agency(statement: Select[Any], user: User, agency_column: Any) -> Select[Any]:
    """Agency staff see only their own agency's records; other roles are not limited here."""
    if user.role is Role.AGENCY_STAFF:
        return statement.where(agency_column == user.agency_id)
    return statement


def can_reach_org_unit(user: User, org_unit_id: int) -> bool:
    from monitor.database import session

    return bool(
        session.scalar(
            select(
                exists().where(
                    OrgUnitAncestor.ancestor_id == user.area_id,
                    OrgUnitAncestor.descendant_id == org_unit_id,
                )
            )
        )
    )


P = ParamSpec("P")
R = TypeVar("R")


def require(permission: Permission) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Refuse the view with 403 unless the signed-in user holds ``permission``.

    Put ``@login_required`` above it, so that a visitor who has not signed in is sent to
    the login page instead of being refused.
    """

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated or not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator


def require_org_unit(org_unit_id: int) -> None:
    """Abort with 404 if the unit is outside the user's area: its existence is not revealed."""
    if not can_reach_org_unit(current_user, org_unit_id):
        abort(404)
