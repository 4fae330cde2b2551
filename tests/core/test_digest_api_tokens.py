"""The API-token section of the morning digest (crm.core.digest.expiring_api_tokens)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from crm.accounts.models import APIToken
from crm.accounts.services import create_api_token
from crm.core.digest import expiring_api_tokens


@pytest.mark.django_db
def test_a_tokens_expiry_date_is_the_local_date(alice):
    token, _raw = create_api_token(user=alice, name="Power BI")
    # 23:30 UTC on 10 March is 01:30 on 11 March in Helsinki.
    expires_at = datetime(2025, 3, 10, 23, 30, tzinfo=UTC)
    APIToken.objects.filter(pk=token.pk).update(expires_at=expires_at)

    with translation.override("fi"):
        section = expiring_api_tokens(alice, date(2025, 3, 5))

    assert [item.detail for item in section.items] == ["vanhenee 11.3.2025"]
