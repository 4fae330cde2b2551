from __future__ import annotations

from django import forms


def date_widget(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def decimal_widget(low: str, high: str, step: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": low, "max": high, "step": step, "inputmode": "decimal"})
