"""Job seeker pages: rights of the person (export, erase, audit log) and the retention
setting of the organisation."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.models import AuditEvent
from crm.accounts.permissions import permission_required, require
from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.forms.rights import EraseForm, RetentionForm
from crm.candidates.models import (
    CareerProfile,
    ConsentPurpose,
    JobSeeker,
    KykyviisariResult,
    MilestoneKind,
    WorkHistoryEntry,
)
from crm.candidates.rights.audit_log import action_label
from crm.candidates.rights.erase import ERASE_KEEPS, ERASE_REMOVES, erase_job_seeker
from crm.candidates.rights.export import export_data, export_filename
from crm.candidates.rights.retention import retention_due, set_retention_months
from crm.candidates.views.common import page_context

AUDIT_PER_PAGE = 50


# Keys of the export whose ISO strings the page shows as dates ("1.2.2025").
DATE_KEYS = {
    "at",
    "on",
    "birth_date",
    "referred_on",
    "intake_on",
    "exited_on",
    "created_at",
    "erased_at",
    "completed_on",
    "started_on",
    "ended_on",
    "assessed_on",
    "granted_on",
    "expires_on",
    "revoked_on",
    "written_on",
    "due_on",
    "occurred_at",
    "exported_at",
}


def _for_page(value: Any, key: str = "") -> Any:
    """The export with its ISO dates parsed back, so the template formats them locally."""
    if isinstance(value, dict):
        return {k: _for_page(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_page(v) for v in value]
    if key in DATE_KEYS and isinstance(value, str):
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    return value


def _exporting(request: HttpRequest, pk: int) -> tuple[JobSeeker, dict[str, Any]]:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.FULL)
    require(request.user, "candidates.export_jobseeker")
    return seeker, export_data(user=request.user, job_seeker=seeker)


# Export -------------------------------------------------------------------------------------


@login_required
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about the person as a readable page; printing it gives the PDF."""
    seeker, data = _exporting(request, pk)
    context = page_context(request, seeker, "export") | {"data": _for_page(data)}
    return render(request, "candidates/export.html", context)


@login_required
def candidate_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    seeker, data = _exporting(request, pk)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = export_filename(seeker)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# Erase --------------------------------------------------------------------------------------


def _erasable(request: HttpRequest, pk: int) -> tuple[JobSeeker, dict[str, Any]]:
    """The coach team or an organisation admin (403 for others, 404 outside the org)."""
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.BASIC)
    context = page_context(request, seeker, "erase")
    if not context["can_erase"]:
        raise PermissionDenied(_("Only the person's coach team or an admin can erase the data."))
    return seeker, context


@login_required
def candidate_erase(request: HttpRequest, pk: int) -> HttpResponse:
    seeker, context = _erasable(request, pk)
    form = EraseForm(request.POST or None, job_seeker=seeker)
    if request.method == "POST" and seeker.is_erased:
        messages.info(request, _("This person's data has already been erased."))
        return redirect("candidate_erase", pk=seeker.pk)
    if request.method == "POST" and form.is_valid():
        erase_job_seeker(job_seeker=seeker, by=request.user)
        messages.success(request, _("The person's data was erased. Figures for reports remain."))
        return redirect("candidate_erase", pk=seeker.pk)
    context |= {
        "form": form,
        "kept": ERASE_KEEPS,
        "removed": ERASE_REMOVES,
        "export_url": reverse("candidate_export", args=[seeker.pk]),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "candidates/erase.html", context, status=status)


# Audit log ----------------------------------------------------------------------------------


# Names in audit rows that are not model fields: sections of the export and of erasure.
SECTION_LABELS = {
    "notes": gettext_lazy("case notes"),
    "case_notes": gettext_lazy("case notes"),
    "kykyviisari": gettext_lazy("Kykyviisari"),
    "person": gettext_lazy("record"),
    "profile": gettext_lazy("career profile"),
    "milestones": gettext_lazy("milestones"),
    "milestone_notes": gettext_lazy("milestone notes"),
    "consents": gettext_lazy("consents"),
    "consent_notes": gettext_lazy("consent notes"),
    "follow_ups": gettext_lazy("follow-ups"),
    "follow_up_titles": gettext_lazy("follow-up titles"),
    "employer_contacts": gettext_lazy("employer contacts"),
    "status_changes": gettext_lazy("status changes"),
    "coach_transfers": gettext_lazy("coach transfers"),
    "transfer_reasons": gettext_lazy("transfer reasons"),
    "change_history": gettext_lazy("change history"),
    "history": gettext_lazy("change history"),
    "exported_at": gettext_lazy("export time"),
    "exported_by": gettext_lazy("exported by"),
    "organization": gettext_lazy("organisation"),
    "schema_version": gettext_lazy("format version"),
}


def _field_label(name: str) -> str:
    """A field, section, milestone kind or consent purpose named in an audit row, in words."""
    if name in SECTION_LABELS:
        return str(SECTION_LABELS[name])
    for choices in (MilestoneKind, ConsentPurpose):
        if name in choices.values:
            return str(choices(name).label)
    for model in (JobSeeker, CareerProfile, WorkHistoryEntry, KykyviisariResult):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return str(getattr(field, "verbose_name", name))
    return name.replace("_", " ")


def _audit_rows(events: list[AuditEvent]) -> list[dict[str, Any]]:
    return [
        {
            "at": event.at,
            "who": event.username or _("Automatic (retention period)"),
            "action": action_label(event.action),
            "code": event.action,
            "fields": [_field_label(name) for name in event.fields or []],
        }
        for event in events
    ]


@login_required
def candidate_audit(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = selectors.job_seeker_get(user=request.user, pk=pk, level=Access.BASIC)
    require(request.user, "candidates.view_jobseeker_audit")
    events = AuditEvent.objects.for_user(request.user).filter(
        object_type=JobSeeker._meta.label_lower, object_id=str(seeker.pk)
    )
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(request, seeker, "audit") | {
        "page": page,
        "rows": _audit_rows(list(page.object_list)),
    }
    return render(request, "candidates/audit.html", context)


# Retention ----------------------------------------------------------------------------------


@permission_required("accounts.change_organization")
def retention_settings(request: HttpRequest) -> HttpResponse:
    organization = request.user.organization
    if organization is None:
        raise Http404
    initial = {"retention_months": organization.retention_months}
    form = RetentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        months = form.cleaned_data["retention_months"]
        set_retention_months(organization=organization, by=request.user, months=months)
        messages.success(request, _("Retention period saved: %(n)s months.") % {"n": months})
        return redirect("retention_settings")
    context = {
        "organization": organization,
        "form": form,
        "due_count": retention_due(organization=organization).count(),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "candidates/retention.html", context, status=status)


urlpatterns = [
    path("job-seekers/<int:pk>/export/", candidate_export, name="candidate_export"),
    path("job-seekers/<int:pk>/export.json", candidate_export_json, name="candidate_export_json"),
    path("job-seekers/<int:pk>/erase/", candidate_erase, name="candidate_erase"),
    path("job-seekers/<int:pk>/audit/", candidate_audit, name="candidate_audit"),
    path("organisation/retention/", retention_settings, name="retention_settings"),
]
