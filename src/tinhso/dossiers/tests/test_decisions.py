"""Decisions on a received dossier (docs/decisions.md): refusal proposed by the step and
decided by the competent leader; apology and extension (Mẫu 04) in time, by the leader of
the agency at fault, each a numbered decision; stop (Mẫu 05) and withdrawal records."""

import io
import re
import unicodedata
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tinhso.catalogue.models import ProcessStep
from tinhso.dossiers import decisions, paperwork, selectors, services, timeline
from tinhso.dossiers.constants import Action, LetterKind, Status
from tinhso.dossiers.models import OfficialLetter
from tinhso.dossiers.tests.conftest import PASSWORD
from tinhso.dossiers.workflow import NotAllowed, TransitionError, allowed_actions
from tinhso.organisation.roles import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def act(dossier, action, actor, note="", **data):
    return services.dossier_act(dossier, action, actor=actor, note=note, data=data)


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def officer(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def thursday(new_dossier, cast):
    """Received Thu 19/11/2026 09:00: the receipt says Fri 04/12/2026 17:00."""
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        return services.counter_receive(new_dossier(fees_paid=200000), actor=cast.reception)


# --- 1. refusal after reception -------------------------------------------------------------


def _propose(d, cast):
    return act(
        d,
        Action.PROPOSE_REFUSAL,
        cast.specialist,
        "Người yêu cầu không thuộc đối tượng được cấp Phiếu lý lịch tư pháp số 2",
        legal_basis="Khoản 2 Điều 7 Luật Lý lịch tư pháp 2009",
    )


def test_the_specialist_only_proposes_and_the_dossier_stays_open(received, cast):
    with pytest.raises(TransitionError, match="Chưa có đề xuất từ chối"):
        act(received, Action.REFUSE, cast.specialist, "Không đủ điều kiện")
    with pytest.raises(TransitionError, match="căn cứ pháp lý"):
        act(received, Action.PROPOSE_REFUSAL, cast.specialist, "Không đủ điều kiện")
    form = officer(cast.specialist).get(reverse("dossiers:office_dossier", args=[received.code]))
    assert 'name="legal_basis"' in form.content.decode()  # the proposal asks for its basis
    d = _propose(received, cast)
    assert d.status == Status.PROCESSING and d.closed_at is None
    assert d.refusal_proposed_at is not None
    event = d.events.get(action=Action.PROPOSE_REFUSAL)
    assert event.data["legal_basis"] == "Khoản 2 Điều 7 Luật Lý lịch tư pháp 2009"
    # Nothing moves on while the leader decides; the specialist cannot close it either.
    with pytest.raises(TransitionError, match="đề xuất từ chối"):
        act(d, Action.FORWARD, cast.specialist)
    with pytest.raises(NotAllowed, match="lãnh đạo cơ quan giải quyết"):
        act(d, Action.REFUSE, cast.specialist)
    assert {t.action for t in allowed_actions(d, cast.leader)} >= {
        Action.REFUSE,
        Action.REJECT_REFUSAL,
    }
    page = officer(cast.leader).get(reverse("dossiers:office_dossier", args=[d.code]))
    body = page.content.decode()
    assert "Đề xuất từ chối giải quyết – chờ lãnh đạo Sở Tư pháp quyết định" in body
    assert d in selectors.queue(cast.leader, "viec-cua-toi")  # in the leader's work queue
    assert "Khoản 2 Điều 7 Luật Lý lịch tư pháp 2009" in body


def test_the_leader_may_send_the_proposal_back(received, cast):
    d = _propose(received, cast)
    with pytest.raises(TransitionError, match="lý do"):
        act(d, Action.REJECT_REFUSAL, cast.leader, "")
    d = act(d, Action.REJECT_REFUSAL, cast.leader, "Đủ điều kiện, đề nghị tiếp tục thẩm định")
    assert d.status == Status.PROCESSING and d.refusal_proposed_at is None
    d = act(d, Action.FORWARD, cast.specialist)  # processing goes on
    assert d.current_step.order == 2
    assert not OfficialLetter.objects.exists()


def test_the_leaders_refusal_is_a_numbered_notice_not_form_03(received, cast):
    d = _propose(received, cast)
    d = act(d, Action.REFUSE, cast.leader)
    assert d.status == Status.REFUSED and d.closed_at is not None
    forms = dict(paperwork.available_forms(d))
    assert "03" not in forms and paperwork.form_pdf(d, "03") is None
    assert forms[paperwork.NOTICE_REFUSAL] == "Thông báo từ chối giải quyết hồ sơ"
    letter = OfficialLetter.objects.get(dossier=d)
    assert (letter.reference, letter.kind) == ("01/TB-STP", LetterKind.REFUSAL_NOTICE)
    assert letter.event == d.events.get(action=Action.REFUSE)
    assert letter.signer_name == "Phạm Văn Ba"
    text = pdf_text(paperwork.form_pdf(d, paperwork.NOTICE_REFUSAL))
    for expected in (
        "Số: 01/TB-STP",
        "THÔNG BÁO",
        "từ chối giải quyết hồ sơ",
        "không thuộc đối tượng được cấp Phiếu lý lịch tư pháp số 2",
        "Căn cứ pháp lý: Khoản 2 Điều 7 Luật Lý lịch tư pháp 2009",
        "Phạm Văn Ba",
        d.code,
    ):
        assert expected in text, expected
    assert "CÁN BỘ TIẾP NHẬN" not in text and "Mẫu số 03" not in text
    # The office page offers the notice, not Mẫu 03; a reprint keeps the number.
    client = officer(cast.reception)
    assert client.get(reverse("dossiers:form_pdf", args=[d.code, "03"])).status_code == 404
    again = client.get(reverse("dossiers:form_pdf", args=[d.code, paperwork.NOTICE_REFUSAL]))
    assert again.status_code == 200 and "Số: 01/TB-STP" in pdf_text(again.content)
    assert OfficialLetter.objects.count() == 1


def test_refusal_at_reception_still_prints_form_03(new_dossier, cast):
    d = services.dossier_create(new_dossier(), actor=cast.reception)
    d = act(d, Action.REFUSE_RECEPTION, cast.reception, "Thủ tục không thuộc thẩm quyền")
    forms = dict(paperwork.available_forms(d))
    assert "03" in forms and paperwork.NOTICE_REFUSAL not in forms


# --- 2. apology and extension ---------------------------------------------------------------


def test_extension_is_refused_on_the_due_day_and_after(thursday, cast):
    for moment in (at(2026, 12, 4, 8, 0), at(2026, 12, 7, 9, 0)):
        with time_machine.travel(moment, tick=False), pytest.raises(TransitionError) as caught:
            act(thursday, Action.EXTEND, cast.leader, "Chờ xác minh", new_due_date="2026-12-11")
        assert "chậm nhất" in str(caught.value)
    thursday.refresh_from_db()
    assert thursday.extensions == 0 and not OfficialLetter.objects.exists()
    with time_machine.travel(at(2026, 12, 3, 16, 0), tick=False):
        d = act(thursday, Action.EXTEND, cast.leader, "Chờ xác minh", new_due_date="2026-12-11")
    assert d.extensions == 1 and d.due_at == at(2026, 12, 11, 17, 0)


def test_the_dossier_page_warns_from_two_working_days_before(thursday, cast):
    assert decisions.extension_latest_day(thursday.due_at).isoformat() == "2026-12-03"
    assert decisions.extension_warning(thursday, at(2026, 12, 1, 9, 0)) == ""
    warning = decisions.extension_warning(thursday, at(2026, 12, 2, 9, 0))
    assert "chậm nhất ngày 03/12/2026" in warning
    with time_machine.travel(at(2026, 12, 2, 9, 0), tick=False):
        page = officer(cast.leader).get(reverse("dossiers:office_dossier", args=[thursday.code]))
    assert "chậm nhất ngày 03/12/2026" in page.content.decode()


def test_each_extension_is_a_leaders_numbered_decision_quoting_the_receipt(thursday, cast):
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False):
        with pytest.raises(NotAllowed, match="lãnh đạo"):
            act(thursday, Action.EXTEND, cast.specialist, "Chậm", new_due_date="2026-12-11")
        first = act(thursday, Action.EXTEND, cast.leader, "Chờ xác minh", new_due_date="2026-12-11")
    with time_machine.travel(at(2026, 12, 9, 10, 0), tick=False):
        with pytest.raises(NotAllowed):
            act(first, Action.EXTEND, cast.specialist, "Lần hai", new_due_date="2026-12-18")
        with pytest.raises(TransitionError, match="lý do"):
            act(first, Action.EXTEND, cast.leader, "", new_due_date="2026-12-18")
        second = act(
            first,
            Action.EXTEND,
            cast.leader,
            "Cơ quan công an chưa trả lời xác minh",
            new_due_date="2026-12-18",
        )
    assert second.extensions == 2
    events = list(second.events.filter(action=Action.EXTEND).order_by("at"))
    assert [e.data["decision"] for e in events] == [1, 2]
    assert [e.data["letter"] for e in events] == ["01/STP-VP", "02/STP-VP"]
    assert events[1].data["receipt_due_at"].startswith("2026-12-04T")
    text = pdf_text(paperwork.form_pdf(second, "04"))
    assert "Số: 02/STP-VP" in text and "lần thứ hai" in text
    assert "Cơ quan công an chưa trả lời xác minh" in text
    # The original date is the one on the receipt (04/12), not the first extension's (11/12).
    assert re.search(r"hẹn trả kết quả là: .{0,40}04/12/2026", text), text
    assert "18/12/2026" in text and "Phạm Văn Ba" in text
    assert "ngày 09 tháng 12 năm 2026" in text  # dated when issued, never back-dated


