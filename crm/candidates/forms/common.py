"""Pieces the job seeker forms share."""

from __future__ import annotations

from django import forms


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
