"""Search on every metadata field and the full text (issue 14, item 6; Phụ lục VI §III).

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): the diacritic-insensitive
match must hold on both (GIN + to_tsquery on PostgreSQL, LIKE on the folded text on SQLite).
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhso.documents.kinds import Confidentiality, Direction, Urgency
from tinhso.documents.models import DocumentSearchText, DocumentState
from tinhso.documents.search import Criteria, reindex, search
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.search_factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(office):
    decision = make_document(
        office.stp,
        code_number="15",
        code_notation="QĐ-UBND",
        subject="Quyết định phê duyệt kế hoạch cải cách hành chính năm 2026",
        signer_name="Nguyễn Văn Đức",
        full_text="Điều 1. Phê duyệt Kế hoạch cải cách hành chính của tỉnh Tây Ninh.",
        urgency=Urgency.URGENT,
        issued_date=date(2026, 2, 10),
    )
    letter = make_document(
        office.stp,
        direction=Direction.OUTGOING,
        state=DocumentState.ISSUED,
        doc_type="CV",
        code_number="05",
        code_notation="STP-VP",
        subject="Về việc góp ý dự thảo quy chế làm việc",
        organ_name="Sở Tư pháp",
        signer_name="Phạm Văn Ba",
        full_text="Sở Tư pháp đề nghị các đơn vị góp ý trước ngày 15/3/2026.",
        issued_date=date(2026, 3, 1),
    )
    other_agency = make_document(
        office.sxd, subject="Quyết định cấp giấy phép xây dựng", code_number="07"
    )
    secret = make_document(
        office.stp,
        subject="Quyết định về công tác bảo vệ bí mật",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    return {"decision": decision, "letter": letter, "other": other_agency, "secret": secret}


def _found(user, **criteria):
    return set(search(user, Criteria(**criteria)).values_list("pk", flat=True))


def test_a_query_without_diacritics_finds_the_text_with_them(office, docs):
    assert _found(office.clerk, q="quyet dinh") == {docs["decision"].pk}
    assert _found(office.clerk, q="QUYẾT ĐỊNH phê duyệt") == {docs["decision"].pk}
    # the full text, not only the subject
    assert _found(office.clerk, q="tay ninh") == {docs["decision"].pk}
    assert _found(office.clerk, q="gop y truoc ngay") == {docs["letter"].pk}
    assert _found(office.clerk, q="khong co tu nay") == set()


def test_search_only_finds_what_the_user_may_read(office, docs):
    everyone = {d.pk for d in docs.values()}
    assert _found(office.province_leader, q="quyet dinh") == {
        docs["decision"].pk,
        docs["other"].pk,
        docs["secret"].pk,
    }
    # the clerk of STP: not Sở Xây dựng's, not the confidential one they are not named on
    assert _found(office.other_clerk, q="quyet dinh") == {docs["other"].pk}
    assert docs["secret"].pk not in _found(office.clerk, q="bi mat")
    assert _found(office.specialist, q="quyet dinh") == set()
    assert _found(office.province_leader, direction="in") <= everyone


def test_every_metadata_field_narrows_the_search(office, docs):
    d, letter = docs["decision"].pk, docs["letter"].pk
    assert _found(office.clerk, number="15/QĐ-UBND") == {d}
    assert _found(office.clerk, number="5/STP-VP") == {letter}
    assert _found(office.clerk, number="05") == {letter}
    assert _found(office.clerk, number="QĐ-UBND") == {d}
    assert _found(office.clerk, doc_type="CV") == {letter}
    assert _found(office.clerk, issuer="so tu phap") == {letter}
    assert _found(office.clerk, subject="quy che lam viec") == {letter}
    assert _found(office.clerk, signer="nguyen van duc") == {d}
    assert _found(office.clerk, date_from=date(2026, 2, 15)) >= {letter}
    assert d not in _found(office.clerk, date_from=date(2026, 2, 15))
    assert _found(office.clerk, date_to=date(2026, 2, 11)) == {d}
    assert _found(office.clerk, urgency=Urgency.URGENT) == {d}
    assert _found(office.clerk, direction=Direction.OUTGOING) == {letter}
    assert _found(office.clerk, state=DocumentState.ISSUED) == {letter}
    assert _found(office.clerk, q="quyet dinh", urgency=Urgency.NORMAL) == set()


def test_the_index_follows_changes_and_can_be_rebuilt(office, docs):
    decision = docs["decision"]
    decision.subject = "Chỉ thị tăng cường kỷ luật hành chính"
    decision.full_text = ""
    decision.save()
    assert _found(office.clerk, q="ky luat") == {decision.pk}
    DocumentSearchText.objects.all().delete()
    assert _found(office.clerk, q="ky luat") == set()
    assert reindex() == 4
    assert _found(office.clerk, q="ky luat") == {decision.pk}


def _signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_search_page_and_its_excel_export(client, office, docs):
    _signed_in(client, office.clerk)
    url = reverse("documents:search")
    page = client.get(url, {"q": "quyet dinh"})
    assert page.status_code == 200
    assert "Quyết định phê duyệt kế hoạch" in page.content.decode()
    assert "giấy phép xây dựng" not in page.content.decode()
    bad = client.get(url, {"date_from": "31/12/2026", "date_to": "01/01/2026"})
    assert bad.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu" in bad.content.decode()
    export = client.get(url, {"q": "quyet dinh", "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [r[1] for r in rows] == ["15/QĐ-UBND"]


def test_the_search_api(client, office, docs):
    _signed_in(client, office.clerk)
    answer = client.get("/api/v1/documents/search", {"q": "quyet dinh"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    assert body["items"][0]["number_and_symbol"] == "15/QĐ-UBND"
    assert client.get("/api/v1/documents/search").status_code == 422


def test_the_count_stops_at_the_cap(office, docs):
    from tinhso.documents.search import CappedResults

    results = search(office.province_leader, Criteria(q="quyet dinh"))
    assert CappedResults(results, cap=5).total == 3 and not CappedResults(results, cap=5).capped
    capped = CappedResults(results, cap=2)
    assert capped.capped and capped.total == 3
    assert [d.pk for d in capped[:2]] == list(results.values_list("pk", flat=True)[:2])


def test_postgresql_answers_the_full_text_from_the_gin_index(office, docs):
    """The query's expression must be the index's, or PostgreSQL re-reads every row."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    from tinhso.documents.search import full_text_ids

    sql, params = full_text_ids("quyet dinh").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "documents_search_vector_gin" in plan
