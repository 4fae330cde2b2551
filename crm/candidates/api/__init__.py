"""The job seekers' API at /api/v1/candidates…, one module per concern on one router."""

from crm.candidates.api import profile, progress, records, rights  # noqa: F401  (registers)
from crm.candidates.api.common import router

__all__ = ["router"]
