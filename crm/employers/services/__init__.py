"""Every write about employers, with its business rules, one module per sub-domain (employers,
contacts, follow_ups, openings; imports are in crm/employers/imports/). Views, API, imports and
tasks call these."""
