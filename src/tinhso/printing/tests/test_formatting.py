from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from tinhso.printing import formatting

UTC = ZoneInfo("UTC")
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0 đồng"), (500, "500 đồng"), (1234000, "1.234.000 đồng"), (-75000, "-75.000 đồng")],
)
def test_money(amount, text):
    assert formatting.money(amount) == text


def test_fee_text():
    assert formatting.fee_text(0) == "Không thu phí, lệ phí"
    assert formatting.fee_text(50000) == "50.000 đồng"
    assert formatting.fee_text(None) == ""


def test_short_date_and_time_in_vietnam_time():
    moment = datetime(2026, 11, 22, 17, 5, tzinfo=UTC)  # 00:05 on 23/11 in Việt Nam
    assert formatting.short_date(moment) == "23/11/2026"
    assert formatting.clock(moment) == "00 giờ 05 phút"
    assert formatting.when(moment) == "00 giờ 05 phút, ngày 23/11/2026"
    assert formatting.when(datetime(2026, 11, 23, 14, 5)) == "14 giờ 05 phút, ngày 23/11/2026"
    assert formatting.when(date(2026, 3, 4)) == "ngày 04/03/2026"
    assert formatting.when(None) == ""


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
        (date(2026, 3, 4), "ngày 04 tháng 3 năm 2026"),
        (date(2026, 11, 23), "ngày 23 tháng 11 năm 2026"),
    ],
)
def test_document_date_follows_decree_30(day, text):
    # Nghị định 30/2020/NĐ-CP: a leading zero for days below 10 and for months 1 and 2 only.
    assert formatting.document_date(day) == text


def test_place_date():
    moment = datetime(2026, 2, 1, 20, 0, tzinfo=UTC)  # 03:00 on 02/02 in Việt Nam
    assert formatting.place_date("Nghệ An", moment) == "Nghệ An, ngày 02 tháng 02 năm 2026"
    assert formatting.place_date("Nghệ An", None) == "Nghệ An, ngày … tháng … năm …"


def test_component_form():
    assert formatting.component_form(1, 0) == "01 bản chính"
    assert formatting.component_form(1, 2) == "01 bản chính, 02 bản sao"
    assert formatting.component_form(0, 0, electronic=True) == "Bản điện tử"


def test_template_filters():
    out = Template(
        "{% load printing_vn %}{{ a|money }}|{{ d|when }}|{{ c|code_breaks }}|{{ x|code_breaks }}"
    ).render(
        Context(
            {
                "a": 1234000,
                "d": datetime(2026, 11, 23, 14, 5, tzinfo=VN),
                "c": "H40-261123-0007",
                "x": "<b>-",
            }
        )
    )
    assert out == (
        "1.234.000 đồng|14 giờ 05 phút, ngày 23/11/2026|H40-<wbr>261123-<wbr>0007|&lt;b&gt;-<wbr>"
    )
