"""The job seekers' API at /api/v1/candidates…, one module per concern on one router."""

from crm.candidates.api import (  # noqa: F401  (registers the routes)
    consents,
    kykyviisari,
    milestones,
    notes,
    profile,
    records,
    rights,
)
from crm.candidates.api.common import router

__all__ = ["router"]
