"""The citizen portal in a browser: a new citizen files a birth registration online on a
phone, answers a supplement request, downloads the result and rates it; the same submission
without JavaScript; a file that lies about its type is refused without losing the draft."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.axe import PHONE
from tests.e2e.signup import confirm_and_sign_in
from tinhso.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Khai-sinh-cho-con-2026!"
PASSWORD_FIELD = re.compile(r"^Mật khẩu\W*$")  # "Mật khẩu *", not "Nhập lại mật khẩu"
CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}")
BIRTH_CERTIFICATE = "Giấy chứng sinh"
BAD_DATE_MESSAGE = "Ngày, tháng, năm sinh: ngày không hợp lệ, hãy nhập dạng dd/mm/yyyy."
BAD_CCCD_MESSAGE = "Số CCCD không hợp lệ: 3 chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh."


def tiny_pdf(text: str) -> bytes:
    """A small, well-formed one-page PDF (header, objects, cross-reference table, trailer)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def pdf_file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": tiny_pdf(text)}


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


@pytest.fixture
def commune(site) -> str:
    """The commune whose one-stop desk the demo account motcua.xa staffs."""
    from tinhso.accounts.models import StaffRole

    return StaffRole.objects.select_related("agency").get(user__username="motcua.xa").agency.name


def fits_phone(page: Page) -> None:
    """Nothing on the page is wider than the phone: no sideways scrolling."""
    # Right after a click the browser may be between two pages (no document yet, or a context
    # being replaced): wait for the new page and measure that one.
    width = None
    for _ in range(50):
        page.wait_for_load_state()
        try:
            width = page.evaluate(
                "document.documentElement && document.documentElement.scrollWidth"
            )
        except PlaywrightError:
            width = None
        if width:
            break
        page.wait_for_timeout(100)
    assert width, f"{page.url}: trang không tải xong"
    assert width <= PHONE["width"] + 1, f"{page.url}: trang rộng {width}px trên màn hình 375px"


