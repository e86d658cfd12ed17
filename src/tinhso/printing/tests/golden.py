"""Golden files for printed forms: the text of a generated PDF compared with a stored copy.

    assert_golden("mau-01-lltp", pdf_golden_text(pdf, joins=[url]))

The stored copy is src/tinhso/printing/tests/golden/<name>.txt. Run the tests with
UPDATE_GOLDEN=1 to (re)write the files after a deliberate change of a form, then read the diff
before committing it. The text is normalised so that it does not depend on the fonts installed
(Tinos on CI, DejaVu Serif elsewhere) or on where lines wrap:
- NFC, every run of whitespace one space, page numbers of pages 2+ dropped;
- a line break after "/" or "-" inside a word is joined back ("175/2024/ NĐ-CP");
- the strings in `joins` (URLs, which may break anywhere) are joined back;
- a table heading in `headers` repeated on a following page is kept once;
- then wrapped at 100 characters, so a change reads as a small diff.
The comparison itself ignores whitespace (`squeeze`): where a PDF reader puts a space between
two table cells, or breaks a long code, depends on the fonts; every character and its order
must match.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import textwrap
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

GOLDEN_DIR = Path(__file__).parent / "golden"
WIDTH = 100


def _page_text(text: str, number: int) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    if number > 1:  # the page number printed in the top margin (Nghị định 30/2020)
        text = re.sub(rf"^{number}\s+|\s+{number}$", "", text)
    return text


def pdf_golden_text(pdf: bytes, joins: Iterable[str] = (), headers: Iterable[str] = ()) -> str:
    """The PDF's text, normalised as described in the module docstring."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(_page_text(p.extract_text(), n) for n, p in enumerate(reader.pages, 1))
    text = re.sub(r"(?<=\S[/\-])\s+(?=\S)", "", text)
    for whole in joins:
        if whole:
            pattern = r"\s*".join(re.escape(ch) for ch in whole)
            text = re.sub(pattern, whole.replace("\\", "\\\\"), text)
    for heading in headers:
        first = text.find(heading)
        if first >= 0:
            end = first + len(heading)
            text = text[:end] + text[end:].replace(" " + heading, "")
    return text


def squeeze(text: str) -> str:
    """The text without any whitespace (for comparisons that must not depend on fonts)."""
    return re.sub(r"\s+", "", text)


def _wrapped(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False))


def assert_golden(name: str, text: str) -> None:
    """`text` equals golden/<name>.txt; with UPDATE_GOLDEN=1 the file is written instead."""
    path = GOLDEN_DIR / f"{name}.txt"
    actual = _wrapped(text) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"No golden file {path.name}: run the test with UPDATE_GOLDEN=1."
    expected = path.read_text(encoding="utf-8")
    if squeeze(actual) != squeeze(expected):
        diff = "\n".join(
            difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), "golden", "generated", lineterm=""
            )
        )
        raise AssertionError(f"{path.name} differs (UPDATE_GOLDEN=1 to accept):\n{diff}")
