"""Imports go down the layers, never up (issue 11, must-have 9).

Each context of src/tinhso sits on a layer; a module may import its own context and those on
lower layers only. Read with `ast` (every import, at the top or inside a function), so an
import hidden in a function to dodge a cycle counts as well. A new package must be given a
layer here: that is the moment to decide what it may depend on.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tinhso"

# Lower number = lower layer. A context imports only contexts on strictly lower layers (or a
# pair listed in SAME_LAYER_ALLOWED).
LAYERS: dict[str, int] = {
    # foundations: no business context
    "core": 0,
    "formats": 0,
    "audit": 1,
    "api_common": 1,
    # reference data
    "organisation": 2,
    "workcalendar": 2,
    "notifications": 2,
    "printing": 2,
    # who people are; what procedures exist
    "accounts": 3,
    # personal-data protection: below dossiers (their views log reads through it), beside
    # accounts (sign-up records consents through it; privacy never imports accounts)
    "privacy": 3,
    "catalogue": 3,
    # digital signatures: certificates bound to users and agencies; used by dossiers and e-office
    "signatures": 3,
    # the dossier and what hangs on it
    "dossiers": 4,
    "eforms": 5,
    # e-office (Nghị định 30/2020): documents, then work files and the archive on them
    "documents": 5,
    "workfiles": 6,
    "archive": 6,
    # liên thông văn bản: edXML between agencies, on documents and signatures
    "exchange": 6,
    # phí, lệ phí paid online: gateways, confirmation, receipts (on dossiers)
    "payments": 6,
    "documentstore": 5,
    "ratings": 5,
    "nationalportal": 5,
    # the applicant's and the officers' features
    "mydossiers": 6,
    "submission": 6,
    "statistics": 6,
    "dashboard": 7,
    "portal": 7,
    # outside services' stand-ins, demo data, wiring
    "simulators": 8,
    "operations": 8,  # health, metrics, the system status page: reads every context's state
    "demo": 8,
    "api": 9,
    "tasks": 9,  # Celery app, beat schedule, task signals: above every context it schedules
    "urls": 10,
    "settings": 9,
    "envvars": 0,  # settings' environment readers: import nothing of ours
    "wsgi": 10,
}
SAME_LAYER_ALLOWED: set[tuple[str, str]] = {
    ("accounts", "privacy"),
    ("signatures", "accounts"),  # a seal is applied by staff of its agency
    ("statistics", "payments"),  # the 766 payment group counts confirmed payments
}  # one way only


def _context(path: Path) -> str:
    rel = path.relative_to(SRC).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def _modules() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, imported tinhso context) for every import of another tinhso package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "tinhso" and len(parts) > 1:
                yield node.lineno, parts[1]


def _dynamic_imports(path: Path) -> Iterator[int]:
    """Lines calling importlib.import_module or __import__ (an import no reader sees)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name in {"import_module", "__import__"}:
                yield node.lineno


def _violations() -> list[str]:
    found = []
    for path in _modules():
        here = _context(path)
        for line, there in _imports(path):
            if there == here:
                continue
            rel = path.relative_to(SRC.parent)
            if here not in LAYERS or there not in LAYERS:
                found.append(f"{rel}:{line}: {here} → {there}: give the new package a layer")
            elif LAYERS[there] > LAYERS[here] or (
                LAYERS[there] == LAYERS[here] and (here, there) not in SAME_LAYER_ALLOWED
            ):
                found.append(
                    f"{rel}:{line}: {here} (layer {LAYERS[here]}) imports {there} "
                    f"(layer {LAYERS[there]})"
                )
    return found


def test_every_import_goes_down_the_layers() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        ("catalogue", {"accounts", "eforms", "dossiers"}),  # the catalogue → eforms loop
        ("accounts", {"simulators", "dossiers"}),  # VNeID defaults come from settings
        ("organisation", {"accounts", "catalogue", "dossiers"}),
        ("dossiers", {"eforms", "mydossiers", "statistics", "nationalportal", "ratings"}),
    ],
)
def test_named_directions_of_issue_11(importer: str, forbidden: set[str]) -> None:
    """The directions the issue names, spelled out so a failure says which one broke."""
    hits = [
        f"{path.relative_to(SRC.parent)}:{line} imports tinhso.{there}"
        for path in _modules()
        if _context(path) == importer
        for line, there in _imports(path)
        if there in forbidden
    ]
    assert hits == []


def test_the_data_store_is_imported_plainly() -> None:
    """mydossiers reads the citizen's data store through a plain import (no import_module)."""
    hits = [
        f"{path.relative_to(SRC.parent)}:{line}"
        for path in _modules()
        if _context(path) in {"mydossiers", "accounts", "catalogue"}
        for line in _dynamic_imports(path)
    ]
    assert hits == []


def test_the_walker_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The guard itself: an import hidden in a function is found (as the old catalogue's was)."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from tinhso.eforms.services import eform_copy\n")
    assert list(_imports(module)) == [(2, "eforms")]
