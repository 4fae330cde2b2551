"""The audit trail: who read or changed what, when. Append-only.

Later apps call `record_access` on every read and change of sensitive data, e.g.
`record_access(request.user, "crm.candidate.health_viewed", candidate, ["health_notes"])`.
Actions are namespaced codes: `crm.<app>.<object>_<verb>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from axes.helpers import get_client_ip_address
from django.db import models

from crm.accounts.models import AuditEvent, User


def record_access(
    user: User | None,
    action: str,
    obj: models.Model | None = None,
    fields: Iterable[str] = (),
    *,
    ip_address: str | None = None,
    organization_id: int | None = None,
) -> AuditEvent:
    """Append one audit row. `obj` may be any model instance; `fields` names what was touched."""
    org_id = organization_id or getattr(user, "organization_id", None)
    if org_id is None and obj is not None:
        org_id = getattr(obj, "organization_id", None)
    return AuditEvent.objects.create(
        organization_id=org_id,
        user=user if user is not None and user.pk else None,
        username=getattr(user, "username", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        fields=sorted(set(fields)),
        ip_address=ip_address,
    )


def client_ip(request: Any) -> str | None:
    """The client's address as login throttling sees it (django-axes with django-ipware).

    Behind N reverse proxies set PROXY_COUNT=N: both read the address from X-Forwarded-For.
    """
    return get_client_ip_address(request) if request is not None else None
