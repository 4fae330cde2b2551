"""Matching pages: proposals."""

from __future__ import annotations

urlpatterns: list = []
