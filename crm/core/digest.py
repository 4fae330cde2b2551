"""The morning digest: one e-mail per user per day, built from sections that apps provide.

Each entry of settings.DIGEST_SECTIONS is a function `(user, day) -> DigestSection | None`;
later issues add theirs (follow-ups due, overdue support contacts...). Sending is idempotent:
a DigestDelivery row (unique per user and day) is written in the same transaction as the send.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from crm.accounts.models import APIToken, User
from crm.core.models import DigestDelivery


@dataclass
class DigestItem:
    title: str
    detail: str = ""


@dataclass
class DigestSection:
    title: str
    items: list[DigestItem] = field(default_factory=list)


SectionProvider = Callable[[User, date], "DigestSection | None"]


def build_digest(*, user: User, day: date) -> list[DigestSection]:
    """The non-empty sections for this user and day, in the order of DIGEST_SECTIONS."""
    sections = []
    for path in settings.DIGEST_SECTIONS:
        provider: SectionProvider = import_string(path)
        section = provider(user, day)
        if section is not None and section.items:
            sections.append(section)
    return sections


def send_digest(*, user: User, day: date) -> bool:
    """Send the user's digest for `day` unless already sent or empty. True when sent."""
    if not user.is_active or not user.email or user.organization_id is None:
        return False
    with transaction.atomic(), translation.override(user.language):
        sections = build_digest(user=user, day=day)
        if not sections:
            return False
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(
                    organization_id=user.organization_id,
                    user=user,
                    day=day,
                    item_count=sum(len(s.items) for s in sections),
                )
        except IntegrityError:
            return False  # another run already sent (or is sending) today's digest
        _send_email(user=user, day=day, sections=sections)
    return True


def _send_email(*, user: User, day: date, sections: list[DigestSection]) -> None:
    context = {"user": user, "day": day, "sections": sections}
    subject = _("Your day %(day)s") % {"day": day.strftime("%d.%m.%Y")}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("core/email/digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("core/email/digest.html", context), "text/html")
    message.send()


# The core's own section ----------------------------------------------------------------------

EXPIRY_WARNING_DAYS = 14


def expiring_api_tokens(user: User, day: date) -> DigestSection | None:
    """Warn two weeks ahead that an integration's token is about to stop working."""
    horizon = day + timedelta(days=EXPIRY_WARNING_DAYS)
    tokens = APIToken.objects.for_user(user).filter(
        user=user,
        revoked_at__isnull=True,
        expires_at__date__gte=day,
        expires_at__date__lte=horizon,
    )
    items = [
        DigestItem(
            title=_("API token %(prefix)s… (%(name)s)")
            % {"prefix": t.prefix, "name": t.name or _("unnamed")},
            detail=_("expires %(date)s")
            % {"date": date_format(timezone.localtime(t.expires_at), "SHORT_DATE_FORMAT")},
        )
        for t in tokens
    ]
    return DigestSection(title=_("API tokens expiring soon"), items=items)
