"""Job seekers API: progress."""

from crm.candidates.api.common import router  # noqa: F401
