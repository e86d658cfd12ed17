"""Set-up for bench/load_bench.py (imported once Django is set up): the database with the
demo province, the accounts and tokens, and an online procedure and a national-portal
dossier the server accepts, found by trying them in-process."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction

from tinhso.accounts.models import User
from tinhso.accounts.tokens import token_issue
from tinhso.demo.loader import DEMO_PASSWORD, load_demo
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tracking import tracking_key

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PDF_KB = 100


def say(text: str) -> None:
    print(text, flush=True)


def pdf_bytes(kb: int) -> bytes:
    """A PDF head and enough filler to weigh `kb` kilobytes (its bytes are checked)."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return head + b"0" * (kb * 1024 - len(head) - 6) + b"\n%%EOF"


# --- set-up -----------------------------------------------------------------------------------


def database_ready(dossiers: int = 0) -> None:
    import psycopg

    name = connection.settings_dict["NAME"]
    if dossiers:
        # bench/dossiers_bench.py's bulk generator (COPY) makes the database afresh: the demo
        # province and N dossiers with their history, passwords the server can check.
        subprocess.run(  # noqa: S603 — our own script
            [
                sys.executable,
                str(BENCH / "dossiers_bench.py"),
                "--dossiers",
                str(dossiers),
                "--keep",
                "--db-name",
                name,
                "--requests",
                "1",
                "--max-seconds",
                "1",
            ],
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tinhso.settings"},
        )
    admin = dict(connection.get_connection_params())
    admin["dbname"] = "postgres"
    with psycopg.connect(**admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    if not (ROOT / "var" / "bench-static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # the manifest
    if not User.objects.filter(username="quantri").exists():
        load_demo()
        say("demo province loaded")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, at timestamptz)"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _answers(definition: Any) -> dict[str, str]:
    """Plausible answers to an e-form (the API's `answers`: key → the text a person types)."""
    by_type = {
        "text": "Nguyễn Văn Bench",
        "textarea": "Nội dung thử tải",
        "date": "05/01/2026",
        "number": "1",
        "checkbox": "on",
        "cccd": "072190001234",
        "phone": "0912345678",
        "email": "bench@example.vn",
    }
    out = {}
    for spec in definition.schema.fields:  # prefilled ones too: an account may lack them
        if spec.type == "select" and spec.choices:
            out[spec.key] = spec.choices[0][0]
        elif spec.type in by_type:
            out[spec.key] = by_type[spec.type]
    return out


@dataclass
class Online:
    code: str
    agency: str
    answers: dict[str, str]
    delivery: str
    components: list[int]


def online_procedure(citizen: User) -> Online:
    """A published online procedure the API accepts with generated answers and PDFs, with as
    many uploadable components as possible (three PDFs go to three of them when it can)."""
    from tinhso.catalogue.models import ProcedureVersion
    from tinhso.eforms import selectors as eforms
    from tinhso.submission import services
    from tinhso.submission.selectors import files_online, receiving_choices

    found: list[tuple[int, Online]] = []
    for version in ProcedureVersion.objects.select_related("procedure").order_by("pk"):
        if not version.is_published or not files_online(version):
            continue
        agencies = receiving_choices(version)
        if not agencies:
            continue
        definition = eforms.form_for_version(version)
        covered = services.covered(version, definition)
        specs = [s for s in version.components.all() if s.pk not in covered]
        specs.sort(key=lambda s: not s.required)  # the required papers first
        pdf_specs = [s.pk for s in specs if "pdf" in services.allowed_types(s)]
        if not pdf_specs:
            continue
        answers = _answers(definition)
        delivery = (version.delivery_modes or ["counter"])[0]
        try:
            with transaction.atomic():
                draft = services.draft_start(citizen, version, agencies[0])
                services.draft_save(
                    draft,
                    actor=citizen,
                    answers=answers,
                    delivery_mode=delivery,
                    postal_address="12 Trần Hưng Đạo, Tây Ninh",
                )
                from django.core.files.uploadedfile import SimpleUploadedFile

                for pk in pdf_specs[:3]:
                    spec = version.components.get(pk=pk)
                    upload = SimpleUploadedFile("a.pdf", pdf_bytes(4), "application/pdf")
                    services.draft_attach(draft, spec, upload, actor=citizen)
                check = services.draft_check(draft, account=citizen)
                transaction.set_rollback(True)
        except Exception:  # noqa: S112 — a candidate the bench cannot fill is skipped
            continue
        if check.ok:
            found.append(
                (
                    len(pdf_specs),
                    Online(
                        version.procedure.code, agencies[0].code, answers, delivery, pdf_specs[:3]
                    ),
                )
            )
            if len(pdf_specs) >= 3:
                break
    if not found:
        raise SystemExit("no online procedure the bench can fill")
    return max(found, key=lambda f: f[0])[1]


def portal_payload() -> dict[str, Any]:
    """A national-portal dossier the intake accepts (checked here, in-process)."""
    from tinhso.catalogue.models import ProcedureVersion
    from tinhso.nationalportal.checks import check
    from tinhso.nationalportal.schemas import PortalDossierIn
    from tinhso.submission.selectors import receiving_choices

    small = base64.b64encode(pdf_bytes(PDF_KB)).decode()
    for version in ProcedureVersion.objects.select_related("procedure").order_by("pk"):
        if not version.is_published:
            continue
        agencies = receiving_choices(version)
        if not agencies:
            continue
        comps = [
            {
                "order": c.order,
                "name": c.name,
                "files": [{"name": "a.pdf", "content_base64": small}],
            }
            for c in version.components.all()
            if c.required
        ][:3]
        data = {
            "external_id": "BENCH-PROBE",
            "procedure_code": version.procedure.code,
            "receiving_agency": agencies[0].code,
            "submitted_at": "2026-01-05T08:15:00+07:00",
            "applicant": {
                "name": "Nguyễn Văn Bench",
                "cccd": "072190001234",
                "phone": "0912345678",
                "email": "bench@example.vn",
                "address": "12 Trần Hưng Đạo, Tây Ninh",
                "identity_account_id": "",
            },
            "delivery_mode": (version.delivery_modes or ["counter"])[0],
            "postal_address": "12 Trần Hưng Đạo, Tây Ninh",
            "eform": {},
            "components": comps,
            "fees": [],
        }
        try:
            check(PortalDossierIn(**data))
        except Exception:  # noqa: S112 — a procedure the intake refuses is skipped
            continue
        return data
    raise SystemExit("no procedure the national-portal intake accepts")


@dataclass
class Fixture:
    citizen_tokens: list[str]
    officer_token: str
    api_codes: list[str]
    online: Online
    portal: dict[str, Any]
    tracking: list[tuple[str, str]]
    officers: list[str]


def prepare(clients: int) -> Fixture:
    from tinhso.accounts.services import citizen_create

    citizens = []
    for i in range(max(clients, 1)):
        username = f"bench.congdan{i}"
        user = User.objects.filter(username=username).first() or citizen_create(
            username=username,
            full_name=f"Người Thử {i}",
            cccd=f"0721900{i:05d}",
            password=DEMO_PASSWORD,
            phone=f"09123{i:05d}",
            email=f"bench{i}@example.vn",
        )
        citizens.append(user)
    tokens = [token_issue(user=u, name="load bench") for u in citizens]
    online = online_procedure(citizens[0])
    portal = portal_payload()
    dossiers = list(
        Dossier.objects.exclude(code__startswith="~")
        .order_by("-pk")
        .values_list("code", "receiving_agency_id")[:200]
    )
    tracking = [(code, tracking_key(code)) for code, _ in dossiers]
    staff = list(
        User.objects.filter(kind="staff", is_active=True, staff_roles__isnull=False)
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)
    )
    officer = User.objects.get(username="quantri")
    return Fixture(
        citizen_tokens=tokens,
        officer_token=token_issue(user=officer, name="load bench"),
        api_codes=[code for code, _ in dossiers][:100],
        online=online,
        portal=portal,
        tracking=tracking,
        officers=staff,
    )
