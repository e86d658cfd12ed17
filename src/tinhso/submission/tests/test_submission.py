"""Online submission as a citizen does it: draft, errors that lose nothing, review, submit."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tinhso.accounts.services import role_grant, staff_create
from tinhso.audit.models import AuditEvent
from tinhso.documentstore.constants import PaperKind
from tinhso.documentstore.services import paper_store
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.constants import Action, Channel, FileKind, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import dossier_act
from tinhso.dossiers.tracking import tracking_key
from tinhso.eforms.models import EFormAnswers
from tinhso.organisation.roles import Role
from tinhso.submission import services
from tinhso.submission.models import Draft, DraftFile

from .conftest import PDF, PNG, signed_in

pytestmark = pytest.mark.django_db


def start(client, version, agency) -> Draft:
    response = client.post(
        reverse("submission:start", args=[version.code]), {"receiving_agency": agency.pk}
    )
    assert response.status_code == 302, response.content.decode()
    draft = Draft.objects.latest("pk")
    assert response["Location"] == reverse("submission:draft", args=[draft.pk])
    return draft


def specs(version) -> dict[str, int]:
    return {c.name: c.pk for c in version.components.all()}


def birth_answers(**overrides) -> dict:
    data = {
        "tk-nyc_noi_cu_tru": "12 Trần Hưng Đạo, phường Tân Ninh, Tây Ninh",
        "tk-con_ho_ten": "Nguyễn Minh Khang",
        "tk-con_ngay_sinh": "05/01/2026",
        "tk-con_gioi_tinh": "nam",
        "tk-me_cccd": "072190001234",
        "tk-cam_doan": "on",
        "delivery_mode": "postal",
        "postal_address": "12 Trần Hưng Đạo, phường Tân Ninh, Tây Ninh",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def pdf(name="giay-chung-sinh.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_unauthenticated_citizen_is_sent_to_sign_in_and_back(procedures):
    url = reverse("submission:start", args=["1.001193"])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_happy_path_files_the_dossier_into_the_reception_queue(
    procedures, people, province, django_capture_on_commit_callbacks
):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    page = client.get(reverse("submission:start", args=[version.code])).content.decode()
    assert "Chọn nơi tiếp nhận hồ sơ" in page and "UBND phường Tân Ninh" in page
    draft = start(client, version, province["x1"])
    form_page = client.get(reverse("submission:draft", args=[draft.pk])).content.decode()
    assert 'value="Nguyễn Thị Ánh"' in form_page and "disabled" in form_page  # from the account
    ids = specs(version)
    data = birth_answers(**{f"file_{ids['Giấy chứng sinh']}": pdf(), "action": "review"})
    response = client.post(reverse("submission:draft", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("submission:review", args=[draft.pk])
    review = client.get(response["Location"]).content.decode()
    assert "Nguyễn Minh Khang" in review and "05/01/2026" in review and "Nam" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submission:submit", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("submission:done", args=[dossier.code])
    assert (dossier.status, dossier.channel) == (Status.SUBMITTED, Channel.ONLINE)
    assert dossier.receiving_agency == dossier.competent_agency == province["x1"]
    assert dossier.applicant == people.citizen
    assert (dossier.applicant_name, dossier.applicant_cccd, dossier.applicant_email) == (
        "Nguyễn Thị Ánh",
        "072190001234",
        "anh@example.vn",
    )
    assert dossier.applicant_address == "12 Trần Hưng Đạo, phường Tân Ninh, Tây Ninh"
    assert (dossier.delivery_mode, dossier.fees_due) == ("postal", 0)
    stored = dossier.files.get()
    assert (stored.kind, stored.component.name) == (FileKind.COMPONENT, "Giấy chứng sinh")
    assert stored.file.read() == PDF
    received = {c.name: c.received for c in dossier.components.all()}
    assert received == {
        "Tờ khai đăng ký khai sinh": True,  # the e-form is the tờ khai
        "Giấy chứng sinh": True,
        "Văn bản ủy quyền": False,
    }
    answers = EFormAnswers.objects.get(dossier=dossier).answers
    assert answers["con_ho_ten"] == "Nguyễn Minh Khang"
    assert answers["nyc_ho_ten"] == "Nguyễn Thị Ánh"
    assert answers["con_ngay_sinh"] == "2026-01-05"
    queue = dossier_selectors.queue(people.commune_reception, "cho-tiep-nhan")
    assert list(queue) == [dossier]
    assert [m.to for m in mail.outbox] == [["anh@example.vn"]]
    assert dossier.code in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="submission.submit", object_id=str(dossier.pk)).exists()
    assert not DraftFile.objects.exists()  # the dossier holds its own copy
    done = client.get(response["Location"]).content.decode()
    assert dossier.code in done
    track = f"{reverse('dossiers:track')}?ma={dossier.code}&amp;k={tracking_key(dossier.code)}"
    assert track in done
    officer = signed_in(people.commune_reception)
    office = officer.get(reverse("dossiers:office_dossier", args=[dossier.code])).content.decode()
    assert "Tờ khai đăng ký khai sinh (tờ khai điện tử)" in office
    assert "Nguyễn Minh Khang" in office
    # The counter receives it as it is: nothing required is missing.
    received_dossier = dossier_act(dossier, Action.RECEIVE, actor=people.commune_reception)
    assert received_dossier.status == Status.PROCESSING
    # Submitting again (a double click) files nothing new.
    again = client.post(reverse("submission:submit", args=[draft.pk]))
    assert again["Location"] == reverse("submission:done", args=[dossier.code])
    assert Dossier.objects.count() == 1


def test_after_an_error_the_draft_keeps_the_answers_and_the_uploaded_files(
    procedures, people, province
):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    ids = specs(version)
    data = birth_answers(
        **{
            "tk-con_ho_ten": "Nguyễn Minh Khang",
            "tk-con_gioi_tinh": "",  # missing
            "tk-me_cccd": "12345",  # wrong
            f"file_{ids['Giấy chứng sinh']}": pdf(),
            "action": "review",
        }
    )
    response = client.post(reverse("submission:draft", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hãy chọn giới tính." in page
    assert "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số." in page
    assert 'aria-describedby="id_tk-me_cccd_error"' in page
    assert "Đã đính kèm" in page and "giay-chung-sinh.pdf" in page
    draft.refresh_from_db()
    assert draft.answers["con_ho_ten"] == "Nguyễn Minh Khang"
    assert draft.answers["me_cccd"] == "12345"
    assert DraftFile.objects.get(draft=draft).original_name == "giay-chung-sinh.pdf"
    # Coming back later, everything is still there.
    again = client.get(reverse("submission:draft", args=[draft.pk])).content.decode()
    assert 'value="Nguyễn Minh Khang"' in again and "giay-chung-sinh.pdf" in again


def test_missing_required_component_is_named_and_the_draft_kept(procedures, people, province):
    client = signed_in(people.citizen)
    draft = start(client, procedures["khaisinh"], province["x1"])
    response = client.post(
        reverse("submission:draft", args=[draft.pk]), birth_answers(action="review")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Giấy chứng sinh</a>: Giấy tờ bắt buộc: hãy tải lên tệp hoặc chọn từ kho dữ liệu." in page
    )
    with pytest.raises(services.DraftIncomplete):
        services.draft_submit(draft, actor=people.citizen)
    response = client.post(reverse("submission:submit", args=[draft.pk]))
    assert response["Location"] == reverse("submission:draft", args=[draft.pk]) + "?kiem-tra=1"
    assert not Dossier.objects.exists()
    draft.refresh_from_db()
    assert draft.answers["con_ho_ten"] == "Nguyễn Minh Khang"


def test_a_file_renamed_to_pdf_is_refused(procedures, people, province):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    fake = pdf("giay-chung-sinh.pdf", PNG)
    response = client.post(
        reverse("submission:draft", args=[draft.pk]), birth_answers(**{field: fake})
    )
    assert response.status_code == 400
    assert "Nội dung tệp “giay-chung-sinh.pdf” không phải là tệp PDF hợp lệ." in (
        response.content.decode()
    )
    assert not DraftFile.objects.exists()
    assert Draft.objects.get().answers["con_ho_ten"] == "Nguyễn Minh Khang"  # the rest was kept


def test_an_oversize_file_is_refused(procedures, people, province, settings):
    settings.MAX_UPLOAD_MB = 1
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    big = pdf("to.pdf", PDF + b"0" * (1024 * 1024))
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    response = client.post(reverse("submission:draft", args=[draft.pk]), {field: big})
    assert response.status_code == 400
    assert "Tệp “to.pdf” lớn hơn 1 MB." in response.content.decode()
    assert not DraftFile.objects.exists()


def test_a_paper_from_the_store_is_attached_to_the_dossier(
    procedures, people, province, django_capture_on_commit_callbacks
):
    paper = paper_store(
        people.citizen,
        title="Giấy chứng sinh của bé Khang",
        content=ContentFile(PDF, name="chung-sinh.pdf"),
        content_type="application/pdf",
        kind=PaperKind.UPLOAD,
    )
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    assert (
        "Giấy chứng sinh của bé Khang"
        in client.get(reverse("submission:draft", args=[draft.pk])).content.decode()
    )
    spec = specs(version)["Giấy chứng sinh"]
    response = client.post(
        reverse("submission:draft", args=[draft.pk]),
        birth_answers(**{f"paper_{spec}": str(paper.pk), "action": "review"}),
    )
    assert response.status_code == 302, response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submission:submit", args=[draft.pk]))
    stored = Dossier.objects.get().files.get()
    assert stored.component.spec_id == spec
    assert stored.original_name == "chung-sinh.pdf"
    assert stored.file.read() == PDF
    # The reuse is on the record, for the 766 index (Thông tư 01/2023/TT-VPCP).
    submitted = stored.dossier.events.get(action="submit")
    assert submitted.data["reused_components"] == [stored.component_id]


def test_a_counter_only_procedure_cannot_be_filed_online(procedures, people, province):
    version = procedures["dichuc"]
    url = reverse("submission:start", args=[version.code])
    anonymous = Client().get(url)
    assert anonymous.status_code == 200
    assert "không nộp trực tuyến được" in anonymous.content.decode()
    client = signed_in(people.citizen)
    client.post(url, {"receiving_agency": province["x1"].pk})
    assert not Draft.objects.exists()
    with pytest.raises(services.SubmissionError, match="chưa cung cấp dịch vụ công trực tuyến"):
        services.draft_start(people.citizen, version, province["x1"])


def test_another_citizen_cannot_see_or_touch_my_draft(procedures, people, province):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    client.post(reverse("submission:draft", args=[draft.pk]), birth_answers(**{field: pdf()}))
    stored = DraftFile.objects.get()
    other = signed_in(people.stranger)
    for name in ("draft", "review", "delete"):
        assert other.get(reverse(f"submission:{name}", args=[draft.pk])).status_code == 404
    assert other.post(reverse("submission:submit", args=[draft.pk])).status_code == 404
    assert other.post(reverse("submission:draft", args=[draft.pk]), {}).status_code == 404
    file_url = reverse("submission:draft_file", args=[draft.pk, stored.pk])
    assert other.get(file_url).status_code == 404
    assert client.get(file_url).status_code == 200
    assert "Đăng ký khai sinh" not in other.get(reverse("submission:drafts")).content.decode()
    draft.refresh_from_db()
    assert draft.answers["con_ho_ten"] == "Nguyễn Minh Khang"


def test_cannot_pick_another_citizens_paper(procedures, people, province):
    theirs = paper_store(
        people.stranger,
        title="Giấy của người khác",
        content=ContentFile(PDF, name="x.pdf"),
        content_type="application/pdf",
        kind=PaperKind.UPLOAD,
    )
    paper_store(
        people.citizen,
        title="Giấy của tôi",
        content=ContentFile(PDF, name="y.pdf"),
        content_type="application/pdf",
        kind=PaperKind.UPLOAD,
    )
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    spec = specs(version)["Giấy chứng sinh"]
    page = client.get(reverse("submission:draft", args=[draft.pk])).content.decode()
    assert "Giấy của tôi" in page and "Giấy của người khác" not in page
    response = client.post(
        reverse("submission:draft", args=[draft.pk]), {f"paper_{spec}": str(theirs.pk)}
    )
    assert response.status_code == 400
    assert "Giấy tờ đã chọn không còn trong kho dữ liệu của bạn." in response.content.decode()
    assert not DraftFile.objects.exists()
    with pytest.raises(services.SubmissionError):
        services.draft_pick_paper(
            draft, version.components.get(pk=spec), theirs, actor=people.citizen
        )


def test_the_confirmation_of_another_citizens_dossier_is_404(
    procedures, people, province, django_capture_on_commit_callbacks
):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    client.post(reverse("submission:draft", args=[draft.pk]), birth_answers(**{field: pdf()}))
    dossier = services.draft_submit(draft, actor=people.citizen)
    url = reverse("submission:done", args=[dossier.code])
    assert signed_in(people.stranger).get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_saving_a_draft_keeps_partial_answers_without_complaining(procedures, people, province):
    client = signed_in(people.citizen)
    draft = start(client, procedures["khaisinh"], province["x1"])
    response = client.post(
        reverse("submission:draft", args=[draft.pk]),
        {"tk-con_ho_ten": "Khang", "action": "save"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu hồ sơ nháp lúc" in page
    assert 'value="Khang"' in page
    assert "Hãy chọn giới tính." not in page


def test_removing_an_attached_file(procedures, people, province):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    spec = specs(version)["Giấy chứng sinh"]
    client.post(reverse("submission:draft", args=[draft.pk]), {f"file_{spec}": pdf()})
    assert DraftFile.objects.count() == 1
    response = client.post(reverse("submission:draft", args=[draft.pk]), {"remove": str(spec)})
    assert response.status_code == 302
    assert not DraftFile.objects.exists()


def test_mot_phan_confirmation_says_what_to_bring_and_the_fee(
    procedures, people, province, django_capture_on_commit_callbacks
):
    client = signed_in(people.citizen)
    version = procedures["lltp"]
    draft = start(client, version, province["stp"])
    ids = specs(version)
    data = {
        "tk-dia_chi": "12 Trần Hưng Đạo",
        "tk-noi_dung": "Đề nghị cấp Phiếu lý lịch tư pháp số 1",
        "delivery_mode": "counter",
        f"file_{ids['Tờ khai yêu cầu cấp Phiếu']}": pdf("to-khai.pdf"),
        f"file_{ids['Bản chụp CCCD']}": SimpleUploadedFile("cccd.png", PNG, "image/png"),
        "action": "review",
    }
    response = client.post(reverse("submission:draft", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submission:submit", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert (dossier.receiving_agency, dossier.fees_due) == (province["stp"], 200000)
    assert dossier.files.count() == 2
    assert list(dossier_selectors.queue(people.justice_reception, "cho-tiep-nhan")) == [dossier]
    done = client.get(response["Location"]).content.decode()
    assert "dịch vụ công trực tuyến một phần" in done
    assert "mang theo bản chính để đối chiếu: Tờ khai yêu cầu cấp Phiếu; Bản chụp CCCD" in done
    assert "200.000 đồng" in done


def test_staff_accounts_do_not_file_online(procedures, people):
    response = signed_in(people.commune_reception).get(
        reverse("submission:start", args=["1.001193"])
    )
    assert response.status_code == 403


def test_officers_who_do_not_handle_the_dossier_see_cccds_masked(
    procedures, people, province, django_capture_on_commit_callbacks
):
    leader = staff_create(
        username="lanhdao", full_name="Hoàng Văn Bảy", password="x" * 4 + "Aa1!" * 4
    )
    role_grant(user=leader, agency=province["ubnd"], role=Role.PROVINCE_LEADER)
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    client.post(
        reverse("submission:draft", args=[draft.pk]),
        birth_answers(**{field: pdf(), "tk-me_cccd": "072185004321"}),
    )
    dossier = services.draft_submit(draft, actor=people.citizen)
    url = reverse("dossiers:office_dossier", args=[dossier.code])
    handling = signed_in(people.commune_reception).get(url).content.decode()
    assert "072185004321" in handling
    overseeing = signed_in(leader).get(url).content.decode()
    assert "Nguyễn Minh Khang" in overseeing
    assert "072185004321" not in overseeing and "072*******21" in overseeing
