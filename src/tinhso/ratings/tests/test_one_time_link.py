"""Issue 12 item 14: everyone served rates — a one-time link by e-mail/SMS (no account
needed), or at the counter on the officer's screen; refused, stopped, withdrawn too."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.notifications.constants import Channel
from tinhso.notifications.models import Notification
from tinhso.notifications.sms import sms_text
from tinhso.ratings.constants import Method, Satisfaction
from tinhso.ratings.models import Rating, RatingInvitation
from tinhso.ratings.services import RatingError, rating_give
from tinhso.ratings.tests.conftest import BEST, MIDDLE, WORST_ATTITUDE, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk_in(new_dossier, cast):
    """A counter dossier of someone without an account (e-mail and phone given)."""

    def build():
        new = new_dossier()
        new.applicant.account = None
        return services.counter_receive(new, actor=cast.reception)

    return build


def link_in(dossier, channel=Channel.SMS) -> str:
    row = Notification.objects.get(channel=channel, event_key=f"{dossier.code}:rating-invitation")
    match = re.search(r"https?://\S+/danh-gia/([A-Za-z0-9_-]+)/", row.body)
    assert match, row.body
    return reverse("ratings:link", args=[match.group(1)])


def test_a_walk_in_applicant_rates_through_the_link_once(walk_in, return_result):
    dossier = return_result(walk_in())
    assert dossier.applicant is None
    sms = Notification.objects.get(
        channel=Channel.SMS, event_key=f"{dossier.code}:rating-invitation"
    )
    assert len(sms_text(sms.body)) <= 160 and sms_text(sms.body) == sms.body  # one SMS, link whole
    url = link_in(dossier)
    assert link_in(dossier, Channel.EMAIL) == url  # the same link in the e-mail
    page = Client().get(url)  # no sign-in
    assert page.status_code == 200
    assert "Số lần ông/bà phải liên hệ để hoàn thiện hồ sơ" in page.content.decode()

    no_reason = Client().post(url, form_data(WORST_ATTITUDE))
    assert no_reason.status_code == 400 and not Rating.objects.exists()
    done = Client().post(url, form_data(MIDDLE))
    assert done.status_code == 200 and "Cảm ơn ông/bà" in done.content.decode()
    rating = Rating.objects.get()
    assert (rating.method, rating.applicant, rating.level) == (
        Method.LINK,
        None,
        Satisfaction.SATISFIED,
    )
    assert rating.criteria == MIDDLE and rating.score == 6
    assert AuditEvent.objects.filter(action="ratings.give", object_id=str(dossier.pk)).exists()
    assert RatingInvitation.objects.get().used_at is not None

    again = Client().post(url, form_data(BEST))
    assert again.status_code == 404 and "không còn dùng được" in again.content.decode()
    assert Rating.objects.get().level == Satisfaction.SATISFIED


def test_refused_stopped_and_withdrawn_dossiers_are_rated(
    walk_in, new_dossier, cast, return_result
):
    # after reception the specialist proposes and the competent agency's leader decides
    proposed = services.dossier_act(
        walk_in(),
        Action.PROPOSE_REFUSAL,
        actor=cast.specialist,
        note="Không thuộc thẩm quyền",
        data={"legal_basis": "Nghị định 118/2025/NĐ-CP"},
    )
    refused = services.dossier_act(
        proposed, Action.REFUSE, actor=cast.leader, note="Đồng ý từ chối"
    )
    stopped = services.dossier_act(
        walk_in(), Action.STOP, actor=cast.leader, note="Người nộp đề nghị dừng"
    )
    withdrawn = services.dossier_act(
        services.counter_receive(new_dossier(), actor=cast.reception),
        Action.WITHDRAW,
        actor=cast.citizen,
        note="Không cần nữa",
    )
    for dossier in (refused, stopped):
        assert Client().post(link_in(dossier), form_data(BEST)).status_code == 200
    # the applicant with an account rates from Hồ sơ của tôi as well
    rating_give(withdrawn, criteria=BEST, actor=cast.citizen)
    assert sorted(Rating.objects.values_list("dossier__status", flat=True)) == [
        "refused",
        "stopped",
        "withdrawn",
    ]
    # ... after which the link sent to them no longer works
    assert Client().get(link_in(withdrawn)).status_code == 404


def test_no_link_before_closing_and_links_expire(walk_in, return_result):
    received = walk_in()
    assert not RatingInvitation.objects.exists()
    dossier = return_result(received)
    url = link_in(dossier)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert Client().get(url).status_code == 404
        assert Client().post(url, form_data(BEST)).status_code == 404
    assert not Rating.objects.exists()
    assert Client().get(reverse("ratings:link", args=["khong-hop-le"])).status_code == 404


def test_the_link_token_is_not_stored(walk_in, return_result):
    dossier = return_result(walk_in())
    token = link_in(dossier).rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 22
    assert not RatingInvitation.objects.filter(token_hash=token).exists()


def test_rating_at_the_counter(walk_in, return_result, cast, province):
    dossier = return_result(walk_in())
    url = reverse("ratings:counter", args=[dossier.code])
    officer = Client()
    officer.force_login(cast.reception)
    office_page = officer.get(reverse("dossiers:office_dossier", args=[dossier.code]))
    assert url in office_page.content.decode()  # "Đánh giá tại quầy"

    for someone, status in ((cast.specialist, 403), (cast.other_specialist, 404)):
        other = Client()
        other.force_login(someone)
        assert other.get(url).status_code == status
        assert other.post(url, form_data(BEST)).status_code == status
    citizen = Client()
    citizen.force_login(cast.citizen)
    assert citizen.post(url, form_data(BEST)).status_code == 403
    assert not Rating.objects.exists()

    assert "Gây phiền hà, nhũng nhiễu" in officer.get(url).content.decode()
    done = officer.post(url, form_data(WORST_ATTITUDE, "Phải chờ lâu ở quầy"))
    assert done.status_code == 302
    rating = Rating.objects.get()
    assert (rating.method, rating.recorded_by, rating.applicant) == (
        Method.COUNTER,
        cast.reception,
        None,
    )
    assert rating.level == Satisfaction.DISSATISFIED and rating.comment == "Phải chờ lâu ở quầy"
    assert officer.post(url, form_data(BEST)).status_code == 409
    # the one-time link sent at the return is spent by then
    assert Client().get(link_in(dossier)).status_code == 404
    page = officer.get(reverse("dossiers:office_dossier", args=[dossier.code])).content.decode()
    assert "Tại quầy" in page and "Gây phiền hà, nhũng nhiễu" in page


def test_the_counter_page_waits_for_the_dossier_to_close(walk_in, cast):
    dossier = walk_in()
    officer = Client()
    officer.force_login(cast.reception)
    url = reverse("ratings:counter", args=[dossier.code])
    assert "đã kết thúc" in officer.get(url).content.decode()
    assert officer.post(url, form_data(BEST)).status_code == 409
    with pytest.raises(RatingError):
        rating_give(dossier, criteria=BEST, actor=cast.citizen)
    assert not Rating.objects.exists()
