"""Job seekers API: records."""

from crm.candidates.api.common import router  # noqa: F401
