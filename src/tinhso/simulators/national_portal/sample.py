"""A plausible dossier as the national portal would send it, for the demo and the tests.

The procedure and the agency come from the province's catalogue (the real portal knows them
from the Cơ sở dữ liệu quốc gia về TTHC); the applicant is invented, with a well-formed CCCD.
"""

import base64
import random
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tinhso.catalogue.constants import OnlineLevel
from tinhso.catalogue.fees import applicable_fees
from tinhso.catalogue.models import ProcedureVersion
from tinhso.catalogue.selectors import version_in_force, versions_in_force
from tinhso.core.text import fold
from tinhso.organisation.constants import AgencyKind
from tinhso.organisation.models import Agency
from tinhso.organisation.selectors import agency_by_code

PEOPLE = (
    ("Nguyễn Thị Thu Hà", "female"),
    ("Trần Văn Minh", "male"),
    ("Lê Hoàng Nam", "male"),
    ("Phạm Thị Lan", "female"),
    ("Võ Minh Tuấn", "male"),
)
STREETS = ("Trần Hưng Đạo", "Cách Mạng Tháng Tám", "Nguyễn Trãi", "Lý Thường Kiệt")
# A 1×1 white PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)


class SampleError(Exception):
    """No sample can be built (e.g. no procedure offered online): the message says why."""


def tiny_pdf(title: str) -> bytes:
    """A valid one-page PDF showing `title` (without diacritics: the standard fonts lack them)."""
    text = fold(title).encode("ascii", "replace").replace(b"\\", b"").replace(b"(", b"[")
    text = text.replace(b")", b"]")[:90]
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        b" >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _version(code: str | None) -> ProcedureVersion:
    today = timezone.localdate()
    if code:
        version = version_in_force(code, today)
        if version is None:
            raise SampleError(f"Không có thủ tục mã {code} đang áp dụng.")
        return version
    version = (
        versions_in_force(today)
        .exclude(online_level=OnlineLevel.OFFLINE)
        .prefetch_related("components", "fees", "agencies")
        .order_by("procedure__code")
        .first()
    )
    if version is None:
        raise SampleError("Danh mục chưa có thủ tục nào tiếp nhận trực tuyến.")
    return version


def _agency(version: ProcedureVersion, code: str | None) -> Agency:
    if code:
        agency = agency_by_code(code)
        if agency is None:
            raise SampleError(f"Không có cơ quan mã định danh {code}.")
        return agency
    named = list(version.agencies.all())
    if named:
        return named[0]
    commune = Agency.objects.filter(kind=AgencyKind.UBND_XA, is_active=True).order_by("code")
    if commune.exists():
        return commune.first()
    raise SampleError(f"Không tìm được cơ quan tiếp nhận thủ tục {version.code}.")


def _file(spec_name: str, types: list[str], n: int) -> dict[str, str]:
    if "pdf" in types or not types:
        return {
            "name": f"thanh-phan-{n}.pdf",
            "content_base64": base64.b64encode(tiny_pdf(spec_name)).decode(),
        }
    return {"name": f"thanh-phan-{n}.png", "content_base64": base64.b64encode(PNG).decode()}


def sample_dossier(
    procedure_code: str | None = None,
    agency_code: str | None = None,
    external_id: str | None = None,
) -> dict[str, Any]:
    version = _version(procedure_code)
    agency = _agency(version, agency_code)
    now = timezone.localtime()
    name, sex = random.choice(PEOPLE)  # noqa: S311 - demo data, not security
    year = random.randint(1960, 2004)  # noqa: S311
    century_sex = (0 if sex == "male" else 1) + (2 if year >= 2000 else 0)
    cccd = f"072{century_sex}{year % 100:02d}{secrets.randbelow(10**6):06d}"
    address = f"{random.randint(1, 300)} {random.choice(STREETS)}, tỉnh Tây Ninh"  # noqa: S311
    modes = list(version.delivery_modes or ["counter"])
    mode = "postal" if "postal" in modes else modes[0]
    eform = {
        "ho_ten": name,
        "so_cccd": cccd,
        "nam_sinh": year,
        "dia_chi": address,
        "noi_dung_de_nghi": f"Đề nghị giải quyết thủ tục: {version.name}",
        "so_ban_ket_qua": 1,
        "con_ngay_sinh": (now.date() - timedelta(days=20)).isoformat(),  # a birth, on time
    }
    # The portal charges what the case owes (tinhso.catalogue.fees), not every fee line.
    due = applicable_fees(version, eform, now.date()).lines
    return {
        "external_id": external_id or f"G22.99-{now:%y%m%d}-{secrets.token_hex(3).upper()}",
        "procedure_code": version.code,
        "receiving_agency": agency.code,
        "submitted_at": (now - timedelta(minutes=3)).isoformat(timespec="seconds"),
        "applicant": {
            "name": name,
            "cccd": cccd,
            "phone": f"09{secrets.randbelow(10**8):08d}",
            "email": f"{fold(name).replace(' ', '.')}@example.vn",
            "address": address,
            "identity_account_id": f"vneid-{cccd}",
        },
        "delivery_mode": mode,
        "postal_address": address if mode == "postal" else "",
        "eform": eform,
        "components": [
            {
                "order": spec.order,
                "name": spec.name,
                "files": [_file(spec.name, spec.file_type_list, n)],
            }
            for n, spec in enumerate(version.components.all(), 1)
        ],
        "fees": [
            {
                "name": fee.name,
                "amount": fee.amount,
                "transaction_id": f"PAYGOV-{secrets.token_hex(4).upper()}",
                "paid_at": (now - timedelta(minutes=2)).isoformat(timespec="seconds"),
            }
            for fee in due
            if fee.amount
        ],
    }
