"""Paying a dossier's fee on a phone (issue 16 items 3 and 6).

The whole journey of §6: a citizen finds a toàn trình procedure whose fee is due before
reception, files it online (the e-form and the required files), is offered the payment on the
submission's confirmation page, pays through the VNPay simulator, whose server-to-server IPN
confirms it; "Hồ sơ của tôi" then shows "đã thanh toán" and the receipt (a real PDF), and the
one-stop officer of the receiving commune finds the dossier, marked paid, in the reception
queue and may receive it. The second test pays from "Hồ sơ của tôi" instead (the other entry
point of §3), through the pay page, which waits for the provider's own callback."""

import re
from io import BytesIO

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.axe import PHONE
from tests.e2e.test_accessibility import audit
from tests.e2e.test_citizen_journey import component, dossier_code, fits_phone, pdf_file, sign_in
from tinhso.accounts.models import StaffRole, User
from tinhso.catalogue.models import ProcedureVersion
from tinhso.demo.loader import load_demo
from tinhso.dossiers import services
from tinhso.dossiers.models import Dossier
from tinhso.organisation.roles import Role
from tinhso.payments.constants import EventKind, Outcome
from tinhso.payments.models import PaymentEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROCEDURE = "Cấp Giấy phép bán lẻ rượu"  # demo 9.900701: toàn trình, fee due before reception
PAPERS = (
    "Đơn đề nghị cấp Giấy phép bán lẻ rượu",
    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh",
    "Bản sao hợp đồng thuê/ giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh",
)
FEE = "1.200.000 đồng"


@pytest.fixture
def site(live_server, settings):
    load_demo()
    # the simulator calls our IPN at SITE_URL, the citizen goes to VNPAY_PAY_URL
    settings.SITE_URL = live_server.url
    settings.VNPAY_PAY_URL = f"{live_server.url}/mo-phong/vnpay/paymentv2/vpcpay.html"
    return live_server.url


@pytest.fixture
def desk() -> tuple[str, str]:
    """The one-stop officer the demo puts at a commune's desk, and that commune."""
    role = StaffRole.objects.select_related("agency").get(
        user__username="motcua.xa", role=Role.RECEPTION
    )
    return role.user.username, role.agency.name


def _pay_on_the_simulator(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/mo-phong/vnpay/"))
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_role("heading", name="Kết quả thanh toán")).to_be_visible()
    # the return page waits for the provider's callback, asking again every few seconds
    expect(page.get_by_text("Đã thanh toán")).to_be_visible(timeout=15_000)


def _confirmed_by_ipn(code: str) -> int:
    """Confirmations the provider's own server-to-server callback made (never the return)."""
    return PaymentEvent.objects.filter(
        payment__dossier__code=code,
        kind=EventKind.CALLBACK,
        outcome=Outcome.CONFIRMED,
        verified=True,
    ).count()


