"""Matching API: proposals."""

from crm.matching.api.common import router  # noqa: F401
