"""The proposal workflow: which status may follow which, and what the next step is.

A proposal of a job seeker for an opening moves suggested → discussed with the person →
presented to the employer → interview → hired, or ends declined by the person or by the
employer. Only the person's coach team creates and moves proposals (`access.py`); relations
staff see who a proposal is about only once the person has been presented.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from crm.matching.models import ProposalStatus as S

TRANSITIONS: dict[str, list[str]] = {
    S.SUGGESTED: [S.DISCUSSED, S.DECLINED_BY_CANDIDATE],
    S.DISCUSSED: [S.PRESENTED, S.DECLINED_BY_CANDIDATE],
    S.PRESENTED: [S.INTERVIEW, S.DECLINED_BY_CANDIDATE, S.DECLINED_BY_EMPLOYER],
    S.INTERVIEW: [S.HIRED, S.DECLINED_BY_CANDIDATE, S.DECLINED_BY_EMPLOYER],
}
DECLINES = {S.DECLINED_BY_CANDIDATE, S.DECLINED_BY_EMPLOYER}
NAMED_FROM = {S.PRESENTED, S.INTERVIEW, S.HIRED, S.DECLINED_BY_EMPLOYER}

NEXT_STEP = {
    S.SUGGESTED: gettext_lazy("Talk the opening over with the person"),
    S.DISCUSSED: gettext_lazy("Present the person to the employer"),
    S.PRESENTED: gettext_lazy("Agree on an interview with the employer"),
    S.INTERVIEW: gettext_lazy("Hear the employer's decision"),
}


def allowed_next(status: str) -> list[str]:
    return list(TRANSITIONS.get(status, []))
