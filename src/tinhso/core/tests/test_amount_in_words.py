"""Số tiền bằng chữ on receipts: the readings people check a receipt by."""

import pytest

from tinhso.core.money import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),  # "lăm" after mười
        (14, "Mười bốn đồng"),  # "bốn" after mười, "tư" only after a tens digit ≥ 2
        (21, "Hai mươi mốt đồng"),  # "mốt"
        (24, "Hai mươi tư đồng"),  # "tư"
        (25, "Hai mươi lăm đồng"),
        (105, "Một trăm lẻ năm đồng"),  # "lẻ", and "năm" not "lăm" after a zero ten
        (115, "Một trăm mười lăm đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (1_000_005, "Một triệu không trăm lẻ năm đồng"),
        (2_005_000, "Hai triệu không trăm lẻ năm nghìn đồng"),
        (2_014, "Hai nghìn không trăm mười bốn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (10**12, "Một nghìn tỷ đồng"),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)
