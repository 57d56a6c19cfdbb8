"""The application factory: the one place that wires the packages together."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask

from monitor import config as settings_module
from monitor import database
from monitor.paths import TEMPLATES_DIR

log = logging.getLogger(__name__)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from ``config`` (for tests) or the environment."""
    app = Flask(
        "monitor",
        instance_relative_config=True,
        template_folder=str(TEMPLATES_DIR),
        instance_path=os.environ.get("MONITOR_INSTANCE_PATH") or None,
    )

    settings = settings_module.load_settings(config)
    settings_module.validate(settings)
    _apply_settings(app, settings)
    _configure_logging(app)

    database.init_app(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _apply_settings(app: Flask, settings: Mapping[str, Any]) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    env = settings["ENV"]
    secret = settings["SECRET_KEY"] or settings_module.DEVELOPMENT_SECRET
    app.config.update(
        MONITOR_ENV=env,
        TESTING=env == "testing",
        SECRET_KEY=secret,
        DATABASE_URL=settings["DATABASE_URL"]
        or settings_module.default_database_url(app.instance_path),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings["SESSION_HOURS"]),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings["SECURE_COOKIES"] and env == "production",
        REMEMBER_COOKIE_SECURE=settings["SECURE_COOKIES"] and env == "production",
        MAX_CONTENT_LENGTH=settings["MAX_UPLOAD_MB"] * 1024 * 1024,
        REDIS_URL=settings["REDIS_URL"],
        SMALL_COUNT_THRESHOLD=settings["SMALL_COUNT_THRESHOLD"],
        LOG_LEVEL=settings["LOG_LEVEL"],
        TIMEZONE=settings["TIMEZONE"],
        WTF_CSRF_TIME_LIMIT=None,
    )


def _configure_logging(app: Flask) -> None:
    logging.getLogger("monitor").setLevel(app.config["LOG_LEVEL"])
    for package in ("indicators", "submissions", "reports"):
        logging.getLogger(package).setLevel(app.config["LOG_LEVEL"])


def _init_extensions(app: Flask) -> None:
    from monitor.accounts import auth
    from monitor.web import init_web

    auth.init_app(app)
    init_web(app)


def _register_blueprints(app: Flask) -> None:
    from indicators.views import blueprint as indicators_blueprint
    from monitor.accounts.views import blueprint as accounts_blueprint
    from monitor.home import blueprint as home_blueprint
    from monitor.orgunits.views import blueprint as orgunits_blueprint
    from reports.views import blueprint as reports_blueprint
    from submissions.views import blueprint as submissions_blueprint

    app.register_blueprint(home_blueprint)
    app.register_blueprint(accounts_blueprint)
    app.register_blueprint(orgunits_blueprint)
    app.register_blueprint(indicators_blueprint)
    app.register_blueprint(submissions_blueprint)
    app.register_blueprint(reports_blueprint)


def _register_commands(app: Flask) -> None:
    from indicators.cli import framework_cli
    from monitor.accounts.cli import users_cli
    from monitor.migrate import db_cli
    from monitor.orgunits.cli import orgunits_cli
    from submissions.cli import periods_cli
    from submissions.demo import demo_command

    commands = (
        settings_module.config_command,
        db_cli,
        framework_cli,
        orgunits_cli,
        users_cli,
        periods_cli,
        demo_command,
    )
    for command in commands:
        app.cli.add_command(command)
