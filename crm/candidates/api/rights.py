"""Job seekers: rights of the person — export everything (the same JSON as the download on the
export page) and erase (anonymise identity and free text, keep the figures)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from crm.accounts.permissions import require
from crm.candidates.access import Access, access_context
from crm.candidates.api.common import router, seeker_for
from crm.candidates.rights.erase import confirmation_matches, erase_job_seeker
from crm.candidates.rights.export import SCHEMA_VERSION, export_data


class EraseIn(Schema):
    confirmation: str = Field(
        ..., description="The person's last name, as a safety catch (case and spaces ignored)."
    )


class EraseOut(Schema):
    id: int
    erased_at: datetime
    first_name: str
    last_name: str


@router.get(
    "/candidates/{int:candidate_id}/export",
    response=dict[str, Any],
    summary="Everything about the person (right of access)",
    description=(
        "The coach team only. Includes the full personal identity code, the sensitive section, "
        "case notes and the change history; every export is written to the audit log. "
        f"`schema_version` is {SCHEMA_VERSION}."
    ),
)
def candidate_export(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    seeker = seeker_for(request, candidate_id, Access.FULL)
    require(request.user, "candidates.export_jobseeker")
    return export_data(user=request.user, job_seeker=seeker)


@router.post(
    "/candidates/{int:candidate_id}/erase",
    response=EraseOut,
    summary="Erase the person's data (anonymise)",
    description=(
        "The coach team or an organisation admin. Cannot be undone: names, contact details, the "
        "identity code and all free text are removed; status, dates, milestones, Kykyviisari "
        "scores and consents remain for reports. Repeating the call changes nothing."
    ),
)
def candidate_erase(request: HttpRequest, candidate_id: int, payload: EraseIn) -> Any:
    seeker = seeker_for(request, candidate_id, Access.BASIC)
    if not access_context(request.user, seeker)["can_erase"]:
        raise PermissionDenied(_("Only the person's coach team or an admin can erase the data."))
    if not seeker.is_erased and not confirmation_matches(seeker, payload.confirmation):
        message = _("This is not the person's last name. Nothing was erased.")
        raise ValidationError({"confirmation": message})
    return erase_job_seeker(job_seeker=seeker, by=request.user)
