from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("orgunits", __name__)


@blueprint.route("/admin/org-units")
def browse() -> str:
    return "org units"
