"""What each role may do, as Django permission groups named after the role slug.

The code is the source of truth: `sync_role_groups` (run after every migrate) gives each group
exactly these permissions. Later apps add their permissions to ROLE_PERMISSIONS.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from crm.accounts.models import Role

_ORG_ADMIN = [
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_team",
    "accounts.add_team",
    "accounts.change_team",
    "accounts.delete_team",
    "accounts.view_auditevent",
    "accounts.view_apitoken",
    "accounts.change_apitoken",
]

_EMPLOYER_MODELS = [
    "employer",
    "contactperson",
    "employercontact",
    "followup",
    "opening",
    "tailoringnote",
]
_EMPLOYER_READ = [f"employers.view_{m}" for m in _EMPLOYER_MODELS]
_EMPLOYER_WRITE = [
    *_EMPLOYER_READ,
    *(f"employers.{action}_{m}" for m in _EMPLOYER_MODELS for action in ("add", "change")),
    "employers.import_employers",
]

# Job seekers: how much of a person each role sees is decided in crm/candidates/access.py —
# these set the ceiling; the coach team decides whether a coach reaches it.
_CANDIDATE_COACH = [
    "candidates.view_jobseeker",
    "candidates.add_jobseeker",
    "candidates.change_jobseeker",
    "candidates.view_sensitive_data",
    "candidates.export_jobseeker",
    "candidates.erase_jobseeker",
    "candidates.transfer_jobseeker",
]
_CANDIDATE_LEAD = ["candidates.view_jobseeker", "candidates.view_jobseeker_record"]
_CANDIDATE_ADMIN = [
    "candidates.view_jobseeker",
    "candidates.view_jobseeker_audit",
    "candidates.erase_jobseeker",
    "accounts.change_organization",
]

# Placements (jobs, follow-along support, check-ins): the person's access level decides more
# (crm/placements/access.py). Relations staff and admins have none (403).
_PLACEMENT_MODELS = ["placement", "supportcontact", "jobcheckin"]
_PLACEMENT_READ = [f"placements.view_{m}" for m in _PLACEMENT_MODELS]
_PLACEMENT_WRITE = [
    *_PLACEMENT_READ,
    *(f"placements.{action}_{m}" for m in _PLACEMENT_MODELS for action in ("add", "change")),
]

# Reports (crm/reports/access.py decides the scope: coaches see their own and their teams'
# figures; leads and admins the whole organisation, its reviews and the evaluation extract).
_REPORTS_COACH = ["reports.view_outcome_reports"]
_REPORTS_LEAD = [
    "reports.view_outcome_reports",
    "reports.view_fidelityreview",
    "reports.add_fidelityreview",
    "reports.change_fidelityreview",
    "reports.export_evaluation_extract",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COACH: [
        "accounts.use_my_day",
        *_EMPLOYER_WRITE,
        *_CANDIDATE_COACH,
        *_PLACEMENT_WRITE,
        *_REPORTS_COACH,
    ],
    Role.RELATIONS: ["accounts.use_my_day", *_EMPLOYER_WRITE],
    Role.LEAD: [
        "accounts.view_reports",
        *_EMPLOYER_READ,
        *_CANDIDATE_LEAD,
        *_PLACEMENT_READ,
        *_REPORTS_LEAD,
    ],
    Role.ADMIN: [
        *_ORG_ADMIN,
        *_CANDIDATE_ADMIN,
        "accounts.view_organization_overview",
        "accounts.view_reports",
        *_REPORTS_LEAD,
        "reports.view_fidelityitem",
        "reports.change_fidelityitem",
    ],
}

# The page a role lands on after logging in (URL names).
ROLE_HOME: dict[str, str] = {
    Role.COACH: "my_day",
    Role.RELATIONS: "employer_list",
    Role.LEAD: "reports_home",
    Role.ADMIN: "organization_overview",
}


def _permissions(codes: list[str], *, strict: bool) -> list[Permission]:
    query = Q(pk__in=[])
    for code in codes:
        app_label, codename = code.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query))
    missing = set(codes) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing and strict:
        raise LookupError(f"Unknown permissions in ROLE_PERMISSIONS: {sorted(missing)}")
    return found


def sync_role_groups(*, strict: bool = True) -> None:
    """Create one group per role and give it exactly the permissions listed above.

    After `migrate` this runs once per app (strict=False: later apps' permissions may not
    exist yet); the last run sees them all, and a test runs it strictly.
    """
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(_permissions(codes, strict=strict))
