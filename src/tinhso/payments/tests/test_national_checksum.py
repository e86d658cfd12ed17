"""The national payment platform's MaXacThuc builders (issue 16 item 6): the documented field
order matters, an empty field keeps its place between two "|", a tampered callback is refused."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinhso.payments.gateways import national
from tinhso.payments.gateways.base import BadSignature

KEY = "khoa-thu"
values = st.text(alphabet=st.characters(blacklist_characters="|", blacklist_categories=["Cs"]))
init_messages = st.fixed_dictionaries(dict.fromkeys(national.INIT_FIELDS, values))
pairs = st.tuples(
    st.integers(0, len(national.INIT_FIELDS) - 1), st.integers(0, len(national.INIT_FIELDS) - 1)
)


def test_init_mac_is_hmac_sha256_over_the_documented_order() -> None:
    message = {
        "LoaiBanTin": "KhoiTao",
        "PhienBan": "1.0",
        "MaDoiTac": "TINHSO",
        "MaThamChieu": "TS1",
        "SoTien": "200000",
        "LoaiHinhThanhToan": "1",
        "MaKenhThanhToan": "1",
        "MaThietBi": "1",
        "NgonNgu": "vi",
        "MaTienTe": "VND",
        "MaNganHang": "",
        "ThongTinGiaoDich": "Nop phi",
        "ThoiGianGD": "20260101090000",
        "Ip": "127.0.0.1",
        "ThongTinBienLai": {"MaDichVu": 2},  # not signed
    }
    text = b"KhoiTao|1.0|TINHSO|TS1|200000|1|1|1|vi|VND||Nop phi|20260101090000|127.0.0.1"
    assert (
        national.init_mac(KEY, message) == hmac.new(KEY.encode(), text, hashlib.sha256).hexdigest()
    )


def test_get_bill_mac_is_a_plain_sha256_with_the_key_appended() -> None:
    message = {
        "LoaiBanTin": "LayHoaDon",
        "PhienBan": "1.0",
        "MaDoiTac": "TINHSO",
        "MaThamChieu": "TS1",
        "ThoiGianGD": "20260101090000",
    }
    text = b"LayHoaDon|1.0|TINHSO|TS1|20260101090000|" + KEY.encode()
    assert national.get_bill_mac(KEY, message) == hashlib.sha256(text).hexdigest()


@given(init_messages, pairs)
def test_swapping_two_different_fields_changes_the_mac(message: dict, pair: tuple) -> None:
    a, b = (national.INIT_FIELDS[i] for i in pair)
    swapped = {**message, a: message[b], b: message[a]}
    if message[a] == message[b]:
        assert national.init_mac(KEY, swapped) == national.init_mac(KEY, message)
    else:
        assert national.init_mac(KEY, swapped) != national.init_mac(KEY, message)


@given(values, values)
def test_an_empty_field_keeps_its_place(first: str, last: str) -> None:
    fields = ("LoaiBanTin", "MaLoi", "MaDoiTac")
    with_gap = {"LoaiBanTin": first, "MaLoi": "", "MaDoiTac": last}
    assert national.signed_text(fields, with_gap) == f"{first}||{last}"
    assert national.signed_text(fields, with_gap) != national.signed_text(
        ("LoaiBanTin", "MaDoiTac"), with_gap
    )
    shifted = {"LoaiBanTin": first, "MaLoi": last, "MaDoiTac": ""}
    if last:
        assert national.confirm_mac(KEY, with_gap) != national.confirm_mac(KEY, shifted)


def _gateway() -> national.NationalPlatformGateway:
    return national.NationalPlatformGateway(
        partner_code="TINHSO", hash_key=KEY, init_url="-", query_url="-", timeout=1
    )


def _callback(**changes: str) -> dict[str, str]:
    message = {
        "LoaiBanTin": "XacNhan",
        "MaLoi": "00",
        "MaDoiTac": "TINHSO",
        "MaThamChieu": "TS2607011200ABCDEFGH",
        "SoTien": "200000",
        "MaTienTe": "VND",
        "MaGiaoDich": "26070112345678",
        "MaNganHang": "NCB",
        "ThoiGianGD": "20260701120500",
        "ThongTinGiaoDich": "Nop phi ho so",
    }
    message["MaXacThuc"] = national.confirm_mac(KEY, message)
    message.update(changes)
    return message


def test_a_signed_callback_reads_as_a_paid_notification() -> None:
    n = _gateway().parse_callback({}, json.dumps(_callback()).encode())
    assert (n.reference, n.amount, n.currency, n.paid) == (
        "TS2607011200ABCDEFGH",
        200000,
        "VND",
        True,
    )
    assert n.provider_transaction == "26070112345678"
    assert n.paid_at is not None and n.paid_at.strftime("%d/%m/%Y %H:%M") == "01/07/2026 12:05"


@pytest.mark.parametrize("field", national.CONFIRM_FIELDS)
def test_every_signed_field_tampered_is_refused(field: str) -> None:
    tampered = _callback(**{field: _callback()[field] + "9"})
    with pytest.raises(BadSignature):
        _gateway().parse_callback({}, json.dumps(tampered).encode())


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", json.dumps(_callback(MaXacThuc="")).encode()]
)
def test_malformed_or_unsigned_callbacks_are_refused(body: bytes) -> None:
    with pytest.raises(BadSignature):
        _gateway().parse_callback({}, body)


def test_a_callback_for_another_partner_is_refused_even_if_signed() -> None:
    other = {k: v for k, v in _callback(MaDoiTac="KHAC").items() if k != "MaXacThuc"}
    other["MaXacThuc"] = national.confirm_mac(KEY, other)
    with pytest.raises(BadSignature, match="MaDoiTac"):
        _gateway().parse_callback({}, json.dumps(other).encode())


def test_our_answer_is_signed_and_says_already_confirmed_on_a_replay() -> None:
    gateway = _gateway()
    n = gateway.parse_callback({}, json.dumps(_callback()).encode())
    _, answer = gateway.callback_answer("already", n)
    assert answer["MaLoi"] == national.ALREADY_CONFIRMED
    assert answer["MoTaLoi"] == "Giao dịch đã được xác nhận trước đó"
    assert answer["MaThamChieu"] == "TS2607011200ABCDEFGH"
    assert answer["MaXacThuc"] == national.answer_mac(KEY, answer)
