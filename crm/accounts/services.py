"""Writes with business rules for users, organisations, teams and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts import hooks
from crm.accounts.audit import record_access
from crm.accounts.models import APIToken, Organization, Role, Team, User

TOKEN_PREFIX = "crm_"  # noqa: S105  (a marker, not a secret)


def hash_token(raw: str) -> str:
    # Tokens are 256-bit random strings, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(raw.encode()).hexdigest()


def staff_flag_for(role: str) -> bool:
    """Organisation admins use the Django admin; nobody else needs it."""
    return role == Role.ADMIN


@transaction.atomic
def create_user(
    *,
    username: str,
    organization: Organization,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    by: User | None = None,
) -> User:
    """Create a user in an organisation; validates the role, username and password."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    user = User(
        username=username,
        organization=organization,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=staff_flag_for(role),
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    record_access(
        by, "crm.accounts.user_created", user, ["username", "role"], organization_id=organization.pk
    )
    return user


@transaction.atomic
def change_role(*, user: User, role: str, by: User | None = None) -> User:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    user.role = role
    user.is_staff = staff_flag_for(role) or user.is_superuser
    user.save(update_fields=["role", "is_staff"])
    record_access(
        by, "crm.accounts.role_changed", user, ["role"], organization_id=user.organization_id
    )
    return user


@transaction.atomic
def get_or_create_organization(*, name: str) -> tuple[Organization, bool]:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Organisation name is required.")})
    organization, created = Organization.objects.get_or_create(name=name)
    if created:  # e.g. matching seeds the curated skill and occupation vocabulary
        hooks.organization_created(organization)
    return organization, created


@transaction.atomic
def add_team_member(*, team: Team, user: User) -> None:
    if team.organization_id != user.organization_id:
        raise ValidationError({"members": _("Must belong to the same organisation.")})
    team.members.add(user)


# Longer-lived tokens are forgotten secrets; past about 2.7 million days the date overflows.
API_TOKEN_MAX_DAYS = 5 * 365


@transaction.atomic
def create_api_token(
    *, user: User, name: str = "", days: int | None = None
) -> tuple[APIToken, str]:
    """Create a token and return it with the raw key, which is never stored or shown again."""
    if user.organization_id is None:
        raise ValidationError(_("Only users of an organisation can have API tokens."))
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if days < 1:
        raise ValidationError({"days": _("A token must be valid for at least one day.")})
    if days > API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("A token can be valid for at most %(days)s days (five years).")
                % {"days": API_TOKEN_MAX_DAYS}
            }
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = APIToken(
        organization_id=user.organization_id,
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()  # a name over 100 characters is an error on `name`, not a 500
    token.save()
    record_access(user, "crm.accounts.api_token_created", token)
    return token, raw


def authenticate_token(raw: str) -> User | None:
    """The active user behind a raw token, or None (unknown, expired, revoked, inactive)."""
    token = APIToken.objects.select_related("user").filter(key_hash=hash_token(raw.strip())).first()
    now = timezone.now()
    if token is None or not token.is_active(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)  # cheap, throttled
    return token.user


@transaction.atomic
def revoke_api_token(*, token: APIToken, by: User) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_access(by, "crm.accounts.api_token_revoked", token)
