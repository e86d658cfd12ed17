"""Demo e-forms: the tờ khai of three procedures, as data (tinhso.eforms.schema).

Fields follow the printed forms: Tờ khai đăng ký khai sinh and Tờ khai đăng ký kết hôn
(Thông tư 04/2020/TT-BTP, amended — background knowledge, verify against the current
annex), Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Thông tư 06/2024/TT-BTP — verify).
Idempotent: a version that already has an e-form keeps it.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.catalogue.selectors import version_in_force
from tinhso.eforms.models import EForm
from tinhso.eforms.services import eform_save

ETHNIC_HELP = "Ví dụ: Kinh, Khmer, Chăm, Hoa."
NAME_PATTERN = r"[A-Za-zÀ-ỹ' ]+"
NAME_MESSAGE = "Họ tên chỉ gồm chữ cái và dấu cách, không có chữ số hay ký hiệu."


def _person(prefix: str, who: str, section: str, *, required: bool = False) -> list[dict]:
    """Họ tên, ngày sinh, dân tộc, quốc tịch, CCCD, nơi cư trú of a parent or spouse."""
    return [
        {
            "key": f"{prefix}_ho_ten",
            "type": "text",
            "label": f"Họ, chữ đệm, tên của {who}",
            "section": section,
            "required": required,
            "max_length": 100,
            "pattern": NAME_PATTERN,
            "pattern_message": NAME_MESSAGE,
        },
        {
            "key": f"{prefix}_ngay_sinh",
            "type": "date",
            "label": f"Ngày sinh của {who}",
            "section": section,
            "required": required,
            "min": "1900-01-01",
            "max": "today",
        },
        {
            "key": f"{prefix}_dan_toc",
            "type": "text",
            "label": f"Dân tộc của {who}",
            "section": section,
            "required": required,
            "max_length": 50,
            "help": ETHNIC_HELP,
        },
        {
            "key": f"{prefix}_quoc_tich",
            "type": "text",
            "label": f"Quốc tịch của {who}",
            "section": section,
            "required": required,
            "max_length": 50,
        },
        {
            "key": f"{prefix}_cccd",
            "type": "cccd",
            "label": f"Số CCCD/định danh cá nhân của {who}",
            "section": section,
            "required": required,
            "help": "12 chữ số, in trên thẻ căn cước.",
        },
        {
            "key": f"{prefix}_noi_cu_tru",
            "type": "text",
            "label": f"Nơi cư trú của {who}",
            "section": section,
            "required": required,
            "max_length": 300,
        },
    ]


REQUESTER = "Người đi khai (người yêu cầu)"
DECLARATION = {
    "key": "cam_doan",
    "type": "checkbox",
    "label": "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
    "pháp luật về cam đoan của mình.",
    "section": "Cam đoan",
    "required": True,
}


def _requester() -> list[dict]:
    return [
        {
            "key": "nyc_ho_ten",
            "type": "text",
            "label": "Họ, chữ đệm, tên người yêu cầu",
            "section": REQUESTER,
            "required": True,
            "prefill": "full_name",
        },
        {
            "key": "nyc_cccd",
            "type": "cccd",
            "label": "Số CCCD/định danh cá nhân",
            "section": REQUESTER,
            "required": True,
            "prefill": "cccd",
        },
        {
            "key": "nyc_noi_cu_tru",
            "type": "text",
            "label": "Nơi cư trú",
            "section": REQUESTER,
            "required": True,
            "max_length": 300,
            "prefill": "address",
            "help": "Số nhà, đường, ấp/khu phố, xã/phường, tỉnh.",
        },
    ]


BIRTH: dict[str, Any] = {
    "fields": [
        *_requester(),
        {
            "key": "quan_he",
            "type": "select",
            "label": "Quan hệ với người được khai sinh",
            "section": REQUESTER,
            "required": True,
            "choices": ["Cha", "Mẹ", "Ông", "Bà", "Người thân thích khác", "Người nuôi dưỡng"],
        },
        {
            "key": "con_ho_ten",
            "type": "text",
            "label": "Họ, chữ đệm, tên của người được khai sinh",
            "section": "Người được khai sinh",
            "required": True,
            "max_length": 100,
            "pattern": NAME_PATTERN,
            "pattern_message": NAME_MESSAGE,
        },
        {
            "key": "con_ngay_sinh",
            "type": "date",
            "label": "Ngày, tháng, năm sinh",
            "section": "Người được khai sinh",
            "required": True,
            "min": "1900-01-01",
            "max": "today",
            "help": "Đăng ký trong 60 ngày kể từ ngày sinh được miễn lệ phí.",
        },
        {
            "key": "con_gioi_tinh",
            "type": "select",
            "label": "Giới tính",
            "section": "Người được khai sinh",
            "required": True,
            "choices": [["nam", "Nam"], ["nu", "Nữ"]],
        },
        {
            "key": "con_noi_sinh",
            "type": "text",
            "label": "Nơi sinh",
            "section": "Người được khai sinh",
            "required": True,
            "max_length": 300,
            "help": "Tên cơ sở y tế (nếu sinh tại cơ sở y tế), xã/phường, tỉnh.",
        },
        {
            "key": "con_dan_toc",
            "type": "text",
            "label": "Dân tộc",
            "section": "Người được khai sinh",
            "required": True,
            "max_length": 50,
            "help": ETHNIC_HELP,
        },
        {
            "key": "con_quoc_tich",
            "type": "text",
            "label": "Quốc tịch",
            "section": "Người được khai sinh",
            "required": True,
            "max_length": 50,
        },
        {
            "key": "con_que_quan",
            "type": "text",
            "label": "Quê quán",
            "section": "Người được khai sinh",
            "max_length": 300,
        },
        *_person("me", "mẹ", "Thông tin người mẹ"),
        *_person("cha", "cha", "Thông tin người cha"),
        {
            "key": "so_ban_sao",
            "type": "number",
            "label": "Số bản sao Giấy khai sinh đề nghị cấp",
            "section": "Đề nghị",
            "min": 0,
            "max": 10,
        },
        DECLARATION,
    ],
    # 1: the tờ khai is this e-form; 3: the identity paper is the signed-in account's CCCD,
    # checked against the population database ("không phải nộp nếu đã khai thác được").
    "covers_components": [1, 3],
}

MARRIAGE: dict[str, Any] = {
    "fields": [
        *_requester(),
        *_person("nam", "bên nam", "Bên nam", required=True),
        *_person("nu", "bên nữ", "Bên nữ", required=True),
        {
            "key": "lan_ket_hon",
            "type": "select",
            "label": "Kết hôn lần thứ mấy (của người yêu cầu)",
            "section": "Đề nghị",
            "required": True,
            "choices": [["1", "Lần đầu"], ["2", "Lần thứ hai trở lên"]],
        },
        DECLARATION,
    ],
    # Một phần: both spouses come to the commune to sign the register; only the tờ khai is
    # filed online.
    "covers_components": [1],
}

CRIMINAL_RECORD: dict[str, Any] = {
    "fields": [
        *_requester(),
        {
            "key": "ngay_sinh",
            "type": "date",
            "label": "Ngày sinh",
            "section": REQUESTER,
            "required": True,
            "max": "today",
            "prefill": "birth_date",
        },
        {
            "key": "gioi_tinh",
            "type": "select",
            "label": "Giới tính",
            "section": REQUESTER,
            "required": True,
            "choices": [["nam", "Nam"], ["nu", "Nữ"]],
        },
        {
            "key": "noi_sinh",
            "type": "text",
            "label": "Nơi sinh",
            "section": REQUESTER,
            "required": True,
            "max_length": 300,
        },
        {
            "key": "dien_thoai",
            "type": "phone",
            "label": "Số điện thoại",
            "section": REQUESTER,
            "required": True,
            "prefill": "phone",
        },
        {
            "key": "thu_dien_tu",
            "type": "email",
            "label": "Thư điện tử",
            "section": REQUESTER,
            "prefill": "email",
        },
        {
            "key": "loai_phieu",
            "type": "select",
            "label": "Loại Phiếu lý lịch tư pháp",
            "section": "Nội dung yêu cầu",
            "required": True,
            "choices": [["1", "Phiếu số 1"], ["2", "Phiếu số 2"]],
            "help": "Phiếu số 2 ghi đầy đủ án tích, kể cả án tích đã được xóa.",
        },
        {
            "key": "so_luong",
            "type": "number",
            "label": "Số lượng Phiếu đề nghị cấp",
            "section": "Nội dung yêu cầu",
            "required": True,
            "min": 1,
            "max": 10,
            "help": "Từ Phiếu thứ 3 trở đi thu thêm 5.000 đồng/Phiếu.",
        },
        {
            "key": "muc_dich",
            "type": "text",
            "label": "Mục đích sử dụng Phiếu",
            "section": "Nội dung yêu cầu",
            "required": True,
            "min_length": 3,
            "max_length": 200,
            "help": "Ví dụ: bổ sung hồ sơ xin việc, du học.",
        },
        DECLARATION,
    ],
    # 2: "không yêu cầu khi nộp qua VNeID" — the signed-in account stands for it.
    "covers_components": [1, 2],
}

DEMO_EFORMS = [
    ("1.001193", "Tờ khai đăng ký khai sinh", BIRTH),
    ("1.000894", "Tờ khai đăng ký kết hôn", MARRIAGE),
    ("3.000333", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", CRIMINAL_RECORD),
]


@transaction.atomic
def load_demo_eforms() -> int:
    """Give the demo procedures in force their e-forms; returns how many were created."""
    today = timezone.localdate()
    made = 0
    for code, title, schema in DEMO_EFORMS:
        version = version_in_force(code, today)
        if version is None or EForm.objects.filter(version=version).exists():
            continue
        eform_save(version, title=title, schema=schema)
        made += 1
    return made
