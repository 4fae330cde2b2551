"""Login and logout are audited (who came in, from where)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from crm.accounts.audit import client_ip, record_access

LANGUAGE_CHOSEN = "language_chosen"  # session key written by crm.core.views.set_language


@receiver(user_logged_in, dispatch_uid="crm.accounts.audit_login")
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # A language chosen on the login page (set_language notes it in the session) becomes the
    # user's language. The language cookie alone does not: on a shared computer it may be the
    # previous person's choice. Logging in keeps the session's data; logging out clears it.
    session = getattr(request, "session", None)
    chosen = session.pop(LANGUAGE_CHOSEN, None) if session is not None else None
    if chosen in {code for code, _name in settings.LANGUAGES} and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])
    record_access(user, "crm.auth.logged_in", ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="crm.accounts.audit_logout")
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_access(user, "crm.auth.logged_out", ip_address=client_ip(request))
