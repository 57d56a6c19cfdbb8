from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("reports", __name__)


@blueprint.route("/reports")
def overview() -> str:
    return "reports"
