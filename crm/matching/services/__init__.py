"""Writes of the matching app with their business rules, one module per sub-domain (proposals,
weights)."""
