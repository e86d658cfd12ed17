"""The public tracking page is cached per dossier code (issue 17 items 4 and 7) and never
shows a stale state, another person's page, or anything without a proof."""

import pickle
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.dossiers import retention, services, tracking, tracking_page
from tinhso.dossiers.constants import Action, Status

pytestmark = pytest.mark.django_db


def stored_values() -> list[object]:
    """What the tests' local-memory cache holds, each value without its generations."""
    store: Any = cache  # the tests' LocMemCache keeps its entries in _cache
    values = [pickle.loads(v) for v in store._cache.values()]  # noqa: S301
    return [v[1] if isinstance(v, tuple) and len(v) == 2 else v for v in values]


def look(code: str, proof: str, address: str = "198.51.100.7"):
    return Client(REMOTE_ADDR=address).get(reverse("dossiers:track"), {"ma": code, "k": proof})


def test_a_second_look_reads_nothing_from_the_database(received, django_assert_num_queries):
    key = tracking.tracking_key(received.code)
    first = look(received.code, key)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = look(received.code, key)
    assert second.status_code == 200
    assert second.content == first.content
    # The 4-digit proofs are checked from the cache too (against keyed hashes).
    with django_assert_num_queries(0):
        assert look(received.code, "5678").status_code == 200


def test_a_change_of_the_dossier_shows_at_once(received, cast):
    key = tracking.tracking_key(received.code)
    assert Status.PROCESSING.label in look(received.code, key).content.decode()
    services.dossier_act(
        received, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Thiếu tờ khai"
    )
    body = look(received.code, key).content.decode()
    assert Status.AWAITING_SUPPLEMENT.label in body
    assert Status.PROCESSING.label not in body


def test_a_wrong_proof_stays_refused_once_the_page_is_cached(received):
    assert look(received.code, "5678").status_code == 200
    for wrong in ("1111", "AAAAAAAAAAAA", tracking.tracking_key(received.code + "X")):
        response = look(received.code, wrong)
        assert response.status_code == 404
        assert "N*** T*** Á***" not in response.content.decode()


def test_one_dossiers_page_is_never_served_for_another(received, new_dossier, cast):
    someone = services.ApplicantInfo(name="Trần Văn Bình", cccd="072188009999", phone="0987654321")
    other = services.counter_receive(new_dossier(applicant=someone), actor=cast.reception)
    mine = look(received.code, tracking.tracking_key(received.code)).content.decode()
    theirs = look(other.code, tracking.tracking_key(other.code)).content.decode()
    assert received.code in mine and other.code not in mine
    assert other.code in theirs and "T*** V*** B***" in theirs and "N*** T*** Á***" not in theirs
    # My phone's last digits do not open their dossier, cached or not.
    assert look(other.code, "5678").status_code == 404


def test_a_code_without_dossier_is_refused_the_same_way_every_time(received):
    code = received.code[:-4] + "9999"
    answers = [look(code, tracking.tracking_key(code)) for _ in range(2)]
    assert [a.status_code for a in answers] == [404, 404]


def test_the_cache_holds_no_personal_data_in_clear(received):
    look(received.code, "5678")
    # The tests cache in local memory: read back what it holds.
    stored = stored_values()
    entries = [v for v in stored if isinstance(v, tracking_page.Entry)]
    assert len(entries) == 1
    assert "N*** T*** Á***" in entries[0].html
    for personal in ("Nguyễn Thị Ánh", "0912345678", "072190001234"):
        assert personal not in repr(stored)
    assert not {"5678", "1234"} & set(entries[0].short_proofs)


def test_anonymisation_drops_the_cached_pages(received, cast):
    key = tracking.tracking_key(received.code)
    services.dossier_act(received, Action.WITHDRAW, actor=cast.reception, note="Người nộp rút")
    assert "N*** T*** Á***" in look(received.code, key).content.decode()
    assert retention.closed_dossiers_anonymise(timezone.now(), dry_run=False) == 1
    body = look(received.code, key).content.decode()
    assert "N*** T*** Á***" not in body
    assert look(received.code, "5678").status_code == 404


def test_a_look_with_the_receipt_key_is_served_whole_from_the_cache(received, cast):
    key = tracking.tracking_key(received.code)
    first = look(received.code, key)
    again = look(received.code, key)
    assert first.templates and not again.templates  # the second page was not rendered
    assert again.content == first.content
    assert [v for v in stored_values() if isinstance(v, str) and received.code in v]
    services.dossier_act(
        received, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Thiếu tờ khai"
    )
    changed = look(received.code, key)
    assert changed.templates and Status.AWAITING_SUPPLEMENT.label in changed.content.decode()


def test_a_signed_in_visitor_gets_their_own_page_and_leaves_it_to_no_one(received, cast):
    key = tracking.tracking_key(received.code)
    citizen = Client(REMOTE_ADDR="198.51.100.8")
    citizen.force_login(cast.citizen)
    name = cast.citizen.get_short_name()
    for _ in range(2):
        mine = citizen.get(reverse("dossiers:track"), {"ma": received.code, "k": key})
        assert name in mine.content.decode() and "Đăng xuất" in mine.content.decode()
        anonymous = look(received.code, key).content.decode()
        assert name not in anonymous and "Đăng nhập" in anonymous


def test_a_page_answering_four_digits_is_not_kept_whole(received):
    look(received.code, "5678")
    again = look(received.code, "5678")
    assert again.status_code == 200 and again.templates
    stored = stored_values()
    assert [v for v in stored if isinstance(v, tracking_page.Entry)]  # the result is kept
    assert not [v for v in stored if isinstance(v, str) and "5678" in v]
