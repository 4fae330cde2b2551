"""The placements API router and what its modules share."""

from ninja import Router

from crm.accounts.http import CrmRequest
from crm.placements import access
from crm.placements.models import Placement
from crm.placements.selectors import placements as placement_selectors

router = Router(tags=["placements"])
PATH = "/placements/{int:placement_id}"
VERSION_NOTE = "The version you read; a stale one gets 409."


def placement_for(request: CrmRequest, pk: int) -> Placement:
    """404 outside the organisation, 403 for a role or a person without access."""
    return placement_selectors.placement_get(user=request.user, pk=pk)


def placement_to_change(request: CrmRequest, pk: int) -> Placement:
    placement = placement_for(request, pk)
    access.require_change(request.user, placement.candidate)
    return placement