def sign_in(page: Page, site: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(site + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def officer(browser: Browser, site: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    sign_in(page, site, username)
    return page


def act(page: Page, site: str, code: str, action: str, note: str = "", result=None) -> None:
    """Take an action on the office dossier page, as the officer would."""
    page.goto(f"{site}/can-bo/ho-so/{code}/")
    page.locator("summary", has_text=action).click()
    form = page.locator("details[open] form")
    for box in form.locator("input[name=components]").all():
        box.check()  # the papers received, ticked by the officer
    if result is not None:
        form.locator("input[name=result_file]").set_input_files(result)
    if note:
        form.get_by_role("textbox").fill(note)
    form.get_by_role("button", name=action).click()
    expect(page.locator(".message.success")).to_contain_text(action)


def component(page: Page, name: str) -> Locator:
    return page.locator(".component", has=page.get_by_role("heading", name=name))


def exactly(text: str) -> re.Pattern:
    """A label exactly this text, but for the "*" of a required field."""
    return re.compile(rf"^{re.escape(text)}\W*$")


def fill_birth_form(page: Page, child_birth: str, father_cccd: str) -> None:
    """The e-form of the birth registration, with the two values the test varies."""
    page.get_by_label(exactly("Nơi cư trú")).fill("45 Cách Mạng Tháng Tám, phường Tân Ninh")
    page.get_by_label("Quan hệ với người được khai sinh").select_option("Mẹ")
    page.get_by_label("Họ, chữ đệm, tên của người được khai sinh").fill("Lê Minh Khang")
    page.get_by_label("Ngày, tháng, năm sinh").fill(child_birth)
    page.get_by_label("Giới tính").select_option("nam")
    page.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Tây Ninh")
    page.get_by_label(exactly("Dân tộc")).fill("Kinh")
    page.get_by_label(exactly("Quốc tịch")).fill("Việt Nam")
    page.get_by_label("Họ, chữ đệm, tên của cha").fill("Lê Văn Hùng")
    page.get_by_label("Số CCCD/định danh cá nhân của cha").fill(father_cccd)
    page.get_by_label("Tôi cam đoan").check()
    page.get_by_label("Trực tuyến (bản điện tử)").check()


def recent_birth() -> str:
    return f"{timezone.localdate() - timedelta(days=10):%d/%m/%Y}"


def dossier_code(page: Page) -> str:
    expect(page.get_by_role("heading", name="Đã nộp hồ sơ")).to_be_visible()
    return CODE.search(page.locator(".code-box").inner_text()).group(0)


def test_new_citizen_files_online_and_rates(browser: Browser, site, commune, settings):
    # The officer returns an unsigned stand-in PDF here: this journey is about filing, following
    # and rating; signing and sealing the result is test_signed_result_journey.py.
    settings.RESULT_SIGNATURES_REQUIRED = False
    citizen = browser.new_context(locale="vi-VN", viewport=PHONE, accept_downloads=True)
    page = citizen.new_page()

    # Sign up.
    page.goto(site + "/dang-ky/")
    fits_phone(page)
    page.get_by_label("Họ và tên").fill("Trần Thị Thu Hà")
    page.get_by_label("Số CCCD / định danh cá nhân").fill("072192004321")
    page.get_by_label("Ngày sinh").fill("14/05/1992")
    page.get_by_label("Thư điện tử", exact=True).fill("thuha@example.vn")
    page.get_by_label("Số điện thoại di động").fill("0938 765 432")
    page.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    confirm_and_sign_in(page, site, "thuha@example.vn", "thuha@example.vn", PASSWORD)
    expect(page.get_by_role("heading", name="Xin chào, Trần Thị Thu Hà")).to_be_visible()
    fits_phone(page)

    # Find the procedure without diacritics, open it, start filing online.
    page.goto(site + "/thu-tuc/")
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("dang ky khai sinh")
    page.get_by_role("searchbox", name="Tìm thủ tục").press("Enter")
    page.locator("ol.results > li h3 a", has_text="Thủ tục đăng ký khai sinh").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    fits_phone(page)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    fits_phone(page)
    page.get_by_label("Nơi tiếp nhận hồ sơ").select_option(label=commune)
    page.get_by_role("button", name="Bắt đầu kê khai").click()

    # The e-form: the account's name and CCCD are filled in and not asked again.
    expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_have_value("Trần Thị Thu Hà")
    expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_be_disabled()
    fits_phone(page)
    fill_birth_form(page, child_birth="30/02/2026", father_cccd="123456789012")
    component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp").set_input_files(
        pdf_file("giay-chung-sinh.pdf", "Giay chung sinh")
    )
    page.get_by_role("button", name="Xem lại trước khi nộp").click()

    # Each mistake is said in Vietnamese, next to its field and tied to it; nothing is lost.
    expect(page.get_by_role("alert")).to_contain_text("Hồ sơ chưa đủ để nộp")
    birth = page.get_by_label("Ngày, tháng, năm sinh")
    expect(birth).to_have_value("30/02/2026")
    expect(birth).to_have_attribute("aria-invalid", "true")
    expect(birth).to_have_accessible_description(re.compile(re.escape(BAD_DATE_MESSAGE)))
    father = page.get_by_label("Số CCCD/định danh cá nhân của cha")
    expect(father).to_have_value("123456789012")
    expect(father).to_have_accessible_description(re.compile(re.escape(BAD_CCCD_MESSAGE)))
    expect(page.get_by_label("Nơi sinh")).to_have_value("Bệnh viện Đa khoa tỉnh Tây Ninh")
    expect(component(page, BIRTH_CERTIFICATE)).to_contain_text("Đã đính kèm: giay-chung-sinh.pdf")
    fits_phone(page)

    birth.fill(recent_birth())
    father.fill("072090001111")
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    expect(page.get_by_role("heading", name="Xem lại hồ sơ trước khi nộp")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lê Minh Khang")
    expect(page.locator("main")).to_contain_text(commune)
    fits_phone(page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = dossier_code(page)
    expect(page.locator("main")).to_contain_text("thuha@example.vn")
    fits_phone(page)

    page.get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("link", name=code)).to_be_visible()
    fits_phone(page)
    page.get_by_role("link", name=code).click()
    expect(page.locator(".badge.status-submitted")).to_have_text("Chờ tiếp nhận")
    fits_phone(page)

    # The one-stop officer of that commune asks for a better copy of the birth certificate.
    desk = officer(browser, site, "motcua.xa")
    note = "Bản chụp Giấy chứng sinh bị mờ, đề nghị tải lên bản quét rõ nét, đủ hai mặt."
    act(desk, site, code, "Yêu cầu bổ sung, hoàn thiện", note)

    # The citizen reads the request and sends the paper.
    page.reload()
    expect(page.get_by_role("heading", name="Cơ quan yêu cầu bổ sung")).to_be_visible()
    expect(page.locator("blockquote")).to_have_text(note)
    fits_phone(page)
    page.get_by_role("link", name="Nộp hồ sơ bổ sung").first.click()
    fits_phone(page)
    slot = page.locator("fieldset.slot", has=page.locator("legend", has_text=BIRTH_CERTIFICATE))
    slot.get_by_label("Chọn tệp").set_input_files(
        pdf_file("giay-chung-sinh-ro-net.pdf", "Giay chung sinh ro net")
    )
    page.get_by_label("Ghi chú gửi cơ quan giải quyết").fill("Đã quét lại bản rõ nét.")
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.locator(".message.success")).to_contain_text("Đã gửi hồ sơ bổ sung")
    expect(page.locator(".badge.status-submitted")).to_have_text("Chờ tiếp nhận")
    expect(page.locator("main")).to_contain_text("giay-chung-sinh-ro-net.pdf")
    fits_phone(page)
    desk.goto(f"{site}/can-bo/ho-so/{code}/")
    expect(desk.get_by_role("link", name="giay-chung-sinh-ro-net.pdf")).to_be_visible()

    # The officers take it to the end; the leader signs the result.
    act(desk, site, code, "Tiếp nhận hồ sơ")
    act(officer(browser, site, "chuyenvien.xa"), site, code, "Chuyển bước tiếp theo", "Đủ")
    result = pdf_file("giay-khai-sinh-le-minh-khang.pdf", "Giay khai sinh Le Minh Khang")
    act(officer(browser, site, "chutich.xa"), site, code, "Phê duyệt kết quả", result=result)
    act(desk, site, code, "Trả kết quả")

    # The citizen downloads the electronic result.
    page.reload()
    expect(page.locator(".badge.status-returned")).to_have_text("Đã trả kết quả")
    fits_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về giay-khai-sinh-le-minh-khang.pdf").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read() == result["buffer"]

    # The result is also kept in the citizen's data store, for later procedures.
    page.get_by_role("link", name="Kho dữ liệu").click()
    expect(page.get_by_role("heading", name=f"(hồ sơ {code})")).to_contain_text("Giấy khai sinh")
    fits_phone(page)
    page.goto(f"{site}/ho-so-cua-toi/{code}/")

    # Rates it once; a second try (a form left open in another tab) is refused.
    stale = citizen.new_page()
    stale.goto(f"{site}/ho-so-cua-toi/{code}/danh-gia/")
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    fits_phone(page)
    for best in (  # each criterion of the law at its best level (tinhso.ratings.constants)
        "Đầy đủ, dễ hiểu",
        "Một lần, không phải bổ sung",
        "Chỉ Bộ phận Một cửa",
        "Sớm hơn ngày hẹn",
        "Tận tình, chu đáo",
        "Rõ ràng, thỏa đáng",
    ):
        page.get_by_label(best, exact=True).check()
    page.get_by_label("Ý kiến của ông/bà").fill("Cán bộ hướng dẫn rõ ràng, trả kết quả sớm.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator(".message.success")).to_contain_text("Cảm ơn ông/bà đã đánh giá")
    expect(page.get_by_role("heading", name="Đánh giá của ông/bà")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Rất hài lòng")
    expect(page.get_by_role("link", name="Đánh giá mức độ hài lòng")).to_have_count(0)
    fits_phone(page)

    stale.get_by_label("Gây phiền hà, nhũng nhiễu", exact=True).check()
    stale.get_by_label("Ý kiến của ông/bà").fill("Thử đánh giá lần hai.")
    stale.get_by_role("button", name="Gửi đánh giá").click()
    expect(stale.locator("main")).to_contain_text("Mỗi hồ sơ được đánh giá một lần")
    expect(stale.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)

    from tinhso.ratings.models import Rating

    assert list(Rating.objects.filter(dossier__code=code).values_list("level", flat=True)) == [
        "very_satisfied"
    ]


def test_online_submission_works_without_javascript(browser: Browser, site, commune):
    page = browser.new_context(locale="vi-VN", java_script_enabled=False).new_page()
    sign_in(page, site, "congdan")
    page.goto(site + "/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Nơi tiếp nhận hồ sơ").select_option(label=commune)
    page.get_by_role("button", name="Bắt đầu kê khai").click()

    expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_have_value("Nguyễn Thị Dân")
    fill_birth_form(page, child_birth=recent_birth(), father_cccd="072090001111")
    component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp").set_input_files(
        pdf_file("chung-sinh.pdf", "Chung sinh")
    )
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".message.success")).to_contain_text("Đã lưu hồ sơ nháp")
    expect(component(page, BIRTH_CERTIFICATE)).to_contain_text("Đã đính kèm: chung-sinh.pdf")
    expect(page.get_by_label("Họ, chữ đệm, tên của người được khai sinh")).to_have_value(
        "Lê Minh Khang"
    )

    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    expect(page.get_by_role("heading", name="Xem lại hồ sơ trước khi nộp")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = dossier_code(page)

    from tinhso.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "submitted"
    assert dossier.channel == "online"
    assert dossier.receiving_agency.name == commune
    assert dossier.applicant.username == "congdan"


def test_upload_refusals_keep_the_draft(browser: Browser, site, commune, settings):
    settings.MAX_UPLOAD_MB = 1
    page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    sign_in(page, site, "congdan")
    page.goto(site + "/nop-truc-tuyen/1.001193/")
    page.get_by_label("Nơi tiếp nhận hồ sơ").select_option(label=commune)
    page.get_by_role("button", name="Bắt đầu kê khai").click()
    fill_birth_form(page, child_birth=recent_birth(), father_cccd="072090001111")

    def refused(upload: dict, message: str) -> None:
        field = component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp")
        field.set_input_files(upload)
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.get_by_role("alert")).to_contain_text(message)
        field = component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
        expect(component(page, BIRTH_CERTIFICATE)).not_to_contain_text("Đã đính kèm")
        # Everything typed is still there.
        expect(page.get_by_label("Họ, chữ đệm, tên của người được khai sinh")).to_have_value(
            "Lê Minh Khang"
        )
        expect(page.get_by_label("Nơi sinh")).to_have_value("Bệnh viện Đa khoa tỉnh Tây Ninh")
        expect(page.get_by_label("Số CCCD/định danh cá nhân của cha")).to_have_value("072090001111")
        expect(page.get_by_label("Tôi cam đoan")).to_be_checked()
        expect(page.get_by_label("Trực tuyến (bản điện tử)")).to_be_checked()
        fits_phone(page)

    # A text file renamed .pdf: the type is read from the bytes, not the name.
    text = "Đây là một tệp văn bản, không phải PDF.\n".encode()
    refused(
        {"name": "chung-sinh.pdf", "mimeType": "application/pdf", "buffer": text},
        "Nội dung tệp “chung-sinh.pdf” không phải là tệp PDF hợp lệ.",
    )
    # A real PDF over the size limit.
    big = tiny_pdf("Ban quet qua lon") + b"%" + b"0" * (1024 * 1024)
    refused(
        {"name": "chung-sinh-lon.pdf", "mimeType": "application/pdf", "buffer": big},
        "Tệp “chung-sinh-lon.pdf” lớn hơn 1 MB.",
    )

    # A real, small PDF is then accepted.
    component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp").set_input_files(
        pdf_file("chung-sinh.pdf", "Chung sinh")
    )
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".message.success")).to_contain_text("Đã lưu hồ sơ nháp")
    expect(component(page, BIRTH_CERTIFICATE)).to_contain_text("Đã đính kèm: chung-sinh.pdf")
