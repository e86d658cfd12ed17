"""Issue 12 item 14: the evaluation uses the criteria of the law (Nghị định 61/2018/NĐ-CP Điều
30, kept by Nghị định 118/2025/NĐ-CP), each with its levels, not three smileys; the overall
level follows from them and the statistics still count it."""

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from tinhso.ratings import criteria as rules
from tinhso.ratings.constants import CRITERIA, MAX_SCORE, Satisfaction
from tinhso.ratings.models import Rating
from tinhso.ratings.selectors import satisfaction
from tinhso.ratings.services import RatingError, rating_give
from tinhso.ratings.tests.conftest import BEST, MIDDLE, WORST_ATTITUDE, form_data
from tinhso.statistics.models import DailyFigures


def test_every_criterion_has_three_scored_levels_and_a_legal_basis():
    assert [c.code for c in CRITERIA] == list(BEST)
    for c in CRITERIA:
        assert [lv.points for lv in c.levels] == [2, 1, 0]
        assert "Nghị định" in c.basis
    assert MAX_SCORE == 12


def test_the_overall_level_follows_from_the_criteria():
    assert rules.overall_level(BEST) == Satisfaction.VERY_SATISFIED
    assert rules.overall_level(MIDDLE) == Satisfaction.SATISFIED
    assert rules.overall_level({**BEST, "so_lan_lien_he": 1}) == Satisfaction.SATISFIED
    # one criterion at its worst is a failed service, whatever the others
    assert rules.overall_level(WORST_ATTITUDE) == Satisfaction.DISSATISFIED
    assert rules.overall_level({**BEST, "thoi_gian": 0}) == Satisfaction.DISSATISFIED
    assert rules.score(BEST) == 12 and rules.score(WORST_ATTITUDE) == 10


def test_every_criterion_must_be_answered_with_one_of_its_levels():
    with pytest.raises(rules.CriteriaError) as missing:
        rules.clean_answers({"huong_dan": 2})
    assert set(missing.value.errors) == set(BEST) - {"huong_dan"}
    with pytest.raises(rules.CriteriaError) as wrong:
        rules.clean_answers({**BEST, "thai_do": 3, "so_mat_cuoi": 2})
    assert set(wrong.value.errors) == {"thai_do", "so_mat_cuoi"}
    assert rules.clean_answers({k: str(v) for k, v in MIDDLE.items()}) == MIDDLE


@pytest.mark.django_db
def test_the_answers_are_kept_and_the_statistics_count_the_level(
    returned, new_dossier, cast, return_result
):
    from tinhso.dossiers import services

    rating = rating_give(returned, criteria=MIDDLE, actor=cast.citizen)
    assert rating.criteria == MIDDLE and rating.score == 6
    assert rating.level == Satisfaction.SATISFIED
    other = return_result(services.counter_receive(new_dossier(), actor=cast.reception))
    with pytest.raises(RatingError, match="lý do"):
        rating_give(other, criteria=WORST_ATTITUDE, actor=cast.citizen)
    rating_give(other, criteria=WORST_ATTITUDE, comment="Bị hẹn lại nhiều lần", actor=cast.citizen)

    counts = satisfaction()
    assert (counts.total, counts.satisfied, counts.dissatisfied) == (2, 1, 1)
    daily = DailyFigures.objects.aggregate(rated=Sum("rated"), satisfied=Sum("satisfied"))
    assert daily == {"rated": 2, "satisfied": 1}


@pytest.mark.django_db
def test_the_page_asks_each_criterion_and_shows_the_answers(returned, cast):
    client = Client()
    client.force_login(cast.citizen)
    url = reverse("mydossiers:rate", args=[returned.code])
    page = client.get(url).content.decode()
    for c in CRITERIA:
        assert c.question in page
        for level in c.levels:
            assert level.label in page
    # the old three-smiley answer is not enough any more
    assert client.post(url, {"level": "very_satisfied"}).status_code == 400
    assert not Rating.objects.exists()
    assert client.post(url, form_data(BEST)).status_code == 302
    detail = client.get(reverse("mydossiers:detail", args=[returned.code])).content.decode()
    assert "Rất hài lòng" in detail and "Tận tình, chu đáo" in detail
