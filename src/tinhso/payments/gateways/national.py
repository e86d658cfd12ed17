"""The payment platform of the national public-service portal (Cổng Dịch vụ công quốc gia).

As seen in public code (VietOpenCPS/opencps-v2, module pay-gate-integration: PayGateTerm,
PayGateIntegrationActionImpl; next-capabilities.md §3.1) — JSON over HTTPS, Vietnamese names:

- init (khởi tạo giao dịch): LoaiBanTin, PhienBan, MaDoiTac, MaThamChieu, SoTien,
  LoaiHinhThanhToan, MaKenhThanhToan, MaThietBi, NgonNgu, MaTienTe, MaNganHang,
  ThongTinGiaoDich, ThoiGianGD (yyyyMMddHHmmss), Ip, ThongTinBienLai, MaXacThuc, where
  MaXacThuc = hex(HMAC-SHA256(key, the fields before ThongTinBienLai joined by "|"));
  success is MaLoi "00";
- get bill (our status query): LoaiBanTin, PhienBan, MaDoiTac, MaThamChieu, ThoiGianGD,
  MaXacThuc = hex(SHA-256(the five joined by "|", then "|" and the key)) — a plain hash;
- confirm callback from the platform: LoaiBanTin, MaLoi, MaDoiTac, MaThamChieu, SoTien,
  MaTienTe, MaGiaoDich, MaNganHang, ThoiGianGD, ThongTinGiaoDich, MaXacThuc; OpenCPS computes
  HMAC-SHA256 over LoaiBanTin|MaLoi|MaDoiTac|MaThamChieu|SoTien|MaTienTe|MaGiaoDich|
  MaNganHang|ThongTinGiaoDich|ThoiGianGD (its argument order) and then ignores the result
  (the refusal is commented out). We refuse a callback that does not verify;
- our answer: MaLoi ("00" success, "99" other errors), MoTaLoi, MaDoiTac, MaThamChieu,
  ThoiGianGD, MaXacThuc;
- ThongTinBienLai: MaDichVu 2 (phí, lệ phí of a public service) with MaDonVi, TenDonVi,
  MaHoSo, MaDVC, TenDVC, MaTTHC, TenTTHC, TKThuHuong, MaNHThuHuong, TenTKThuHuong,
  PhiLePhi [{LoaiPhiLePhi 1 phí / 2 lệ phí, MaPhiLePhi, TenPhiLePhi, SoTien}], and always
  NoiDungThanhToan, HoTenNguoiNop, SoCMNDNguoiNop, DiaChiNguoiNop, HuyenNguoiNop,
  TinhNguoiNop, MaCoQuanQD, TenCoQuanQD, DSKhoanNop [{NoiDung, SoTien}], TaiKhoanThuNSNN.

Where the published material is silent we chose, and the simulator
(tinhso.simulators.payplatform) speaks the same choices:
- the values of LoaiBanTin ("KhoiTao", "LayHoaDon", "XacNhan"), PhienBan "1.0",
  LoaiHinhThanhToan "1", MaKenhThanhToan "1", MaThietBi "1", NgonNgu "vi", MaTienTe "VND"
  (704, its ISO number, is read as VND too), MaNganHang empty (the payer picks the bank on the
  platform's page);
- the MaLoi codes other than "00" and "99" (CODES below);
- our answer's MaXacThuc: HMAC-SHA256 over MaLoi|MaDoiTac|MaThamChieu|ThoiGianGD (the free
  text MoTaLoi is left out);
- the init answer: MaLoi, MoTaLoi, MaThamChieu and UrlThanhToan (the page the citizen is sent
  to); the return address travels unsigned as UrlTraVe (it is only ever shown, never trusted);
- the get-bill answer: the confirm callback's fields, signed the same way;
- the platform's refunds have no published API: refund() says so and the accountant refunds
  through the treasury.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.utils import timezone

from tinhso.payments.constants import Outcome
from tinhso.payments.gateways.base import (
    BadSignature,
    GatewayUnavailable,
    Notification,
    RefundResult,
    StartRequest,
    StartResult,
    json_callback,
)

logger = logging.getLogger(__name__)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TIME_FORMAT = "%Y%m%d%H%M%S"

# The fields each MaXacThuc covers, in their order (the module's docstring says where from).
INIT_FIELDS = (
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "LoaiHinhThanhToan",
    "MaKenhThanhToan",
    "MaThietBi",
    "NgonNgu",
    "MaTienTe",
    "MaNganHang",
    "ThongTinGiaoDich",
    "ThoiGianGD",
    "Ip",
)
GET_BILL_FIELDS = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
CONFIRM_FIELDS = (
    "LoaiBanTin",
    "MaLoi",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "MaTienTe",
    "MaGiaoDich",
    "MaNganHang",
    "ThongTinGiaoDich",
    "ThoiGianGD",
)
ANSWER_FIELDS = ("MaLoi", "MaDoiTac", "MaThamChieu", "ThoiGianGD")

MSG_INIT, MSG_GET_BILL, MSG_CONFIRM = "KhoiTao", "LayHoaDon", "XacNhan"
VERSION = "1.0"

OK = "00"
UNKNOWN_REFERENCE = "01"
ALREADY_CONFIRMED = "02"
WRONG_AMOUNT = "03"
BAD_MAC = "04"
WRONG_CURRENCY = "05"
BAD_DATA = "06"
WAITING = "07"
CANCELLED = "08"
TIMED_OUT = "09"
DECLINED = "10"
OTHER = "99"
CODES = {
    OK: "Thành công",
    UNKNOWN_REFERENCE: "Không tìm thấy giao dịch",
    ALREADY_CONFIRMED: "Giao dịch đã được xác nhận trước đó",
    WRONG_AMOUNT: "Sai số tiền",
    BAD_MAC: "Sai mã xác thực",
    WRONG_CURRENCY: "Sai loại tiền",
    BAD_DATA: "Dữ liệu không hợp lệ",
    WAITING: "Giao dịch đang chờ thanh toán",
    CANCELLED: "Người nộp đã hủy giao dịch",
    TIMED_OUT: "Giao dịch hết thời gian thanh toán",
    DECLINED: "Ngân hàng từ chối giao dịch",
    OTHER: "Các lỗi khác",
}
# What we answer the platform for each outcome of services.record_notification.
ANSWER_CODE: dict[str, str] = {
    Outcome.CONFIRMED: OK,
    Outcome.NOT_PAID: OK,  # recorded: the platform need not tell us again
    Outcome.PENDING: OK,
    Outcome.ALREADY: ALREADY_CONFIRMED,
    Outcome.WRONG_AMOUNT: WRONG_AMOUNT,
    Outcome.WRONG_CURRENCY: WRONG_CURRENCY,
    Outcome.BAD_SIGNATURE: BAD_MAC,
    Outcome.UNKNOWN: UNKNOWN_REFERENCE,
    Outcome.ERROR: OTHER,
}


# --- MaXacThuc: one builder per message ---------------------------------------------------


def signed_text(fields: Sequence[str], message: Mapping[str, Any]) -> str:
    """The fields' values in their order joined by "|"; a missing or empty field stays an
    empty place between two "|" (so "a||b" and "a|b" never sign alike)."""
    return "|".join("" if message.get(name) is None else str(message[name]) for name in fields)


def _hmac_hex(key: str, text: str) -> str:
    return hmac.new(key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def init_mac(key: str, message: Mapping[str, Any]) -> str:
    return _hmac_hex(key, signed_text(INIT_FIELDS, message))


def get_bill_mac(key: str, message: Mapping[str, Any]) -> str:
    text = signed_text(GET_BILL_FIELDS, message) + "|" + key
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def confirm_mac(key: str, message: Mapping[str, Any]) -> str:
    return _hmac_hex(key, signed_text(CONFIRM_FIELDS, message))


def answer_mac(key: str, message: Mapping[str, Any]) -> str:
    return _hmac_hex(key, signed_text(ANSWER_FIELDS, message))


def same_mac(expected: str, given: Any) -> bool:
    return isinstance(given, str) and hmac.compare_digest(expected.lower(), given.lower())


# --- ThongTinBienLai from what create_payment stored -------------------------------------


def ascii_text(text: str, limit: int = 210) -> str:
    """Vietnamese without accents (đ → d), printable ASCII only, for fields banks pass on."""
    text = text.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in folded if ch.isascii() and ch.isprintable())
    return " ".join(kept.split())[:limit]


def fee_items(payment: Any) -> list[dict[str, Any]]:
    """PhiLePhi: one item per fee line paid. When the payment is not the sum of its lines (a
    part was paid before), one item of the first line's kind carries what is still owed."""
    lines = [x for x in (payment.lines or []) if isinstance(x, dict) and "amount" in x]
    items: list[dict[str, Any]] = [
        {
            "LoaiPhiLePhi": "2" if line.get("kind") == "le_phi" else "1",
            "MaPhiLePhi": str(line.get("id", "")),
            "TenPhiLePhi": str(line.get("name", "")),
            "SoTien": int(line["amount"]),
        }
        for line in lines
    ]
    if sum(item["SoTien"] for item in items) != payment.amount:
        kind = items[0]["LoaiPhiLePhi"] if items else "1"
        name = f"Phí, lệ phí còn phải nộp của hồ sơ {payment.dossier.code}"
        items = [
            {"LoaiPhiLePhi": kind, "MaPhiLePhi": "", "TenPhiLePhi": name, "SoTien": payment.amount}
        ]
    return items


