"""Every write about placements, follow-along support and check-ins, with its rules and audit.

Callers check access first (crm/placements/access.py); the services check the data. Each write
recomputes the placement's stored `next_support_due_on` in the same transaction."""
