"""One submission, one effect: double submits and client retries create nothing twice.

Two ways to name a submission, handled for every view by `IdempotencyMiddleware`:

- **Forms**: every create form carries a hidden one-time token (`SubmissionTokenMixin` in
  crm/core/forms.py). A second post of the same form with the same contents — a double click,
  a reload of the answer to a POST, a second tab — is the same submission.
- **API**: a POST may send an `Idempotency-Key` header (1 to 255 printable ASCII characters, e.g.
  a UUID). A repeat with the same key and the same body gets the first answer again (with
  `Idempotent-Replayed: true`); the same key with another body or path is a 422.

The first request claims the submission with a unique row (user, key) before its view runs;
a repeat that arrives meanwhile finds the claim. A form post waits up to `FORM_WAIT` seconds
for the first to finish and then gets its answer (the browser shows only the last answer of
a double click, which must not be an error); an API repeat gets a 409 at once, to retry.
Only success (2xx/3xx) is kept and replayed, for 24 hours: after a refusal (422, 409, 403…)
the claim is released, so the corrected submission goes through.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.accounts.services import authenticate_token
from crm.core.models import IdempotentRequest

HEADER = "Idempotency-Key"
FORM_FIELD = "submission_token"
KEPT_FOR = timedelta(hours=24)
ABANDONED_AFTER = timedelta(minutes=5)  # a claim whose process died before it answered
FORM_WAIT = 15.0  # seconds a repeated form post waits for the first one to finish
POLL_INTERVAL = 0.1
REPLAYED = "Idempotent-Replayed"
API_PREFIX = "/api/"

_API_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_IGNORED_FIELDS = {"csrfmiddlewaretoken"}  # differs between renders of the same form
_KEPT_HEADERS = ("content-type", "location")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Submission:
    user: User
    key: str
    request_hash: str
    path: str
    is_api: bool


def _user(request: HttpRequest) -> User | None:
    """Who submits: the session's user, or the API token's (checked again by the API)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user  # type: ignore[return-value]
    scheme, _sep, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return authenticate_token(token)
    return None


