"""The work-file pages: my list with deadline marks, opening (from a document), the detail
page's forms, actions and undo, delegations, every refusal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tinhso.documents.kinds import Confidentiality
from tinhso.workfiles import services
from tinhso.workfiles.models import Opinion, WorkDelegation, WorkFile, WorkFileState

from .conftest import document, open_file

pytestmark = pytest.mark.django_db


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(f"workfiles:{name}", args=args), query)


def test_my_list_marks_overdue_and_due_soon_and_hides_others_files(client, office):
    late = open_file(office, now=timezone.now() - timedelta(days=60), title="Việc trễ hạn")
    open_file(office, now=timezone.now(), deadline_days=1, title="Việc sắp đến hạn")
    open_file(office, in_charge=office.head, title="Việc của trưởng phòng")
    html = page(client, office.specialist, "mine").content.decode()
    assert "Việc trễ hạn" in html and "Quá hạn" in html
    assert "Việc sắp đến hạn" in html and "Sắp đến hạn" in html
    assert "Việc của trưởng phòng" not in html
    assert late.code in html
    assert (
        "Việc của trưởng phòng"
        in page(client, office.leader, "mine", pham_vi="co-quan").content.decode()
    )


def test_opening_a_file_from_an_incoming_document(client, office):
    incoming = document(office, subject="Đề nghị thẩm định quy chế")
    client.force_login(office.leader)
    url = reverse("workfiles:new") + f"?van_ban={incoming.pk}"
    assert "Đề nghị thẩm định quy chế" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "agency": office.stp.pk,
            "title": "Thẩm định quy chế",
            "deadline_days": "5",
            "department": office.legal_dept.pk,
            "in_charge": office.specialist.pk,
        },
    )
    wf = WorkFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "workfiles:detail", args=[wf.pk]
    )
    assert (wf.in_charge, wf.links.get().document) == (office.specialist, incoming)


def test_opening_from_an_unreadable_document_is_404_and_bad_input_is_explained(client, office):
    secret = document(office, confidentiality=Confidentiality.SECRET)
    assert page(client, office.specialist, "new", van_ban=secret.pk).status_code == 404
    response = client.post(
        reverse("workfiles:new"),
        {"agency": office.stp.pk, "title": "", "deadline_days": "0"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thời hạn (ngày làm việc)" in html and 'role="alert"' in html
    assert not WorkFile.objects.exists()


def test_detail_offers_the_table_actions_and_takes_them(client, office, wf):
    html = page(client, office.specialist, "detail", wf.pk).content.decode()
    assert "Bắt đầu xử lý" in html and "Trình ký" not in html
    response = client.post(reverse("workfiles:act", args=[wf.pk, "start"]), {"version": wf.version})
    assert response.status_code == 302
    assert WorkFile.objects.get(pk=wf.pk).state == WorkFileState.IN_PROGRESS
    client.post(reverse("workfiles:act", args=[wf.pk, "pause"]), {"note": ""})
    assert WorkFile.objects.get(pk=wf.pk).state == WorkFileState.IN_PROGRESS
    follow = client.get(reverse("workfiles:detail", args=[wf.pk])).content.decode()
    assert "Cần ghi lý do khi" in follow


def test_a_reader_who_takes_no_part_is_refused_403_and_strangers_404(client, office, wf):
    client.force_login(office.clerk)
    assert client.post(reverse("workfiles:act", args=[wf.pk, "start"])).status_code == 403
    client.force_login(office.other_leader)
    assert client.get(reverse("workfiles:detail", args=[wf.pk])).status_code == 404
    assert client.post(reverse("workfiles:act", args=[wf.pk, "start"])).status_code == 404
    assert client.post(reverse("workfiles:undo", args=[wf.pk])).status_code == 404
    assert WorkFile.objects.get(pk=wf.pk).state == WorkFileState.NEW


def test_undo_from_the_page(client, office, wf):
    services.work_file_act(
        user=office.specialist, work_file=wf, action="forward", to_user=office.office_specialist
    )
    html = page(client, office.specialist, "detail", wf.pk).content.decode()
    assert "Hoàn tác bước chuyển" in html
    client.post(reverse("workfiles:undo", args=[wf.pk]))
    assert WorkFile.objects.get(pk=wf.pk).in_charge == office.specialist
    client.force_login(office.head)
    client.post(reverse("workfiles:undo", args=[wf.pk]))
    assert (
        "chưa có bước chuyển"
        in client.get(reverse("workfiles:detail", args=[wf.pk])).content.decode()
    )


def test_detail_forms_opinion_progress_and_bad_input(client, office, wf):
    client.force_login(office.specialist)
    url = reverse("workfiles:detail", args=[wf.pk])
    client.post(url, {"thao_tac": "y_kien", "noi_dung": "Đã nghiên cứu hồ sơ"})
    client.post(url, {"thao_tac": "tien_do", "tien_do": "150"})
    html = client.get(url).content.decode()
    assert "Đã nghiên cứu hồ sơ" in html and "từ 0 đến 100" in html
    assert Opinion.objects.filter(work_file=wf).count() == 1
    assert WorkFile.objects.get(pk=wf.pk).progress == 0
    client.post(url, {"thao_tac": "tien_do", "tien_do": "60"})
    assert WorkFile.objects.get(pk=wf.pk).progress == 60
    client.post(url, {"thao_tac": "gan_van_ban", "van_ban": "999999"})  # not readable: 404
    assert client.post(url, {"thao_tac": "gan_van_ban", "van_ban": "999999"}).status_code == 404


def test_delegation_page(client, office):
    client.force_login(office.specialist)
    url = reverse("workfiles:delegations")
    today = timezone.localdate()
    bad = client.post(
        url,
        {
            "agency": office.stp.pk,
            "to_user": office.office_specialist.pk,
            "start_date": f"{today:%d/%m/%Y}",
            "end_date": "2026-13-01",
        },
    )
    assert "Ngày phải có dạng dd/mm/yyyy." in bad.content.decode()
    assert not WorkDelegation.objects.exists()
    client.post(
        url,
        {
            "agency": office.stp.pk,
            "to_user": office.office_specialist.pk,
            "start_date": f"{today:%d/%m/%Y}",
            "end_date": f"{today + timedelta(days=3):%d/%m/%Y}",
            "scope_note": "Nghỉ phép năm",
        },
    )
    row = WorkDelegation.objects.get()
    assert "Đang hiệu lực" in client.get(url).content.decode()
    client.force_login(office.office_specialist)
    assert client.post(reverse("workfiles:delegation_revoke", args=[row.pk])).status_code == 403
    client.force_login(office.specialist)
    client.post(reverse("workfiles:delegation_revoke", args=[row.pk]))
    assert WorkDelegation.objects.get().revoked_at is not None
