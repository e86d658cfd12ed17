"""Accessibility checks with axe-core (installed from npm by `make install`) in Chromium."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
PHONE = {"width": 375, "height": 812}


def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"axe-core is required in CI but missing at {AXE}: run make install")
        pytest.skip("axe-core not installed (npm ci)")
    return AXE.read_text(encoding="utf-8")


def blocking_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations (WCAG 2.1 A and AA) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools: the site's Content-Security-Policy refuses an inline
        # <script> (add_script_tag), as it should.
        page.evaluate(axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    found = []
    for v in result["violations"]:
        if v["impact"] in BLOCKING:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            found.append(f"{v['impact']}: {v['id']} – {v['help']} ({targets})")
    return found
