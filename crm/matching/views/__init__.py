"""Matching pages, one module per concern; each exports its own `urlpatterns`."""
