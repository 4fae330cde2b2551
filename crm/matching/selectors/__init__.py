"""Reads of the matching app, scoped to the user, one module per sub-domain (proposals, weights)."""
