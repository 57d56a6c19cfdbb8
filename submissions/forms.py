"""Forms of the submissions pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from submissions.periods import CODE_HELP


class PeriodDatesForm(FlaskForm):
    opens_on = DateField(
        "Opens on", validators=[DataRequired(message="Give the opening date as YYYY-MM-DD.")]
    )
    due_on = DateField(
        "Due on", validators=[DataRequired(message="Give the due date as YYYY-MM-DD.")]
    )
    closes_on = DateField(
        "Closes on", validators=[DataRequired(message="Give the closing date as YYYY-MM-DD.")]
    )


class OpenPeriodForm(PeriodDatesForm):
    code = StringField(
        "Period code",
        validators=[DataRequired(message=CODE_HELP), Length(max=10, message=CODE_HELP)],
    )
    opens_on = DateField("Opens on (optional)", validators=[Optional()])
