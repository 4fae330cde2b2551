"""The one NinjaAPI at /api/v1/: auth, error mapping, and each app's router."""

from __future__ import annotations

import inspect
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja import security as ninja_security
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import HttpBearer

from crm.accounts.api import router as accounts_router
from crm.accounts.services import authenticate_token
from crm.candidates.api import router as candidates_router
from crm.core import idempotency
from crm.core.api import router as core_router
from crm.core.errors import EditConflict
from crm.employers.api import router as employers_router
from crm.matching.api import router as matching_router
from crm.placements.api import router as placements_router
from crm.reports.api import router as reports_router

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a personal token from `create_api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is None:
            raise AuthenticationError(message=_("Invalid, expired or revoked API token."))
        request.user = user
        if "HTTP_ACCEPT_LANGUAGE" not in request.META:  # else the middleware's choice stands
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


class SessionAuth(ninja_security.SessionAuth):
    """The browser session. CSRF is checked only once someone is logged in, so an anonymous
    write gets the 401 every anonymous request gets, not ninja's "CSRF check Failed" 403."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a pair in JSON decodes to one character
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def _character_error(text: str) -> str | None:
    """NUL (PostgreSQL cannot store it) or half of a UTF-16 surrogate pair (no database can:
    it is not a character)."""
    if "\x00" in text:
        return _("Null characters are not allowed.")
    if _LONE_SURROGATE.search(text):
        return _("The text contains an invalid character (half of a UTF-16 surrogate pair).")
    return None


def _nul_errors(value: Any, path: tuple = ()) -> list[dict[str, Any]]:
    """Where in a parsed request a character no database can store hides."""
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _nul_errors(v, (*path, k))]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in _nul_errors(v, (*path, i))]
    message = _character_error(value) if isinstance(value, str) else None
    if message:
        where, *field = path  # "body"/"query", then the field as the services name it
        loc = [where, ".".join(str(part) for part in field)]
        return [{"loc": loc, "msg": message, "type": "value_error"}]
    return []


def _body_nul_errors(request: HttpRequest) -> list[dict[str, Any]]:
    """NULs and lone surrogates in a JSON body (checked before ninja, which turns any parser
    error into a 400); only escaped, they can be there at all."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return []
    body = request.body
    if b"\\u0000" not in body and not _ESCAPED_SURROGATE.search(body):
        return []
    try:
        return _nul_errors(json.loads(body), ("body",))
    except ValueError:
        return []  # not JSON: ninja answers that itself


class NulRefusingParser(Parser):
    """Query parameters with a field-level 422 for NUL characters, for every endpoint (the
    browser forms refuse them through Django's own validator; bodies: `_body_nul_errors`)."""

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        errors = _nul_errors(result, ("query",))
        if errors:
            raise NinjaValidationError(errors)
        return result


_REF = "#/components/schemas/{}"
ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "Conflict": {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "current_version": {
                "anyOf": [{"type": "integer"}, {"type": "null"}],
                "description": "After a stale `version`: the version to read again.",
            },
        },
        "required": ["detail"],
    },
    "FieldError": {
        "type": "object",
        "properties": {
            "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            "msg": {"type": "string"},
            "type": {"type": "string"},
        },
        "required": ["loc", "msg", "type"],
    },
    "ValidationError": {
        "type": "object",
        "properties": {"detail": {"type": "array", "items": {"$ref": _REF.format("FieldError")}}},
        "required": ["detail"],
    },
}
ERROR_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("Error", "The body is not valid JSON."),
    401: ("Error", "Not logged in, or the Bearer token is invalid, expired or revoked."),
    403: ("Error", "Your role does not allow this (or the session's CSRF check failed)."),
    404: ("Error", "No such record in your organisation (another's is never revealed)."),
    409: (
        "Conflict",
        "Someone else saved a newer version (read it again), or a request with this "
        "Idempotency-Key is still being processed (retry shortly).",
    ),
    422: ("ValidationError", "Field-level messages; nothing was saved."),
    503: ("Error", "The database is not available right now; retry after `Retry-After` seconds."),
}


IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": "Any unique string (a UUID) for this request. Sent again with the same body "
    "within 24 hours, the request is not carried out twice: the first success is answered "
    "again, with `Idempotent-Replayed: true`. While the first is still running: 409. The same "
    "key with another body or path: 422. A refused request (4xx) does not use the key up.",
}


def _body_schema(schema: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = operation.get("requestBody", {}).get("content", {})
    media_types: list[dict[str, Any]] = list(content.values())
    body: dict[str, Any] = media_types[0].get("schema", {}) if media_types else {}
    ref: str = body.get("$ref", "")
    return schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], body) if ref else body


def error_statuses(schema: dict[str, Any], method: str, operation: dict[str, Any]) -> list[int]:
    """The error answers an operation can give, from what it takes (crm/api.py's handlers)."""
    statuses: list[int] = []
    if operation.get("security"):
        statuses += [401, 403]
    parameters = operation.get("parameters", [])
    if "requestBody" in operation:
        statuses.append(400)
    if any(p["in"] == "path" for p in parameters):
        statuses.append(404)
    if method == "post" or "version" in _body_schema(schema, operation).get("properties", {}):
        statuses.append(409)
    if parameters or "requestBody" in operation or method == "post":
        statuses.append(422)
    statuses.append(503)
    return statuses


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """List the 400/401/403/404/409/422/503 answers of every operation in the OpenAPI document, with
    the bodies the exception handlers below send (ninja documents only the success)."""
    schema["components"].setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
            for status in error_statuses(schema, method, operation):
                name, description = ERROR_RESPONSES[status]
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": _REF.format(name)}}},
                    },
                )
    return schema


class CrmNinjaAPI(NinjaAPI):
    """Everything under /api/v1/ answers in JSON: an unknown path is a 404, a method that the
    path does not take a 405 (ninja's own answers to both are plain text or HTML). The OpenAPI
    document lists each operation's error answers too."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):  # all of them: ninja includes no other URLconf
                pattern.callback = _json_errors(pattern.callback)
        patterns.append(re_path(r"^", api_not_found, name="not-found"))  # last: no match above
        return patterns, app_name, namespace


api = CrmNinjaAPI(
    title="Askel CRM API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs_url="/docs",
    parser=NulRefusingParser(),
)


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def _json_errors(view: Callable) -> Callable:
    """Turn the 404 of ninja's root view and the 405 of its path views into JSON."""
    if inspect.iscoroutinefunction(view):
        return view  # every endpoint is synchronous; an async one keeps ninja's answers

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        signed_in = request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META
        nul_errors = _body_nul_errors(request) if signed_in else []
        if nul_errors:
            return api.create_response(request, {"detail": nul_errors}, status=422)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return api_not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = api.create_response(
                request, {"detail": _("Method not allowed.")}, status=405
            )
            response["Allow"] = allowed
        return response

    return csrf_exempt(wrapper) if getattr(view, "csrf_exempt", False) else wrapper


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else None
    detail = message or _("Authentication required: log in or send a Bearer token.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("Your role does not allow this.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    body = {"detail": str(exc), "current_version": exc.current_version}
    return api.create_response(request, body, status=409)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = [
        {"loc": ["body", field], "msg": message, "type": "value_error"}
        for field, messages in errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """PostgreSQL down or restarting: a JSON 503 to retry, not a 500 (pages: the middleware)."""
    logger.warning("Database unavailable for %s: %s", request.path, exc)
    response = api.create_response(
        request,
        {"detail": _("The database is not available right now; try again shortly.")},
        status=503,
    )
    response["Retry-After"] = "30"
    return response


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


api.add_router("/", accounts_router)
api.add_router("/", core_router)
api.add_router("/", employers_router)
api.add_router("/", candidates_router)
api.add_router("/", matching_router)
api.add_router("/", placements_router)
api.add_router("/", reports_router)
