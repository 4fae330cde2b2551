"""Job seeker pages, one module per concern; each module exports its own `urlpatterns`."""
