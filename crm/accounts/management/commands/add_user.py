from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from crm.accounts import services
from crm.accounts.models import Role, User


class Command(BaseCommand):
    help = (
        "Create a user in an organisation (created if it does not exist yet). "
        "Without --password a random one is generated and printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--organization", required=True, help="organisation name")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"User {options['username']!r} already exists.")
        password = options["password"] or secrets.token_urlsafe(12)
        try:
            with transaction.atomic():  # no organisation left behind if the user fails
                organization, created = services.get_or_create_organization(
                    name=options["organization"]
                )
                user = services.create_user(
                    username=options["username"],
                    organization=organization,
                    role=options["role"],
                    password=password,
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
        except ValidationError as exc:
            raise CommandError(_format(exc)) from None
        if created:
            self.stdout.write(f"Created organisation {organization.name!r}.")
        self.stdout.write(f"Created user {user.username!r} ({user.role}) in {organization.name!r}.")
        if not options["password"]:
            self.stdout.write(f"Password: {password}")


def _format(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