def test_file_pay_and_reach_the_reception_queue_on_a_phone(browser: Browser, site, desk):
    officer_name, commune = desk
    page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    sign_in(page, site, "congdan")
    problems: list[str] = []

    # Find the procedure without diacritics; it is toàn trình.
    page.goto(site + "/thu-tuc/")
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("ban le ruou")
    page.get_by_role("searchbox", name="Tìm thủ tục").press("Enter")
    page.locator("ol.results > li h3 a", has_text=PROCEDURE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROCEDURE)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Nơi tiếp nhận hồ sơ").select_option(label=commune)
    page.get_by_role("button", name="Bắt đầu kê khai").click()

    # The submission form: the request, the three required papers, how the result comes back.
    page.get_by_label(re.compile(r"^Địa chỉ liên hệ")).fill("12 Trần Hưng Đạo, phường Bình Minh")
    page.get_by_label(re.compile(r"^Nội dung đề nghị")).fill(
        "Cấp Giấy phép bán lẻ rượu cho cửa hàng tạp hóa tại 12 Trần Hưng Đạo."
    )
    for number, paper in enumerate(PAPERS, start=1):
        component(page, paper).get_by_label("Tải lên tệp").set_input_files(
            pdf_file(f"giay-to-{number}.pdf", f"Giay to {number}")
        )
    page.get_by_label("Trực tuyến (bản điện tử)").check()
    fits_phone(page)
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    expect(page.get_by_role("heading", name="Xem lại hồ sơ trước khi nộp")).to_be_visible()
    for paper in PAPERS:
        expect(page.locator("main")).to_contain_text(paper)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = dossier_code(page)

    # The confirmation page offers the payment: the next step of the submission.
    expect(page.locator(".steps [aria-current=step]")).to_have_text("Thanh toán lệ phí")
    offer = page.locator("section", has=page.get_by_role("heading", name="Thanh toán lệ phí"))
    expect(offer).to_contain_text(f"Còn phải nộp: {FEE}")
    expect(offer).to_contain_text("hồ sơ chỉ được tiếp nhận khi đơn vị thanh toán đã xác nhận")
    fits_phone(page)
    problems += audit(page, phone=True, label="đã nộp hồ sơ, thanh toán lệ phí")
    offer.get_by_label("VNPay").check()
    offer.get_by_role("button", name=f"Thanh toán {FEE}").click()
    _pay_on_the_simulator(page)
    fits_phone(page)
    assert _confirmed_by_ipn(code) == 1

    # "Hồ sơ của tôi": paid, with the receipt, a real PDF.
    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.get_by_role("link", name=code).click()
    fees = page.locator(".fee-panel")
    expect(fees).to_contain_text("đã thanh toán")
    expect(fees).to_contain_text("VNPay")
    fits_phone(page)
    receipt = fees.get_by_role("link", name=re.compile(r"^Số \d{7} \(PDF\)$"))
    # fetched with the citizen's own session (Chromium would open it in its PDF viewer)
    response = page.request.get(site + receipt.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert code in text and "1.200.000" in text and "Biên lai điện tử" in text

    # The one-stop officer of that commune finds it in the reception queue, marked paid.
    office = browser.new_context(locale="vi-VN").new_page()
    sign_in(office, site, officer_name)
    office.goto(site + "/can-bo/")
    office.get_by_role("link", name=re.compile(r"^Chờ tiếp nhận")).click()
    row = office.locator("tbody tr", has=office.get_by_role("link", name=code))
    expect(row).to_contain_text("Đã thanh toán phí")
    problems += audit(office, phone=False, label="hàng chờ tiếp nhận")
    row.get_by_role("link", name=code).click()
    expect(office.locator(".fee-panel")).to_contain_text("đã thanh toán")
    expect(office.locator("summary", has_text="Tiếp nhận hồ sơ")).to_be_visible()
    assert not problems, "\n".join(problems)


def _online_dossier() -> Dossier:
    version = ProcedureVersion.objects.filter(
        procedure__code="9.900701", fee_due_at="before_reception", status="published"
    ).first()
    assert version is not None, "demo: bán lẻ rượu, phí nộp trước khi tiếp nhận"
    agency = StaffRole.objects.get(user__username="motcua.xa", role=Role.RECEPTION).agency
    citizen = User.objects.get(username="congdan")
    dossier = services.dossier_create(
        services.NewDossier(
            version=version,
            receiving_agency=agency,
            channel="online",
            applicant=services.ApplicantInfo(
                name="Nguyễn Văn Dân",
                cccd="072190001234",
                phone="0912345678",
                email="congdan@tinhso.local",
                address="Tây Ninh",
                account=citizen,
            ),
            received_components={c.pk for c in version.components.all() if c.required},
        ),
        actor=citizen,
    )
    Dossier.objects.filter(pk=dossier.pk).update(fees_due=1_200_000, fees_paid=0)
    return dossier


def test_pay_later_from_my_dossiers(browser: Browser, site):
    dossier = _online_dossier()
    page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    sign_in(page, site, "congdan")
    page.goto(f"{site}/ho-so-cua-toi/{dossier.code}/")
    page.get_by_role("link", name="Thanh toán phí, lệ phí").click()
    expect(page.get_by_text(f"Còn phải nộp: {FEE}")).to_be_visible()
    fits_phone(page)
    problems = audit(page, phone=True, label="trang thanh toán")
    page.get_by_label("VNPay").check()
    page.get_by_role("button", name=f"Thanh toán {FEE}").click()
    _pay_on_the_simulator(page)
    fits_phone(page)
    problems += audit(page, phone=True, label="kết quả thanh toán")
    assert not problems, "\n".join(problems)
    assert _confirmed_by_ipn(dossier.code) == 1
    page.get_by_role("link", name=f"Về hồ sơ {dossier.code}").click()
    expect(page.locator(".fee-panel")).to_contain_text("đã thanh toán")
