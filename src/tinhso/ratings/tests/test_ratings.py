"""Đánh giá mức độ hài lòng: after the return, by the applicant, once; the counts."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tinhso.accounts.services import role_grant, staff_create
from tinhso.accounts.tokens import token_issue
from tinhso.audit.models import AuditEvent
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.tests import conftest as dossier_fixtures
from tinhso.organisation.roles import Role
from tinhso.ratings.constants import Satisfaction
from tinhso.ratings.models import Rating
from tinhso.ratings.selectors import ratings, satisfaction, satisfaction_by
from tinhso.ratings.services import RatingError, RatingNotAllowed, rating_give
from tinhso.ratings.tests.conftest import ANSWERS, BEST, MIDDLE, WORST_ATTITUDE, form_data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_applicant_rates_a_returned_dossier_once(returned, cast, province, procedures):
    rating = rating_give(
        returned,
        criteria=ANSWERS[Satisfaction.VERY_SATISFIED],
        comment="Nhanh, đúng hẹn",
        actor=cast.citizen,
    )
    assert rating.dossier == returned and rating.applicant == cast.citizen
    assert rating.receiving_agency == province["stp"] and rating.competent_agency == province["stp"]
    assert rating.procedure == procedures["lltp"].procedure
    assert rating.procedure_version == procedures["lltp"]
    assert rating.rated_at is not None and rating.channel == "counter"
    audit = AuditEvent.objects.get(action="ratings.give")
    assert audit.object_id == str(returned.pk) and audit.changes["level"] == "very_satisfied"
    with pytest.raises(RatingError, match="đã được đánh giá") as again:
        rating_give(
            returned,
            criteria=ANSWERS[Satisfaction.DISSATISFIED],
            comment="Đổi ý",
            actor=cast.citizen,
        )
    assert again.value.conflict
    assert Rating.objects.get().level == Satisfaction.VERY_SATISFIED


def test_only_once_closed(received, cast):
    with pytest.raises(RatingError, match="đã kết thúc") as early:
        rating_give(received, criteria=ANSWERS[Satisfaction.SATISFIED], actor=cast.citizen)
    assert early.value.conflict
    assert not Rating.objects.exists()


def test_only_by_the_applicant(returned, cast):
    for someone in (cast.stranger, cast.reception, cast.leader):
        with pytest.raises(RatingNotAllowed):
            rating_give(returned, criteria=ANSWERS[Satisfaction.SATISFIED], actor=someone)
    assert not Rating.objects.exists()


def test_dissatisfied_needs_a_reason(returned, cast):
    with pytest.raises(RatingError, match="lý do") as missing:
        rating_give(
            returned, criteria=ANSWERS[Satisfaction.DISSATISFIED], comment="  ", actor=cast.citizen
        )
    assert missing.value.field == "comment"
    with pytest.raises(RatingError, match="Hãy chọn một mức"):
        rating_give(returned, criteria={**BEST, "thai_do": 5}, actor=cast.citizen)
    rating = rating_give(
        returned,
        criteria=ANSWERS[Satisfaction.DISSATISFIED],
        comment="Phải đi lại hai lần",
        actor=cast.citizen,
    )
    assert rating.comment == "Phải đi lại hai lần"


def test_rating_page(returned, new_dossier, cast):
    received = services.counter_receive(new_dossier(), actor=cast.reception)
    client = signed_in(cast.citizen)
    detail = reverse("mydossiers:detail", args=[returned.code])
    url = reverse("mydossiers:rate", args=[returned.code])
    assert url in client.get(detail).content.decode()
    form = client.get(url).content.decode()
    assert "Tinh thần, thái độ phục vụ của cán bộ, công chức" in form
    assert "Gây phiền hà, nhũng nhiễu" in form and "Sớm hơn ngày hẹn" in form
    no_reason = client.post(url, form_data(WORST_ATTITUDE))
    assert no_reason.status_code == 400
    assert 'id="id_comment_error"' in no_reason.content.decode()
    assert not Rating.objects.exists()
    done = client.post(url, form_data(MIDDLE))
    assert done.status_code == 302 and done["Location"] == detail
    page = client.get(detail).content.decode()
    assert "Đánh giá của ông/bà" in page and "Hài lòng" in page
    assert url not in page and "Mời đánh giá" not in page
    twice = client.post(url, form_data(WORST_ATTITUDE, "x"))
    assert twice.status_code == 409
    assert Rating.objects.get().level == Satisfaction.SATISFIED
    # Not yet returned: the page explains, the form is refused.
    early = reverse("mydossiers:rate", args=[received.code])
    assert "đã kết thúc" in client.get(early).content.decode()
    assert client.post(early, form_data(MIDDLE)).status_code == 409


def test_the_office_dossier_page_shows_the_rating(returned, cast):
    rating_give(
        returned, criteria=ANSWERS[Satisfaction.DISSATISFIED], comment="Chờ lâu", actor=cast.citizen
    )
    body = (
        signed_in(cast.reception)
        .get(reverse("dossiers:office_dossier", args=[returned.code]))
        .content.decode()
    )
    assert "Đánh giá của người nộp" in body and "Không hài lòng" in body and "Chờ lâu" in body


def test_rating_through_the_api(returned, new_dossier, cast):
    received = services.counter_receive(new_dossier(), actor=cast.reception)
    token = token_issue(user=cast.citizen, name="ứng dụng di động")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def post(dossier, body):
        return Client().post(
            f"/api/v1/me/dossiers/{dossier.code}/rating",
            json.dumps(body),
            content_type="application/json",
            **auth,
        )

    early = post(received, {"criteria": MIDDLE})
    assert early.status_code == 409 and "đã kết thúc" in early.json()["detail"]
    assert post(returned, {"level": "satisfied"}).status_code == 422  # three smileys: no more
    assert post(returned, {"criteria": {**BEST, "thai_do": 3}}).status_code == 422
    missing = post(returned, {"criteria": {"huong_dan": 2}})
    assert missing.status_code == 422 and "Hãy chọn một mức" in missing.json()["detail"]
    no_reason = post(returned, {"criteria": WORST_ATTITUDE})
    assert no_reason.status_code == 422 and "lý do" in no_reason.json()["detail"]
    created = post(returned, {"criteria": BEST, "comment": "Tốt"})
    assert created.status_code == 201
    assert created.json()["level_label"] == "Rất hài lòng"
    assert created.json()["criteria"] == BEST and created.json()["score"] == 12
    assert created.json()["method"] == "account"
    assert post(returned, {"criteria": MIDDLE}).status_code == 409
    listed = Client().get("/api/v1/me/dossiers", **auth).json()
    assert listed["count"] == 2
    assert {i["code"] for i in listed["items"]} == {returned.code, received.code}
    detail = Client().get(f"/api/v1/me/dossiers/{returned.code}", **auth).json()
    assert detail["rating"]["level"] == "very_satisfied"
    assert detail["status_label"] == "Đã trả kết quả"


@pytest.fixture
def commune_officers(province):
    """The specialist and the chairman of UBND phường Tân Ninh (khai sinh is decided there)."""
    x1 = province["x1"]
    specialist = staff_create(
        username="chuyenvien.xa", full_name="Hà Văn Chín", password=dossier_fixtures.PASSWORD
    )
    role_grant(user=specialist, agency=x1, role=Role.SPECIALIST)
    chairman = staff_create(
        username="chutich.xa", full_name="Mai Thị Mười", password=dossier_fixtures.PASSWORD
    )
    role_grant(user=chairman, agency=x1, role=Role.AGENCY_LEADER)
    return specialist, chairman


def test_satisfaction_counts_per_agency_procedure_and_period(
    new_dossier, cast, province, procedures, return_result, commune_officers
):
    def rated(when: datetime, level: str, dossier=None):
        d = dossier or return_result(services.counter_receive(new_dossier(), actor=cast.reception))
        with time_machine.travel(when, tick=False):
            rating_give(d, criteria=ANSWERS[level], comment="Lý do", actor=cast.citizen)

    rated(datetime(2026, 3, 31, 23, 30, tzinfo=VN), Satisfaction.VERY_SATISFIED)
    rated(datetime(2026, 4, 1, 0, 10, tzinfo=VN), Satisfaction.SATISFIED)
    rated(datetime(2026, 4, 2, 9, 0, tzinfo=VN), Satisfaction.DISSATISFIED)
    birth = services.counter_receive(
        new_dossier(version=procedures["khaisinh"], receiving_agency=province["x1"]),
        actor=cast.commune_reception,
    )
    for action, who in (
        (Action.FORWARD, commune_officers[0]),
        (Action.APPROVE, commune_officers[1]),
        (Action.RETURN_RESULT, cast.commune_reception),
    ):
        birth = services.dossier_act(birth, action, actor=who)
    rated(datetime(2026, 4, 3, 9, 0, tzinfo=VN), Satisfaction.SATISFIED, dossier=birth)

    everything = satisfaction()
    assert (everything.total, everything.very_satisfied, everything.satisfied) == (4, 1, 2)
    assert everything.dissatisfied == 1
    assert everything.ratio == Decimal("0.75") and everything.percent == Decimal("75.00")
    # April in Vietnam's time zone: from 01/4 00:00 (+07:00) to 01/5 00:00, excluded.
    april_stp = satisfaction(
        competent_agency=province["stp"], since=date(2026, 4, 1), until=date(2026, 5, 1)
    )
    assert (april_stp.total, april_stp.satisfied_total) == (2, 1)
    assert april_stp.ratio == Decimal("0.5")
    assert satisfaction(ratings(since=date(2026, 5, 1))).ratio is None
    assert satisfaction(Rating.objects.all(), competent_agency=province["x1"]).total == 1
    by_procedure = satisfaction_by("procedure")
    lltp = procedures["lltp"].procedure_id
    khaisinh = procedures["khaisinh"].procedure_id
    assert by_procedure[lltp].total == 3 and by_procedure[khaisinh].ratio == Decimal("1")
    by_receiving = satisfaction_by("receiving_agency", since=date(2026, 4, 1))
    assert {k: v.total for k, v in by_receiving.items()} == {
        province["stp"].pk: 2,
        province["x1"].pk: 1,
    }
    with pytest.raises(ValueError):
        satisfaction_by("officer")
