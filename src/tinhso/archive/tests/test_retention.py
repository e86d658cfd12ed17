"""The retention table (Thông tư 10/2022/TT-BNV): every row cited, unverified ones marked."""

import pytest

from tinhso.archive import retention
from tinhso.archive.retention import RETENTIONS, SourceLevel


def test_every_row_has_a_group_a_period_and_a_citation():
    assert len({r.key for r in RETENTIONS}) == len(RETENTIONS)
    for row in RETENTIONS:
        assert row.group and row.title
        assert "Thông tư 10/2022/TT-BNV" in row.citation
        assert row.years is None or 1 <= row.years <= 100
        if row.source is not SourceLevel.READ:
            assert "chưa" in row.citation or "thứ cấp" in row.citation
    # choices shown to users say when a row is not verified
    unverified = [label for key, label in retention.CHOICES if "chưa kiểm chứng" in label]
    assert len(unverified) == sum(r.source is SourceLevel.UNVERIFIED for r in RETENTIONS)


def test_the_quoted_row_and_the_labels():
    row = retention.retention("to-chuc-dieu-le-quy-che")
    assert row.years == 20 and row.label == "20 năm"
    assert row.source is SourceLevel.SECONDARY
    assert retention.period_label(None) == "Vĩnh viễn"
    with pytest.raises(ValueError, match="bảng thời hạn"):
        retention.retention("khong-co")


def test_only_files_kept_five_years_or_more_go_to_the_archive():
    # Nghị định 30/2020/NĐ-CP, Điều 31.3.c
    assert retention.goes_to_archive(None)
    assert retention.goes_to_archive(5)
    assert not retention.goes_to_archive(3)
