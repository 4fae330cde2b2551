from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# (url name, label, permission); shown only to roles that have the permission.
NAVIGATION = [
    ("my_day", _("My day"), "accounts.use_my_day"),
    ("candidate_caseload", _("Job seekers"), "candidates.view_jobseeker"),
    ("employer_list", _("Employers"), "employers.view_employer"),
    ("pipeline_board", _("Pipeline"), "employers.view_employer"),
    ("opening_list", _("Openings"), "employers.view_opening"),
    ("placement_list", _("Jobs"), "placements.view_placement"),
    ("reports_home", _("Reports"), "accounts.view_reports"),
    ("organization_overview", _("Organisation"), "accounts.view_organization_overview"),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    items = [
        {"url_name": name, "label": label, "active": name == current}
        for name, label, permission in NAVIGATION
        if user.has_perm(permission)
    ]
    return {"nav_items": items}
