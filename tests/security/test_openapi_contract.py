"""/api/v1/openapi.json tells the truth (issue 11, finding 12).

- Each OpenAPI component name belongs to one schema class: django-ninja keeps one component
  per name, so two classes called `ComponentOut` made /procedures/{code} answer a shape other
  than the published one.
- Every operation documents its refusals: 401 when it needs a caller, 422 when it takes input.
- Real answers of a sample of operations validate against the published document.
"""

from __future__ import annotations

import enum
import json
import typing
from collections import defaultdict
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from pydantic import BaseModel
from werkzeug.test import Client as WSGIClient

from tests.security.api_fuzz import shared_connection
from tinhso.accounts.tokens import token_issue
from tinhso.api import api
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401

# Models django-ninja builds for each operation's parameters and responses: never components.
NINJA_WRAPPERS = {
    "NinjaResponseSchema",
    "PathParams",
    "QueryParams",
    "BodyParams",
    "HeaderParams",
    "FileParams",
    "FormParams",
    "CookieParams",
}


def _types_in(annotation: Any) -> typing.Iterator[type]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _types_in(arg)


def _component_classes() -> dict[str, set[type]]:
    """Every schema class the operations reach, by the name it is published under."""
    api.get_openapi_schema()  # ninja builds the operations' models lazily
    seen: set[type] = set()
    by_name: dict[str, set[type]] = defaultdict(set)
    todo: list[type] = []
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                todo += list(operation.models) + list(operation.response_models.values())
    while todo:
        cls = todo.pop()
        if not isinstance(cls, type) or cls in seen:
            continue
        seen.add(cls)
        if cls.__name__ not in NINJA_WRAPPERS:
            by_name[cls.__name__].add(cls)
        if issubclass(cls, BaseModel):
            for field in cls.model_fields.values():
                todo += list(_types_in(field.annotation))
    return by_name


def test_each_component_name_belongs_to_one_schema_class() -> None:
    clashes = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in _component_classes().items()
        if len(classes) > 1
    }
    assert clashes == {}


def _document() -> dict[str, Any]:
    """The document as published (JSON: status codes are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def test_every_operation_documents_its_refusals() -> None:
    missing = []
    for path, methods in _document()["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            needed = set()
            if operation.get("security"):
                needed.add("401")
            if operation.get("parameters") or operation.get("requestBody"):
                needed.add("422")
            for code in needed - codes:
                missing.append(f"{method.upper()} {path}: {code}")
            for code in codes - {"200", "201"}:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                if body != {"$ref": "#/components/schemas/ErrorOut"}:
                    missing.append(f"{method.upper()} {path}: {code} without ErrorOut")
    assert missing == []


@pytest.fixture
def wsgi(db):
    with shared_connection():
        yield WSGIClient(WSGIHandler())


def _bearer(user: Any) -> dict[str, str]:
    return {"Authorization": "Bearer " + token_issue(user=user, name="kiểm thử")}


def test_answers_of_a_sample_of_operations_match_the_document(
    wsgi,
    cast,  # noqa: F811
    received,  # noqa: F811
) -> None:
    schema = schemathesis.openapi.from_dict(_document())
    officer, citizen = _bearer(cast.specialist), _bearer(cast.citizen)
    code = received.code
    calls = [
        ("GET", "/api/v1/procedures/{code}", "/api/v1/procedures/1.001232", {}, None, 200),
        ("GET", "/api/v1/procedures/{code}", "/api/v1/procedures/9.999999", {}, None, 404),
        ("GET", "/api/v1/procedures", "/api/v1/procedures?page=0", {}, None, 422),
        ("GET", "/api/v1/procedures", "/api/v1/procedures?field=KHONG", {}, None, 400),
        ("GET", "/api/v1/dossiers/{code}", f"/api/v1/dossiers/{code}", officer, None, 200),
        ("GET", "/api/v1/dossiers/{code}", f"/api/v1/dossiers/{code}", citizen, None, 200),
        ("GET", "/api/v1/dossiers/{code}", f"/api/v1/dossiers/{code}", {}, None, 401),
        ("GET", "/api/v1/dossiers/{code}", "/api/v1/dossiers/X-1", officer, None, 404),
        ("POST", "/api/v1/dossiers", "/api/v1/dossiers", officer, {"x": 1}, 422),
        ("POST", "/api/v1/dossiers", "/api/v1/dossiers", citizen, b"{", 400),
        ("GET", "/api/v1/me/dossiers", "/api/v1/me/dossiers", citizen, None, 200),
        ("GET", "/api/v1/me/dossiers/{code}", f"/api/v1/me/dossiers/{code}", citizen, None, 200),
        (
            "GET",
            "/api/v1/online/procedures/{code}/eform",
            "/api/v1/online/procedures/1.001232/eform",
            {},
            None,
            200,
        ),
        (
            "GET",
            "/api/v1/statistics",
            "/api/v1/statistics?from=2026-01-01&to=2026-12-31",
            citizen,
            None,
            403,
        ),
    ]
    for method, template, url, headers, body, expected in calls:
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            kwargs.update(data=data, content_type="application/json")
        response = wsgi.open(url, method=method, **kwargs)
        assert response.status_code == expected, (url, response.get_data(as_text=True))
        operation = schema[template][method]
        assert str(expected) in operation.definition.raw["responses"], (url, expected)
        operation.validate_response(response)
