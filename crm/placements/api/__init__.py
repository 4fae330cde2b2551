"""The placements API at /api/v1/placements…, one module per concern on one router."""

from crm.placements.api import check_ins, placements, support  # noqa: F401  (registers)
from crm.placements.api.common import router

__all__ = ["router"]
