"""Sign in, sign out, change password; the administrator's user pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from monitor.accounts import services
from monitor.accounts.access import Permission, require
from monitor.accounts.forms import ChangePasswordForm, CreateUserForm, LoginForm, UserFilterForm
from monitor.accounts.models import Agency, Role, User
from monitor.database import session

blueprint = Blueprint("accounts", __name__)

USERS_PER_PAGE = 50

#: Pages a user who must change their password may still reach.
OPEN_TO_PASSWORD_CHANGE = {"accounts.change_password", "accounts.logout", "static"}


@blueprint.before_app_request
def _insist_on_password_change() -> Response | None:
    """Until a temporary password is replaced, every page leads to the change-password page."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_TO_PASSWORD_CHANGE
    ):
        flash("Choose a new password before you go on.", "info")
        return redirect(url_for("accounts.change_password"))
    return None


def _safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        # Browsers read a backslash as a slash, so "/\\host" would leave the site too.
        parts = urlsplit(target.replace("\\", "/"))
        if not parts.scheme and not parts.netloc:
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
            session.rollback()
            _show_error(form, error)
        else:
            session.commit()
            # The session token changed with the password; sign this session in again with it.
            login_user(current_user._get_current_object())
            flash("Your password is changed.", "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)


@blueprint.route("/admin/users")
@login_required
@require(Permission.ADMINISTER)
def users() -> str:
    form = UserFilterForm(request.args)
    role = Role(form.role.data) if form.validate() and form.role.data else None
    query = services.visible_users(current_user, role, form.q.data or "")
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    found = session.scalars(query.limit(USERS_PER_PAGE).offset((page - 1) * USERS_PER_PAGE)).all()
    return render_template(
        "accounts/users.html",
        form=form,
        users=found,
        total=total or 0,
        page=page,
        pages=max(-(-(total or 0) // USERS_PER_PAGE), 1),
        max_failed_logins=services.MAX_FAILED_LOGINS,
    )


@blueprint.route("/admin/users/new", methods=["GET", "POST"])
@login_required
@require(Permission.ADMINISTER)
def create_user() -> str:
    form = CreateUserForm()
    form.agency.choices = [
        SelectChoice("", "No agency"),
        *(
            SelectChoice(agency.code, f"{agency.code} – {agency.name}")
            for agency in session.scalars(select(Agency).order_by(Agency.code))
        ),
    ]
    if form.validate_on_submit():
        password = services.temporary_password(form.username.data or "")
        try:
            user = services.create_user(
                username=form.username.data or "",
                full_name=form.full_name.data or "",
                email=form.email.data,
                role=Role(form.role.data),
                area=services.find_area(form.area.data or "", within=current_user),
                agency=services.find_agency(form.agency.data) if form.agency.data else None,
                password=password,
                must_change_password=True,
                by=current_user,
            )
        except services.AccountError as error:
            session.rollback()
            _show_error(form, error)
        else:
            session.commit()
            # Shown on this response only: it is not stored anywhere it could be shown again.
            return render_template(
                "accounts/temporary_password.html", user=user, password=password, created=True
            )
    return render_template("accounts/user_form.html", form=form)


@blueprint.route("/admin/users/<int:user_id>/deactivate", methods=["POST"])
@login_required
@require(Permission.ADMINISTER)
def deactivate_user(user_id: int) -> Response:
    return _set_active(user_id, active=False)


@blueprint.route("/admin/users/<int:user_id>/activate", methods=["POST"])
@login_required
@require(Permission.ADMINISTER)
def activate_user(user_id: int) -> Response:
    return _set_active(user_id, active=True)


@blueprint.route("/admin/users/<int:user_id>/reset-password", methods=["POST"])
@login_required
@require(Permission.ADMINISTER)
def reset_password(user_id: int) -> str | Response:
    user = _visible_user_or_404(user_id)
    password = services.temporary_password(user.username)
    try:
        services.reset_password(user, password, by=current_user)
    except services.AccountError as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for("accounts.users"))
    session.commit()
    return render_template(
        "accounts/temporary_password.html", user=user, password=password, created=False
    )


def _set_active(user_id: int, *, active: bool) -> Response:
    user = _visible_user_or_404(user_id)
    try:
        services.set_active(user, active, by=current_user)
    except services.AccountError as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        state = "can sign in again" if active else "is deactivated and signed out"
        flash(f"{user.full_name} ({user.username}) {state}.", "success")
    return redirect(url_for("accounts.users"))


def _visible_user_or_404(user_id: int) -> User:
    user = services.visible_user(current_user, user_id)
    if user is None:
        abort(404)
    return user


def _show_error(form: FlaskForm, error: services.AccountError) -> None:
    """Attach a service's refusal to the field it is about, or show it above the form."""
    if error.field and error.field in form:
        field = form[error.field]
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")
