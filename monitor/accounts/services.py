"""Every change to an account goes through here, with an audit event."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from sqlalchemy import Select, func, or_, select

from monitor.accounts.access import can_reach_org_unit, scope_to_area
from monitor.accounts.models import Agency, Role, User
from monitor.accounts.passwords import hash_password, password_problem, verify_password
from monitor.audit.services import record
from monitor.database import session, utcnow
from monitor.orgunits.models import OrgUnit, OrgUnitLevel

log = logging.getLogger(__name__)

#: After this many wrong passwords in a row an account is locked until an administrator resets it.
MAX_FAILED_LOGINS = 10

#: The level a role's area must be at; None means any level.
ROLE_AREA_LEVELS: dict[Role, tuple[OrgUnitLevel, ...] | None] = {
    Role.ADMINISTRATOR: None,
    Role.ENCODER: (OrgUnitLevel.BARANGAY,),
    Role.REVIEWER: (
        OrgUnitLevel.CITY,
        OrgUnitLevel.MUNICIPALITY,
        OrgUnitLevel.PROVINCE,
        OrgUnitLevel.REGION,
        OrgUnitLevel.COUNTRY,
    ),
    Role.AGENCY_STAFF: None,
    Role.READER: None,
}


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message says why.

    ``field`` names the form field or command option the message is about, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_username(username: str) -> str:
    return username.strip().lower()


def find_by_username(username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalise_username(username)))


def authenticate(username: str, password: str) -> User | None:
    """The user if the password is right and the account may sign in; counts failures."""
    user = find_by_username(username)
    if user is None:
        # Spend the same time as a real check, so a timing does not reveal which names exist.
        verify_password(_DUMMY_HASH, password)
        return None
    if not user.is_active or user.failed_logins >= MAX_FAILED_LOGINS:
        return None
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins == MAX_FAILED_LOGINS:
            record("locked", "user", user.id, new={"failed_logins": user.failed_logins})
        session.commit()
        return None
    user.failed_logins = 0
    user.last_login_at = utcnow()
    record("signed_in", "user", user.id, actor=user.username)
    session.commit()
    return user


def create_user(
    *,
    username: str,
    full_name: str,
    role: Role,
    area: OrgUnit,
    password: str,
    agency: Agency | None = None,
    email: str | None = None,
    must_change_password: bool = True,
    actor: str | None = None,
    by: User | None = None,
) -> User:
    """Create an account; ``by`` is the administrator creating it, whose area limits where."""
    username = normalise_username(username)
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise AccountError(
            "Usernames use letters, digits, dots, dashes and underscores only.", "username"
        )
    if session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise AccountError(f"The username {username!r} is taken; choose another.", "username")
    if not full_name.strip():
        raise AccountError("Give the person's full name.", "full_name")
    if by is not None and not can_reach_org_unit(by, area.id):
        raise AccountError(
            f"{area.name} ({area.code}) is outside your area, {by.area.name}.", "area"
        )
    _check_role_fits(role, area, agency)
    if problem := password_problem(password, username):
        raise AccountError(problem, "password")
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=(email or "").strip() or None,
        role=role,
        area=area,
        agency=agency if role is Role.AGENCY_STAFF else None,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        session_token=secrets.token_hex(16),
    )
    session.add(user)
    session.flush()
    record(
        "created",
        "user",
        user.id,
        new={
            "username": username,
            "role": role.value,
            "area": area.code,
            "agency": agency.code if agency and role is Role.AGENCY_STAFF else None,
        },
        actor=actor,
    )
    return user


def _check_role_fits(role: Role, area: OrgUnit, agency: Agency | None) -> None:
    levels = ROLE_AREA_LEVELS[role]
    if levels is not None and area.level not in levels:
        names = [level.label.lower() for level in levels]
        allowed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        role_name = _with_article(role.label.lower())
        raise AccountError(
            f"{role_name[0].upper()}{role_name[1:]}'s area must be {_with_article(allowed)}; "
            f"{area.name} is {_with_article(area.level.label.lower())}.",
            "area",
        )
    if role is Role.AGENCY_STAFF and agency is None:
        raise AccountError("Agency staff need an agency; choose one.", "agency")
    if role is not Role.AGENCY_STAFF and agency is not None:
        raise AccountError(
            f"Only agency staff have an agency; leave it empty for a {role.label.lower()}.",
            "agency",
        )
    if not area.active:
        raise AccountError(
            f"{area.name} was retired from the hierarchy; choose a current unit.", "area"
        )


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not right.", "current_password")
    if current == new:
        raise AccountError("Choose a password different from the current one.", "new_password")
    _set_password(user, new)
    record("changed_password", "user", user.id)


def reset_password(
    user: User, new: str, *, actor: str | None = None, by: User | None = None
) -> None:
    """An administrator sets a temporary password; the user must change it at next sign-in."""
    if by is not None and by.id == user.id:
        raise AccountError("Use Change password for your own account.")
    _set_password(user, new)
    user.must_change_password = True
    user.failed_logins = 0
    record("reset_password", "user", user.id, actor=actor)


def _set_password(user: User, new: str) -> None:
    if problem := password_problem(new, user.username):
        raise AccountError(problem, "new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_token = secrets.token_hex(16)


def set_active(
    user: User, active: bool, *, actor: str | None = None, by: User | None = None
) -> None:
    """Let an account sign in again, or stop it (which also ends its open sessions)."""
    if not active and by is not None and by.id == user.id:
        raise AccountError("You cannot deactivate your own account.")
    if user.is_active == active:
        return
    user.is_active = active
    user.session_token = secrets.token_hex(16)
    record(
        "activated" if active else "deactivated",
        "user",
        user.id,
        old={"is_active": not active},
        new={"is_active": active},
        actor=actor,
    )


def temporary_password(username: str = "") -> str:
    """A random password to hand over once; the user replaces it at first sign-in."""
    while True:
        candidate = secrets.token_urlsafe(12)
        if password_problem(candidate, username) is None:
            return candidate


def find_area(text: str, *, within: User | None = None) -> OrgUnit:
    """The org unit a code or exact name stands for, limited to ``within``'s area if given."""
    text = text.strip()
    if not text:
        raise AccountError("Give the area's PSGC code.", "area")
    unit = session.scalar(select(OrgUnit).where(OrgUnit.code == text))
    if unit is None:
        unit = _area_by_name(text, within)
    if within is not None and not can_reach_org_unit(within, unit.id):
        raise AccountError(
            f"{unit.name} ({unit.code}) is outside your area, {within.area.name}.", "area"
        )
    return unit


