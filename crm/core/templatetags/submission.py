"""`{% submission_token %}`: the one-time token of a create form written by hand (without a
Django form carrying `SubmissionTokenMixin`), e.g. a single "Propose" button."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from crm.core import idempotency

register = template.Library()


@register.simple_tag
def submission_token() -> SafeString:
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        idempotency.FORM_FIELD,
        idempotency.new_form_token(),
    )
