"""The report downloads: the summary report's layout in .xlsx and PDF, scoped like the API."""

import re
import unicodedata
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from tinhso.statistics.exports import COLUMNS
from tinhso.statistics.tests.conftest import NOW

pytestmark = pytest.mark.django_db
NOV = "from=2026-11-01&to=2026-11-30"


def download(user, url):
    client = Client()
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        return client.get(url)


def test_xlsx_has_the_report_columns_and_the_figures(scenario, cast):
    r = download(cast.province_leader, f"/can-bo/thong-ke/xuat/bao-cao.xlsx?{NOV}&group_by=agency")
    assert r.status_code == 200
    assert "bao-cao-tthc-20261101-20261130.xlsx" in r["Content-Disposition"]
    ws = load_workbook(BytesIO(r.content)).active
    assert ws["A1"].value == "TỈNH TÂY NINH"
    assert "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in ws["A2"].value
    assert "01/11/2026" in ws["A3"].value and "30/11/2026" in ws["A3"].value
    assert ws["C5"].value == "Số hồ sơ nhận giải quyết"
    headings = [ws.cell(6, i).value for i in range(3, 3 + len(COLUMNS))]
    assert headings[:4] == [
        "Tổng số",
        "Kỳ trước chuyển qua",
        "Mới tiếp nhận trực tuyến",
        "Mới tiếp nhận trực tiếp, qua bưu chính",
    ]
    rows = {ws.cell(r, 2).value: [ws.cell(r, i).value for i in range(3, 14)] for r in (8, 9)}
    # tổng, chuyển qua, trực tuyến, trực tiếp+BC, giải quyết: tổng, trước, đúng, quá hạn,
    # đang giải quyết: tổng, trong hạn, quá hạn
    assert rows["Sở Tư pháp"] == [9, 1, 2, 6, 5, 3, 1, 1, 2, 0, 2]  # D4: extended, overdue


def test_pdf_is_a_pdf_in_tinos(scenario, cast):
    r = download(cast.leader, f"/can-bo/thong-ke/xuat/bao-cao.pdf?{NOV}")
    assert r.status_code == 200, r.content[:300]
    assert r.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(r.content))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", page.extract_text()))
    assert "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text and "SỞ TƯ PHÁP" in text
    fonts = {
        str(f.get_object()["/BaseFont"]).split("+", 1)[-1]
        for f in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith(("Tinos", "DejaVuSerif")) for name in fonts), fonts


def test_766_xlsx(scenario, cast):
    r = download(cast.province_leader, f"/can-bo/thong-ke/xuat/chi-so-766.xlsx?{NOV}")
    ws = load_workbook(BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6)]
    progress = next(row for row in rows if row[1] == "Tiến độ giải quyết")
    assert progress[2:5] == [4, 5, "80,00%"]
    assert progress[7:9] == ["Tiến độ giải quyết (20)", "16,00"]  # 20 points × 80 %
    total = next(row for row in rows if row[1] == "Tổng điểm Bộ chỉ số 766")
    assert total[0] == "Toàn tỉnh" and total[8].endswith(" / 100")


def test_downloads_are_scoped_and_explain_bad_input(scenario, cast, province):
    forbidden = download(cast.specialist, f"/can-bo/thong-ke/xuat/bao-cao.xlsx?{NOV}")
    assert forbidden.status_code == 403
    assert "lãnh đạo" in forbidden.content.decode()
    other = download(cast.leader, f"/can-bo/thong-ke/xuat/bao-cao.xlsx?{NOV}&agency=000.00.13.H53")
    assert other.status_code == 403
    bad = download(cast.leader, "/can-bo/thong-ke/xuat/bao-cao.xlsx?from=hôm-qua&to=2026-11-30")
    assert bad.status_code == 400 and "yyyy-mm-dd" in bad.content.decode()
    assert Client().get(f"/can-bo/thong-ke/xuat/bao-cao.xlsx?{NOV}").status_code == 302
