"""Every setting the application reads, declared once with its default and help.

Settings come from the environment (``MONITOR_<NAME>``) unless a mapping is passed to
``create_app``. They are checked at start-up so that a bad value stops the server with a
message that names the variable, instead of failing on the first request that needs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

ENV_PREFIX = "MONITOR_"
DEVELOPMENT_SECRET = "development-only-secret"  # noqa: S105 - refused outside development


class ConfigError(ValueError):
    """A setting has a value the application cannot run with."""


def _as_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of true/false, yes/no, on/off, 1/0")


def _as_int(raw: str) -> int:
    return int(raw.strip())


def _as_str(raw: str) -> str:
    return raw.strip()


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = _as_str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ENV",
        "production",
        "development, production or testing. Development allows a built-in secret key.",
    ),
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL of the database. Defaults to SQLite in the instance folder; "
        "PostgreSQL in production, e.g. postgresql+psycopg://user@host/monitor.",
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Signs sessions and CSRF tokens. Required unless ENV is development or testing.",
    ),
    Setting("SESSION_HOURS", 8, "How long a login lasts without activity, in hours.", _as_int),
    Setting(
        "SECURE_COOKIES",
        True,
        "Send cookies over HTTPS only. Turn off only for a server reached over plain HTTP "
        "on localhost.",
        _as_bool,
    ),
    Setting("MAX_UPLOAD_MB", 20, "Largest spreadsheet upload accepted, in megabytes.", _as_int),
    Setting(
        "REDIS_URL",
        "",
        "Redis for the report job queue. Empty runs report jobs in the web process.",
    ),
    Setting("LOG_LEVEL", "INFO", "Logging level of the monitor.* loggers."),
    Setting(
        "TIMEZONE",
        "Asia/Manila",
        "The councils' time zone: due dates end at midnight here, and 'today' is its date.",
    ),
    Setting(
        "SMALL_COUNT_THRESHOLD",
        4,
        "Public reports hide counts of sensitive indicators from 1 up to this number.",
        _as_int,
    ),
)

ENVIRONMENTS = {"development", "production", "testing"}


def load_settings(
    overrides: Mapping[str, Any] | None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Resolve each setting from overrides, then the environment, then its default."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    resolved: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            resolved[setting.name] = overrides[setting.name]
            continue
        raw = environ.get(ENV_PREFIX + setting.name)
        if raw is None:
            resolved[setting.name] = setting.default
            continue
        try:
            resolved[setting.name] = setting.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{ENV_PREFIX}{setting.name}={raw!r}: {error}") from None
    return resolved


def validate(settings: Mapping[str, Any]) -> None:
    """Refuse settings the application cannot safely run with."""
    env = settings["ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(
            f"{ENV_PREFIX}ENV={env!r}: expected one of {', '.join(sorted(ENVIRONMENTS))}"
        )
    if env == "production" and not settings["SECRET_KEY"]:
        raise ConfigError(
            f"{ENV_PREFIX}SECRET_KEY is required in production: set it to a long random "
            "string, e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    for name in ("SESSION_HOURS", "MAX_UPLOAD_MB", "SMALL_COUNT_THRESHOLD"):
        if settings[name] < 1:
            raise ConfigError(f"{ENV_PREFIX}{name} must be 1 or more, not {settings[name]}")
    try:
        ZoneInfo(settings["TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{ENV_PREFIX}TIMEZONE={settings['TIMEZONE']!r}: not a known time zone name, "
            "e.g. Asia/Manila"
        ) from None
    url = settings["DATABASE_URL"]
    if url and not str(url).startswith(("sqlite", "postgresql")):
        raise ConfigError(
            f"{ENV_PREFIX}DATABASE_URL={url!r}: only sqlite:// and postgresql:// are supported"
        )


def default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "monitor.sqlite3")


def describe() -> str:
    """The settings as a table for ``monitor config``."""
    lines = []
    for setting in SETTINGS:
        lines.append(f"{ENV_PREFIX}{setting.name} (default: {setting.default!r})")
        lines.append(f"    {setting.help}")
    return "\n".join(lines)


@click.command("config", help="List every setting with its environment variable and default.")
def config_command() -> None:
    click.echo(describe())
