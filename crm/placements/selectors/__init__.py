"""Reads about placements: scoped to the user's organisation and access, at a constant number
of queries, and audited where they show support-contact notes."""
