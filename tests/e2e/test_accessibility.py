"""Every page people use passes axe-core (no serious or critical violation) on a 375 px phone
and on a desktop, and nothing scrolls sideways on the phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import PHONE, blocking_violations
from tinhso.demo.loader import DEMO_PASSWORD, load_demo
from tinhso.dossiers.tracking import tracking_key

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}

PUBLIC = [
    "/",
    "/thu-tuc/?q=dang+ky+khai+sinh",
    "/thu-tuc/1.001193/",
    "/tra-cuu/",
    "/thong-ke/?ky=nam-nay",
    "/dang-nhap/",
]
OFFICER = ["/can-bo/", "/can-bo/ho-so/danh-sach/tat-ca/", "/can-bo/so-theo-doi/"]


@pytest.fixture
def site(live_server):
    load_demo()
    return live_server.url


def open_page(browser: Browser, viewport: dict, username: str | None, site: str) -> Page:
    page = browser.new_context(locale="vi-VN", viewport=viewport).new_page()
    if username:
        page.goto(site + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
    return page


def check(page: Page, url: str, phone: bool) -> list[str]:
    response = page.goto(url)
    if response is None or response.status >= 400:
        return [f"{url}: HTTP {response.status if response else '—'}"]
    return audit(page, phone)


def audit(page: Page, phone: bool, label: str = "") -> list[str]:
    """The page as it is now (after a form was sent, say): axe-core, and the phone's width."""
    where = page.url.split("/", 3)[-1] + (f" ({label})" if label else "")
    problems = [f"/{where}: {v}" for v in blocking_violations(page)]
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            problems.append(f"/{where}: trang rộng {width}px, tràn màn hình điện thoại 375px")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
def test_public_and_office_pages_pass_axe(browser: Browser, site, viewport):
    phone = viewport is PHONE
    problems = []
    visitor = open_page(browser, viewport, None, site)
    for path in PUBLIC:
        problems += check(visitor, site + path, phone)
    # The tracking result of a demo dossier, as the public sees it.
    code = _demo_code("chuyenvien.stp")
    problems += check(visitor, f"{site}/tra-cuu/?ma={code}", phone)
    problems += check(visitor, f"{site}/tra-cuu/?ma={code}&k={tracking_key(code)}", phone)
    officer = open_page(browser, viewport, "chuyenvien.stp", site)
    for path in [*OFFICER, f"/can-bo/ho-so/{code}/"]:
        problems += check(officer, site + path, phone)
    assert not problems, "\n".join(problems)


def _demo_code(username: str) -> str:
    """A demo dossier the officer may open."""
    from tinhso.accounts.models import User
    from tinhso.dossiers.access import readable_dossiers

    user = User.objects.get(username=username)
    return readable_dossiers(user).values_list("code", flat=True)[0]


ACCOUNT_PAGES = ["/dang-ky/", "/dang-ky/doanh-nghiep/", "/quen-mat-khau/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "desktop"])
def test_citizen_portal_pages_pass_axe(browser: Browser, site, viewport, settings):
    # The returned dossier's stand-in PDF is not signed; the signed-result path has its own
    # journey (test_signed_result_journey.py).
    settings.RESULT_SIGNATURES_REQUIRED = False
    phone = viewport is PHONE
    problems = []
    visitor = open_page(browser, viewport, None, site)
    for path in ACCOUNT_PAGES:
        problems += check(visitor, site + path, phone)
    visitor.goto(site + "/dang-ky/")
    visitor.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(visitor.get_by_role("alert")).to_contain_text("Vui lòng sửa các mục")
    problems += audit(visitor, phone, "lỗi khi đăng ký")

    waiting, returned, commune = _citizen_dossiers()
    citizen = open_page(browser, viewport, "congdan", site)
    filed, found = _online_submission(citizen, site, commune, phone)
    problems += found
    for path in [
        "/ho-so-cua-toi/",
        f"/ho-so-cua-toi/{returned}/",
        f"/ho-so-cua-toi/{waiting}/",
        f"/ho-so-cua-toi/{waiting}/rut-ho-so/",
        f"/ho-so-cua-toi/{waiting}/nhan-ket-qua/",
        "/kho-du-lieu/",
        "/nop-truc-tuyen/ho-so-nhap/",
    ]:
        problems += check(citizen, site + path, phone)
    problems += check(citizen, f"{site}/ho-so-cua-toi/{waiting}/bo-sung/", phone)
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(citizen.get_by_role("alert")).to_contain_text("Chưa thực hiện được")
    problems += audit(citizen, phone, "lỗi khi gửi bổ sung")
    problems += check(citizen, f"{site}/ho-so-cua-toi/{returned}/danh-gia/", phone)
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("alert")).to_contain_text("Hãy chọn một mức cho tiêu chí")
    problems += audit(citizen, phone, "lỗi khi đánh giá")

    desk = open_page(browser, viewport, "motcua.xa", site)
    for path in [
        "/can-bo/tiep-nhan/",
        "/can-bo/tiep-nhan/?q=khai+sinh",
        "/can-bo/tiep-nhan/1.001193/",
        f"/can-bo/ho-so/{filed}/",  # with the e-form the citizen filled
    ]:
        problems += check(desk, site + path, phone)
    assert not problems, "\n".join(problems)


