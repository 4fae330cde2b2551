"""Helpers the job seeker pages share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from crm.candidates.access import access_context
from crm.candidates.models import JobSeeker


def page_context(
    request: HttpRequest, seeker: JobSeeker, tab: str = "overview", **extra: Any
) -> dict[str, Any]:
    """What every page of a person needs: the person, the open tab and the user's access."""
    return {"job_seeker": seeker, "tab": tab, **access_context(request.user, seeker), **extra}
