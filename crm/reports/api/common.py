"""The reports API router, shared by the modules of this package."""

from ninja import Router

router = Router(tags=["reports"])
