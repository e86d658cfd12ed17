"""The catalogue's public pages, cached (issue 17 item 4): what they show is the same for
everyone, changes only when the catalogue does, and is read far more often than it changes.

Cached here are computed data (the home page's figures and fields) and rendered fragments —
the content of a page, never a whole page: the frame around it (base.html) carries the
signed-in person's name and a CSRF token. Each key holds what the fragment depends on: the
language, the day (a version published with a future start comes into force at midnight),
the request's parameters, whether someone is signed in (the detail page says who may submit),
and the generations of the catalogue and the organisation register, bumped by their services
(tinhso.core.cache_keys).
"""

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.translation import get_language

from tinhso.catalogue import selectors as catalogue
from tinhso.catalogue.models import Field
from tinhso.core import cache_keys
from tinhso.portal.forms import CatalogueFilterForm

PAGE_SIZE = 20
SECONDS = 6 * 3600  # the keys change with the day and with every change of the catalogue
SCOPES = (cache_keys.CATALOGUE, cache_keys.ORGANISATION)
LIST_PARAMS = ("q", "field", "agency", "level", "page")


def _cached(name: str, parts: tuple[object, ...], compute: Any, **kwargs: Any) -> Any:
    return cache_keys.cached(name, (get_language(), *parts), SCOPES, compute, SECONDS, **kwargs)


def home_data(today: date) -> tuple[dict[str, int], list[Field]]:
    """The figures and the fields with their counts of procedures in force."""

    def compute() -> tuple[dict[str, int], list[Field]]:
        return catalogue.catalogue_figures(today), catalogue.fields_with_counts(today)

    result: tuple[dict[str, int], list[Field]] = _cached("portal.home", (today,), compute)
    return result


def list_params(query: QueryDict) -> dict[str, str]:
    """The parameters the list reads (others are ignored, and left out of its links)."""
    return {name: str(query.get(name, "")) for name in LIST_PARAMS if name in query}


def list_fragment(params: dict[str, str], today: date, *, results_only: bool) -> str:
    """The search form and its results (or the results alone, for htmx)."""

    def compute() -> str:
        search = {k: v for k, v in params.items() if k != "page"}
        form = CatalogueFilterForm(search or None)
        page = None
        if not (form.is_bound and not form.is_valid()):
            data = form.cleaned_data if form.is_bound else {}
            qs = catalogue.catalogue_search(
                on=today,
                q=data.get("q", ""),
                field=data.get("field"),
                agency=data.get("agency"),
                online_level=data.get("level") or None,
            )
            page = Paginator(qs, PAGE_SIZE).get_page(params.get("page"))
        link = QueryDict(mutable=True)
        link.update(search)
        context = {"form": form, "page": page, "query": link.urlencode()}
        template = "portal/_results.html" if results_only else "portal/_procedure_list_body.html"
        return render_to_string(template, context)

    parts = (today, results_only, *sorted(params.items()))
    fragment: str = _cached("portal.list", parts, compute)
    return fragment


def detail_fragment(
    code: str, number: int | None, today: date, *, signed_in: bool
) -> dict[str, str] | None:
    """{"title", "body"} of a procedure's page (a version of it), None when there is none."""

    def compute() -> dict[str, str] | None:
        current = catalogue.version_in_force(code, today)
        history = list(catalogue.version_history(code))
        version = current
        if number is not None:
            version = next((v for v in history if v.number == number), None)
        if version is None:
            return None
        context = {
            "v": version,
            "current": current,
            "history": history,
            "is_current": current is not None and version.pk == current.pk,
            "agencies": list(version.agencies.all()),
            "signed_in": signed_in,
        }
        body = render_to_string("portal/_procedure_detail_body.html", context)
        return {"title": version.name, "body": body}

    parts = (code, number, today, signed_in)
    found: dict[str, str] | None = _cached(
        "portal.detail", parts, compute, store=lambda v: v is not None
    )
    return found
