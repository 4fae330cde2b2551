"""Job seeker pages: records."""

from __future__ import annotations

urlpatterns: list = []
