"""The retention table (Thông tư 10/2022/TT-BNV): every row cited, its source level shown."""

import pytest

from tinhso.archive import retention
from tinhso.archive.forms import FileForm
from tinhso.archive.retention import RETENTIONS, SourceLevel

# Keys stored in RecordFile.retention_key before this table grew (issue 14, item 5): they must
# keep resolving, or closing and exporting an existing file would fail.
KEYS_IN_USE = (
    "to-chuc-dieu-le-quy-che",
    "tong-hop-bao-cao-nam",
    "tong-hop-bao-cao-quy-thang",
    "chung-hoi-nghi-tong-ket",
    "can-bo-ho-so-goc",
    "tai-chinh-bao-cao-nam",
    "tai-chinh-chung-tu",
    "thanh-tra-khieu-nai",
    "thi-dua-nha-nuoc",
    "van-thu-so-dang-ky",
    "van-thu-cong-van-trao-doi",
)


def test_every_row_has_a_source_note_and_a_valid_period():
    assert len({r.key for r in RETENTIONS}) == len(RETENTIONS)
    for row in RETENTIONS:
        assert row.group and row.title and row.note, row.key
        assert len(row.key) <= 40, row.key  # RecordFile.retention_key max_length
        assert "Thông tư 10/2022/TT-BNV" in row.citation
        # Nghị định 30/2020, Phụ lục V §I.4: "Vĩnh viễn" or a number of years
        assert row.years is None or (isinstance(row.years, int) and 1 <= row.years <= 100)
        assert row.label == ("Vĩnh viễn" if row.years is None else f"{row.years} năm")
        if row.source is SourceLevel.SECONDARY:
            assert "nguồn thứ cấp" in row.citation, row.key
        if row.source is SourceLevel.UNVERIFIED:
            assert "chưa đối chiếu" in row.citation, row.key


def test_no_row_claims_the_official_text_it_was_not_checked_against():
    # The text of Thông tư 10/2022 was not found (docs/archive.md): nothing is marked READ.
    assert not [r.key for r in RETENTIONS if r.source is SourceLevel.READ]


def test_the_form_says_which_rows_are_unverified():
    labels = dict(retention.CHOICES)
    for row in RETENTIONS:
        marked = f"({row.source.value})" in labels[row.key]
        assert marked is (row.source is not SourceLevel.READ), row.key
    offered = dict(FileForm(people=None).fields["retention_key"].choices)
    assert set(offered) == {"", *retention.BY_KEY}


@pytest.mark.parametrize("key", KEYS_IN_USE)
def test_keys_already_stored_still_resolve(key):
    assert retention.retention(key).key == key


def test_the_quoted_rows_and_the_labels():
    row = retention.retention("to-chuc-dieu-le-quy-che")
    assert row.years == 20 and row.label == "20 năm"
    assert row.source is SourceLevel.SECONDARY
    # Thư viện Pháp luật, 20/12/2022: the rows Thông tư 10/2022 changed
    assert retention.retention("quy-hoach-cong-van").years == 5
    assert retention.retention("can-bo-quy-hoach-phieu-tin-nhiem").years == 5
    assert retention.retention("can-bo-quy-hoach").years == 10
    assert retention.retention("tai-chinh-dau-thau-trung-thau").years == 20
    assert retention.retention("tai-chinh-dau-thau-khong-trung").years == 5
    assert retention.period_label(None) == "Vĩnh viễn"
    with pytest.raises(ValueError, match="bảng thời hạn"):
        retention.retention("khong-co")


def test_only_files_kept_five_years_or_more_go_to_the_archive():
    # Nghị định 30/2020/NĐ-CP, Điều 31.3.c
    assert retention.goes_to_archive(None)
    assert retention.goes_to_archive(5)
    assert not retention.goes_to_archive(3)
