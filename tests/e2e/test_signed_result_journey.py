"""Issue 13 items 5 and 7: the leader approves an electronic result and signs it through the
local signing app (its simulator), the one-stop seals it through the hardware module (SoftHSM2),
returns it electronically, the citizen downloads it and the public validator says "hợp lệ"."""

import os
import re
import shutil

import pytest
from playwright.sync_api import Browser, Page, expect

from tinhso.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _softhsm_missing() -> bool:
    from django.conf import settings

    return not (os.path.exists(settings.PKCS11_LIB) and shutil.which("softhsm2-util"))


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    if _softhsm_missing():
        if os.environ.get("CI") == "true":
            pytest.fail("SoftHSM2 is required in CI (apt-get install softhsm2)")
        pytest.skip("SoftHSM2 (softhsm2) is not installed: the agency seal cannot be applied")
    settings.SIMULATORS_ENABLED = True
    settings.RESULT_SIGNING_PROVIDER = "local_app"
    settings.RESULT_SEAL_PROVIDER = "pkcs11"
    load_demo()
    return live_server.url


def signed_in(browser: Browser, site: str, username: str, start: str = "/can-bo/") -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{site}/dang-nhap/?next={start}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page


def take(page: Page, site: str, code: str, action: str, note: str = "", upload=None) -> None:
    page.goto(f"{site}/can-bo/ho-so/{code}/")
    page.locator("summary", has_text=action).click()
    form = page.locator("details[open] form")
    if note:
        form.get_by_role("textbox").first.fill(note)
    if upload is not None:
        form.locator("input[name=result_file]").set_input_files(upload)
    form.get_by_role("button", name=action).click()
    expect(page.locator(".message.success")).to_contain_text(action)


def _result_pdf() -> bytes:
    import weasyprint

    html = (
        "<html><body style='font-family: Tinos, serif'><h1>TRÍCH LỤC KHAI SINH</h1>"
        "<p>Bản điện tử — thử nghiệm.</p></body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


def test_signed_result_from_the_leader_to_the_citizen_and_the_validator(
    browser: Browser, demo_site
):
    site = demo_site
    counter = signed_in(browser, site, "motcua.xa")
    counter.get_by_role("link", name="+ Tiếp nhận hồ sơ tại quầy").click()
    counter.get_by_label("Bước 1. Tìm thủ tục").fill("dang ky khai sinh")
    counter.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).click()
    counter.get_by_label("Họ và tên người nộp").fill("Nguyễn Thị Dân")
    counter.get_by_label("Số CCCD / định danh cá nhân").fill("072190001234")
    counter.get_by_label("Số điện thoại").fill("0912345678")
    counter.get_by_label("Địa chỉ", exact=True).fill("12 Trần Hưng Đạo")
    for box in counter.locator("input[name=components]").all():
        box.check()
    on_time = re.compile(r"Lệ phí đăng ký khai sinh \(Đăng ký đúng hạn")
    counter.get_by_role("radio", name=on_time).check()
    counter.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    expect(counter.locator(".message.success")).to_contain_text("Đã tiếp nhận hồ sơ")
    heading = counter.get_by_role("heading", level=1).inner_text()
    code = re.search(r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}", heading).group(0)

    # Set-up shortcut: the dossier belongs to the demo citizen's account and its result is
    # returned electronically (what an online filing would have recorded).
    from tinhso.accounts.models import User
    from tinhso.dossiers.models import Dossier

    Dossier.objects.filter(code=code).update(
        applicant=User.objects.get(username="congdan"), delivery_mode="electronic"
    )

    specialist = signed_in(browser, site, "chuyenvien.xa")
    take(specialist, site, code, "Chuyển bước tiếp theo", "Đủ điều kiện đăng ký")

    leader = signed_in(browser, site, "chutich.xa")
    upload = {"name": "trich-luc.pdf", "mimeType": "application/pdf", "buffer": _result_pdf()}
    take(leader, site, code, "Phê duyệt kết quả", upload=upload)

    # The unsigned result cannot be returned yet.
    counter.goto(f"{site}/can-bo/ho-so/{code}/")
    expect(counter.locator("#ket-qua-dien-tu").locator("..")).to_contain_text("chưa ký")
    expect(counter.get_by_role("button", name="Đóng dấu cơ quan")).to_have_count(0)

    # The leader signs through the local signing app (its simulator).
    leader.goto(f"{site}/can-bo/ho-so/{code}/")
    leader.get_by_role("button", name="Ký số kết quả").click()
    expect(leader.get_by_role("heading", level=1)).to_contain_text("phần mềm ký số")
    leader.get_by_role("button", name="Ký bằng phần mềm mô phỏng").click()
    expect(leader.locator(".message.success")).to_contain_text("đã ký")

    # The one-stop seals it with the agency's seal in the HSM, then returns it.
    counter.goto(f"{site}/can-bo/ho-so/{code}/")
    counter.get_by_role("button", name="Đóng dấu cơ quan").click()
    expect(counter.locator(".message.success")).to_contain_text("Đã đóng dấu số")
    take(counter, site, code, "Trả kết quả")
    expect(counter.locator(".badge.status-returned")).to_have_text("Đã trả kết quả")

    # The citizen downloads it from "Hồ sơ của tôi"...
    citizen = signed_in(browser, site, "congdan", start=f"/ho-so-cua-toi/{code}/")
    citizen.goto(f"{site}/ho-so-cua-toi/{code}/")
    link = citizen.get_by_role("link", name=re.compile("Tải về .*da-dong-dau"))
    expect(link).to_have_count(1)
    download = citizen.request.get(site + link.get_attribute("href"))
    assert download.ok
    signed = download.body()
    assert signed.startswith(b"%PDF")

    # ... and the public validator says "hợp lệ" for both signatures.
    public = browser.new_context(locale="vi-VN").new_page()
    public.goto(site + "/xac-thuc-van-ban/")
    public.get_by_label("Tệp PDF cần kiểm tra").set_input_files(
        {"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": signed}
    )
    public.get_by_role("button", name="Kiểm tra", exact=True).click()
    verdicts = public.locator(".verdict")
    expect(verdicts).to_have_count(2)
    expect(verdicts.nth(0)).to_have_text("Hợp lệ")
    expect(verdicts.nth(1)).to_have_text("Hợp lệ")
