"""Recording a job start, changing it, and its ending.

One record and the rest follows: the person's status becomes `working` (through the candidates
service, so the change is recorded), the timeline's job-start milestone is derived from the
placement, the follow-along plan starts with the IPS cadence, and — when the coach asks — the
opening is marked filled. An ending sends the person back to `job_search` unless they have
another current job or the coach chooses exit, and makes a support contact due within 3 days.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import ExitReason, JobSeeker, Status
from crm.candidates.services.records import change_status
from crm.core.errors import EditConflict
from crm.employers.models import Employer, Opening, OpeningStatus
from crm.employers.services.openings import update_opening
from crm.matching.models import Proposal, ProposalStatus
from crm.matching.vocabulary import resolve_terms
from crm.placements.models import ContractType, EndReason, PaySubsidy, Placement
from crm.placements.services.common import (
    clean_text,
    ensure_person_open,
    locked_version,
    not_in_future,
)
from crm.placements.services.support import refresh_next_due

MAX_DAYS_AHEAD = 365
EMPLOYED_STATUSES = {Status.WORKING, Status.FOLLOW_ALONG}
# What a PATCH may change (the ending has its own service, the plan too).
PLACEMENT_FIELDS = [
    "employer",
    "opening",
    "job_title",
    "occupation",
    "start_on",
    "planned_end_on",
    "hours_per_week",
    "hourly_wage",
    "contract_type",
    "pay_subsidy",
    "pay_subsidy_start_on",
    "pay_subsidy_end_on",
    "set_aside",
    "competitive",
    "competitive_override_reason",
]


class DuplicatePlacement(EditConflict):
    """The person already has a current job at this employer (HTTP 409 unless confirmed)."""

    def __init__(self, existing: Placement):
        super().__init__(
            _(
                "%(name)s already has a current job at %(employer)s (“%(title)s”, since "
                "%(date)s). Confirm to record a second one."
            )
            % {
                "name": existing.candidate.full_name,
                "employer": existing.employer.name,
                "title": existing.job_title,
                "date": f"{existing.start_on:%d.%m.%Y}",
            }
        )
        self.existing = existing


def suggested_competitive(*, pay_subsidy: str, set_aside: bool) -> bool:
    """Competitive employment unless the job is set aside for disabled people or paid with a
    pay subsidy for reduced work ability (the coach confirms or overrides with a reason)."""
    return pay_subsidy != PaySubsidy.REDUCED_WORK_ABILITY and not set_aside


def resolve_occupation(placement: Placement) -> None:
    """The typed occupation (else the job title), resolved to the organisation's vocabulary
    like an opening's title."""
    placement.occupation_text = clean_text(placement.occupation_text)
    text = placement.occupation_text or placement.job_title
    terms = resolve_terms(
        organization_id=placement.organization_id, kind="occupation", texts=[text]
    )
    placement.occupation = terms[0] if terms else None


def _validate_links(placement: Placement, errors: dict[str, Any]) -> None:
    org = placement.organization_id
    employer, opening, proposal = placement.employer, placement.opening, placement.proposal
    if employer.organization_id != org:
        errors["employer"] = _("Choose an employer of your organisation.")
    if opening is not None and opening.employer_id != employer.pk:
        errors["opening"] = _("Choose an opening of this employer.")
    if proposal is not None:
        if proposal.job_seeker_id != placement.candidate_id:
            errors["proposal"] = _("This proposal is about another person.")
        elif proposal.status != ProposalStatus.HIRED:
            errors["proposal"] = _("Only a proposal that ended in hiring becomes a job.")
        elif opening is not None and proposal.opening_id != opening.pk:
            errors["proposal"] = _("This proposal is for another opening.")


def _validate_dates(placement: Placement, errors: dict[str, Any]) -> None:
    start = placement.start_on
    if start is None:
        return
    if start > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        errors["start_on"] = _("The start can be at most a year ahead.")
    if placement.planned_end_on is not None:
        if placement.planned_end_on < start:
            errors["planned_end_on"] = _("The planned end cannot be before the start.")
        elif placement.contract_type == ContractType.PERMANENT:
            errors["planned_end_on"] = _("A permanent job has no planned end date.")
    if placement.pay_subsidy == PaySubsidy.NONE:
        placement.pay_subsidy_start_on = placement.pay_subsidy_end_on = None
    elif (
        placement.pay_subsidy_start_on
        and placement.pay_subsidy_end_on
        and placement.pay_subsidy_end_on < placement.pay_subsidy_start_on
    ):
        errors["pay_subsidy_end_on"] = _("The pay subsidy cannot end before it starts.")
    if placement.ended_on is not None and placement.ended_on < start:
        errors["start_on"] = _("The start cannot be after the end of the job.")