def receipt_info(payment: Any) -> dict[str, Any]:
    """ThongTinBienLai (MaDichVu 2, phí/lệ phí of a public service) of a Payment. The
    beneficiary account fields stay empty: the platform holds the account of each partner."""
    dossier = payment.dossier
    version = dossier.procedure_version
    agency = dossier.receiving_agency
    content = f"Nộp phí, lệ phí hồ sơ {dossier.code}"
    return {
        "MaDichVu": 2,
        "MaDonVi": agency.code,
        "TenDonVi": agency.name,
        "MaHoSo": dossier.code,
        "MaDVC": version.procedure.code,
        "TenDVC": version.name,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "TKThuHuong": "",
        "MaNHThuHuong": "",
        "TenTKThuHuong": "",
        "PhiLePhi": fee_items(payment),
        "NoiDungThanhToan": content,
        "HoTenNguoiNop": payment.payer_name or dossier.applicant_name,
        "SoCMNDNguoiNop": dossier.applicant_cccd,
        "DiaChiNguoiNop": dossier.applicant_address,
        "HuyenNguoiNop": "",
        "TinhNguoiNop": "",
        "MaCoQuanQD": agency.code,
        "TenCoQuanQD": agency.name,
        "DSKhoanNop": [{"NoiDung": content, "SoTien": str(payment.amount)}],
        "TaiKhoanThuNSNN": "",
    }


