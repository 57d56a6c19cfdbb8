"""Sign in, sign out, change password; the administrator's user pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from monitor.accounts import services
from monitor.accounts.forms import ChangePasswordForm, LoginForm
from monitor.database import session

blueprint = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("home.index")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data or "", form.password.data or "")
        if user is None:
            flash("The username or password is not right, or the account is locked.", "error")
        else:
            login_user(user)
            if user.must_change_password:
                flash("Choose a new password before you go on.", "info")
                return redirect(url_for("accounts.change_password"))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    flash("You are signed out.", "success")
    return redirect(url_for("accounts.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data or "", form.new_password.data or ""
            )
        except services.AccountError as error:
            form.new_password.errors = [str(error)]
        else:
            session.commit()
            login_user(current_user)  # the session token changed with the password
            flash("Your password is changed.", "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)


@blueprint.route("/admin/users")
@login_required
def users() -> str:
    return render_template("accounts/users.html")
