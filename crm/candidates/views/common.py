"""Helpers the job seeker pages share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from crm.candidates.access import Access, access_context, require_access
from crm.candidates.models import JobSeeker
from crm.core.forms import add_service_errors


def page_context(
    request: HttpRequest, seeker: JobSeeker, tab: str = "overview", **extra: Any
) -> dict[str, Any]:
    """What every page of a person needs: the person, the open tab and the user's access."""
    return {"job_seeker": seeker, "tab": tab, **access_context(request.user, seeker), **extra}


def save_posted(request: HttpRequest, seeker: JobSeeker, form: Any, save: Any) -> bool:
    """Validate the form and save it through `save(**cleaned_data)`; False when it has errors."""
    require_access(request.user, seeker, Access.FULL)
    if not form.is_valid():
        return False
    try:
        save(job_seeker=seeker, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True
