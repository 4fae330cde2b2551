"""Matching API: matches."""

from crm.matching.api.common import router  # noqa: F401
