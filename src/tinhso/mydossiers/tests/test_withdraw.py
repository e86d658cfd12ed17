"""Rút hồ sơ: a confirmation page with a reason, only while the state machine allows it."""

import pytest
from django.urls import reverse

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.workflow import TransitionError
from tinhso.mydossiers import services as mine
from tinhso.mydossiers.models import SupplementDraft

from .conftest import act, pdf, signed_in

pytestmark = pytest.mark.django_db


def url(dossier) -> str:
    return reverse("mydossiers:withdraw", args=[dossier.code])


@pytest.fixture
def in_each_open_status(new_dossier, cast):
    submitted = services.dossier_create(new_dossier(), actor=cast.reception)
    processing = services.counter_receive(new_dossier(), actor=cast.reception)
    waiting = act(
        services.counter_receive(new_dossier(), actor=cast.reception),
        Action.REQUEST_SUPPLEMENT,
        cast.specialist,
        "Bổ sung bản chụp CCCD",
    )
    return [submitted, processing, waiting]


def test_withdraw_after_confirming_with_a_reason(in_each_open_status, cast):
    client = signed_in(cast.citizen)
    for dossier in in_each_open_status:
        page = client.get(url(dossier))
        body = page.content.decode()
        assert page.status_code == 200
        assert "Xác nhận rút hồ sơ" in body and "không thể hủy" in body
        assert dossier.status in (Status.SUBMITTED, Status.PROCESSING, Status.AWAITING_SUPPLEMENT)
        no_reason = client.post(url(dossier), {"reason": "  "})
        assert no_reason.status_code == 400
        assert "Hãy ghi lý do rút hồ sơ." in no_reason.content.decode()
        dossier.refresh_from_db()
        assert dossier.status != Status.WITHDRAWN
        done = client.post(url(dossier), {"reason": "Đã được cấp ở nơi khác"})
        assert done.status_code == 302
        dossier.refresh_from_db()
        assert dossier.status == Status.WITHDRAWN and dossier.closed_at is not None
        event = dossier.events.get(action=Action.WITHDRAW)
        assert (event.actor, event.note) == (cast.citizen, "Đã được cấp ở nơi khác")
        shown = client.get(reverse("mydossiers:detail", args=[dossier.code])).content.decode()
        assert "Đã rút hồ sơ" in shown and "Đã được cấp ở nơi khác" in shown
        assert url(dossier) not in shown  # no withdraw button any more


def test_withdraw_refused_once_there_is_a_result(received, cast, to_result):
    ready = to_result(received)
    client = signed_in(cast.citizen)
    assert (
        url(ready)
        not in client.get(reverse("mydossiers:detail", args=[ready.code])).content.decode()
    )
    page = client.get(url(ready))
    assert "Không thể rút hồ sơ" in page.content.decode()
    assert "Xác nhận rút hồ sơ" not in page.content.decode()
    refused = client.post(url(ready), {"reason": "Đổi ý"})
    assert refused.status_code == 409
    ready.refresh_from_db()
    assert ready.status == Status.RESULT_READY
    returned = act(ready, Action.RETURN_RESULT, cast.reception)
    assert client.post(url(returned), {"reason": "Đổi ý"}).status_code == 409
    with pytest.raises(TransitionError, match="Đã trả kết quả"):
        mine.withdraw(returned, actor=cast.citizen, reason="Đổi ý")
    returned.refresh_from_db()
    assert returned.status == Status.RETURNED


def test_papers_kept_for_a_supplement_go_when_the_dossier_is_withdrawn(
    awaiting, cast, django_capture_on_commit_callbacks
):
    optional = awaiting.components.get(required=False)
    draft = mine.supplement_draft_add(
        awaiting, owner=cast.citizen, component=optional, upload=pdf("cccd.pdf")
    )
    storage, name = draft.file.storage, draft.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(cast.citizen).post(url(awaiting), {"reason": "Không cần nữa"})
    assert response.status_code == 302
    assert not SupplementDraft.objects.exists()
    assert not storage.exists(name)
