"""Forms of the report pages: the period and scope picker, the review and the action plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.accounts.models import Role, Team, User
from crm.core import dates
from crm.reports.models import ITEM_COUNT, ReviewKind, band_for, mean_for
from crm.reports.periods import Period, last_quarters, make_period, quarter_of

QUARTERS_OFFERED = 12


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """A quarter from the list, or any dates; and the scope (organisation, team or coach)."""

    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), validators=[dates.QUERY.validator]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DateInput(), validators=[dates.QUERY.validator]
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    coach = forms.ModelChoiceField(
        label=_("Coach"), queryset=User.objects.none(), required=False, empty_label=_("All coaches")
    )

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        current = quarter_of(today)
        quarters = last_quarters(QUARTERS_OFFERED, ending=current)[::-1]
        self.fields["quarter"].choices = [("", _("Other dates"))] + [
            (f"{q.start:%Y-%m-%d}", q.label) for q in quarters
        ]
        self.fields["team"].queryset = Team.objects.for_user(user).order_by("name")
        self.fields["coach"].queryset = (
            User.objects.for_user(user).filter(role=Role.COACH).order_by("last_name", "first_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        if data.get("quarter") and not (start or end):
            data["period"] = quarter_of(date.fromisoformat(data["quarter"]))
            return data
        try:
            data["period"] = make_period(start, end, today=self.today)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


REVIEW_FORM_FIELDS = (
    "reviewed_on",
    "kind",
    "team",
    "reviewers",
    "period_start",
    "period_end",
    "summary",
)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Review date"), widget=DateInput(), validators=[dates.PAST.validator]
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    team = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Whole organisation"),
    )
    reviewers = forms.CharField(
        label=_("Reviewers"), required=False, max_length=500, help_text=_("Names, as text.")
    )
    period_start = forms.DateField(
        label=_("Indicators from"),
        required=False,
        widget=DateInput(),
        validators=[dates.PAST.validator],
        help_text=_("Default: the 6 months before the review."),
    )
    period_end = forms.DateField(
        label=_("Indicators to"),
        required=False,
        widget=DateInput(),
        validators=[dates.PAST.validator],
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, user: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.for_user(user).order_by("name")
        self.items = items
        for item in items:
            self.fields[f"rating_{item.code}"] = forms.TypedChoiceField(
                label=item.code,
                choices=[("", _("Not rated"))] + [(str(n), str(n)) for n in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def ratings(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(f"rating_{item.code}") for item in self.items}

    def notes(self) -> dict[str, str]:
        return {item.code: self.cleaned_data.get(f"note_{item.code}", "") for item in self.items}

    def review_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in REVIEW_FORM_FIELDS}

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {"item": item, "rating": self[f"rating_{item.code}"], "note": self[f"note_{item.code}"]}
            for item in self.items
        ]


def live_total(data: Any, codes: list[str]) -> dict[str, Any]:
    """The total, mean and band of the ratings in a half-filled form (for the htmx summary)."""
    rated = []
    for code in codes:
        value = data.get(f"rating_{code}")
        if value in {"1", "2", "3", "4", "5"}:
            rated.append(int(value))
    total = sum(rated) if len(rated) == ITEM_COUNT else None
    return {
        "rated": len(rated),
        "missing": ITEM_COUNT - len(rated),
        "total": total,
        "mean": mean_for(total),
        "band": band_for(total),
        "running": sum(rated),
    }


class ActionForm(forms.Form):
    item_code = forms.ChoiceField(label=_("Item"), required=False)
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=DateInput(), validators=[dates.PLANNED.validator]
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", _("Whole review"))] + [(c, c) for c in codes]
