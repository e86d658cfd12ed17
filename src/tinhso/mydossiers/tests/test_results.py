"""Results: the electronic result for its owner, delivery by post, the data store."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.documentstore.selectors import papers_of
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, FileKind, Status
from tinhso.dossiers.workflow import NotAllowed, TransitionError
from tinhso.mydossiers.models import FiledPaper
from tinhso.mydossiers.services import results_to_store

from .conftest import act, pdf, signed_in

pytestmark = pytest.mark.django_db

RESULT = b"%PDF-1.7\nPhieu ly lich tu phap so 1\n%%EOF\n"


def test_the_officer_attaches_the_result_when_returning_and_the_owner_downloads_it(
    received, cast, to_result
):
    ready = to_result(received, result=None)
    client = signed_in(cast.citizen)
    officer = signed_in(cast.reception)
    response = officer.post(
        reverse("dossiers:office_action", args=[ready.code, Action.RETURN_RESULT]),
        {"note": "", "result_file": pdf("phieu-lltp.pdf", RESULT)},
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Status.RETURNED
    result = ready.files.get(kind=FileKind.RESULT)
    page = client.get(reverse("mydossiers:detail", args=[ready.code])).content.decode()
    link = reverse("mydossiers:file", args=[ready.code, result.pk])
    assert link in page and "Kết quả giải quyết (bản điện tử)" in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == RESULT
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert signed_in(cast.stranger).get(link).status_code == 404


def test_the_result_is_not_given_before_it_is_returned(received, cast, to_result):
    ready = to_result(received, result=RESULT)
    result = ready.files.get(kind=FileKind.RESULT)
    client = signed_in(cast.citizen)
    page = client.get(reverse("mydossiers:detail", args=[ready.code])).content.decode()
    assert "Có kết quả" in page
    assert "Kết quả giải quyết (bản điện tử)" not in page
    assert client.get(reverse("mydossiers:file", args=[ready.code, result.pk])).status_code == 404


def test_result_file_only_with_approval_or_return(received, cast):
    response = signed_in(cast.specialist).post(
        reverse("dossiers:office_action", args=[received.code, Action.FORWARD]),
        {"note": "", "result_file": pdf("ket-qua.pdf")},
    )
    assert response.status_code == 400
    assert "Chỉ đính kèm tệp kết quả khi phê duyệt hoặc trả kết quả." in response.content.decode()
    received.refresh_from_db()
    assert received.current_step.order == 1 and not received.files.exists()


def test_returned_papers_land_in_the_data_store_once(new_dossier, cast, to_result):
    d = services.counter_receive(
        new_dossier(
            files=[services.NewFile(pdf("to-khai.pdf"), None, FileKind.COMPONENT)],
        ),
        actor=cast.reception,
    )
    tokhai = d.components.get(required=True)
    services.dossier_attach(
        d,
        [services.NewFile(pdf("to-khai-online.pdf"), tokhai.spec_id, FileKind.COMPONENT)],
        actor=cast.citizen,
    )
    ready = to_result(d, result=RESULT)
    assert not papers_of(cast.citizen).exists()  # nothing before the return
    returned = act(ready, Action.RETURN_RESULT, cast.reception)
    papers = list(papers_of(cast.citizen).order_by("id"))
    assert [(p.kind, p.title) for p in papers] == [
        ("component", "to-khai.pdf"),
        ("component", tokhai.name),
        ("result", f"Giấy khai sinh (hồ sơ {returned.code})"),
    ]
    assert all(p.source_dossier_id == returned.pk for p in papers)
    assert papers[-1].file.read() == RESULT
    # Again (a retry, the catch-up command): nothing is filed twice.
    assert results_to_store(returned) == 0
    call_command("mydossiers_file_results", stdout=io.StringIO())
    assert papers_of(cast.citizen).count() == 3
    assert FiledPaper.objects.count() == 3
    assert not papers_of(cast.stranger).exists()


def test_a_paper_the_store_cannot_read_does_not_stop_the_return_and_is_filed_later(
    new_dossier, cast, to_result
):
    d = services.counter_receive(new_dossier(), actor=cast.reception)
    ready = to_result(d, result=RESULT)
    result = ready.files.get(kind=FileKind.RESULT)
    storage, name = result.file.storage, result.file.name
    storage.delete(name)  # the file store is unavailable at the moment of the return
    returned = act(ready, Action.RETURN_RESULT, cast.reception)
    assert returned.status == Status.RETURNED
    assert not papers_of(cast.citizen).exists()
    assert storage.save(name, ContentFile(RESULT)) == name  # back again
    out = io.StringIO()
    call_command("mydossiers_file_results", stdout=out)
    assert "Đã đưa 1 tệp" in out.getvalue()
    assert [p.kind for p in papers_of(cast.citizen)] == ["result"]


def test_delivery_by_post_before_the_return_refused_after(received, cast, to_result):
    client = signed_in(cast.citizen)
    url = reverse("mydossiers:delivery", args=[received.code])
    page = client.get(url).content.decode()
    assert "Qua dịch vụ bưu chính công ích" in page
    assert "Trực tuyến" not in page  # LLTP here offers counter and post only
    missing = client.post(url, {"mode": "postal", "postal_address": ""})
    assert missing.status_code == 400
    assert "Hãy nhập địa chỉ nhận kết quả qua bưu chính." in missing.content.decode()
    not_offered = client.post(url, {"mode": "electronic"})
    assert not_offered.status_code == 400
    done = client.post(url, {"mode": "postal", "postal_address": "45 Cách Mạng Tháng Tám"})
    assert done.status_code == 302
    received.refresh_from_db()
    assert (received.delivery_mode, received.postal_address) == (
        "postal",
        "45 Cách Mạng Tháng Tám",
    )
    audit = AuditEvent.objects.get(action="dossier.delivery_change")
    assert audit.changes["delivery_mode"] == ["counter", "postal"]
    shown = client.get(reverse("mydossiers:detail", args=[received.code])).content.decode()
    assert "Qua dịch vụ bưu chính công ích: 45 Cách Mạng Tháng Tám" in shown

    returned = act(to_result(received), Action.RETURN_RESULT, cast.reception)
    late = client.post(url, {"mode": "counter"})
    assert late.status_code == 409
    with pytest.raises(TransitionError, match="Đã trả kết quả"):
        services.delivery_change(returned, mode="counter", postal_address="", actor=cast.citizen)
    returned.refresh_from_db()
    assert returned.delivery_mode == "postal"


def test_delivery_change_by_someone_else_is_refused(received, cast):
    with pytest.raises(NotAllowed):
        services.delivery_change(
            received, mode="postal", postal_address="1 Lê Lợi", actor=cast.stranger
        )
    with pytest.raises(NotAllowed):
        services.delivery_change(
            received, mode="postal", postal_address="1 Lê Lợi", actor=cast.specialist
        )
    # The one-stop officer of the receiving agency may record it for the applicant.
    changed = services.delivery_change(
        received, mode="postal", postal_address="1 Lê Lợi", actor=cast.reception
    )
    assert changed.delivery_mode == "postal"
    cleared = services.delivery_change(
        received, mode="counter", postal_address="1 Lê Lợi", actor=cast.citizen
    )
    assert (cleared.delivery_mode, cleared.postal_address) == ("counter", "")
