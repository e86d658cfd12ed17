"""Issue 14 item 11: the e-office journey in the browser.

Sở Tư pháp's clerk registers a scanned letter → the director assigns it to a specialist with a
deadline in working days → the specialist opens it (the read receipt shows) and drafts the
reply → the head of department approves the content, the clerk the format → the director signs
through the local signing app (its simulator) → the clerk takes the number and seals (SoftHSM2)
→ the reply goes to Sở Xây dựng, whose clerk finds it waiting to be registered → both
registers (sổ đăng ký văn bản đến, đi) list the two documents.
Nghị định 30/2020/NĐ-CP Điều 10–16 (văn bản đi), 18–24 (văn bản đến), Phụ lục IV (sổ)."""

import io
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Browser, Page, expect

from tinhso.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LETTER = "Về việc đề nghị góp ý dự thảo quy chế phối hợp quản lý trật tự xây dựng"
REPLY = "Về việc góp ý dự thảo quy chế phối hợp quản lý trật tự xây dựng"


def _softhsm_missing() -> bool:
    from django.conf import settings

    return not (os.path.exists(settings.PKCS11_LIB) and shutil.which("softhsm2-util"))


@pytest.fixture
def site(live_server, settings):
    if _softhsm_missing():
        if os.environ.get("CI") == "true":
            pytest.fail("SoftHSM2 is required in CI (apt-get install softhsm2)")
        pytest.skip("SoftHSM2 (softhsm2) is not installed: the agency seal cannot be applied")
    settings.SIMULATORS_ENABLED = True
    settings.OUTGOING_SIGNING_PROVIDER = "local_app"
    settings.OUTGOING_SEAL_PROVIDER = "pkcs11"
    load_demo()
    return live_server.url


