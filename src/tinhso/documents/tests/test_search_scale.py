"""The search shapes of issue 14, item 12 (1,000,000 documents): the stored index column follows
every edit, the agency tokens and the few-hits probe never widen what a user may read, and
both ways of answering (from the hits' ids, or by joining the index row) find the same.

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…/test_fts)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tinhso.documents import access, search
from tinhso.documents.kinds import AssignmentRole, Confidentiality
from tinhso.documents.models import Assignment, DocumentSearchText, DocumentState
from tinhso.documents.search import Criteria
from tinhso.documents.tests.search_factories import make_document

pytestmark = pytest.mark.django_db


def _found(user, q: str) -> set[int]:
    return set(search.search(user, Criteria(q=q)).values_list("pk", flat=True))


@pytest.fixture(params=["few hits", "many hits"])
def shape(request, monkeypatch):
    """Both answers of search._full_text: the hits' ids, or the join to the index row."""
    if request.param == "many hits":
        monkeypatch.setattr(search, "FEW_HITS", 0)
    return request.param


def test_an_edit_reaches_the_stored_index_column(office, shape):
    document = make_document(office.stp, subject="Kế hoạch phòng chống thiên tai")
    assert _found(office.clerk, "thiên tai") == {document.pk}

    document.subject = "Kế hoạch tiêm chủng mở rộng"
    document.save(update_fields=["subject"])

    assert _found(office.clerk, "thien tai") == set()
    assert _found(office.clerk, "tiêm chủng") == {document.pk}
    if connection.vendor == "postgresql":
        row = DocumentSearchText.objects.get(document=document)
        assert row.agency == office.stp.pk
        assert "'tiem'" in str(row.vector) and f"'@a{office.stp.pk}'" in str(row.vector)


def test_update_documents_and_reindex_keep_the_column(office, shape):
    document = make_document(office.stp, subject="Báo cáo đầu tư công")
    search.update_documents(type(document).objects.filter(pk=document.pk), subject="Hộ tịch")
    assert _found(office.leader, "ho tich") == {document.pk}
    DocumentSearchText.objects.all().delete()
    assert _found(office.leader, "ho tich") == set()
    search.reindex()
    assert _found(office.leader, "ho tich") == {document.pk}


def test_a_confidential_document_is_found_only_by_those_named(office, shape):
    secret = make_document(
        office.stp,
        subject="Phương án bảo vệ bí mật nhà nước",
        confidentiality=Confidentiality.SECRET,
        state=DocumentState.ASSIGNED,
    )
    Assignment.objects.create(  # given to the unit: reaches its members only if named
        document=secret,
        role=AssignmentRole.LEAD,
        department=office.legal_dept,
        deadline=timezone.localdate() + timedelta(days=5),
        assigned_by=office.leader,
        assigned_at=timezone.now(),
    )
    secret.named_readers.add(office.head)

    for outsider in (office.clerk, office.leader, office.specialist, office.other_clerk):
        assert _found(outsider, "bí mật nhà nước") == set(), outsider.username
    assert _found(office.head, "bi mat nha nuoc") == {secret.pk}
    assert _found(office.province_leader, "bi mat") == {secret.pk}


def test_a_clerk_named_on_another_agencys_document_still_finds_it(office, shape):
    """The agency tokens narrow a book keeper's search to the books' agencies only when
    nothing elsewhere reaches them by name."""
    own = make_document(office.stp, subject="Công văn về lưu trữ hồ sơ")
    elsewhere = make_document(office.sxd, subject="Công văn về lưu trữ hồ sơ điện tử")
    assert access.agency_scope(office.clerk) == [office.stp.pk]
    assert _found(office.clerk, "luu tru") == {own.pk}

    elsewhere.named_readers.add(office.clerk)

    assert access.agency_scope(office.clerk) is None
    assert _found(office.clerk, "luu tru ho so") == {own.pk, elsewhere.pk}
    assert access.agency_scope(office.specialist) == [office.stp.pk]  # its units' agency
    assert access.agency_scope(office.province_leader) is None


def test_the_newest_come_first_in_both_shapes(office, shape):
    older = make_document(office.stp, subject="Thông báo tuyển dụng", issued_date=date(2025, 1, 2))
    newer = make_document(office.stp, subject="Thông báo tuyển dụng", issued_date=date(2026, 1, 2))
    results = search.search(office.clerk, Criteria(q="tuyen dung"))
    assert [d.pk for d in results] == [newer.pk, older.pk]
    assert search.CappedResults(results, cap=1).capped
    assert search.CappedResults(results, cap=5).total == 2  # counted as listed
