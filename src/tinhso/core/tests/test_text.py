import unicodedata

import pytest

from tinhso.core.text import fold, tokens


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Cấp giấy phép xây dựng", "cap giay phep xay dung"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("Đăng ký   kết hôn!", "dang ky ket hon"),
        ("Thủ tục 1.001193.", "thu tuc 1.001193"),
        ("Phiếu lý lịch tư pháp (số 1)", "phieu ly lich tu phap so 1"),
        ("Chứng thực bản sao", "chung thuc ban sao"),
        # Combining diacritics typed by some keyboards (NFD input) fold the same way.
        (unicodedata.normalize("NFD", "Đăng ký hộ kinh doanh"), "dang ky ho kinh doanh"),
    ],
)
def test_fold_removes_diacritics_case_and_punctuation(text, folded):
    assert fold(text) == folded


def test_tokens_are_distinct_and_ordered():
    assert tokens("Khai sinh, khai SINH tử") == ["khai", "sinh", "tu"]
