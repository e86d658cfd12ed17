"""Content-Security-Policy: no inline script can run on any page (finding 11 of issue 11)."""

import re
from pathlib import Path

import pytest

import tinhso

PAGES = ["/", "/dang-nhap/", "/tra-cuu/", "/thu-tuc/", "/api/v1/docs"]


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_a_csp_without_unsafe_inline(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.django_db
def test_htmx_does_not_inject_its_indicator_style(client):
    # htmx adds a <style> element unless told not to; the policy would refuse it.
    html = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html


# Templates rendered to PDF by WeasyPrint never reach a browser: their <style> is theirs.
PDF_TEMPLATES = {"printing", "report_pdf.html"}
INLINE = [
    ("inline <script>", re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")),
    ("event handler attribute", re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)),
    ("javascript: URL", re.compile(r"javascript:", re.IGNORECASE)),
    ("inline <style>", re.compile(r"<style\b", re.IGNORECASE)),
    ("style attribute", re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)),
]


def _browser_templates() -> list[Path]:
    root = Path(tinhso.__file__).parent
    return [
        path
        for path in root.rglob("templates/**/*.html")
        # Templates rendered to PDF by WeasyPrint (never served to a browser) carry their
        # styles inline: the "printing" folder and any "*_pdf.html".
        if not PDF_TEMPLATES & {*path.parts, path.name} and not path.name.endswith("_pdf.html")
    ]


def test_no_template_carries_inline_script_or_style():
    templates = _browser_templates()
    assert len(templates) > 50
    found = [
        f"{path.relative_to(Path(tinhso.__file__).parent)}: {what}"
        for path in templates
        for what, pattern in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