def test_the_apology_is_the_agency_at_fault(new_dossier, procedures, cast, province):
    version = procedures["lltp"]
    for order, (name, agency, role, allotted) in enumerate(
        [
            ("Thẩm định", province["stp"], Role.SPECIALIST, "2"),
            ("Xác minh liên thông", province["sxd"], Role.SPECIALIST, "2"),
            ("Phê duyệt", province["stp"], Role.AGENCY_LEADER, "1"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            version=version, order=order, name=name, agency=agency, role=role, allotted=allotted
        )
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
        d = act(d, Action.FORWARD, cast.specialist)
    assert d.current_step.agency == province["sxd"]
    # Sở Xây dựng's step is past its own due time: its leader writes the apology.
    with time_machine.travel(at(2026, 12, 1, 9, 0), tick=False):
        assert decisions.agency_at_fault(d) == province["sxd"]
        with pytest.raises(NotAllowed):
            act(d, Action.EXTEND, cast.leader, "Chậm", new_due_date="2026-12-11")
        d = act(d, Action.EXTEND, cast.other_leader, "Chờ số liệu", new_due_date="2026-12-11")
    letter = OfficialLetter.objects.get(dossier=d)
    assert letter.agency == province["sxd"] and letter.reference == "01/SXD-VP"
    text = pdf_text(paperwork.form_pdf(d, "04"))
    assert "SỞ XÂY DỰNG" in text and "Đỗ Văn Năm" in text
    assert Decimal(d.current_step.allotted) == Decimal("2")


# --- 3. stop and withdrawal -----------------------------------------------------------------


def test_the_stop_notice_prints_request_stage_decision_and_settlement(thursday, cast):
    with time_machine.travel(at(2026, 11, 24, 10, 0), tick=False):
        with pytest.raises(TransitionError, match="Số tiền hoàn trả"):
            act(thursday, Action.STOP, cast.leader, "Người nộp xin dừng", refund_amount=300000)
        d = act(
            thursday,
            Action.STOP,
            cast.leader,
            "Người yêu cầu đề nghị dừng để bổ sung giấy tờ ở nước ngoài",
            request_by="bà Nguyễn Thị Ánh",
            request_date="2026-11-23",
            request_how="đơn nộp tại Bộ phận Một cửa",
            refund_amount=150000,
        )
    event = d.events.get(action=Action.STOP)
    assert event.data["request_by"] == "bà Nguyễn Thị Ánh" and event.data["own_motion"] is False
    assert event.data["refund_amount"] == 150000 and event.data["fees_paid"] == 200000
    assert event.data["stage"].startswith("Bước 1")
    assert event.data["letter"] == "01/TB-STP"
    text = pdf_text(paperwork.form_pdf(d, "05"))
    for expected in (
        "Số: 01/TB-STP",
        "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ",
        "Xét đề nghị dừng giải quyết hồ sơ của bà Nguyễn Thị Ánh ngày 23/11/2026 "
        "(đơn nộp tại Bộ phận Một cửa);",
        "Giai đoạn giải quyết tại thời điểm dừng: Bước 1",
        f"Dừng giải quyết hồ sơ mã số {d.code} kể từ 10 giờ 00, ngày 24/11/2026",
        "hoàn trả 150.000 đồng",
        "Phạm Văn Ba",
    ):
        assert expected in text, expected
    assert ".;" not in text and "Căn cứ Dừng" not in text


def test_a_stop_on_the_bodys_own_motion_says_so(received, cast):
    d = act(received, Action.STOP, cast.leader, "Hồ sơ có dấu hiệu giả mạo giấy tờ")
    assert d.events.get(action=Action.STOP).data["own_motion"] is True
    text = pdf_text(paperwork.form_pdf(d, "05"))
    assert "Đề nghị dừng giải quyết: không có" in text and "Xét đề nghị" not in text
    assert "không có khoản phải hoàn trả" in text


def test_the_applicant_keeps_a_record_of_the_withdrawal(received, cast):
    d = act(received, Action.WITHDRAW, cast.citizen, "Tôi không cần phiếu nữa")
    forms = dict(paperwork.available_forms(d))
    assert forms[paperwork.WITHDRAWAL] == "Xác nhận rút hồ sơ"
    pdf = paperwork.form_pdf(d, paperwork.WITHDRAWAL, personal=True)
    text = pdf_text(pdf)
    for expected in (
        "XÁC NHẬN RÚT HỒ SƠ",
        d.code,
        "Nguyễn Thị Ánh",
        "Tôi không cần phiếu nữa",
        "rút trực tuyến",
        "Bước 1",
    ):
        assert expected in text, expected
    assert "Mẫu số 05" not in text
    page = officer(cast.reception).get(
        reverse("dossiers:form_pdf", args=[d.code, paperwork.WITHDRAWAL])
    )
    assert page.status_code == 200 and page.content.startswith(b"%PDF")


def test_the_applicant_sees_the_decision_not_the_deliberation(received, cast):
    d = _propose(received, cast)
    labels = [e.label for e in timeline.applicant_timeline(d)]
    assert not any("Đề xuất" in label for label in labels)
    d = act(d, Action.REFUSE, cast.leader, "Đồng ý")
    last = timeline.applicant_timeline(d)[-1]
    assert last.label == "Từ chối giải quyết"
    assert "Phiếu lý lịch tư pháp số 2" in last.note and "Khoản 2 Điều 7" in last.note


def test_the_leader_stops_from_the_dossier_page_with_the_request(received, cast):
    client = officer(cast.leader)
    response = client.post(
        reverse("dossiers:office_action", args=[received.code, Action.STOP]),
        {
            "note": "Người nộp xin dừng",
            "request_by": "bà Nguyễn Thị Ánh",
            "request_date": "2026-12-03",
            "request_how": "đơn giấy",
            "refund_amount": "0",
        },
    )
    assert response.status_code == 302
    data = received.events.get(action=Action.STOP).data
    assert (data["request_by"], data["request_date"], data["request_how"]) == (
        "bà Nguyễn Thị Ánh",
        "2026-12-03",
        "đơn giấy",
    )
    assert data["refund_amount"] == 0 and data["letter"] == "01/TB-STP"
    proposal = officer(cast.specialist).post(
        reverse("dossiers:office_action", args=[received.code, Action.PROPOSE_REFUSAL]),
        {"note": "x", "legal_basis": "y"},
    )
    assert proposal.status_code == 409  # the dossier is closed: nothing changes
