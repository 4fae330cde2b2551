"""Demo fidelity reviews: an external review a year ago (fair) and a self-review half a year
later (good), with notes and an action plan, so that Raportit has a history to show."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from crm.accounts.models import Organization, Role, User
from crm.reports.models import FidelityReview
from crm.reports.scale import ITEM_CODES
from crm.reports.services import reviews as services

# Ratings in ITEM_CODES order (S1-S3, O1-O8, V1-V14).
FAIR = [4, 4, 3, 3, 2, 3, 2, 3, 4, 3, 3, 3, 4, 3, 3, 4, 3, 3, 3, 4, 3, 4, 3, 3, 3]  # 80
GOOD = [5, 5, 4, 4, 4, 4, 3, 4, 5, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 5, 4, 4, 4, 4]  # 105
NOTES = {
    "S1": "Kolmella valmentajalla 18–22 asiakasta.",
    "O3": "Säännölliset tapaamiset työllisyysalueen kanssa kerran neljännesvuodessa.",
    "V4": "Ensimmäinen työnantajakäynti keskimäärin 35 päivän kuluttua aloituksesta.",
    "V6": "Kasvokkaisia työnantajakontakteja 3–4 viikossa valmentajaa kohden.",
}
ACTIONS = [
    ("V6", "Jokainen valmentaja varaa kaksi työnantajakäyntiä viikkoon.", "Tiimivastaava", 60),
    ("O3", "Kuukausittainen yhteistapaaminen työllisyysalueen kanssa.", "Hankepäällikkö", 90),
    ("V4", "Ensimmäinen työnantajakontakti kuukauden sisällä aloituksesta.", "Valmentajat", 30),
]


def seed(organization: Organization) -> list[str]:
    if FidelityReview.objects.filter(organization=organization).exists():
        return []
    lead = User.objects.filter(organization=organization, role=Role.LEAD).order_by("pk").first()
    if lead is None:
        return []
    today = timezone.localdate()
    first = services.create_review(
        by=lead,
        reviewed_on=today - timedelta(days=365),
        kind="external",
        reviewers="Arvioija THL-verkostosta, Hankepäällikkö",
        ratings=dict(zip(ITEM_CODES, FAIR, strict=True)),
        notes=NOTES,
        summary="Ensimmäinen ulkoinen arviointi: kohtalainen menetelmällinen tarkkuus.",
    )
    for code, action, owner, days in ACTIONS:
        services.add_action(
            review=first,
            by=lead,
            item_code=code,
            action=action,
            owner=owner,
            due_on=first.reviewed_on + timedelta(days=days),
        )
    services.create_review(
        by=lead,
        reviewed_on=today - timedelta(days=180),
        kind="self",
        reviewers="Hankepäällikkö, valmentajat",
        ratings=dict(zip(ITEM_CODES, GOOD, strict=True)),
        notes={"V6": "Työnantajakäynnit 5–6 viikossa valmentajaa kohden."},
        summary="Itsearviointi: hyvä menetelmällinen tarkkuus.",
    )
    return ["2 fidelity reviews"]
