"""One formatter for amounts of money (core.money), used by the filters, fees and messages."""

from tinhso.catalogue.fees import amount_text
from tinhso.core import money
from tinhso.printing.formatting import money as printed_money


def test_grouped_and_dong():
    assert money.grouped(0) == "0"
    assert money.grouped(999) == "999"
    assert money.grouped(1250000) == "1.250.000"
    assert money.grouped(-45000) == "-45.000"
    assert money.dong(5000) == "5.000 đồng"


def test_every_caller_formats_the_same_way():
    assert amount_text(1_250_000) == "1.250.000 đồng" == money.dong(1_250_000)
    assert amount_text(0) == "không thu"
    assert printed_money(1_250_000) == money.dong(1_250_000)
    assert printed_money(-1000) == "-1.000 đồng"


def test_officer_overcharge_message_uses_it(monkeypatch):
    from types import SimpleNamespace

    from tinhso.dossiers import intake

    monkeypatch.setattr(intake, "fees_for", lambda new: SimpleNamespace(total=1_250_000))
    new = SimpleNamespace(
        channel=next(iter(intake.OFFICER_CHANNELS)), fees_paid=2_000_000, fees_reason=" "
    )
    assert intake.fee_errors(new) == {  # type: ignore[arg-type]
        "fees_paid": "Số tiền đã thu lớn hơn phí, lệ phí phải nộp (1.250.000 đồng); hãy ghi "
        "lý do thu thêm hoặc sửa số tiền."
    }