def receipt_info_for(reference: str) -> dict[str, Any]:
    from tinhso.payments.models import Payment

    payment = (
        Payment.objects.select_related(
            "dossier__procedure_version__procedure", "dossier__receiving_agency"
        )
        .filter(reference=reference)
        .first()
    )
    return receipt_info(payment) if payment is not None else {}


def platform_time(moment: datetime) -> str:
    return timezone.localtime(moment, VN).strftime(TIME_FORMAT)


def parse_platform_time(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=VN)
    except (TypeError, ValueError):
        return None


# --- the adapter ---------------------------------------------------------------------------


class NationalPlatformGateway:
    provider = "dvcqg"

    def __init__(
        self, *, partner_code: str, hash_key: str, init_url: str, query_url: str, timeout: float
    ) -> None:
        self.partner_code = partner_code
        self._key = hash_key
        self.init_url = init_url
        self.query_url = query_url
        self.timeout = timeout
        self._received: dict[str, Any] = {}  # the last callback, to echo in our answer

    def __repr__(self) -> str:  # never the key
        return f"NationalPlatformGateway(partner={self.partner_code!r})"

    @classmethod
    def from_settings(cls) -> NationalPlatformGateway:
        return cls(
            partner_code=settings.DVCQG_PAY_PARTNER_CODE,
            hash_key=settings.DVCQG_PAY_HASH_KEY,
            init_url=settings.DVCQG_PAY_INIT_URL,
            query_url=settings.DVCQG_PAY_QUERY_URL,
            timeout=settings.PAYMENT_TIMEOUT_SECONDS,
        )

    def _post(self, url: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        if not url or not self._key or not self.partner_code:
            raise GatewayUnavailable(
                "Chưa cấu hình nền tảng thanh toán của Cổng DVCQG (DVCQG_PAY_*)."
            )
        try:
            response = requests.post(url, json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"Không kết nối được nền tảng thanh toán ({what}).") from exc
        if response.status_code >= 500:
            raise GatewayUnavailable(
                f"Nền tảng thanh toán tạm lỗi ({what}): HTTP {response.status_code}."
            )
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise GatewayUnavailable(f"Nền tảng thanh toán trả lời không đọc được ({what}).")
        return answer

    def init_message(self, request: StartRequest) -> dict[str, Any]:
        message: dict[str, Any] = {
            "LoaiBanTin": MSG_INIT,
            "PhienBan": VERSION,
            "MaDoiTac": self.partner_code,
            "MaThamChieu": request.reference,
            "SoTien": str(request.amount),
            "LoaiHinhThanhToan": "1",
            "MaKenhThanhToan": "1",
            "MaThietBi": "1",
            "NgonNgu": "vi",
            "MaTienTe": "VND",
            "MaNganHang": "",
            "ThongTinGiaoDich": ascii_text(request.description),
            "ThoiGianGD": platform_time(request.created_at),
            "Ip": request.client_ip,
        }
        message["ThongTinBienLai"] = request.extra.get("ThongTinBienLai") or receipt_info_for(
            request.reference
        )
        message["MaXacThuc"] = init_mac(self._key, message)
        message["UrlTraVe"] = request.return_url
        return message

    def start(self, request: StartRequest) -> StartResult:
        answer = self._post(self.init_url, self.init_message(request), "khởi tạo giao dịch")
        code = str(answer.get("MaLoi", ""))
        url = str(answer.get("UrlThanhToan", ""))
        if code != OK or not url.startswith(("https://", "http://")):
            message = str(answer.get("MoTaLoi") or CODES.get(code, "không rõ lý do"))
            raise GatewayUnavailable(
                f"Nền tảng thanh toán không nhận giao dịch: {message} ({code})."
            )
        return StartResult(redirect_url=url, provider_reference=request.reference)

    def _notification(self, message: Mapping[str, Any]) -> Notification:
        """Read a confirm-shaped message (callback or get-bill answer); BadSignature unless its
        MaXacThuc verifies and it is addressed to us."""
        if not self._key:
            raise BadSignature("Chưa cấu hình khóa DVCQG_PAY_HASH_KEY.")
        if not same_mac(confirm_mac(self._key, message), message.get("MaXacThuc")):
            raise BadSignature("MaXacThuc không đúng.")
        if str(message.get("MaDoiTac", "")) != self.partner_code:
            raise BadSignature("MaDoiTac không phải của chúng tôi.")
        try:
            amount = int(str(message.get("SoTien", "")))
        except ValueError:
            raise BadSignature("SoTien không phải số nguyên.") from None
        code = str(message.get("MaLoi", ""))
        currency = str(message.get("MaTienTe", "")).upper()
        return Notification(
            reference=str(message.get("MaThamChieu", "")),
            amount=amount,
            currency="VND" if currency == "704" else currency,
            paid=code == OK,
            pending=code == WAITING,
            provider_transaction=str(message.get("MaGiaoDich", "")),
            bank_code=str(message.get("MaNganHang", "")),
            paid_at=parse_platform_time(str(message.get("ThoiGianGD", ""))) if code == OK else None,
            code=code,
            raw=dict(message),
        )

    def parse_callback(self, params: dict[str, str], body: bytes) -> Notification:
        message = json_callback(params, body)
        self._received = message
        if message.get("LoaiBanTin") not in (MSG_CONFIRM, None, ""):
            raise BadSignature("LoaiBanTin không phải bản tin xác nhận.")
        return self._notification(message)

    def callback_answer(
        self, outcome: str, notification: Notification | None
    ) -> tuple[str, dict[str, str]]:
        code = ANSWER_CODE.get(outcome, OTHER)
        received = notification.raw if notification is not None else self._received
        answer = {
            "MaLoi": code,
            "MoTaLoi": CODES[code],
            "MaDoiTac": self.partner_code,
            "MaThamChieu": str(received.get("MaThamChieu", ""))[:64],
            "ThoiGianGD": platform_time(timezone.now()),
        }
        answer["MaXacThuc"] = answer_mac(self._key, answer)
        return "application/json", answer

    def get_bill_message(self, reference: str, created_at: datetime) -> dict[str, str]:
        message = {
            "LoaiBanTin": MSG_GET_BILL,
            "PhienBan": VERSION,
            "MaDoiTac": self.partner_code,
            "MaThamChieu": reference,
            "ThoiGianGD": platform_time(created_at),
        }
        message["MaXacThuc"] = get_bill_mac(self._key, message)
        return message

    def query(self, reference: str, created_at: datetime, client_ip: str) -> Notification:
        """The platform's get-bill: its answer is believed only if it verifies."""
        answer = self._post(
            self.query_url, self.get_bill_message(reference, created_at), "tra cứu giao dịch"
        )
        if str(answer.get("MaLoi", "")) in (UNKNOWN_REFERENCE, BAD_MAC, BAD_DATA, OTHER) and (
            "MaXacThuc" not in answer or "SoTien" not in answer
        ):
            code = str(answer.get("MaLoi"))
            raise GatewayUnavailable(
                f"Nền tảng thanh toán không tra cứu được: {CODES[code]} ({code})."
            )
        return self._notification(answer)

    def refund(
        self, reference: str, amount: int, reason: str, created_at: datetime, by: str
    ) -> RefundResult:
        return RefundResult(
            accepted=False,
            code="unsupported",
            message=(
                "Nền tảng thanh toán của Cổng DVCQG chưa công bố giao diện hoàn tiền: "
                "kế toán hoàn trả qua kho bạc hoặc ngân hàng và ghi nhận tại đây."
            ),
        )
