"""Answering a request to supplement: uploads kept, checked bytes, the clock resumes."""

import pytest
import time_machine
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, FileKind, Status
from tinhso.dossiers.workflow import TransitionError
from tinhso.mydossiers import services as mine
from tinhso.mydossiers.models import SupplementDraft

from .conftest import PNG, act, at, pdf, signed_in

pytestmark = pytest.mark.django_db


def url(dossier) -> str:
    return reverse("mydossiers:supplement", args=[dossier.code])


def components(dossier):
    required = dossier.components.get(required=True)
    optional = dossier.components.get(required=False)
    return required, optional


def test_answer_resumes_the_clock_and_moves_the_status(new_dossier, cast):
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    assert d.due_at == at(2026, 12, 4, 17, 0)
    with time_machine.travel(at(2026, 11, 25, 10, 0), tick=False):
        d = act(d, Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung bản chụp CCCD rõ nét")
    _, cccd = components(d)
    client = signed_in(cast.citizen)
    page = client.get(url(d)).content.decode()
    assert "Bổ sung bản chụp CCCD rõ nét" in page  # what was asked
    # Answered Tue 01/12 09:00: the working days 26, 27, 30/11 and 01/12 (until 09:00)
    # waited for the applicant and do not count.
    with time_machine.travel(at(2026, 12, 1, 9, 0), tick=False):
        client = signed_in(cast.citizen)  # a session of that day
        response = client.post(
            url(d),
            {f"file_{cccd.pk}": pdf("cccd-ro-net.pdf"), "note": "Gửi bản chụp mới", "gui": "1"},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("mydossiers:detail", args=[d.code])
    d.refresh_from_db()
    assert d.status == Status.PROCESSING and not d.is_paused
    # Paused Wed 25/11 10:00, resumed Tue 1/12 09:00: 37 h of office time did not count, so
    # the deadline moves from Fri 4/12 17:00 by 37 h of office time (regulations: NĐ 118/2025).
    assert d.due_at == at(2026, 12, 10, 16, 0)
    assert d.pauses.get().ended_at == at(2026, 12, 1, 9, 0)
    sent = d.files.get(kind=FileKind.SUPPLEMENT)
    assert sent.original_name == "cccd-ro-net.pdf" and sent.component == cccd
    assert sent.uploaded_by == cast.citizen
    assert sent.file.read() == pdf().read()
    event = d.events.get(action=Action.SUPPLEMENT_RECEIVED)
    assert event.actor == cast.citizen and event.note == "Gửi bản chụp mới"
    assert not SupplementDraft.objects.exists()
    audited = set(AuditEvent.objects.filter(object_id=str(d.pk)).values_list("action", flat=True))
    assert {"dossier.attach", "dossier.supplement_received"} <= audited


def test_answer_before_reception_goes_back_to_the_counter(new_dossier, cast):
    d = services.dossier_create(new_dossier(received_components=set()), actor=cast.reception)
    d = act(d, Action.REQUEST_SUPPLEMENT, cast.reception, "Thiếu tờ khai (Mẫu 03/2013/TT-LLTP)")
    required, optional = components(d)
    client = signed_in(cast.citizen)
    only_optional = client.post(url(d), {f"file_{optional.pk}": pdf("cccd.pdf"), "gui": "1"})
    assert only_optional.status_code == 400
    assert "giấy tờ bắt buộc chưa nộp" in only_optional.content.decode()
    d.refresh_from_db()
    assert d.status == Status.AWAITING_SUPPLEMENT and not d.files.exists()
    done = client.post(url(d), {f"file_{required.pk}": pdf("to-khai.pdf"), "gui": "1"})
    assert done.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED  # the counter checks it again before receiving
    assert d.components.get(pk=required.pk).received
    assert sorted(d.files.values_list("original_name", flat=True)) == ["cccd.pdf", "to-khai.pdf"]


def test_bad_file_is_refused_and_the_good_uploads_are_kept(awaiting, cast):
    required, optional = components(awaiting)
    client = signed_in(cast.citizen)
    response = client.post(
        url(awaiting),
        {
            f"file_{optional.pk}": pdf("cccd.pdf"),
            f"file_{required.pk}": pdf("to-khai.pdf", b"MZ\x90\x00 not a pdf"),
            "note": "Ghi chú của tôi",
            "gui": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung tệp “to-khai.pdf” không phải là tệp PDF hợp lệ." in body
    assert f'aria-describedby="id_file_{required.pk}_helptext id_file_{required.pk}_error"' in body
    assert f'id="id_file_{required.pk}_error"' in body
    assert "Ghi chú của tôi" in body  # nothing typed is lost
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_SUPPLEMENT and not awaiting.files.exists()
    kept = SupplementDraft.objects.get()
    assert (kept.component, kept.original_name) == (optional, "cccd.pdf")
    assert "cccd.pdf" in body  # listed as uploaded, not sent

    # Only the refused one is uploaded again; the kept one goes with it.
    png = pdf("to-khai.png", PNG)
    response = client.post(url(awaiting), {f"file_{required.pk}": png, "gui": "1"})
    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == Status.PROCESSING
    assert sorted(awaiting.files.values_list("original_name", flat=True)) == [
        "cccd.pdf",
        "to-khai.png",
    ]


def test_too_large_and_empty_files_are_refused_with_a_message(awaiting, cast, settings):
    settings.MAX_UPLOAD_MB = 1
    required, optional = components(awaiting)
    big = pdf("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    response = signed_in(cast.citizen).post(
        url(awaiting),
        {f"file_{required.pk}": big, f"file_{optional.pk}": pdf("rong.pdf", b""), "gui": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Tệp “lon.pdf” lớn hơn 1 MB." in body
    assert "rỗng" in body.lower()
    assert not SupplementDraft.objects.exists()


def test_saving_without_sending_keeps_files_and_one_upload_per_component(awaiting, cast):
    _, optional = components(awaiting)
    client = signed_in(cast.citizen)
    client.post(url(awaiting), {f"file_{optional.pk}": pdf("lan-1.pdf"), "luu": "1"})
    client.post(url(awaiting), {f"file_{optional.pk}": pdf("lan-2.pdf"), "luu": "1"})
    assert list(SupplementDraft.objects.values_list("original_name", flat=True)) == ["lan-2.pdf"]
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_SUPPLEMENT
    draft = SupplementDraft.objects.get()
    seen = client.get(reverse("mydossiers:draft_file", args=[awaiting.code, draft.pk]))
    assert seen.status_code == 200 and b"".join(seen.streaming_content).startswith(b"%PDF")
    removed = client.post(reverse("mydossiers:draft_remove", args=[awaiting.code, draft.pk]))
    assert removed.status_code == 302 and not SupplementDraft.objects.exists()
    empty = client.post(url(awaiting), {"gui": "1"})
    assert empty.status_code == 400
    assert "Hãy tải lên ít nhất một giấy tờ bổ sung." in empty.content.decode()


def test_refused_when_not_awaiting_a_supplement(received, cast):
    required, _ = components(received)
    client = signed_in(cast.citizen)
    response = client.post(url(received), {f"file_{required.pk}": pdf(), "gui": "1"})
    assert response.status_code == 409
    assert client.get(url(received)).status_code == 302  # back to the dossier page
    received.refresh_from_db()
    assert received.status == Status.PROCESSING
    assert not received.files.exists() and not SupplementDraft.objects.exists()
    with pytest.raises(TransitionError, match="trạng thái 'Đang xử lý'"):
        mine.supplement_send(received, actor=cast.citizen)
    with pytest.raises(TransitionError):
        mine.supplement_draft_add(received, owner=cast.citizen, component=None, upload=pdf())


def test_only_the_applicant_answers(awaiting, cast):
    _, optional = components(awaiting)
    with pytest.raises(TransitionError, match="người nộp hồ sơ"):
        mine.supplement_draft_add(awaiting, owner=cast.stranger, component=optional, upload=pdf())
    assert not SupplementDraft.objects.exists()


def test_a_paper_from_the_data_store_answers_the_request(awaiting, cast):
    from tinhso.documentstore.services import paper_store

    _, optional = components(awaiting)
    paper = paper_store(
        cast.citizen,
        title="CCCD hai mặt",
        content=pdf("cccd-kho.pdf"),
        content_type="application/pdf",
        kind="upload",
        actor=cast.citizen,
    )
    theirs = paper_store(
        cast.stranger,
        title="Của người khác",
        content=pdf("khac.pdf"),
        content_type="application/pdf",
        kind="upload",
        actor=cast.stranger,
    )
    client = signed_in(cast.citizen)
    page = client.get(url(awaiting)).content.decode()
    assert "CCCD hai mặt" in page and "Của người khác" not in page
    stolen = client.post(url(awaiting), {f"paper_{optional.pk}": str(theirs.pk), "gui": "1"})
    assert stolen.status_code == 400
    assert "không có trong kho dữ liệu" in stolen.content.decode()
    response = client.post(url(awaiting), {f"paper_{optional.pk}": str(paper.pk), "gui": "1"})
    assert response.status_code == 302
    awaiting.refresh_from_db()
    sent = awaiting.files.get(kind=FileKind.SUPPLEMENT)
    assert sent.original_name == "cccd-kho.pdf" and sent.component == optional
