"""Every change to an account goes through here, with an audit event."""

from __future__ import annotations

import logging
import secrets

from sqlalchemy import func, select

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
    """A request about an account that cannot be carried out; the message says why."""


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
) -> User:
    username = normalise_username(username)
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise AccountError("Usernames use letters, digits, dots, dashes and underscores only.")
    if session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise AccountError(f"The username {username!r} is taken.")
    _check_role_fits(role, area, agency)
    if problem := password_problem(password, username):
        raise AccountError(problem)
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
        allowed = ", ".join(level.label.lower() for level in levels)
        raise AccountError(
            f"A {role.label.lower()}'s area must be a {allowed}; {area.name} is a "
            f"{area.level.label.lower()}."
        )
    if role is Role.AGENCY_STAFF and agency is None:
        raise AccountError("Agency staff need an agency.")
    if not area.active:
        raise AccountError(f"{area.name} was retired from the hierarchy; choose a current unit.")


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not right.")
    if current == new:
        raise AccountError("Choose a password different from the current one.")
    _set_password(user, new)
    record("changed_password", "user", user.id)


def reset_password(user: User, new: str, *, actor: str | None = None) -> None:
    """An administrator sets a temporary password; the user must change it at next sign-in."""
    _set_password(user, new)
    user.must_change_password = True
    user.failed_logins = 0
    record("reset_password", "user", user.id, actor=actor)


def _set_password(user: User, new: str) -> None:
    if problem := password_problem(new, user.username):
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_token = secrets.token_hex(16)


def set_active(user: User, active: bool, *, actor: str | None = None) -> None:
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


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


_DUMMY_HASH = hash_password(secrets.token_hex(16))
