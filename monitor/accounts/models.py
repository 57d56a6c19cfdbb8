"""Users, roles and the agencies that report data."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.database import Base, UTCDateTime, utcnow
from monitor.enums import enum_column_type
from monitor.orgunits.models import OrgUnit


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    ENCODER = "encoder"
    REVIEWER = "reviewer"
    AGENCY_STAFF = "agency_staff"
    READER = "reader"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMINISTRATOR: "Administrator",
    Role.ENCODER: "Encoder",
    Role.REVIEWER: "Reviewer",
    Role.AGENCY_STAFF: "Agency staff",
    Role.READER: "Council reader",
}


class Agency(Base):
    """A body that reports data, such as DOH or DSWD. Barangays report through their form."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    area_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Changes whenever the password does, so sessions opened with the old one end.
    session_token: Mapped[str] = mapped_column(String(64))

    area: Mapped[OrgUnit] = relationship(lazy="joined")
    agency: Mapped[Agency | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "(role = 'agency_staff') = (agency_id IS NOT NULL)", name="agency_staff_has_agency"
        ),
    )

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"
