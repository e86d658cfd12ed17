"""The API fuzz harness: schemathesis over /api/v1/openapi.json through Django's WSGI handler.

Used by tests/security/test_api_fuzz.py (bounded, in the suite) and bench/api_fuzz.py
(longer, by hand). No network server: requests go straight into the WSGI application.
"""

from __future__ import annotations

import itertools
import json
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.conf import settings
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tinhso.accounts.tokens import token_issue
from tinhso.nationalportal.signing import signed_headers
from tinhso.submission import services as submission

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PORTAL_PATH = "/national-portal/dossiers"


@dataclass(frozen=True)
class Persona:
    name: str
    headers: dict[str, str]


@dataclass
class FuzzWorld:
    """Who calls, and real values for path parameters (so that found objects are fuzzed too)."""

    personas: list[Persona]
    path_values: dict[str, list[Any]]
    body_patches: list[dict[str, Any]]

    @classmethod
    def build(cls, *, cast: Any, procedures: dict[str, Any], dossier: Any) -> FuzzWorld:
        def bearer(user: Any, name: str) -> Persona:
            return Persona(name, {"Authorization": "Bearer " + token_issue(user=user, name=name)})

        lltp = procedures["lltp"]
        draft = submission.draft_start(cast.citizen, lltp, dossier.receiving_agency)
        return cls(
            personas=[
                Persona("ẩn danh", {}),
                bearer(cast.citizen, "công dân"),
                bearer(cast.stranger, "công dân khác"),
                bearer(cast.reception, "cán bộ một cửa"),
                bearer(cast.specialist, "chuyên viên"),
                bearer(cast.province_leader, "lãnh đạo tỉnh"),
            ],
            path_values={
                "code": [dossier.code, lltp.code, procedures["khaisinh"].code],
                "draft_id": [draft.pk],
                "component_id": [c.pk for c in lltp.components.all()],
            },
            body_patches=[
                {
                    "procedure_code": version.code,
                    "receiving_agency": agency,
                    "competent_agency": "",
                    "received_components": [c.pk for c in version.components.filter(required=True)],
                    "delivery_mode": "counter",
                }
                for version, agency in [
                    (lltp, dossier.receiving_agency.code),
                    (procedures["khaisinh"], "000.31.10.H53"),
                ]
            ],
        )


@dataclass
class Failure:
    operation: str
    persona: str
    status: int | None
    message: str


@dataclass
class FuzzReport:
    operations: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items()))
        return (
            f"API fuzz: {self.operations} operations, {self.requests} requests, "
            f"{len(self.failures)} failures; statuses {codes}"
        )

    def details(self) -> str:
        seen: set[tuple[str, str]] = set()
        lines = []
        for f in self.failures:
            key = (f.operation, f.message[:200])
            if key in seen:
                continue
            seen.add(key)
            lines.append(f"--- {f.operation} as {f.persona} → {f.status}\n{f.message}")
        return "\n".join(lines[:30])


def _portal_call(case: Any) -> dict[str, Any]:
    """The national portal's endpoint checks an HMAC of the raw body: sign what is sent."""
    if case.body is schemathesis.core.NOT_SET:
        return {}
    if isinstance(case.body, bytes):
        body = case.body
    elif isinstance(case.body, str):
        body = case.body.encode()
    else:
        body = json.dumps(case.body, ensure_ascii=False).encode()
    headers = signed_headers(settings.NATIONAL_PORTAL_INBOUND_SECRET, body)
    content_type = case.media_type or "application/json"
    return {"data": body, "headers": {**headers, "Content-Type": content_type}}


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


@contextmanager
def shared_connection() -> Iterator[None]:
    """As django.test.Client does: requests through the WSGI handler keep the test's database
    connection and transaction instead of closing it when they finish."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz_api(app: Any, world: FuzzWorld, *, examples: int) -> FuzzReport:
    """Fuzz every operation of the published document; failures are collected, not raised."""
    report = FuzzReport()
    crashes: list[str] = []

    def on_exception(sender: Any, request: Any = None, **kwargs: Any) -> None:
        crashes.append(traceback.format_exc())

    got_request_exception.connect(on_exception)
    try:
        with shared_connection():
            schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
            for result in schema.get_all_operations():
                operation = result.ok()
                report.operations += 1
                _fuzz_operation(operation, world, examples, report, crashes)
    finally:
        got_request_exception.disconnect(on_exception)
    return report


def _fuzz_operation(
    operation: Any, world: FuzzWorld, examples: int, report: FuzzReport, crashes: list[str]
) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    real = {
        name: st.one_of(st.none(), st.sampled_from(values))
        for name, values in world.path_values.items()
        if "{" + name + "}" in operation.path
    }
    patches = st.one_of(st.none(), st.sampled_from(world.body_patches))
    calls = itertools.count()

    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, data=st.data())
    def run(case: Any, data: Any) -> None:
        # Each persona in turn: hypothesis's draws would favour the first one.
        persona = world.personas[next(calls) % len(world.personas)]
        for name, values in real.items():
            value = data.draw(values)
            if value is not None and isinstance(case.path_parameters, dict):
                case.path_parameters[name] = value
        if data.draw(st.booleans()):  # half the time clean text, so that happy paths run too
            case.body = _without_nul(case.body)
            case.query = _without_nul(case.query)
        patch = data.draw(patches)  # real codes, so that creation and intake run too
        if patch is not None and isinstance(case.body, dict):
            case.body.update({k: v for k, v in patch.items() if k in case.body})
        kwargs: dict[str, Any] = {"headers": dict(persona.headers)}
        if operation.path.endswith(PORTAL_PATH):
            kwargs.update(_portal_call(case))
        crashes.clear()
        with transaction.atomic():
            try:
                response = case.call(**kwargs)
            finally:
                transaction.set_rollback(True)
        report.requests += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, FailureGroup) as exc:  # every failed check is recorded, the run goes on
            message = str(exc)
            if crashes:
                message += "\n" + crashes[-1]
            report.failures.append(
                Failure(operation.label, persona.name, response.status_code, message)
            )

    run()
