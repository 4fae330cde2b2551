"""The employer-relations API (mounted in crm/api.py): employers, contact persons, the contact
log, follow-ups, openings and job tailoring notes. Thin: check the role, read through the
selectors, write through the services; their errors become 404/409/422 in crm/api.py."""

from crm.employers.api import (  # noqa: F401  (registers routes)
    contacts,
    employers,
    follow_ups,
    openings,
)
from crm.employers.api.common import router

__all__ = ["router"]
