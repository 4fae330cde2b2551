"""Job seekers and everything a coach team records about them.

Health and accommodation data (GDPR art. 9) live only in `CareerProfile`'s sensitive section
and in case notes flagged sensitive; who may read them is decided in `access.py`, and every read
and change is written to the audit log by the services and selectors.

One module per sub-domain (the same names as services/, selectors/, api/ and views/). Django
loads the models from this package, so every model is imported here; callers may import from
here or from the submodule.
"""

from crm.candidates.models.consents import Consent, ConsentPurpose
from crm.candidates.models.kykyviisari import (
    KYKYVIISARI_DOMAINS,
    KYKYVIISARI_SCORES,
    KykyviisariForm,
    KykyviisariPhase,
    KykyviisariResult,
)
from crm.candidates.models.milestones import RECORDED_MILESTONES, Milestone, MilestoneKind
from crm.candidates.models.notes import CaseNote, ContactType
from crm.candidates.models.profile import (
    PREFERENCE_FIELDS,
    CareerProfile,
    Disclosure,
    WorkHistoryEntry,
)
from crm.candidates.models.records import (
    ACTIVE_STATUSES,
    DAYS_TO_FIRST_EMPLOYER_CONTACT_TARGET,
    IPS_CASELOAD_LIMIT,
    CoachTransfer,
    ExitReason,
    JobSeeker,
    ReferralSource,
    Status,
    StatusChange,
)

__all__ = [
    "ACTIVE_STATUSES",
    "DAYS_TO_FIRST_EMPLOYER_CONTACT_TARGET",
    "IPS_CASELOAD_LIMIT",
    "KYKYVIISARI_DOMAINS",
    "KYKYVIISARI_SCORES",
    "PREFERENCE_FIELDS",
    "RECORDED_MILESTONES",
    "CareerProfile",
    "CaseNote",
    "CoachTransfer",
    "Consent",
    "ConsentPurpose",
    "ContactType",
    "Disclosure",
    "ExitReason",
    "JobSeeker",
    "KykyviisariForm",
    "KykyviisariPhase",
    "KykyviisariResult",
    "Milestone",
    "MilestoneKind",
    "ReferralSource",
    "Status",
    "StatusChange",
    "WorkHistoryEntry",
]
