"""Nothing is cut silently (DOMAIN.md: nothing is silently lost): a text longer than its field
is a field-level error naming the field, never shortened; and a text carried from one field into
another (a dated next step becoming a follow-up's title) always fits."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.employers.services.contacts import log_employer_contact
from crm.employers.services.employers import create_employer
from crm.employers.services.follow_ups import create_follow_up
from tests.employers.test_api_employers import field_errors
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


def test_a_too_long_follow_up_title_is_an_error_not_cut(alice):
    with pytest.raises(ValidationError) as exc:
        create_follow_up(user=alice, due_on=timezone.localdate(), title="x" * 251)

    assert "title" in exc.value.message_dict


def test_the_api_says_the_follow_up_title_is_too_long(alice, api_for):
    body = {"due_on": timezone.localdate().isoformat(), "title": "x" * 300}
    response = api_for(alice).post("/api/v1/follow-ups", body, content_type="application/json")

    assert "title" in field_errors(response)


def test_a_too_long_tag_is_an_error_not_cut(org, alice):
    with pytest.raises(ValidationError) as exc:
        create_employer(organization_id=org.pk, by=alice, name="Kahvila Kulma", tags=["y" * 51])

    assert "tags" in exc.value.message_dict


def test_a_dated_next_step_becomes_a_follow_up_with_the_full_text(alice, employer):
    step = "Soita " + "z" * 244  # 250 characters, the longest next step there is
    contact = log_employer_contact(
        employer=employer,
        by=alice,
        channel="face_to_face",
        purpose="needs_discovery",
        summary="Käynti myymäläpäällikön luona.",
        next_step=step,
        follow_up_on=timezone.localdate(),
    )

    assert contact.follow_ups.get().title == step
