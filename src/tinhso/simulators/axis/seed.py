"""The simulated axis's directory: the demo province's agencies (from the demo data set) and
about thirty bodies of ministries and other provinces.

Only the shape of the identifiers is law (13 characters, Quyết định 20/2020/QĐ-TTg); apart from
the Văn phòng Chính phủ's 000.00.00.G22 (seen in published status samples) the outside codes
below are illustrative, not the official list.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from tinhso.simulators.axis.models import AxisOrganisation

DEMO_DATA = Path(__file__).resolve().parents[2] / "demo" / "data" / "tay_ninh.json"

# (code, name, parent code, address)
OUTSIDE: list[tuple[str, str, str, str]] = [
    ("000.00.00.G22", "Văn phòng Chính phủ", "", "1 Hoàng Hoa Thám, Ba Đình, Hà Nội"),
    ("000.00.00.G01", "Bộ Công an", "", "44 Yết Kiêu, Hoàn Kiếm, Hà Nội"),
    ("000.00.00.G02", "Bộ Quốc phòng", "", "7 Nguyễn Tri Phương, Ba Đình, Hà Nội"),
    ("000.00.00.G03", "Bộ Ngoại giao", "", "1 Tôn Thất Đàm, Ba Đình, Hà Nội"),
    ("000.00.00.G04", "Bộ Nội vụ", "", "8 Tôn Thất Thuyết, Cầu Giấy, Hà Nội"),
    ("000.00.00.G05", "Bộ Tư pháp", "", "58-60 Trần Phú, Ba Đình, Hà Nội"),
    ("000.00.00.G06", "Bộ Tài chính", "", "28 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội"),
    ("000.00.00.G07", "Bộ Công Thương", "", "54 Hai Bà Trưng, Hoàn Kiếm, Hà Nội"),
    ("000.00.00.G08", "Bộ Nông nghiệp và Môi trường", "", "2 Ngọc Hà, Ba Đình, Hà Nội"),
    ("000.00.00.G09", "Bộ Xây dựng", "", "37 Lê Đại Hành, Hai Bà Trưng, Hà Nội"),
    ("000.00.00.G10", "Bộ Khoa học và Công nghệ", "", "113 Trần Duy Hưng, Cầu Giấy, Hà Nội"),
    ("000.00.00.G11", "Bộ Giáo dục và Đào tạo", "", "35 Đại Cồ Việt, Hai Bà Trưng, Hà Nội"),
    ("000.00.00.G12", "Bộ Y tế", "", "138A Giảng Võ, Ba Đình, Hà Nội"),
    ("000.00.00.G13", "Bộ Văn hóa, Thể thao và Du lịch", "", "51 Ngô Quyền, Hoàn Kiếm, Hà Nội"),
    ("000.00.00.G14", "Thanh tra Chính phủ", "", "Lô D29, Cầu Giấy, Hà Nội"),
    ("000.00.00.G15", "Ngân hàng Nhà nước Việt Nam", "", "49 Lý Thái Tổ, Hoàn Kiếm, Hà Nội"),
    ("000.00.01.G06", "Tổng cục Thuế", "000.00.00.G06", "123 Lò Đúc, Hai Bà Trưng, Hà Nội"),
    ("000.00.02.G06", "Kho bạc Nhà nước", "000.00.00.G06", "32 Cát Linh, Đống Đa, Hà Nội"),
    ("000.00.01.G01", "Cục Cảnh sát quản lý hành chính về trật tự xã hội", "000.00.00.G01", ""),
    ("000.00.00.H29", "Ủy ban nhân dân thành phố Hà Nội", "", "12 Lê Lai, Hoàn Kiếm, Hà Nội"),
    ("000.00.01.H29", "Sở Tư pháp thành phố Hà Nội", "000.00.00.H29", "221 Trần Phú, Hà Đông"),
    ("000.00.00.H58", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "", "86 Lê Thánh Tôn, Quận 1"),
    ("000.00.01.H58", "Sở Tư pháp Thành phố Hồ Chí Minh", "000.00.00.H58", "141-143 Pasteur"),
    ("000.00.02.H58", "Sở Tài chính Thành phố Hồ Chí Minh", "000.00.00.H58", "32 Lê Thánh Tôn"),
    ("000.00.00.H15", "Ủy ban nhân dân thành phố Đà Nẵng", "", "24 Trần Phú, Hải Châu, Đà Nẵng"),
    ("000.00.00.H23", "Ủy ban nhân dân thành phố Hải Phòng", "", "18 Hoàng Diệu, Hồng Bàng"),
    ("000.00.00.H12", "Ủy ban nhân dân thành phố Cần Thơ", "", "2 Hòa Bình, Ninh Kiều, Cần Thơ"),
    ("000.00.00.H08", "Ủy ban nhân dân tỉnh Đồng Nai", "", "2 Nguyễn Văn Trị, Biên Hòa"),
    ("000.00.01.H08", "Sở Nội vụ tỉnh Đồng Nai", "000.00.00.H08", "Biên Hòa, Đồng Nai"),
    ("000.00.00.H19", "Ủy ban nhân dân tỉnh Đồng Tháp", "", "12 Đường 30/4, Cao Lãnh"),
    ("000.00.00.H40", "Ủy ban nhân dân tỉnh Lâm Đồng", "", "36 Trần Phú, Đà Lạt"),
    ("000.00.00.H59", "Ủy ban nhân dân tỉnh Tuyên Quang", "", "160 Trần Hưng Đạo, Tuyên Quang"),
    ("000.00.12.H59", "Sở Nội vụ tỉnh Tuyên Quang", "000.00.00.H59", "Tuyên Quang"),
]


def directory_seed() -> list[dict[str, str]]:
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    demo = [
        {
            "code": a["code"],
            "name": a["name"],
            "parent_code": a.get("parent") or "",
            "address": a.get("address") or "",
            "phone": a.get("phone") or "",
            "email": a.get("email") or "",
        }
        for a in data.get("agencies", [])
    ]
    outside = [
        {"code": code, "name": name, "parent_code": parent, "address": address}
        for code, name, parent, address in OUTSIDE
    ]
    return demo + outside


def ensure_directory() -> None:
    """Seed the directory once (the first request or registration of a fresh store)."""
    if AxisOrganisation.objects.exists():
        return
    with transaction.atomic():
        for entry in directory_seed():
            code = entry.pop("code")
            AxisOrganisation.objects.get_or_create(code=code, defaults=entry)
