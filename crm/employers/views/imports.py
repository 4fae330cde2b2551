"""Import employers from a file (upload → preview → confirm) and export any filtered list.

Between the two steps the uploaded file (and its checked rows as JSON, so that confirming need
not check them again) waits under var/imports/ with a random name; only the session that
uploaded it knows the name, so another user or organisation cannot import it.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.audit import client_ip, record_access
from crm.accounts.permissions import permission_required
from crm.employers import exports
from crm.employers.imports.apply import run_import
from crm.employers.imports.check import check_file, plan_import
from crm.employers.imports.plan import COLUMN_LABELS, COLUMNS, ImportFileError, ImportPlan
from crm.employers.imports.read import EXTENSIONS, MAX_UPLOAD_BYTES, file_extension
from crm.employers.selectors.employers import employer_list

logger = logging.getLogger(__name__)

SESSION_KEY = "employer_import"
STALE_AFTER_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.ext = file_extension(upload.name)
        except ImportFileError as exc:
            raise ValidationError(exc.message) from None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; the largest file you can import is %(max)s MB.")
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "max": MAX_UPLOAD_BYTES // 1024 // 1024,
                }
            )
        return upload


def _upload_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "imports"


def _pending(request: HttpRequest) -> dict | None:
    """The upload this session is waiting to import, if it is still this user's."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or not _TOKEN.match(str(pending.get("token", ""))):
        return None
    if pending.get("ext") not in EXTENSIONS:
        return None
    if (pending.get("user_id"), pending.get("organization_id")) != (
        request.user.pk,
        request.user.organization_id,
    ):
        return None
    return pending


def _path(pending: dict, ext: str | None = None) -> Path:
    return _upload_dir() / f"{pending['token']}.{ext or pending['ext']}"


def _discard(request: HttpRequest) -> None:
    pending = _pending(request)
    if pending:
        _path(pending).unlink(missing_ok=True)
        _path(pending, "json").unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _remove_stale_uploads() -> None:
    """Files of previews nobody confirmed or cancelled."""
    folder = _upload_dir()
    if not folder.is_dir():
        return
    limit = time.time() - STALE_AFTER_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _write_private(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _keep(request: HttpRequest, data: bytes, plan: ImportPlan, ext: str, filename: str) -> dict:
    """Keep the upload, and its checked rows so that confirming needn't check them again."""
    folder = _upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    _write_private(folder / f"{token}.{ext}", data)
    _write_private(folder / f"{token}.json", plan.dumps().encode())
    pending = {
        "token": token,
        "ext": ext,
        "filename": filename[:200],
        "user_id": request.user.pk,
        "organization_id": request.user.organization_id,
    }
    request.session[SESSION_KEY] = pending
    return pending


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("form", ImportFileForm())
    context.setdefault("column_help", _column_help())
    return render(request, "employers/import.html", context, status=status)


def _column_help() -> list[dict]:
    return [
        {"label": COLUMN_LABELS[column], "names": names.split("|")}
        for column, names in COLUMNS.items()
    ]


def _upload(request: HttpRequest) -> HttpResponse:
    form = ImportFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, {"form": form}, status=422)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        plan = plan_import(data=data, ext=form.ext, user=request.user)
    except ImportFileError as exc:
        form.add_error("file", exc.message)
        return _page(request, {"form": form}, status=422)
    _discard(request)
    _remove_stale_uploads()
    pending = _keep(request, data, plan, form.ext, upload.name)
    return _page(request, {"plan": plan, "pending": pending})


def _confirm(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None or request.POST.get("token") != pending["token"]:
        return _expired(request)
    path = _path(pending)
    working = path.with_name(path.name + ".importing")
    try:
        path.rename(working)  # a second confirm (double click, another tab) finds nothing
    except FileNotFoundError:
        return _expired(request)
    checked = _path(pending, "json")
    try:
        if checked.exists():
            plan = ImportPlan.loads(checked.read_text(encoding="utf-8"), user=request.user)
        else:
            plan = check_file(data=working.read_bytes(), ext=pending["ext"], user=request.user)
        result = run_import(plan=plan, user=request.user)
    except (DatabaseError, ImportFileError):
        logger.exception("Employer import failed")
        working.rename(path)
        return _page(request, {"failed": True, "pending": pending}, status=500)
    checked.unlink(missing_ok=True)
    working.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    return _page(request, {"result": result, "filename": pending["filename"]})


def _expired(request: HttpRequest) -> HttpResponse:
    form = ImportFileForm()
    return _page(
        request,
        {
            "form": form,
            "expired": _(
                "This import was already done or has expired. "
                "Upload the file again to see a new preview."
            ),
        },
        status=409,
    )


@permission_required("employers.import_employers")
def employer_import(request: HttpRequest) -> HttpResponse:
    if request.user.organization_id is None:  # a platform superuser imports into no one's data
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            return _confirm(request)
        if action == "cancel":
            _discard(request)
            return redirect("employer_import")
        return _upload(request)
    return _page(request, {})


@permission_required("employers.view_employer")
def employer_export(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "csv")
    if file_format not in exports.FORMATS:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    employers = employer_list(user=request.user, filters=request.GET)
    content, content_type = exports.export_employers(employers, file_format=file_format)
    record_access(request.user, "crm.employer.exported", ip_address=client_ip(request))
    filename = f"employers-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
