"""Placements, support contacts and check-ins are personal data: they are managed in the CRM's
own pages, where access levels and audit apply, and deliberately not registered in the admin
(as job seekers are not)."""
