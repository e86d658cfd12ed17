"""The permission matrix (issue 11, must-have 10): every route × every persona.

The routes are not listed by hand: they are read from the URL configuration (every pattern,
admin included) and from the OpenAPI document (every path × method of /api/v1). Each must
have a line in POLICY (tests/security/policy.py), which names who may use it; a new route
without one fails `test_every_route_has_a_policy`, so whoever adds a route decides who may
use it.

For each route and persona the answer's class must be the policy's:
- allowed: 200 (or what the line says: a redirect, 405 for a POST-only page…);
- refused: 302 to the sign-in page for a visitor (401 on the API), 403 for the wrong kind
  of account, 404 for a dossier, draft or paper of someone else (as if it did not exist);
- never a 5xx, never a 2xx for someone the policy does not name.
POST-only routes and API actions are also POSTed by every refused persona with a body that
passes validation (so the access check, not the schema, answers), and nothing may change.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tinhso.accounts.tokens import token_issue

from .conftest import PERSONAS, World
from .policy import (
    METHOD,
    NAMESPACE_POLICY,
    POLICIES,
    POLICY,
    PUBLIC_ADMIN,
    Rule,
)

pytestmark = pytest.mark.django_db

# --- the routes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the URL name, or "METHOD /path" for an API operation
    method: str
    path_template: str  # Django pattern text or OpenAPI path
    params: tuple[str, ...]
    api: bool
    admin: bool


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\{(\w+)\}")


def _url_routes() -> Iterator[Route]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = (
                    ":".join(x for x in (namespace, p.namespace) if x) if p.namespace else namespace
                )
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                template = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace else str(p.name)
                params = tuple(a or b or c for a, b, c in _PARAM.findall(template))
                yield Route(name, "GET", template, params, False, namespace == "admin")

    yield from walk(get_resolver().url_patterns, "/", "")


def _api_schema() -> dict[str, Any]:
    response = Client(raise_request_exception=False).get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def routes() -> list[Route]:
    """Every page and file of the URL configuration, and every API operation."""
    found: list[Route] = []
    api_patterns = 0
    for route in _url_routes():
        if route.key.startswith("api-v1:") and route.key not in POLICY:
            api_patterns += 1  # an operation: taken with its methods from the OpenAPI document
            continue
        found.append(route)
    paths = _api_schema()["paths"]
    for path, methods in paths.items():
        for method in methods:
            params = tuple(n for a, b, n in _PARAM.findall(path))
            found.append(
                Route(f"{method.upper()} {path}", method.upper(), path, params, True, False)
            )
    assert api_patterns == len(paths), "an API route is missing from the OpenAPI document"
    return found


def rule_of(route: Route) -> Rule | None:
    if route.key in POLICY:
        return POLICY[route.key]
    if route.key in PUBLIC_ADMIN:
        return PUBLIC_ADMIN[route.key]
    return NAMESPACE_POLICY.get(route.key.split(":", 1)[0])


# --- asking ---------------------------------------------------------------------------------


def classify(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return "error"
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if location.startswith(reverse("admin:login")):
            return "admin_login"
        if location.startswith(reverse(settings.LOGIN_URL)):
            return "login"
        return "redirect"
    return {401: "unauth", 403: "forbidden", 404: "hidden", 405: "method"}.get(status, "bad")


def _url(route: Route, rule: Rule | None, world: World) -> str:
    url = route.path_template
    wanted = rule.params if rule else {}
    for name in route.params:
        value = world.params[wanted[name]] if name in wanted else "1"
        url = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)|\{{{name}\}}", value, url, count=1)
    url = url.replace("^", "").replace("$", "").replace("\\", "")
    return url if url.startswith("/") else "/" + url


def _query(rule: Rule, world: World) -> dict[str, str]:
    return {k: world.params.get(v, v) for k, v in rule.query.items()}


def _state(world: World) -> dict[str, Any]:
    """What a refused request must leave as it was."""
    from tinhso.documentstore.models import StoredPaper
    from tinhso.dossiers.models import Dossier, DossierEvent, DossierFile
    from tinhso.mydossiers.models import SupplementDraft
    from tinhso.ratings.models import Rating
    from tinhso.submission.models import Draft, DraftFile

    d = Dossier.objects.get(pk=world.dossier.pk)
    counts = {
        m.__name__: m.objects.count()
        for m in (Dossier, DossierEvent, DossierFile, Draft, DraftFile, StoredPaper, Rating)
    }
    counts["SupplementDraft"] = SupplementDraft.objects.count()
    return {
        **counts,
        "dossier": (d.status, d.current_step_id, d.delivery_mode, d.due_at),
    }


@dataclass
class Caller:
    persona: str
    web: Client
    api_headers: dict[str, str]

    def send(self, route: Route, rule: Rule | None, world: World, method: str) -> Any:
        url = _url(route, rule, world)
        query = _query(rule, world) if rule else {}
        if method == "GET":
            client = Client(raise_request_exception=False) if route.api else self.web
            return client.get(url, query, **(self.api_headers if route.api else {}))
        body = (rule.post if rule else None) or {}
        if query:
            url += "?" + urlencode(query)
        if route.api:
            if rule and rule.json_body:
                return Client(raise_request_exception=False).post(
                    url, json.dumps(body), content_type="application/json", **self.api_headers
                )
            return Client(raise_request_exception=False).post(url, body, **self.api_headers)
        return self.web.post(url, body)


def _caller(persona: str, world: World) -> Caller:
    user = world.users[persona]
    web = Client(raise_request_exception=False)
    headers: dict[str, str] = {}
    if user is not None:
        web.force_login(user)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, name='matrix')}"}
    return Caller(persona, web, headers)


@dataclass
class Tally:
    cells: int = 0  # (route, persona) pairs checked
    gets: int = 0
    posts: int = 0
    failures: list[str] = field(default_factory=list)


RESULTS: dict[str, Tally] = {}


def _check(route: Route, rule: Rule, caller: Caller, world: World, tally: Tally) -> None:
    policy = POLICIES[rule.policy]
    persona = caller.persona
    tally.cells += 1
    denial = policy.denial(persona, route.api, route.admin)
    expected: frozenset[str]
    if route.method == "GET":
        if denial is None:
            expected = rule.persona_ok.get(persona, rule.ok)
        elif rule.ok == METHOD:  # POST-only: a view may refuse the method before the person
            expected = frozenset({denial, "method"})
        else:
            expected = frozenset({denial})
        got = classify(caller.send(route, rule, world, "GET"))
        tally.gets += 1
        if got not in expected:
            tally.failures.append(f"GET {route.key} as {persona}: {got}, expected {set(expected)}")
    if rule.post is None and route.method == "GET":
        return
    if denial is None and persona not in rule.post_ok:
        return  # an allowed persona's POST is the feature's own tests' business
    before = _state(world)
    got = classify(caller.send(route, rule, world, "POST"))
    tally.posts += 1
    expected = rule.post_ok[persona] if denial is None else frozenset({denial})
    if got not in expected:
        tally.failures.append(f"POST {route.key} as {persona}: {got}, expected {set(expected)}")
    if denial is not None and _state(world) != before:
        tally.failures.append(f"POST {route.key} as {persona} was refused but changed data")


# --- the tests ------------------------------------------------------------------------------


def test_every_route_has_a_policy(db: Any) -> None:
    """A route nobody classified fails here: add it to POLICY with who may use it."""
    found = routes()
    missing = sorted(r.key for r in found if rule_of(r) is None)
    assert missing == [], "routes without a line in POLICY: " + ", ".join(missing)
    stale = sorted(set(POLICY) - {r.key for r in found})
    assert stale == [], "POLICY names routes that no longer exist: " + ", ".join(stale)
    unfilled = sorted(
        f"{r.key} <{name}>"
        for r in found
        if r.key in POLICY
        for name in r.params
        if name not in POLICY[r.key].params
    )
    assert unfilled == [], "say which fixture object fills: " + ", ".join(unfilled)


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona: str, world: World) -> None:
    caller = _caller(persona, world)
    tally = Tally()
    for route in routes():
        rule = rule_of(route)
        assert rule is not None, route.key
        _check(route, rule, caller, world, tally)
    RESULTS[persona] = tally
    assert tally.failures == [], "\n".join(tally.failures)


def summary() -> str:
    """The matrix's size and result, printed at the end of the run (conftest.py)."""
    cells = sum(t.cells for t in RESULTS.values())
    gets = sum(t.gets for t in RESULTS.values())
    posts = sum(t.posts for t in RESULTS.values())
    failed = sum(len(t.failures) for t in RESULTS.values())
    per = max(t.cells for t in RESULTS.values())
    return (
        f"permission matrix: {per} routes × {len(RESULTS)} personas = {cells} cells "
        f"({gets} GET and {posts} POST requests); {failed} unexpected answers"
    )
