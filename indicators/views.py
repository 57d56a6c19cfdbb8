from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("indicators", __name__)


@blueprint.route("/framework")
def framework() -> str:
    return "framework"
