"""Reads about employers, scoped to the user's organisation, at a constant number of queries;
one module per sub-domain (employers, contacts, follow_ups, openings)."""
