"""HỒ SƠ CỦA TÔI: the list, the dossier page, and nobody else's dossier anywhere."""

import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.tokens import token_issue
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, Status
from tinhso.mydossiers.models import SupplementDraft
from tinhso.ratings.constants import CRITERIA

from .conftest import act, at, pdf, signed_in

pytestmark = pytest.mark.django_db


def test_list_shows_only_my_dossiers_newest_first_with_dates_and_status(new_dossier, cast):
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        older = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(2026, 11, 23, 9, 0), tick=False):
        newer = services.dossier_create(new_dossier(), actor=cast.reception)
        theirs = services.counter_receive(
            new_dossier(applicant=services.ApplicantInfo(name="Lý Văn Tám", account=cast.stranger)),
            actor=cast.reception,
        )
    body = signed_in(cast.citizen).get(reverse("mydossiers:list")).content.decode()
    assert newer.code in body and older.code in body
    assert theirs.code not in body
    assert body.index(newer.code) < body.index(older.code)  # newest first
    assert "Chờ tiếp nhận" in body and "Đang xử lý" in body  # Vietnamese status labels
    assert "19/11/2026" in body  # submitted
    assert "04/12/2026" in body  # due: 10 working days (24/11 is a day off)
    assert "2 hồ sơ" in body
    other = signed_in(cast.stranger).get(reverse("mydossiers:list")).content.decode()
    assert theirs.code in other and older.code not in other and newer.code not in other


def test_list_filters_by_status_and_badges_what_needs_attention(new_dossier, cast, returned):
    waiting = act(
        services.counter_receive(new_dossier(), actor=cast.reception),
        Action.REQUEST_SUPPLEMENT,
        cast.specialist,
        "Bổ sung bản chụp CCCD",
    )
    client = signed_in(cast.citizen)
    url = reverse("mydossiers:list")
    awaiting = client.get(url, {"trang_thai": Status.AWAITING_SUPPLEMENT}).content.decode()
    assert waiting.code in awaiting and returned.code not in awaiting
    assert "Chờ ông/bà bổ sung" in awaiting
    done = client.get(url, {"trang_thai": Status.RETURNED}).content.decode()
    assert returned.code in done and waiting.code not in done
    assert "Có kết quả" in done and "Mời đánh giá" in done
    bad = client.get(url, {"trang_thai": "teleported"})
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "Trạng thái không hợp lệ" in body
    assert waiting.code in body and returned.code in body


def test_list_is_paginated(new_dossier, cast, settings):
    codes = [services.dossier_create(new_dossier(), actor=cast.reception).code for _ in range(21)]
    client = signed_in(cast.citizen)
    first = client.get(reverse("mydossiers:list")).content.decode()
    second = client.get(reverse("mydossiers:list"), {"trang": 2}).content.decode()
    assert "Trang 1/2" in first and codes[-1] in first and codes[0] not in first
    assert codes[0] in second and codes[-1] not in second


def test_signed_out_visitor_is_sent_to_sign_in(received):
    response = Client().get(reverse("mydossiers:detail", args=[received.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dossier_page_timeline_speaks_to_the_applicant(received, cast):
    d = act(received, Action.FORWARD, cast.specialist, "Ghi chú nội bộ: đã tra cứu CSDL LLTP")
    d = act(d, Action.REQUEST_SUPPLEMENT, cast.leader, "Bổ sung bản chụp CCCD rõ nét")
    body = signed_in(cast.citizen).get(reverse("mydossiers:detail", args=[d.code])).content.decode()
    assert "Tiếp nhận hồ sơ" in body
    assert "Đang xử lý tại Sở Tư pháp" in body
    assert "Bổ sung bản chụp CCCD rõ nét" in body  # the request, meant for the applicant
    assert "Ghi chú nội bộ" not in body  # an officer's working note
    for officer in (cast.reception, cast.specialist, cast.leader):
        assert officer.full_name not in body
    assert f"{timezone.localtime(d.due_at):%d/%m/%Y}" in body
    assert reverse("mydossiers:supplement", args=[d.code]) in body
    assert reverse("mydossiers:withdraw", args=[d.code]) in body


def my_pages(code: str, file_id: int, draft_id: int) -> list[tuple[str, str, dict]]:
    """Every page of /ho-so-cua-toi/ that shows or changes one dossier."""
    return [
        ("get", reverse("mydossiers:detail", args=[code]), {}),
        ("get", reverse("mydossiers:file", args=[code, file_id]), {}),
        ("get", reverse("mydossiers:supplement", args=[code]), {}),
        ("post", reverse("mydossiers:supplement", args=[code]), {"gui": "1"}),
        ("get", reverse("mydossiers:draft_file", args=[code, draft_id]), {}),
        ("post", reverse("mydossiers:draft_remove", args=[code, draft_id]), {}),
        ("get", reverse("mydossiers:withdraw", args=[code]), {}),
        ("post", reverse("mydossiers:withdraw", args=[code]), {"reason": "Không cần nữa"}),
        ("get", reverse("mydossiers:delivery", args=[code]), {}),
        (
            "post",
            reverse("mydossiers:delivery", args=[code]),
            {"mode": "postal", "postal_address": "1 Lê Lợi"},
        ),
        ("get", reverse("mydossiers:rate", args=[code]), {}),
        ("post", reverse("mydossiers:rate", args=[code]), {"level": "satisfied"}),
        ("get", reverse("mydossiers:form", args=[code, "01"]), {}),
    ]


def test_another_citizens_dossier_is_not_found_on_every_page_and_file(awaiting, cast):
    services.dossier_attach(
        awaiting, [services.NewFile(pdf("cccd.pdf"), None, "component")], actor=cast.citizen
    )
    stored = awaiting.files.get()
    draft = SupplementDraft.objects.create(
        dossier=awaiting, owner=cast.citizen, original_name="x.pdf", file="bo-sung/x.pdf"
    )
    before = (awaiting.status, awaiting.events.count(), awaiting.delivery_mode)
    for who in (cast.stranger, cast.specialist):
        client = signed_in(who)
        for method, url, data in my_pages(awaiting.code, stored.pk, draft.pk):
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (who.username, url)
        token = token_issue(user=who, name="app")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        assert Client().get(f"/api/v1/me/dossiers/{awaiting.code}", **auth).status_code == 404
        rating = Client().post(
            f"/api/v1/me/dossiers/{awaiting.code}/rating",
            json.dumps({"criteria": {c.code: 2 for c in CRITERIA}}),
            content_type="application/json",
            **auth,
        )
        assert rating.status_code == 404
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.events.count(), awaiting.delivery_mode) == before
    assert SupplementDraft.objects.filter(pk=draft.pk).exists()
    # …and the owner reaches each of them.
    owner = signed_in(cast.citizen)
    assert owner.get(reverse("mydossiers:detail", args=[awaiting.code])).status_code == 200
    assert owner.get(reverse("mydossiers:file", args=[awaiting.code, stored.pk])).status_code == 200


def test_a_file_of_another_dossier_is_not_found_through_mine(received, new_dossier, cast):
    theirs = services.counter_receive(
        new_dossier(
            applicant=services.ApplicantInfo(name="Lý Văn Tám", account=cast.stranger),
            files=[services.NewFile(pdf("cua-nguoi-khac.pdf"), None, "component")],
        ),
        actor=cast.reception,
    )
    url = reverse("mydossiers:file", args=[received.code, theirs.files.get().pk])
    assert signed_in(cast.citizen).get(url).status_code == 404
