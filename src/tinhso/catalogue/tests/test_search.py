from datetime import date

import pytest

from tinhso.catalogue.selectors import catalogue_search

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 23)


@pytest.fixture
def catalogue(import_records, record, province):
    stp, sxd = province["stp"].code, province["sxd"].code
    import_records(
        record(),
        record(code="1.004884", name="Đăng ký khai sinh có yếu tố nước ngoài"),
        record(code="1.001695", name="Đăng ký lại khai sinh"),
        record(code="1.000893", name="Đăng ký kết hôn", result="Giấy chứng nhận kết hôn"),
        record(
            code="1.009994",
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            field="XAYDUNG",
            online_level="mot_phan",
            time_limit={"working_days": 15},
            result="Giấy phép xây dựng",
        ),
        record(
            code="1.009972",
            name="Cấp giấy phép xây dựng mới đối với công trình cấp I, II",
            field="XAYDUNG",
            level="tinh",
            agencies=[sxd],
            online_level="mot_phan",
            time_limit={"working_days": 20},
            result="Giấy phép xây dựng",
        ),
        record(
            code="2.000488",
            name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            field="LLTP",
            level="tinh",
            agencies=[stp],
            time_limit={"working_days": 10},
            result="Phiếu lý lịch tư pháp",
        ),
    )


def names(qs) -> list[str]:
    return [v.name for v in qs]


def test_search_without_diacritics_finds_the_procedure(catalogue):
    # Both contain the phrase; the shorter name ranks first.
    assert names(catalogue_search(on=ON, q="giay phep xay dung")) == [
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "Cấp giấy phép xây dựng mới đối với công trình cấp I, II",
    ]


@pytest.mark.parametrize("q", ["khai sinh", "KHAI SINH", "Khai Sinh", "khải sính"])
def test_search_ranks_the_plain_name_first_whatever_the_case_or_accents(catalogue, q):
    found = names(catalogue_search(on=ON, q=q))
    assert found[0] == "Đăng ký khai sinh"
    assert set(found) == {
        "Đăng ký khai sinh",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký lại khai sinh",
    }


def test_exact_phrase_beats_scattered_words(catalogue):
    found = names(catalogue_search(on=ON, q="dang ky khai sinh"))
    assert found[:2] == ["Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài"]
    assert found[2] == "Đăng ký lại khai sinh"


def test_search_by_national_code(catalogue):
    assert names(catalogue_search(on=ON, q="2.000488")) == [
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
    ]


def test_every_word_must_match(catalogue):
    assert names(catalogue_search(on=ON, q="kết hôn xây dựng")) == []


def test_filters_by_field_and_level(catalogue, fields):
    qs = catalogue_search(on=ON, field=fields["XAYDUNG"], online_level="mot_phan")
    assert len(qs) == 2
    assert names(catalogue_search(on=ON, q="phiếu", online_level="mot_phan")) == []


def test_agency_filter_counts_commune_procedures_for_every_commune(catalogue, province):
    commune = set(names(catalogue_search(on=ON, agency=province["x2"])))
    assert "Đăng ký kết hôn" in commune
    assert "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" not in commune
    assert names(catalogue_search(on=ON, agency=province["stp"])) == [
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
    ]


def test_procedures_not_yet_in_force_are_not_found(catalogue):
    assert names(catalogue_search(on=date(2025, 6, 30), q="khai sinh")) == []


@pytest.mark.parametrize("q", ["", "   ", "!!!", "%", "_", "'; DROP TABLE x; --"])
def test_odd_queries_do_not_fail(catalogue, q):
    list(catalogue_search(on=ON, q=q))
