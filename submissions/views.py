from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("submissions", __name__)


@blueprint.route("/admin/periods")
def periods() -> str:
    return "periods"


@blueprint.route("/forms")
def my_forms() -> str:
    return "forms"


@blueprint.route("/review")
def review_queue() -> str:
    return "review"


@blueprint.route("/returns")
def agency_returns() -> str:
    return "returns"
