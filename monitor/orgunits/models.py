"""Org units, their ancestry (a closure table) and the history of hierarchy imports."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.database import Base, UTCDateTime, utcnow
from monitor.enums import enum_column_type


class OrgUnitLevel(enum.StrEnum):
    """Levels of the Philippine Standard Geographic Code, kept as the PSA names them."""

    COUNTRY = "country"
    REGION = "region"
    PROVINCE = "province"
    CITY = "city"
    MUNICIPALITY = "municipality"
    SUBMUNICIPALITY = "submunicipality"
    SPECIAL_GEOGRAPHIC_AREA = "special_geographic_area"
    BARANGAY = "barangay"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def tier(self) -> ReportingLevel:
        return LEVEL_TIERS[self]


class ReportingLevel(enum.StrEnum):
    """The tiers at which indicators are reported and reports compiled."""

    BARANGAY = "barangay"
    CITY_MUNICIPALITY = "city_municipality"
    PROVINCE = "province"
    REGION = "region"
    NATIONAL = "national"

    @property
    def label(self) -> str:
        return TIER_LABELS[self]

    @property
    def org_unit_levels(self) -> tuple[OrgUnitLevel, ...]:
        return tuple(level for level, tier in LEVEL_TIERS.items() if tier is self)


LEVEL_LABELS = {
    OrgUnitLevel.COUNTRY: "Country",
    OrgUnitLevel.REGION: "Region",
    OrgUnitLevel.PROVINCE: "Province",
    OrgUnitLevel.CITY: "City",
    OrgUnitLevel.MUNICIPALITY: "Municipality",
    OrgUnitLevel.SUBMUNICIPALITY: "Sub-municipality",
    OrgUnitLevel.SPECIAL_GEOGRAPHIC_AREA: "Special geographic area",
    OrgUnitLevel.BARANGAY: "Barangay",
}

# A sub-municipality (a district of Manila) and the special geographic area of BARMM have
# no reporting duties of their own; they group the units below them.
LEVEL_TIERS = {
    OrgUnitLevel.COUNTRY: ReportingLevel.NATIONAL,
    OrgUnitLevel.REGION: ReportingLevel.REGION,
    OrgUnitLevel.PROVINCE: ReportingLevel.PROVINCE,
    OrgUnitLevel.CITY: ReportingLevel.CITY_MUNICIPALITY,
    OrgUnitLevel.MUNICIPALITY: ReportingLevel.CITY_MUNICIPALITY,
    OrgUnitLevel.SUBMUNICIPALITY: ReportingLevel.CITY_MUNICIPALITY,
    OrgUnitLevel.SPECIAL_GEOGRAPHIC_AREA: ReportingLevel.PROVINCE,
    OrgUnitLevel.BARANGAY: ReportingLevel.BARANGAY,
}

TIER_LABELS = {
    ReportingLevel.BARANGAY: "Barangay",
    ReportingLevel.CITY_MUNICIPALITY: "City/municipality",
    ReportingLevel.PROVINCE: "Province",
    ReportingLevel.REGION: "Region",
    ReportingLevel.NATIONAL: "National",
}


class OrgUnit(Base):
    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[OrgUnitLevel] = mapped_column(enum_column_type(OrgUnitLevel, "level"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id])

    __table_args__ = (Index("ix_org_unit_level_parent", "level", "parent_id"),)

    @property
    def active(self) -> bool:
        return self.retired_at is None

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code} {self.level.value}>"


class OrgUnitAncestor(Base):
    """One row per (ancestor, descendant) pair, a unit being its own ancestor at distance 0.

    A roll-up of every barangay to any ancestor is then one join on this table.
    """

    __tablename__ = "org_unit_ancestor"

    ancestor_id: Mapped[int] = mapped_column(
        ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True
    )
    descendant_id: Mapped[int] = mapped_column(
        ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True
    )
    distance: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_org_unit_ancestor_descendant", "descendant_id", "ancestor_id", "distance"),
    )


class HierarchyImport(Base):
    """One run of an org-unit import: where it came from and what it changed."""

    __tablename__ = "hierarchy_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    release: Mapped[str | None] = mapped_column(String(50))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OrgUnitChangeKind(enum.StrEnum):
    ADDED = "added"
    RENAMED = "renamed"
    MOVED = "moved"
    RELEVELLED = "relevelled"
    RETIRED = "retired"
    RESTORED = "restored"


class OrgUnitChange(Base):
    """What an import did to one unit; kept forever so history is never lost."""

    __tablename__ = "org_unit_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("hierarchy_import.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[OrgUnitChangeKind] = mapped_column(enum_column_type(OrgUnitChangeKind, "kind"))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
