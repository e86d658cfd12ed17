"""The register of official letters (tinhso.dossiers.letters; Nghị định 30/2020/NĐ-CP
Phụ lục I §II.3): numbers from 01 on 1 January per issuing agency, gap-free, unique."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, connections, transaction

from tinhso.dossiers import letters
from tinhso.dossiers.constants import LetterKind
from tinhso.dossiers.models import OfficialLetter

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def issue(dossier, agency, when, kind=LetterKind.STOP_NOTICE):
    return letters.issue_letter(
        agency=agency,
        kind=kind,
        dossier=dossier,
        issued_at=when,
        signer=None,
        signer_name="Phạm Văn Ba",
        signer_position="GIÁM ĐỐC",
    )


@pytest.mark.django_db
def test_numbers_run_per_agency_and_restart_on_the_first_of_january(received, province):
    stp, ubnd = province["stp"], province["ubnd"]
    a = issue(received, stp, at(2026, 12, 31, 16, 0))
    b = issue(received, stp, at(2026, 12, 31, 23, 59), LetterKind.APOLOGY)
    other = issue(received, ubnd, at(2026, 12, 31, 23, 0), LetterKind.REFUSAL_NOTICE)
    # 00:30 on 1 January in Viet Nam is still 31 December in UTC: the year is Vietnam's.
    c = issue(received, stp, at(2027, 1, 1, 0, 30))
    assert [(x.year, x.reference) for x in (a, b, other, c)] == [
        (2026, "01/TB-STP"),
        (2026, "02/STP-VP"),
        (2026, "01/TB-UBND"),
        (2027, "01/TB-STP"),
    ]


@pytest.mark.django_db
def test_a_rolled_back_decision_leaves_no_gap(received, province):
    stp = province["stp"]
    issue(received, stp, at(2026, 12, 1, 9, 0))
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(received, stp, at(2026, 12, 1, 10, 0))
        raise RuntimeError("the decision failed after the number was taken")
    again = issue(received, stp, at(2026, 12, 1, 11, 0))
    assert again.number == 2
    assert list(OfficialLetter.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_the_same_number_twice_in_a_year_is_refused_by_the_database(received, province):
    letter = issue(received, province["stp"], at(2026, 12, 1, 9, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialLetter.objects.create(
            agency=letter.agency,
            year=letter.year,
            number=letter.number,
            symbol=letter.symbol,
            kind=letter.kind,
            dossier=received,
            issued_at=letter.issued_at,
            signer_name="Ai đó",
        )


def test_symbols_follow_the_abbreviations(province):
    stp, x1 = province["stp"], province["x1"]
    assert letters.letter_symbol(stp, LetterKind.REFUSAL_NOTICE) == "TB-STP"
    assert letters.letter_symbol(stp, LetterKind.APOLOGY, "Phòng hành chính tư pháp") == (
        "STP-PHONGHANHCHINHTUPHAP"
    )
    assert letters.letter_symbol(x1, LetterKind.APOLOGY) == "UBND-VP"
    x1.abbreviation = "ubnd"
    assert letters.letter_symbol(x1, LetterKind.STOP_NOTICE) == "TB-UBND"


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_never_share_a_number(new_dossier, cast, province):
    from tinhso.dossiers import services

    dossier = services.counter_receive(new_dossier(), actor=cast.reception)
    stp = province["stp"]

    def one(_):
        try:
            return issue(dossier, stp, at(2026, 12, 1, 9, 0)).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = sorted(pool.map(one, range(30)))
    assert numbers == list(range(1, 31))
