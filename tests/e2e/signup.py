"""Finishing a sign-up in the browser: follow the link the sign-up sent, then sign in."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tinhso.notifications.models import Notification

LINK = re.compile(r"https?://\S+/dang-ky/xac-nhan/\S+/")


def confirm_and_sign_in(page: Page, site: str, contact: str, identifier: str, password: str):
    """Read the confirmation link sent to `contact` (e-mail or phone), open it, sign in."""
    expect(page.get_by_role("heading", name="Kiểm tra thư hoặc tin nhắn của bạn")).to_be_visible()
    digits = "".join(c for c in contact if c.isdigit())
    sent = Notification.objects.filter(body__contains="/dang-ky/xac-nhan/").order_by("-id")
    row = next(
        r for r in sent if contact in r.recipient or (digits and r.recipient.endswith(digits[-9:]))
    )
    link = LINK.search(row.body)
    assert link is not None, row.body
    page.goto(site + urlsplit(link.group(0)).path)
    expect(page.locator(".message.success")).to_contain_text("Đã kích hoạt tài khoản")
    page.get_by_label("Tên đăng nhập").fill(identifier)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
