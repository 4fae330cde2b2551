"""Rights of the person: export everything (right of access, `export`), erase (anonymise identity
and free text, keep the figures reports need, `erase`), and the organisation's retention period
after exit (`retention`); `audit_log` names the audit actions shown on a person's audit log.

What erasure keeps is listed in README.md ("Privacy and data protection"); keep the two in step.
"""
