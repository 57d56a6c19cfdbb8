"""What every page shares: CSRF, security headers, error pages and the navigation."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from monitor.accounts.access import Permission, has_permission

log = logging.getLogger(__name__)

csrf = CSRFProtect()

# Pages use only the app's own stylesheet and scripts; nothing is loaded from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)

ERROR_MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is no such page, or it is outside your area."),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("File too large", "The file is larger than the upload limit. Split it and try again."),
    500: ("Something went wrong", "The error was logged. Try again in a moment."),
}

#: (endpoint, label, permission) for the main navigation, in order.
NAVIGATION: tuple[tuple[str, str, Permission | None], ...] = (
    ("home.index", "Home", None),
    ("indicators.framework", "Framework", None),
    ("submissions.periods", "Periods", Permission.ADMINISTER),
    ("orgunits.browse", "Org units", Permission.ADMINISTER),
    ("accounts.users", "Users", Permission.ADMINISTER),
)


def init_web(app: Flask) -> None:
    csrf.init_app(app)
    app.after_request(_security_headers)
    app.context_processor(_navigation)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(Exception, _unexpected_error)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_user.is_authenticated:
        # Pages with children's data are not kept in shared caches or the back-button cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _navigation() -> dict[str, Any]:
    items = []
    if current_user.is_authenticated:
        for endpoint, label, permission in NAVIGATION:
            if permission is None or has_permission(current_user, permission):
                items.append((endpoint, label))
    return {"navigation": items, "Permission": Permission, "has_permission": has_permission}


def _render_error(code: int) -> tuple[str, int]:
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    return render_template("error.html", code=code, title=title, message=message), code


def _http_error(error: HTTPException) -> Any:
    if error.code is None or error.code < 400 or error.code in (301, 302):
        return error
    return _render_error(error.code)


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    log.info("CSRF check failed on %s: %s", request.path, error.description)
    title = "Form expired"
    message = (
        "This form was open too long or was sent from elsewhere. Nothing was saved. "
        "Go back, reload the page and send it again."
    )
    return render_template("error.html", code=400, title=title, message=message), 400


def _unexpected_error(error: Exception) -> tuple[str, int]:
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return _render_error(500)
