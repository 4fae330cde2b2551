"""`{% open_proposals opening=... %}` / `{% open_proposals job_seeker=... %}`: the open
proposals of an opening or a person as the viewing user may see them, for pages whose views
do not load them (the opening and job seeker pages)."""

from __future__ import annotations

from typing import Any

from django import template

from crm.matching.selectors.proposals import open_proposals as load_open_proposals

register = template.Library()


@register.inclusion_tag("matching/partials/proposal_list.html", takes_context=True)
def open_proposals(
    context: dict[str, Any], *, opening: Any = None, job_seeker: Any = None
) -> dict[str, Any]:
    user = context["request"].user
    return {
        "proposals": load_open_proposals(user=user, opening=opening, job_seeker=job_seeker),
        "hide_opening": opening is not None,
        "hide_job_seeker": job_seeker is not None,
        "perms": context.get("perms"),
        "request": context["request"],
    }
