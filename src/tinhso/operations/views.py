"""Health, readiness, metrics and the "Tình trạng hệ thống" page (docs/operations.md).

/healthz, /readyz and /metrics are reached through ProbeMiddleware before the host and HTTPS
checks (operations/middleware.py); they are also in the URL configuration, so they answer the
same wherever the middleware stands.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tinhso.operations import access, probes, selectors
from tinhso.operations import metrics as prometheus

_TEXT = "text/plain; charset=utf-8"


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Nothing else is asked (a database outage must not get
    every web process restarted)."""
    return HttpResponse("ok", content_type=_TEXT)


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, cache, broker (when there is one) and file storage
    all answer; 503 naming those that do not."""
    checks = probes.readiness()
    down = probes.down(checks)
    body = {
        "status": "down" if down else "ok",
        "down": down,
        "checks": [check.as_json() for check in checks],
    }
    return JsonResponse(body, status=503 if down else 200)


def _bearer(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for "Authorization: Bearer <METRICS_TOKEN>" only. No token
    configured: 404, as if there were no such page."""
    expected = settings.METRICS_TOKEN
    if not expected:
        return HttpResponseNotFound("Không có trang này.", content_type=_TEXT)
    if not hmac.compare_digest(_bearer(request).encode(), expected.encode()):
        response = HttpResponse("Cần mã truy cập hợp lệ.", status=401, content_type=_TEXT)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(prometheus.exposition(), content_type=prometheus.CONTENT_TYPE)


@never_cache
@login_required
def status(request: HttpRequest) -> HttpResponse:
    access.check_user_is_it_admin(request.user)
    return render(request, "operations/status.html", {"status": selectors.system_status()})
