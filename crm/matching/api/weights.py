"""Matching API: weights."""

from crm.matching.api.common import router  # noqa: F401
