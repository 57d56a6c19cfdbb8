"""Dates as the councils see them: in the configured time zone, not the server's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Manila"


def timezone() -> ZoneInfo:
    name = current_app.config["TIMEZONE"] if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def now() -> datetime:
    return datetime.now(timezone())


def today() -> date:
    return now().date()


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` ends locally: a report is on time if filed before it."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone())