def _online_submission(page: Page, site: str, commune: str, phone: bool) -> tuple[str, list]:
    """Each step of filing online, with the errors of a bad save and of an incomplete form;
    returns the code of the dossier filed and the problems found."""
    from tests.e2e.test_citizen_journey import (
        BIRTH_CERTIFICATE,
        component,
        fill_birth_form,
        pdf_file,
        recent_birth,
    )

    problems = check(page, site + "/nop-truc-tuyen/1.001193/", phone)
    page.get_by_label("Nơi tiếp nhận hồ sơ").select_option(label=commune)
    page.get_by_role("button", name="Bắt đầu kê khai").click()
    expect(page.get_by_role("heading", name="2. Tờ khai đăng ký khai sinh")).to_be_visible()
    problems += audit(page, phone, "tờ khai trống")
    upload = component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp")
    upload.set_input_files({"name": "a.pdf", "mimeType": "application/pdf", "buffer": b"text"})
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert")).to_contain_text("không phải là tệp PDF hợp lệ")
    problems += audit(page, phone, "lỗi khi lưu nháp")
    fill_birth_form(page, child_birth="31/02/2026", father_cccd="123456789012")
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    expect(page.get_by_role("alert")).to_contain_text("Số CCCD không hợp lệ")
    problems += audit(page, phone, "lỗi khi xem lại")
    fill_birth_form(page, child_birth=recent_birth(), father_cccd="072090001111")
    upload = component(page, BIRTH_CERTIFICATE).get_by_label("Tải lên tệp")
    upload.set_input_files(pdf_file("chung-sinh.pdf", "Chung sinh"))
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    expect(page.get_by_role("heading", name="Xem lại hồ sơ trước khi nộp")).to_be_visible()
    problems += audit(page, phone, "xem lại")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Mã hồ sơ của bạn")).to_be_visible()
    problems += audit(page, phone, "đã nộp")
    return page.locator(".code-box").inner_text().strip(), problems


