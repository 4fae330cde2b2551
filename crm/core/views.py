"""Pages every installation has whatever apps it runs: the language switch and the load
balancer's health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the user so e-mails use the same language."""
    response = django_set_language(request)
    request.session["language_chosen"] = request.POST.get("language")
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in {"fi", "sv", "en"} and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