def signed_in(browser: Browser, site: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{site}/dang-nhap/?next=/van-ban/den/cua-toi/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def pdf(title: str, body: str) -> dict:
    import weasyprint

    html = (
        "<html><body style='font-family: Tinos, serif'>"
        f"<h1 style='margin-top: 40mm'>{title}</h1><p>{body}</p></body></html>"
    )
    data = bytes(weasyprint.HTML(string=html).write_pdf())
    return {"name": "van-ban.pdf", "mimeType": "application/pdf", "buffer": data}


def act(page: Page, action: str, note: str = "") -> None:
    """One button of the outgoing document's page; the state it leads to is checked after."""
    form = page.locator("form", has=page.get_by_role("button", name=action, exact=True))
    if note:
        form.get_by_label(re.compile("Ý kiến")).fill(note)
    form.get_by_role("button", name=action, exact=True).click()


def state(page: Page) -> str:
    return page.locator("dt:text-is('Trạng thái') + dd").inner_text().strip()


def xlsx_text(body: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(c) for c in row if c is not None)
    return "\n".join(cells)


def test_incoming_letter_to_sealed_reply_sent_and_registered(browser: Browser, site):
    from django.utils import timezone

    from tinhso.workcalendar import calendar

    # 1. The clerk registers the scanned letter.
    clerk = signed_in(browser, site, "vanthu.stp")
    clerk.goto(site + "/van-ban/den/cho-vao-so/")
    clerk.get_by_role("link", name="+ Vào sổ văn bản giấy hoặc thư điện tử").click()
    clerk.get_by_label("Nguồn").select_option(label="Bản giấy (quét)")
    clerk.get_by_label(re.compile("^Bản quét")).set_input_files(
        pdf("SỞ XÂY DỰNG – CÔNG VĂN", LETTER)
    )
    clerk.get_by_label("Tên loại văn bản").select_option(label="Công văn")
    clerk.get_by_label("Số", exact=True).fill("215")
    clerk.get_by_label("Ký hiệu", exact=True).fill("SXD-QLXD")
    clerk.get_by_label("Cơ quan ban hành (tác giả)").fill("Sở Xây dựng tỉnh Tây Ninh")
    clerk.get_by_label("Trích yếu nội dung").fill(LETTER)
    clerk.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Dựng")
    clerk.get_by_role("button", name="Vào sổ").click()
    expect(clerk.locator(".message.success")).to_contain_text("Đã vào sổ văn bản đến, số đến")
    expect(clerk.get_by_role("heading", level=1)).to_contain_text("215/SXD-QLXD")
    expect(clerk.get_by_text("Trạng thái: Đã vào sổ")).to_be_visible()
    scan = clerk.get_by_role("link", name="van-ban.pdf")
    stored = clerk.request.get(site + scan.get_attribute("href"))
    assert stored.headers["content-type"] == "application/pdf"
    assert stored.body().startswith(b"%PDF")
    letter_url = clerk.url
    arrival = re.search(r"số đến (\d+)", clerk.locator(".message.success").inner_text())
    assert arrival, "no arrival number"

    # 2. The director assigns it to the specialist, 5 working days.
    leader = signed_in(browser, site, "giamdoc.stp")
    leader.goto(letter_url)
    leader.get_by_role("link", name="Phân công xử lý (bút phê)").click()
    leader.get_by_label("Người hoặc đơn vị nhận (dòng 1)").select_option(
        label="Cá nhân: Phạm Văn Chuyên"
    )
    leader.get_by_label("Hạn: số ngày làm việc (dòng 1)").fill("5")
    leader.get_by_label("Ý kiến chỉ đạo (dòng 1)").fill("Chủ trì tham mưu văn bản góp ý.")
    leader.get_by_role("button", name="Giao").click()
    expect(leader.locator(".message.success")).to_contain_text("Đã phân công xử lý văn bản.")
    due = calendar.add_working_days(timezone.localdate(), 5).strftime("%d/%m/%Y")
    slip = leader.get_by_role("table", name="Đơn vị, cá nhân được giao")
    row = slip.get_by_role("row").filter(has_text="Phạm Văn Chuyên")
    expect(row).to_contain_text(due)
    expect(row).to_contain_text("Chưa đọc")

    # 3. The specialist finds it in the inbox and opens it: the read receipt shows.
    specialist = signed_in(browser, site, "chuyenvien.stp")
    specialist.get_by_role("link", name=re.compile("góp ý dự thảo quy chế phối hợp")).click()
    expect(specialist.get_by_role("heading", level=1)).to_contain_text("215/SXD-QLXD")
    leader.reload()
    row = leader.get_by_role("table", name="Đơn vị, cá nhân được giao").get_by_role("row")
    row = row.filter(has_text="Phạm Văn Chuyên")
    expect(row).not_to_contain_text("Chưa đọc")
    expect(row).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))

    # 4. ... and drafts the reply, then submits it.
    specialist.goto(site + "/van-ban/di/moi/")
    specialist.get_by_label("Loại văn bản").select_option(label="Công văn")
    specialist.get_by_label("Trích yếu nội dung").fill(REPLY)
    specialist.get_by_label("Đơn vị, người nhận bản lưu").fill("Lưu: VT, HCTP.")
    specialist.get_by_label("Tệp dự thảo (PDF, DOCX, DOC)").set_input_files(
        pdf("SỞ TƯ PHÁP – CÔNG VĂN", REPLY)
    )
    specialist.get_by_role("button", name="Tạo dự thảo").click()
    expect(specialist.locator(".message.success")).to_contain_text("Đã tạo dự thảo.")
    reply_url = specialist.url
    specialist.get_by_label("Hình thức gửi").select_option(label="Cơ quan trong hệ thống")
    specialist.get_by_label("Cơ quan trong hệ thống").select_option(
        label="Sở Xây dựng tỉnh Tây Ninh"
    )
    specialist.get_by_role("button", name="Thêm nơi nhận").click()
    expect(specialist.locator(".message.success")).to_contain_text("Đã thêm nơi nhận.")
    act(specialist, "Trình duyệt")
    expect(specialist.locator(".message.success")).to_contain_text("Chờ duyệt")

    # 5. Content (head of department), then format (clerk).
    head = signed_in(browser, site, "truongphong.stp")
    head.goto(reply_url)
    act(head, "Duyệt nội dung", "Đồng ý nội dung.")
    expect(head.locator(".message.success")).to_contain_text("Chờ duyệt")
    clerk.goto(reply_url)
    act(clerk, "Duyệt thể thức")
    expect(clerk.locator(".message.success")).to_contain_text("Đã duyệt, chờ ký")

    # 6. The director signs through the local signing app (its simulator).
    leader.goto(site + "/van-ban/di/cho-ky/")
    leader.get_by_role("link", name=re.compile("góp ý dự thảo quy chế phối hợp")).click()
    act(leader, "Ký số ban hành")
    expect(leader.get_by_role("heading", level=1)).to_contain_text("phần mềm ký số")
    leader.get_by_role("button", name="Ký bằng phần mềm mô phỏng").click()
    leader.goto(reply_url)
    expect(leader.locator("dt:text-is('Trạng thái') + dd")).to_have_text("Đã ký, chờ cấp số")
    expect(leader.get_by_text("Chữ ký người có thẩm quyền: hợp lệ")).to_be_visible()

    # 7. The clerk takes the number and seals, then sends.
    clerk.goto(site + "/van-ban/di/cho-ban-hanh/")
    clerk.get_by_role("link", name=re.compile("góp ý dự thảo quy chế phối hợp")).click()
    act(clerk, "Cấp số và đóng dấu")
    expect(clerk.locator(".message.success")).to_contain_text("Đã ban hành")
    heading = clerk.get_by_role("heading", level=1).inner_text()
    number = re.search(r"số (\d{2,}/STP-HCTP)", heading)
    assert number, heading
    number_and_symbol = number.group(1)
    expect(clerk.get_by_text("Chữ ký số của cơ quan: hợp lệ")).to_be_visible()
    act(clerk, "Phát hành (gửi)")
    expect(clerk.locator(".message.success")).to_contain_text("Đã gửi")
    recipients = clerk.get_by_role("table", name="Nơi nhận văn bản")
    expect(recipients).to_contain_text("Sở Xây dựng tỉnh Tây Ninh")
    expect(recipients).to_contain_text("Chờ vào sổ")

    # 8. The receiving clerk finds the copy waiting to be registered.
    receiver = signed_in(browser, site, "vanthu.sxd")
    receiver.goto(site + "/van-ban/den/cho-vao-so/")
    waiting = receiver.get_by_role("table", name=re.compile("chờ vào sổ"))
    row = waiting.get_by_role("row").filter(has_text=REPLY)
    expect(row).to_contain_text(number_and_symbol)
    expect(row).to_contain_text("Sở Tư pháp")

    # 9. The registers list both documents.
    clerk.goto(site + "/van-ban/di/so/")
    book = clerk.get_by_role("table", name=re.compile("Văn bản đã ban hành"))
    expect(book.get_by_role("row").filter(has_text=number_and_symbol)).to_contain_text(REPLY)
    xlsx = clerk.get_by_role("link", name="(.xlsx)").first.get_attribute("href")
    outgoing_register = clerk.request.get(site + xlsx)
    assert outgoing_register.ok
    text = xlsx_text(outgoing_register.body())
    assert number_and_symbol in text and REPLY in text

    clerk.goto(site + "/van-ban/den/")
    book = clerk.get_by_role("table", name=re.compile("văn bản đến"))
    row = book.get_by_role("row").filter(has_text="215/SXD-QLXD")
    expect(row.get_by_role("cell").first).to_have_text(arrival.group(1))
    expect(row).to_contain_text("Đã phân công xử lý")
    clerk.goto(site + "/van-ban/den/so/")
    action = clerk.get_by_role("button", name="Sổ đăng ký (.xlsx)").first
    url = action.get_attribute("formaction")
    today = timezone.localdate().isoformat()
    incoming_register = clerk.request.get(f"{site}{url}?start={today[:4]}-01-01&end={today}")
    assert incoming_register.ok
    text = xlsx_text(incoming_register.body())
    assert "215/SXD-QLXD" in text and LETTER in text
    pdf_url = clerk.get_by_role("button", name="Sổ đăng ký (PDF)").first.get_attribute("formaction")
    register_pdf = clerk.request.get(f"{site}{pdf_url}?start={today[:4]}-01-01&end={today}")
    assert register_pdf.ok and register_pdf.body().startswith(b"%PDF")

    # 10. In the database: the sealed file validates with the two signatures, and the number
    # written into it is the one the page shows.
    from tinhso.documents.models import Document
    from tinhso.documents.outgoing_signing import current_main, field_values, file_bytes
    from tinhso.signatures import validation

    reply = Document.objects.get(subject=REPLY, direction="out")
    sealed = file_bytes(current_main(reply))
    # pyHanko's validation runs its own event loop: not in this thread, where Playwright's is.
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(validation.validate_pdf, sealed).result()
    assert [(s.field, s.verdict) for s in report.signatures] == [
        ("ChuKyLanhDao", validation.VALID),
        ("ChuKyCoQuan", validation.VALID),
    ]
    assert field_values(sealed)["SoKyHieu"] == f"Số: {number_and_symbol}"
