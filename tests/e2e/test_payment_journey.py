"""Paying a dossier's fee on a phone (issue 16 items 3 and 6): the citizen opens a dossier
filed online whose fee is due before reception, pays through the VNPay simulator, comes back
to a page that waits for the provider's own callback, then sees "đã thanh toán"; the one-stop
officer sees the payment and may now receive the dossier."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.axe import PHONE
from tests.e2e.test_accessibility import audit
from tests.e2e.test_citizen_journey import fits_phone, sign_in
from tinhso.accounts.models import StaffRole, User
from tinhso.catalogue.models import ProcedureVersion
from tinhso.demo.loader import load_demo
from tinhso.dossiers import services
from tinhso.dossiers.models import Dossier
from tinhso.organisation.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    load_demo()
    # the simulator calls our IPN at SITE_URL, the citizen goes to VNPAY_PAY_URL
    settings.SITE_URL = live_server.url
    settings.VNPAY_PAY_URL = f"{live_server.url}/mo-phong/vnpay/paymentv2/vpcpay.html"
    return live_server.url


def _online_dossier() -> tuple[Dossier, str]:
    version = ProcedureVersion.objects.filter(
        procedure__code="9.900701", fee_due_at="before_reception", status="published"
    ).first()
    assert version is not None, "demo: bán lẻ rượu, phí nộp trước khi tiếp nhận"
    # a commune-level procedure: filed at the commune whose desk the demo motcua.xa staffs
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
    return dossier, "motcua.xa"


def test_pay_through_vnpay_on_a_phone(browser: Browser, site):
    dossier, officer_name = _online_dossier()
    page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    sign_in(page, site, "congdan")
    page.goto(f"{site}/ho-so-cua-toi/{dossier.code}/")
    expect(page.locator("#phi-le-phi")).to_be_visible()
    page.get_by_role("link", name="Thanh toán phí, lệ phí").click()
    expect(page.get_by_text("Còn phải nộp: 1.200.000 đồng")).to_be_visible()
    fits_phone(page)
    problems = audit(page, phone=True, label="trang thanh toán")
    page.get_by_label("VNPay").check()
    page.get_by_role("button", name="Thanh toán 1.200.000 đồng").click()
    page.get_by_role("button", name="Thanh toán", exact=True).click()  # on the simulator
    expect(page.get_by_role("heading", name="Kết quả thanh toán")).to_be_visible()
    expect(page.get_by_text("Đã thanh toán")).to_be_visible(timeout=15_000)
    fits_phone(page)
    problems += audit(page, phone=True, label="kết quả thanh toán")
    assert not problems, "\n".join(problems)
    page.get_by_role("link", name=f"Về hồ sơ {dossier.code}").click()
    expect(page.locator("#phi-le-phi").locator("..")).to_contain_text("đã thanh toán")

    desk = browser.new_context(locale="vi-VN").new_page()
    sign_in(desk, site, officer_name)
    desk.goto(f"{site}/can-bo/ho-so/{dossier.code}/")
    expect(desk.locator(".fee-panel")).to_contain_text("VNPay")
    expect(desk.locator(".fee-panel")).to_contain_text("đã thanh toán")
    expect(desk.locator("summary", has_text="Tiếp nhận hồ sơ")).to_be_visible()
