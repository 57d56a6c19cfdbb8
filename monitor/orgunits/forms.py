from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length


class SearchForm(FlaskForm):
    """Finding a unit by name or code; a GET form, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField("Find an org unit by name or code", validators=[Length(max=100)])
