from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from crm.core import idempotency

logger = logging.getLogger(__name__)

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """Finnish first: the user's saved language, else the language cookie, else Finnish.

    Unlike Django's LocaleMiddleware, pages ignore the browser's Accept-Language: a coach's
    phone set to English still gets the Finnish service until they choose otherwise.
    API clients, which have no cookie, may ask for a language with Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        elif language is None and request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """No browser or proxy keeps a copy of anything the application answers.

    Person pages, the printable export with the full henkilötunnus, API reads and exports all
    carry personal data; the simplest rule that cannot miss one is that every response the
    application itself produces is `no-store, private`. Static files never reach this
    middleware: WhiteNoise, above it, serves them with their own long cache lifetimes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


class IdempotencyMiddleware:
    """A repeated form submission or API POST with the same `Idempotency-Key` gets the first
    answer instead of a second row (crm/core/idempotency.py). Below the CSRF and message
    middleware: a forged request is refused before anything is claimed or replayed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        idempotency.finish(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if request.method != "POST":
            return None
        return idempotency.begin(request, view)


DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER = "30"


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503: JSON under /api/, else a static page that needs neither the database nor the
    session (templates/503.html, in Finnish, Swedish and English)."""
    if request.path.startswith("/api/"):
        with translation.override(translation.get_language_from_request(request)):
            detail = _("The database is not available right now; try again shortly.")
        response: HttpResponse = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


def note_database_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """`got_request_exception`: Django is about to answer 500 for an exception raised anywhere
    below DatabaseUnavailableMiddleware (a view, or the session or user lookup of another
    middleware); remember whether the database was the cause."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN):
        request._database_unavailable = True  # type: ignore[attr-defined]


class DatabaseUnavailableMiddleware:
    """The database cannot be reached (PostgreSQL down or restarting): a 503 that says so —
    JSON for the API, a page for people — instead of a 500 or a debug traceback. Above the
    session middleware, so a session that cannot be loaded is covered too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            logger.warning("Database unavailable: answered 503 to %s", request.path)
            return database_unavailable_response(request)
        return response
