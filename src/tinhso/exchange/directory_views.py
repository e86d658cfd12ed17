"""The addressee search of the outgoing-document form (htmx): officers only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tinhso.accounts.access import staff_required
from tinhso.exchange.directory import search_organisations

MIN_QUERY = 2
MAX_QUERY = 100


@require_GET
@staff_required
def organisation_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:MAX_QUERY].strip()
    too_short = len(q) < MIN_QUERY
    choices = [] if too_short else search_organisations(q)
    context = {"q": q, "too_short": too_short, "choices": choices}
    return render(request, "exchange/organisation_options.html", context)