def _area_by_name(name: str, within: User | None) -> OrgUnit:
    query = select(OrgUnit).where(
        func.lower(OrgUnit.name) == name.lower(), OrgUnit.retired_at.is_(None)
    )
    if within is not None:
        query = scope_to_area(query, within, OrgUnit.id)
    matches = session.scalars(query.order_by(OrgUnit.code).limit(6)).all()
    if not matches:
        raise AccountError(
            f"No org unit has the code or name {name!r}; check the PSGC code.", "area"
        )
    if len(matches) > 1:
        listed = "; ".join(f"{unit.code} ({unit.level.label.lower()})" for unit in matches[:5])
        raise AccountError(f"Several units are named {name!r}: {listed}. Give the code.", "area")
    return matches[0]


def find_agency(code: str) -> Agency:
    """The agency with this code (any letter case)."""
    agency = session.scalar(select(Agency).where(func.lower(Agency.code) == code.strip().lower()))
    if agency is None:
        known = ", ".join(sorted(session.scalars(select(Agency.code)), key=str.lower))
        raise AccountError(f"No agency has the code {code!r}; known: {known}.", "agency")
    return agency


def visible_users(viewer: User | None, role: Role | None = None, search: str = "") -> Select[Any]:
    """Users whose area is at or below the viewer's (all of them for the command line)."""
    query = select(User)
    if viewer is not None:
        query = scope_to_area(query, viewer, User.area_id)
    if role is not None:
        query = query.where(User.role == role)
    if search := search.strip().lower():
        query = query.where(
            or_(
                func.lower(User.username).contains(search, autoescape=True),
                func.lower(User.full_name).contains(search, autoescape=True),
                func.lower(User.email).contains(search, autoescape=True),
            )
        )
    return query.order_by(User.username)


def visible_user(viewer: User, user_id: int) -> User | None:
    """One user, if their area is within the viewer's; None hides that they exist."""
    return session.scalar(visible_users(viewer).where(User.id == user_id))


_DUMMY_HASH = hash_password(secrets.token_hex(16))
