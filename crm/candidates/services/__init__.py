"""Every write about job seekers, with its business rules and its audit row, one module per
sub-domain (records, profile, milestones, kykyviisari, consents, notes; export, erase and retention
are in crm/candidates/rights/).

Views, the API, imports and tasks call these; none of them writes the models directly. Callers
check access first (`access.require_access`); the services check the data.
"""
