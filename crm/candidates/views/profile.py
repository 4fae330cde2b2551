"""Job seeker pages: profile."""

from __future__ import annotations

urlpatterns: list = []
