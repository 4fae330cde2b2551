"""Job seekers API: rights."""

from crm.candidates.api.common import router  # noqa: F401
