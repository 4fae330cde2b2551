"""The matching API: ranked matches both ways and proposals, one module per concern."""

from crm.matching.api import matches, proposals, weights  # noqa: F401  (registers)
from crm.matching.api.common import router

__all__ = ["router"]
