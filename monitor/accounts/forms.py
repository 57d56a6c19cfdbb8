"""Forms of the sign-in and account pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from monitor.accounts.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password", validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm_password = PasswordField(
        "Type the new password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two entries differ.")],
    )


class UserFilterForm(FlaskForm):
    """The filter above the user list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    role = SelectField("Role", choices=[SelectChoice("", "All roles"), *ROLE_CHOICES], default="")
    q = SearchField("Search", validators=[Optional(), Length(max=100)])


class CreateUserForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired(message="Give a username."), Length(max=80)],
    )
    full_name = StringField(
        "Full name",
        validators=[DataRequired(message="Give the person's full name."), Length(max=200)],
    )
    email = StringField(
        "Email (optional)",
        validators=[
            Optional(),
            Length(max=200),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="This is not an email address."),
        ],
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice("", "Choose a role"), *ROLE_CHOICES],
        validators=[DataRequired(message="Choose a role.")],
    )
    area = StringField(
        "Area (PSGC code)",
        validators=[DataRequired(message="Give the area's PSGC code."), Length(max=200)],
    )
    #: Choices are the agencies in the database, set by the view.
    agency = SelectField("Agency (agency staff only)", choices=[], validate_choice=False)