def _citizen_dossiers() -> tuple[str, str, str]:
    """Two online dossiers of the demo citizen, made through the services: one the commune
    asked to supplement, one returned with an electronic result; and the commune's name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.e2e.test_citizen_journey import tiny_pdf
    from tinhso.accounts.models import User
    from tinhso.catalogue.selectors import version_in_force
    from tinhso.dossiers import services
    from tinhso.dossiers.constants import Action, Channel, FileKind

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["congdan", "motcua.xa", "chuyenvien.xa", "chutich.xa"]
        )
    }
    citizen, desk = users["congdan"], users["motcua.xa"]
    commune = desk.staff_roles.get().agency
    version = version_in_force("1.001193", timezone.localdate())

    def online():
        applicant = services.ApplicantInfo(
            name=citizen.full_name,
            cccd=citizen.cccd,
            phone=citizen.phone,
            email=citizen.email,
            address="12 Trần Hưng Đạo, phường Tân Ninh",
            account=citizen,
        )
        new = services.NewDossier(
            version=version,
            receiving_agency=commune,
            applicant=applicant,
            channel=Channel.ONLINE,
            received_components={c.pk for c in version.components.all() if c.required},
            delivery_mode="electronic",
        )
        return services.dossier_create(new, actor=citizen)

    waiting = online()
    services.dossier_act(
        waiting, Action.REQUEST_SUPPLEMENT, actor=desk, note="Bổ sung bản quét Giấy chứng sinh."
    )
    returned = online()
    returned = services.dossier_act(returned, Action.RECEIVE, actor=desk)
    returned = services.dossier_act(returned, Action.FORWARD, actor=users["chuyenvien.xa"])
    result = SimpleUploadedFile("giay-khai-sinh.pdf", tiny_pdf("Giay khai sinh"), "application/pdf")
    services.dossier_attach(
        returned, [services.NewFile(result, None, FileKind.RESULT)], actor=users["chutich.xa"]
    )
    returned = services.dossier_act(returned, Action.APPROVE, actor=users["chutich.xa"])
    services.dossier_act(returned, Action.RETURN_RESULT, actor=desk)
    return waiting.code, returned.code, commune.name


def _eoffice_records(username: str) -> dict[str, int]:
    """Demo rows the user may open: an incoming document assigned to them, an outgoing one
    sent and one in draft, a work file."""
    from tinhso.accounts.models import User
    from tinhso.documents.access import readable_documents
    from tinhso.documents.kinds import Direction
    from tinhso.workfiles.access import readable_work_files

    user = User.objects.get(username=username)
    readable = readable_documents(user).order_by("-pk")
    outgoing = readable.filter(direction=Direction.OUTGOING)
    found = {
        "incoming": readable.filter(direction=Direction.INCOMING, assignments__assignee=user),
        "sent": outgoing.filter(state="sent"),
        "draft": outgoing.filter(state__in=["draft", "in_review"]),
        "work_file": readable_work_files(user).order_by("-pk"),
    }
    ids = {key: qs.values_list("pk", flat=True).first() for key, qs in found.items()}
    assert all(ids.values()), ids
    return ids


def test_eoffice_pages_pass_axe_on_a_phone(browser: Browser, site):
    """Issue 14 item 11: the e-office pages at 375 px (the phone-sized inbox of item 7)."""
    ids = _eoffice_records("chuyenvien.stp")
    incoming, outgoing = ids["incoming"], ids["sent"]
    pages = {
        "chuyenvien.stp": [
            "/van-ban/den/cua-toi/",
            f"/van-ban/den/{incoming}/",
            "/van-ban/di/",
            "/van-ban/di/moi/",
            f"/van-ban/di/{ids['draft']}/",
            "/can-bo/ho-so-cong-viec/",
            f"/can-bo/ho-so-cong-viec/{ids['work_file']}/",
            "/can-bo/uy-quyen/",
            "/van-ban/tim-kiem/?q=phap+luat",
        ],
        "giamdoc.stp": [
            "/can-bo/dieu-hanh/van-ban/",
            f"/van-ban/den/{incoming}/phan-cong/",
            "/van-ban/di/cho-ky/",
        ],
        "vanthu.stp": [
            "/van-ban/den/",
            "/van-ban/den/cho-vao-so/",
            "/van-ban/den/vao-so/",
            "/van-ban/den/so/",
            f"/van-ban/di/{outgoing}/",
            f"/van-ban/di/{outgoing}/theo-doi/",
            "/van-ban/di/cho-ban-hanh/",
            "/van-ban/di/so/",
            "/luu-tru/",
        ],
    }
    problems = []
    for username, paths in pages.items():
        page = open_page(browser, PHONE, username, site)
        for path in paths:
            problems += check(page, site + path, phone=True)
    # A registration sent empty: the errors on the page pass too.
    page.goto(site + "/van-ban/den/vao-so/")
    page.get_by_role("button", name="Vào sổ").click()
    expect(page.locator(".field.has-error").first).to_be_visible()
    problems += audit(page, phone=True, label="lỗi khi vào sổ")
    # The archive: the demo's Danh mục hồ sơ of Sở Tư pháp and a file with documents in it.
    from tinhso.archive.models import RecordFile

    record = RecordFile.objects.filter(agency__abbreviation="STP", items__isnull=False).first()
    assert record is not None, "the demo has an archive file with documents"
    problems += check(page, f"{site}/luu-tru/danh-muc/{record.plan_id}/", phone=True)
    problems += check(page, f"{site}/luu-tru/ho-so/{record.pk}/", phone=True)
    # Issue 15: the exchange's operator page and a message the axis refused.
    from tinhso.exchange.models import Direction, ExchangeMessage, State

    message = ExchangeMessage.objects.create(
        direction=Direction.OUT,
        message_type="edoc",
        state=State.FAILED,
        from_organ_id=record.agency.code,
        to_organ_id="000.99.99.H99",
        edxml_document_id=f"{record.agency.code},2026/12/01,05/STP-VP",
        last_error="Không có cơ quan nào trên trục với mã định danh: 000.99.99.H99.",
    )
    problems += check(page, f"{site}/lien-thong/", phone=True)
    problems += check(page, f"{site}/lien-thong/tin/{message.pk}/", phone=True)
    assert not problems, "\n".join(problems)