def _fingerprint(request: HttpRequest, *, form: bool) -> str:
    """Method, path and contents: an API body as sent; a form's fields and uploads by value
    (Django's CSRF check has parsed the form already; its own token differs per render)."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if not form:
        digest.update(request.body)  # read first, the body can still be parsed afterwards
        return digest.hexdigest()
    for name in sorted(set(request.POST) - _IGNORED_FIELDS):
        for value in request.POST.getlist(name):
            digest.update(f"{name}={value}\x00".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}:{upload.name}:{upload.size}\x00".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def _submission(request: HttpRequest, view: Callable) -> Submission | HttpResponse | None:
    """The submission a POST names, an error for a malformed key, or None (nothing named).
    A form token is looked for only where a view reads a form: not in the API, whose views
    read the body as sent (parsing it as a form here would consume an upload's stream)."""
    api_key = request.META.get("HTTP_IDEMPOTENCY_KEY")
    token = None
    takes_forms = not (request.path.startswith(API_PREFIX) or getattr(view, "csrf_exempt", False))
    if api_key is None and takes_forms:
        token = request.POST.get(FORM_FIELD)
    if api_key is None and not (token and _FORM_TOKEN.fullmatch(token)):
        return None  # no token, or not ours: the form works as it always did
    user = _user(request)
    if user is None or user.organization_id is None:
        return None  # the view answers 401/403 itself
    if api_key is not None and not _API_KEY.fullmatch(api_key):
        message = _("The Idempotency-Key header must be 1–255 printable ASCII characters.")
        return _api_error(message, status=422)
    request_hash = _fingerprint(request, form=api_key is None)
    if api_key is not None:
        key = f"api:{api_key}"
    else:  # the same form sent with other contents is another submission
        key = "form:" + hashlib.sha256(f"{token}:{request_hash}".encode()).hexdigest()
    return Submission(user, key, request_hash, request.get_full_path()[:2000], api_key is not None)


def _api_error(message: str, *, status: int) -> HttpResponse:
    if status == 422:
        detail: Any = [{"loc": ["header", HEADER], "msg": message, "type": "value_error"}]
    else:
        detail = message
    return JsonResponse({"detail": detail}, status=status)


# Claims ------------------------------------------------------------------------------------

CLAIMED, DONE, RUNNING, OTHER_REQUEST = "claimed", "done", "running", "other request"


def _claim(submission: Submission) -> tuple[str, IdempotentRequest | None]:
    """Claim the submission, or say what became of the earlier one."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                row = IdempotentRequest.objects.create(
                    organization_id=submission.user.organization_id,
                    user=submission.user,
                    key=submission.key,
                    request_hash=submission.request_hash,
                    path=submission.path,
                )
            return CLAIMED, row
        except IntegrityError:
            pass
        row = IdempotentRequest.objects.filter(user=submission.user, key=submission.key).first()
        if row is None:
            continue  # released meanwhile: claim it now
        now = timezone.now()
        expired = row.created_at < now - KEPT_FOR
        abandoned = row.status_code is None and row.created_at < now - ABANDONED_AFTER
        if expired or abandoned:
            IdempotentRequest.objects.filter(pk=row.pk, created_at=row.created_at).delete()
            continue
        if row.request_hash != submission.request_hash:
            return OTHER_REQUEST, row
        return (DONE if row.status_code is not None else RUNNING), row
    return RUNNING, None


def begin(request: HttpRequest, view: Callable) -> HttpResponse | None:
    """Before the view of a POST: claim its submission (the view then runs), or answer for it
    (the first answer again, a wait, a 409 or a 422)."""
    submission = _submission(request, view)
    if submission is None or isinstance(submission, HttpResponse):
        return submission
    state, row = _claim(submission)
    if not submission.is_api:
        deadline = time.monotonic() + FORM_WAIT
        while state == RUNNING and time.monotonic() < deadline:
            time.sleep(POLL_INTERVAL)
            state, row = _claim(submission)
    if state == CLAIMED:
        request._idempotent_claim = row  # type: ignore[attr-defined]
        return None
    if state == DONE:
        assert row is not None
        return _replay(request, row, is_api=submission.is_api)
    if state == OTHER_REQUEST:
        message = _("This Idempotency-Key was already used for a different request.")
        return _api_error(message, status=422)
    if submission.is_api:
        message = _("A request with this Idempotency-Key is still being processed; retry shortly.")
        response = _api_error(message, status=409)
        response["Retry-After"] = "1"
        return response
    return render(request, "core/still_saving.html", status=409)


def finish(request: HttpRequest, response: HttpResponseBase) -> None:
    """After the view: keep a success to replay; release anything else for a new attempt."""
    row: IdempotentRequest | None = getattr(request, "_idempotent_claim", None)
    if row is None:
        return
    if 200 <= response.status_code < 400 and isinstance(response, HttpResponse):
        IdempotentRequest.objects.filter(pk=row.pk).update(  # gone if forgotten meanwhile
            status_code=response.status_code,
            response_body=response.content,
            response_headers={
                name: value
                for name, value in response.items()
                if name.lower() in _KEPT_HEADERS or name.lower().startswith("hx-")
            },
        )
    else:
        IdempotentRequest.objects.filter(pk=row.pk).delete()


def _replay(request: HttpRequest, row: IdempotentRequest, *, is_api: bool) -> HttpResponse:
    headers = dict(row.response_headers)
    location = headers.pop("Location", None)
    response: HttpResponse
    if location is not None:
        response = HttpResponseRedirect(location, content=bytes(row.response_body))
    else:
        response = HttpResponse(bytes(row.response_body))
    response.status_code = row.status_code or 200
    for name, value in headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    if not is_api and 300 <= response.status_code < 400:
        messages.info(request, _("This form had already been sent: it was saved once."))
    return response


def purge_expired(*, now: Any = None) -> int:
    """Forget submissions older than 24 hours (a Celery beat task, hourly)."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def forget_answers_after_erasure(*, job_seeker: Any, by: Any) -> None:
    """An erase hook (registered by candidates): a kept answer may name the erased person, and
    which ones do cannot be told, so the organisation's kept answers are all forgotten. Only
    repeats within the next moments lose their protection; claims in flight stay."""
    IdempotentRequest.objects.filter(
        organization_id=job_seeker.organization_id, status_code__isnull=False
    ).delete()
