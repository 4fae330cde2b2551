"""The reports API: fidelity reviews, outcome figures, indicators and the evaluation extract."""

from crm.reports.api import extract, figures, reviews  # noqa: F401  (registers)
from crm.reports.api.common import router

__all__ = ["router"]
