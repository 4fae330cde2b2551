"""Job seeker pages: progress."""

from __future__ import annotations

urlpatterns: list = []
