"""A helper for enum columns stored as checked strings on every backend."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_column_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """Store the enum's values (not its member names) as a VARCHAR with a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(str(member.value)) for member in enum_class),
        values_callable=lambda members: [str(member.value) for member in members],
        validate_strings=True,
    )
