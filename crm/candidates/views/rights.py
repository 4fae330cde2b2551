"""Job seeker pages: rights."""

from __future__ import annotations

urlpatterns: list = []
