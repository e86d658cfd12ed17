"""The demo year of outgoing documents: every state, a gap-free book, idempotent."""

from __future__ import annotations

import pytest

from tinhso.documents.demo_outgoing import load_outgoing_demo
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.documents.tests.outgoing_support import _media  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
OUTGOING_STATES = {
    "draft",
    "in_review",
    "approved",
    "signed",
    "issued",
    "sent",
    "recalled",
    "replaced",
}


def test_a_year_in_every_state_with_a_gap_free_book(office):
    made = load_outgoing_demo(office.stp.code, per_month=3)
    docs = Document.objects.filter(agency=office.stp, direction=Direction.OUTGOING)
    assert docs.count() == made >= 10
    assert set(docs.values_list("state", flat=True)) == OUTGOING_STATES
    numbered = docs.exclude(book_number=None).order_by("book_number")
    assert list(numbered.values_list("book_number", flat=True)) == list(
        range(1, numbered.count() + 1)
    )
    dates = list(numbered.values_list("issued_date", flat=True))
    assert dates == sorted(dates)
    assert not docs.filter(state=DocumentState.SIGNED).exclude(book_number=None).exists()
    assert load_outgoing_demo(office.stp.code, per_month=3) == 0  # idempotent
