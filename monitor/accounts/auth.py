"""Sign-in sessions with Flask-Login."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from sqlalchemy import select

from monitor.accounts.models import User
from monitor.database import session

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Please sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


@login_manager.user_loader
def load_user(user_key: str) -> User | None:
    """Find the user of a session; a changed password or a deactivation ends the session."""
    user_id, _, token = user_key.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.scalar(select(User).where(User.id == int(user_id)))
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user
