"""Matching pages: matches."""

from __future__ import annotations

urlpatterns: list = []
