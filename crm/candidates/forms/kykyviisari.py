"""The Kykyviisari result form.

Ranges are checked by the models and services; the form adds the ranges to the labels and the
number inputs so that a coach sees them before typing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.candidates.forms.common import date_widget
from crm.candidates.models import KYKYVIISARI_DOMAINS, KykyviisariForm, KykyviisariResult
from crm.core import dates


def _score_widget(low: Any, high: Any) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": low, "max": high, "step": "0.1", "inputmode": "decimal"})


def _plain(value: Decimal | None) -> str:
    """10.0 → "10", 2.5 → "2.5" (for help texts and min/max attributes)."""
    return "" if value is None else format(value.normalize(), "f")


def domain_ranges(forms_qs: Any) -> str:
    """The domain score range of each group of form versions, e.g. "0-10 (paper, web)"."""
    groups: dict[tuple[str, str], list[str]] = {}
    for form in forms_qs:
        key = (_plain(form.domain_min), _plain(form.domain_max))
        groups.setdefault(key, []).append(form.version)
    return "; ".join(f"{low}–{high} ({', '.join(names)})" for (low, high), names in groups.items())


HEADLINE_RANGES = {
    "work_ability": (0, 10),
    "functioning": (0, 10),
    "life_satisfaction": (1, 5),
    "self_rated_health": (1, 5),
}


class KykyviisariResultForm(forms.ModelForm):
    class Meta:
        model = KykyviisariResult
        fields = [
            "assessed_on",
            "phase",
            "form",
            *HEADLINE_RANGES,
            *KYKYVIISARI_DOMAINS,
        ]
        widgets = {"assessed_on": date_widget()}
        formfield_callback = dates.formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("assessed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        forms_qs = KykyviisariForm.objects.all()
        self.fields["form"].queryset = forms_qs
        self.fields["form"].empty_label = None
        for name, (low, high) in HEADLINE_RANGES.items():
            self.fields[name].widget = _score_widget(low, high)
        bounds = forms_qs.aggregate(low=Min("domain_min"), high=Max("domain_max"))
        # Shown once above the domain fieldset (aria-describedby), not under each of the five.
        self.domain_help = _("Range depends on the form version: %(ranges)s") % {
            "ranges": domain_ranges(forms_qs)
        }
        for name in KYKYVIISARI_DOMAINS:
            self.fields[name].widget = _score_widget(_plain(bounds["low"]), _plain(bounds["high"]))

    def headline_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEADLINE_RANGES]

    def domain_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in KYKYVIISARI_DOMAINS]
