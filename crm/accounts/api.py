from __future__ import annotations

from ninja import Router, Schema

from crm.accounts import selectors
from crm.accounts.http import CrmRequest

router = Router(tags=["accounts"])


class TeamOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    role_label: str
    organization: str | None
    organization_id: int | None
    language: str
    teams: list[TeamOut]
    permissions: list[str]


@router.get("/me", response=MeOut, summary="The logged-in user, organisation and role")
def me(request: CrmRequest) -> dict:
    return selectors.me_payload(user=request.user)
