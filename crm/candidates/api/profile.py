"""Job seekers API: profile."""

from crm.candidates.api.common import router  # noqa: F401
