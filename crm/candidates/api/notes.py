"""A job seeker's case notes (reading them is audited)."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from crm.candidates import selectors
from crm.candidates.access import Access
from crm.candidates.api.common import refuse_nul, router, seeker_for, seeker_to_change
from crm.candidates.models import CaseNote, ContactType
from crm.candidates.services.notes import add_case_note
from crm.core import dates
from crm.core.api.helpers import SearchQuery, enum_field, fuzzy
from crm.core.api.pagination import LimitOffsetPagination

PATH = "/candidates/{int:candidate_id}"


class CaseNoteOut(Schema):
    id: int
    written_on: date
    contact_type: str
    text: str
    sensitive: bool
    author_id: int | None
    author_name: str = Field(description="Empty when the author's account is gone.")
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj: CaseNote) -> str:
        return obj.author.get_full_name() or obj.author.username if obj.author else ""


class CaseNoteIn(Schema):
    text: str
    written_on: dates.PastDate | None = Field(None, description="Default today; not in the future.")
    contact_type: str = enum_field(ContactType.values, ContactType.FACE_TO_FACE.value)
    sensitive: bool = Field(False, description="Health or other special-category information.")


@router.get(
    f"{PATH}/notes",
    response=list[CaseNoteOut],
    summary="Case notes (audited)",
    operation_id="crm_candidates_api_progress_note_list",
)
@paginate(LimitOffsetPagination)
def note_list(
    request: HttpRequest, candidate_id: int, params: Query[SearchQuery]
) -> QuerySet[CaseNote]:
    seeker = seeker_for(request, candidate_id, Access.FULL)
    notes = selectors.notes_list(user=request.user, job_seeker=seeker)
    return fuzzy(notes, params.q, "text")


@router.post(
    f"{PATH}/notes",
    response={201: CaseNoteOut},
    summary="Write a case note",
    operation_id="crm_candidates_api_progress_note_create",
)
def note_create(request: HttpRequest, candidate_id: int, payload: CaseNoteIn) -> Any:
    seeker = seeker_to_change(request, candidate_id)
    refuse_nul(payload.dict())
    return 201, add_case_note(job_seeker=seeker, by=request.user, **payload.dict())
