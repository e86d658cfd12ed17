"""What the changes made for bench/documents_million_bench.py must keep doing (issue 14,
item 12): the inbox lists only open incoming documents; the search index follows every change
of a searched field and skips saves that change none."""

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from tinhso.documents import incoming_selectors
from tinhso.documents.kinds import AssignmentRole, Direction
from tinhso.documents.models import Assignment, DocumentSearchText, DocumentState
from tinhso.documents.tests.search_factories import make_document

pytestmark = pytest.mark.django_db


def _assign(document: Any, office: Any) -> Assignment:
    return Assignment.objects.create(
        document=document,
        role=AssignmentRole.LEAD,
        assignee=office.specialist,
        assigned_by=office.leader,
        assigned_at=timezone.now(),
        deadline=date(2026, 12, 31),
    )


def test_inbox_lists_open_incoming_documents_only(office: Any) -> None:
    open_line = _assign(make_document(office.stp, state=DocumentState.IN_PROGRESS), office)
    done = _assign(make_document(office.stp, state=DocumentState.DONE), office)
    outgoing = make_document(office.stp, direction=Direction.OUTGOING, state=DocumentState.SENT)
    _assign(outgoing, office)

    assert list(incoming_selectors.inbox(office.specialist)) == [open_line]
    with_done = set(incoming_selectors.inbox(office.specialist, include_done=True))
    assert with_done == {open_line, done}


def test_search_index_follows_searched_fields_only(office: Any) -> None:
    document = make_document(office.stp, subject="Về việc chuyển đổi số")
    row = DocumentSearchText.objects.get(document=document)
    assert "chuyen doi so" in row.folded

    document.subject = "Về việc đất đai"
    document.save(update_fields=["subject"])
    assert "dat dai" in DocumentSearchText.objects.get(document=document).folded

    DocumentSearchText.objects.filter(document=document).update(folded="stale")
    document.state = DocumentState.DONE
    document.save(update_fields=["state"])  # nothing searched changed: the row is left alone
    assert DocumentSearchText.objects.get(document=document).folded == "stale"
    document.save()  # a full save reindexes
    assert "dat dai" in DocumentSearchText.objects.get(document=document).folded
