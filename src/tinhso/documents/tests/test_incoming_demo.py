"""The demo year of incoming documents: every state, real numbers, idempotent (item 10)."""

from datetime import date

import pytest

from tinhso.documents.demo_incoming import load_incoming_demo
from tinhso.documents.kinds import Direction
from tinhso.documents.models import Document, DocumentState

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_loads_once(office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    created = load_incoming_demo(agency_code=office.stp.code, count=40, today=date(2026, 12, 4))
    assert created == 44
    docs = Document.objects.filter(agency=office.stp, direction=Direction.INCOMING)
    states = set(docs.values_list("state", flat=True))
    assert states == {
        DocumentState.PENDING,
        DocumentState.REGISTERED,
        DocumentState.ASSIGNED,
        DocumentState.IN_PROGRESS,
        DocumentState.DONE,
        DocumentState.REFUSED,
    }
    assert docs.filter(is_demo=True).count() == 44
    # numbers run from 1 in each year's book, without gaps
    for year in (2025, 2026):
        numbers = sorted(docs.filter(book__year=year).values_list("book_number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)) and numbers
    assert load_incoming_demo(agency_code=office.stp.code, count=40) == 0
