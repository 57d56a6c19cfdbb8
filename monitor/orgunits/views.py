"""The administrator's view of the hierarchy: roots, one unit at a time, and a search."""

from __future__ import annotations

from math import ceil

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from monitor.accounts.access import Permission, require
from monitor.orgunits import queries
from monitor.orgunits.forms import SearchForm

blueprint = Blueprint("orgunits", __name__)

CHILDREN_PER_PAGE = 100


@blueprint.route("/admin/org-units")
@login_required
@require(Permission.ADMINISTER)
def browse() -> str:
    form = SearchForm(formdata=request.args)
    results = []
    if form.q.data and form.validate():
        results = queries.search(form.q.data, user=current_user)
    roots = queries.children_with_counts(None, user=current_user, include_retired=True)
    if not roots and current_user.area.parent is not None:
        # An administrator of one area starts from it: of its parent's children, only the area
        # itself is within reach.
        roots = queries.children_with_counts(
            current_user.area.parent, user=current_user, include_retired=True
        )
    return render_template(
        "orgunits/browse.html",
        form=form,
        searched=bool(form.q.data) and not form.errors,
        results=results,
        places=queries.places(results, user=current_user),
        roots=roots,
    )


@blueprint.route("/admin/org-units/<code>")
@login_required
@require(Permission.ADMINISTER)
def unit(code: str) -> str:
    found = queries.find_by_code(code, user=current_user)
    if found is None:
        abort(404)

    total = queries.count_children(found, user=current_user, include_retired=True)
    pages = max(1, ceil(total / CHILDREN_PER_PAGE))
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > pages:
        abort(404)
    children = queries.children_with_counts(
        found,
        user=current_user,
        include_retired=True,
        offset=(page - 1) * CHILDREN_PER_PAGE,
        limit=CHILDREN_PER_PAGE,
    )

    return render_template(
        "orgunits/unit.html",
        unit=found,
        form=SearchForm(formdata=None),
        ancestors=queries.ancestors(found, user=current_user),
        barangays=queries.barangay_count(found),
        children=children,
        total_children=total,
        page=page,
        pages=pages,
        history=queries.change_history(found),
    )