def _validate_competitive(
    placement: Placement, competitive: bool | None, errors: dict[str, Any]
) -> None:
    """`competitive` None takes the suggestion; another value than the suggestion needs a
    reason."""
    placement.competitive_override_reason = clean_text(placement.competitive_override_reason)
    suggested = suggested_competitive(
        pay_subsidy=placement.pay_subsidy, set_aside=placement.set_aside
    )
    placement.competitive = suggested if competitive is None else competitive
    if placement.competitive == suggested:
        placement.competitive_override_reason = ""
    elif not placement.competitive_override_reason:
        errors["competitive_override_reason"] = (
            _(
                "Say why this job is competitive employment although it is set aside or paid "
                "with a pay subsidy for reduced work ability."
            )
            if placement.competitive
            else _("Say why this job is not competitive employment.")
        )


def _validate(placement: Placement, competitive: bool | None) -> None:
    """Field-level errors, all at once; the model's own checks (hours 0.5 to 60 with one
    decimal, a wage of 0 to 1,000 €) first."""
    errors: dict[str, Any] = {}
    try:
        placement.full_clean(
            exclude=[
                "candidate",
                "employer",
                "opening",
                "proposal",
                "occupation",
                "created_by",
                "competitive",
            ]
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    _validate_links(placement, errors)
    _validate_dates(placement, errors)
    _validate_competitive(placement, competitive, errors)
    if errors:
        raise ValidationError(errors)


def current_duplicate(placement: Placement) -> Placement | None:
    """Another current job of the same person at the same employer."""
    qs = Placement.objects.filter(
        candidate_id=placement.candidate_id,
        employer_id=placement.employer_id,
        ended_on__isnull=True,
    ).select_related("candidate", "employer")
    if placement.pk:
        qs = qs.exclude(pk=placement.pk)
    return qs.order_by("start_on").first()


def _person_to_working(seeker: JobSeeker, by: User) -> None:
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    if seeker.status in EMPLOYED_STATUSES:
        return
    change_status(job_seeker=seeker, by=by, version=seeker.version, status=Status.WORKING)


def _ensure_can_start(seeker: JobSeeker) -> None:
    ensure_person_open(seeker)
    if seeker.status == Status.EXITED:
        raise ValidationError(
            {
                "candidate": _(
                    "The person has exited the service: change their status back before "
                    "recording a job."
                )
            }
        )


def _mark_opening_filled(opening: Opening | None, by: User) -> None:
    if opening is None or opening.status == OpeningStatus.FILLED:
        return
    current = Opening.objects.get(pk=opening.pk)
    update_opening(opening=current, by=by, version=current.version, status=OpeningStatus.FILLED)


@transaction.atomic
def record_job_start(
    *,
    candidate: JobSeeker,
    by: User,
    employer: Employer,
    job_title: str,
    start_on: date,
    hours_per_week: Decimal | None,
    contract_type: str,
    opening: Opening | None = None,
    proposal: Proposal | None = None,
    occupation: str = "",
    hourly_wage: Decimal | None = None,
    planned_end_on: date | None = None,
    pay_subsidy: str = PaySubsidy.NONE,
    pay_subsidy_start_on: date | None = None,
    pay_subsidy_end_on: date | None = None,
    set_aside: bool = False,
    competitive: bool | None = None,
    competitive_override_reason: str = "",
    support_cadence: str = "ips_default",
    confirm_duplicate: bool = False,
    mark_opening_filled: bool = False,
) -> Placement:
    """Record a job (from a hired proposal or one the person found). A second current job at
    the same employer is a DuplicatePlacement unless `confirm_duplicate`."""
    _ensure_can_start(candidate)
    placement = Placement(
        organization_id=candidate.organization_id,
        candidate=candidate,
        employer=employer,
        opening=opening,
        proposal=proposal,
        job_title=" ".join((job_title or "").split()),
        occupation_text=occupation,
        start_on=start_on,
        planned_end_on=planned_end_on,
        hours_per_week=hours_per_week,
        hourly_wage=hourly_wage,
        contract_type=contract_type,
        pay_subsidy=pay_subsidy or PaySubsidy.NONE,
        pay_subsidy_start_on=pay_subsidy_start_on,
        pay_subsidy_end_on=pay_subsidy_end_on,
        set_aside=set_aside,
        competitive=False,  # set by _validate: the suggestion unless the coach chose
        competitive_override_reason=competitive_override_reason,
        support_cadence=support_cadence or "ips_default",
        created_by=by,
    )
    _validate(placement, competitive)
    duplicate = current_duplicate(placement)
    if duplicate is not None and not confirm_duplicate:
        raise DuplicatePlacement(duplicate)
    resolve_occupation(placement)
    placement.save()
    refresh_next_due(placement)
    _person_to_working(candidate, by)
    if mark_opening_filled:
        _mark_opening_filled(opening, by)
    record_access(
        by, "crm.candidate.placement_recorded", candidate, ["placements", placement.contract_type]
    )
    return placement


@transaction.atomic
def update_placement(
    *,
    placement: Placement,
    by: User,
    version: int | None,
    confirm_duplicate: bool = False,
    **fields: Any,
) -> Placement:
    """Change the job's facts (a PATCH or the edit form); a stale `version` is a 409. A
    competitive flag that followed the suggestion follows it again when its basis changes."""
    unknown = set(fields) - set(PLACEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not updatable here: {sorted(unknown)}")
    locked_version(Placement, placement.pk, version)
    placement.refresh_from_db()
    ensure_person_open(placement.candidate)
    followed = placement.competitive == suggested_competitive(
        pay_subsidy=placement.pay_subsidy, set_aside=placement.set_aside
    )
    if "occupation" in fields:
        fields["occupation_text"] = fields.pop("occupation") or ""
    if "job_title" in fields:
        fields["job_title"] = " ".join((fields["job_title"] or "").split())
    competitive: bool | None = fields.pop("competitive", None)
    if competitive is None and not followed:
        competitive = placement.competitive  # an override stands until changed
    before = {name: getattr(placement, name) for name in [*fields, "competitive"]}
    for name, value in fields.items():
        setattr(placement, name, value)
    _validate(placement, competitive)
    changed = [name for name, value in before.items() if getattr(placement, name) != value]
    if not changed:
        return placement
    if {"employer"} & set(changed) and placement.ended_on is None:
        duplicate = current_duplicate(placement)
        if duplicate is not None and not confirm_duplicate:
            raise DuplicatePlacement(duplicate)
    if {"occupation_text", "job_title"} & set(changed):
        resolve_occupation(placement)
    placement.version += 1
    placement.save()
    refresh_next_due(placement)
    record_access(by, "crm.candidate.placement_changed", placement.candidate, changed)
    return placement


def has_other_current_job(placement: Placement) -> bool:
    return (
        Placement.objects.filter(candidate_id=placement.candidate_id, ended_on__isnull=True)
        .exclude(pk=placement.pk)
        .exists()
    )


@transaction.atomic
def end_placement(
    *,
    placement: Placement,
    by: User,
    ended_on: date,
    end_reason: str,
    note: str = "",
    exit_reason: str = "",
    version: int | None = None,
) -> Placement:
    """Record that the job ended and what was learned for the next one. The person goes back
    to job search unless they have another current job or the coach chooses exit (give
    `exit_reason`); a support contact becomes due within 3 days."""
    if version is not None:
        locked_version(Placement, placement.pk, version)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("candidate")
        .get(pk=placement.pk)
    )
    ensure_person_open(placement.candidate)
    errors: dict[str, str] = {}
    if placement.ended_on is not None:
        errors["ended_on"] = _("This job has already ended.")
    elif ended_on is None:
        errors["ended_on"] = _("Give the end date.")
    else:
        errors |= not_in_future(ended_on, "ended_on", _("The end date cannot be in the future."))
        if ended_on < placement.start_on:
            errors["ended_on"] = _("The job cannot end before it started.")
    if end_reason not in EndReason.values:
        errors["end_reason"] = _("Choose why the job ended.")
    if exit_reason and exit_reason not in ExitReason.values:
        errors["exit_reason"] = _("Choose a valid exit reason.")
    if errors:
        raise ValidationError(errors)
    placement.ended_on = ended_on
    placement.end_reason = end_reason
    placement.end_note = clean_text(note)
    placement.full_clean(
        exclude=["candidate", "employer", "opening", "proposal", "occupation", "created_by"]
    )
    placement.version += 1
    placement.save()
    refresh_next_due(placement)
    record_access(
        by, "crm.candidate.placement_ended", placement.candidate, ["placements", end_reason]
    )
    _person_after_ending(placement, by=by, ended_on=ended_on, exit_reason=exit_reason)
    placement.refresh_from_db()
    return placement


def _person_after_ending(
    placement: Placement, *, by: User, ended_on: date, exit_reason: str
) -> None:
    seeker = JobSeeker.objects.select_for_update().get(pk=placement.candidate_id)
    if exit_reason:
        if seeker.status != Status.EXITED:
            change_status(
                job_seeker=seeker,
                by=by,
                version=seeker.version,
                status=Status.EXITED,
                exited_on=max(ended_on, seeker.referred_on),
                exit_reason=exit_reason,
            )
        return
    if seeker.status in EMPLOYED_STATUSES and not has_other_current_job(placement):
        change_status(job_seeker=seeker, by=by, version=seeker.version, status=Status.JOB_SEARCH)
