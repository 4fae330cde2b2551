"""Digest sections owned by the accounts app."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.accounts.models import APIToken, User
from crm.core.digest import DigestItem, DigestSection

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
