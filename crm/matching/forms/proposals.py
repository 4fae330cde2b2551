"""Forms of the proposal pages: creating a proposal and moving it one step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import User
from crm.candidates.access import team_ids
from crm.candidates.models import ACTIVE_STATUSES, JobSeeker
from crm.employers.models import Channel, Opening, OpeningStatus
from crm.matching.models import ProposalStatus
from crm.matching.services.proposals import NOTE_MAX_LENGTH


class ProposalCreateForm(forms.Form):
    job_seeker = forms.ModelChoiceField(queryset=JobSeeker.objects.none(), label=_("Job seeker"))
    opening = forms.ModelChoiceField(queryset=Opening.objects.none(), label=_("Opening"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the coach team only."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = JobSeeker.objects.for_user(user).filter(
            status__in=ACTIVE_STATUSES, erased_at__isnull=True
        )
        mine = mine.filter(coach=user) | mine.filter(team_id__in=team_ids(user))
        self.fields["job_seeker"].queryset = mine.distinct().order_by("last_name", "first_name")
        openings = Opening.objects.for_user(user).filter(status=OpeningStatus.OPEN)
        self.fields["opening"].queryset = openings.select_related("employer").order_by("title")
        self.fields["opening"].label_from_instance = lambda o: f"{o.title} — {o.employer.name}"


class ProposalMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("How you presented the person"),
        choices=Channel.choices,
        initial=Channel.FACE_TO_FACE,
        required=False,
        help_text=_("Used when presenting: the contact is logged in the employer contact log."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the coach team only."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, next_statuses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ProposalStatus(s).label) for s in next_statuses]
        if ProposalStatus.PRESENTED not in next_statuses:
            del self.fields["channel"]
