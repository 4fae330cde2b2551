"""The IPS-25 texts in the admin (revisions, scoping) and the demo's reviews."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from crm.accounts.models import Organization, Role
from crm.reports.models import FidelityItem, FidelityReview
from crm.reports.services.scale import current_items

pytestmark = pytest.mark.django_db


def anchors_form(item, **changes):
    data = {
        "title_fi": item.title_fi,
        "title_sv": item.title_sv,
        "title_en": item.title_en,
        "definition_fi": item.definition_fi,
        "definition_sv": item.definition_sv,
        "definition_en": item.definition_en,
        "source_check": item.source_check,
        "source_note": item.source_note,
        **{
            f"anchors_text_{lang}": "\n".join(getattr(item, f"anchors_{lang}"))
            for lang in ["fi", "sv", "en"]
        },
    }
    data.update(changes)
    return data


def test_an_admin_corrects_anchors_as_a_new_revision(make_user, client_for):
    admin = make_user(Role.ADMIN)
    item = current_items(admin.organization_id)["V4"]
    client = client_for(admin)
    url = f"/admin/reports/fidelityitem/{item.pk}/change/"
    assert client.get(url).status_code == 200
    text = "\n".join([*item.anchors_en[:4], "Within 30 days (checked against the manual)"])
    data = anchors_form(item, anchors_text_en=text, source_check="verified")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    current = FidelityItem.objects.get(organization=admin.organization, code="V4", is_current=True)
    assert current.revision == 2 and current.source_check == "verified"
    assert current.anchors_en[4] == "Within 30 days (checked against the manual)"
    old = FidelityItem.objects.get(pk=item.pk)
    assert not old.is_current and old.anchors_en[4] != current.anchors_en[4]


def test_four_anchors_are_refused(make_user, client_for):
    admin = make_user(Role.ADMIN)
    item = current_items(admin.organization_id)["V4"]
    data = anchors_form(item, anchors_text_en="one\ntwo\nthree\nfour")
    response = client_for(admin).post(f"/admin/reports/fidelityitem/{item.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the error
    assert FidelityItem.objects.filter(organization=admin.organization, code="V4").count() == 1


def test_another_organisations_items_are_not_reachable(make_user, client_for, other_org):
    admin = make_user(Role.ADMIN)
    theirs = current_items(other_org.pk)["S1"]
    current_items(admin.organization_id)
    client = client_for(admin)
    assert client.get(f"/admin/reports/fidelityitem/{theirs.pk}/change/").status_code in (302, 404)
    listing = client.get("/admin/reports/fidelityitem/").content.decode()
    assert f"/admin/reports/fidelityitem/{theirs.pk}/change/" not in listing


def test_seed_demo_makes_a_fair_and_a_good_review_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    demo = Organization.objects.get(name="Demo")
    reviews = list(FidelityReview.objects.filter(organization=demo).order_by("reviewed_on"))
    assert [r.band for r in reviews] == ["fair", "good"]
    assert reviews[0].actions.count() == 3
    call_command("seed_demo", verbosity=0)
    assert FidelityReview.objects.filter(organization=demo).count() == 2
