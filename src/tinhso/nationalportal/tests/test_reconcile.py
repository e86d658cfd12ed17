"""Reconciliation with the national portal (issue 12 item 11): the province's counts per day,
channel and status against what the portal holds, and the dossiers that differ, in Vietnamese.

The simulated portal runs in the live server and answers the signed "what have you received"
call (NATIONAL_PORTAL_LEDGER_URL); an outage makes it miss updates, as a real one would.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.dossiers.constants import Action
from tinhso.dossiers.services import counter_receive, dossier_act
from tinhso.nationalportal import reconcile
from tinhso.simulators.national_portal.receiver import set_outage


@pytest.fixture
def portal(live_server, settings):
    settings.NATIONAL_PORTAL_STATUS_URL = live_server.url + "/mo-phong/dvcqg/trang-thai/"
    settings.NATIONAL_PORTAL_LEDGER_URL = live_server.url + "/mo-phong/dvcqg/da-nhan/"
    return live_server


@pytest.fixture
def history(portal, new_dossier, cast):
    """Three counter dossiers today: one fully reported, one whose approval the portal missed,
    one the portal never heard of (it was down when the dossier was filed)."""
    whole = counter_receive(new_dossier(), actor=cast.reception)
    late = counter_receive(new_dossier(), actor=cast.reception)
    late = dossier_act(late, Action.FORWARD, actor=cast.specialist)
    set_outage(1)
    late = dossier_act(late, Action.APPROVE, actor=cast.leader)  # 503: the portal misses it
    set_outage(1)
    lost = counter_receive(new_dossier(), actor=cast.reception)  # 503, then quiet: nothing
    return whole, late, lost


def test_a_fully_reported_day_matches(portal, new_dossier, cast):
    counter_receive(new_dossier(), actor=cast.reception)
    today = timezone.localdate()

    result = reconcile.reconcile(today, today)

    assert result.source == reconcile.SOURCE_PORTAL
    assert result.ok
    assert [(r.day, r.channel, r.status, r.ours, r.theirs) for r in result.rows] == [
        (today, "counter", "processing", 1, 1)
    ]


def test_missing_dossiers_and_status_mismatches_are_listed(history):
    _whole, late, lost = history
    today = timezone.localdate()

    result = reconcile.reconcile(today, today)

    assert not result.ok
    by_code = {d.code: d for d in result.differences}
    assert set(by_code) == {late.code, lost.code}
    assert by_code[late.code].kind == "status"
    assert by_code[late.code].message == (
        f"Hồ sơ {late.code}: tại tỉnh “Chờ trả kết quả”, trên Cổng DVCQG “Đang xử lý” "
        "(1 tin trạng thái chưa gửi được)."
    )
    assert by_code[lost.code].kind == "missing"
    assert f"Hồ sơ {lost.code} (Trực tiếp tại Bộ phận Một cửa, nộp ngày {today:%d/%m/%Y})" in (
        by_code[lost.code].message
    )
    assert "chưa có trên Cổng DVCQG" in by_code[lost.code].message
    counts = {(r.status, r.ours, r.theirs) for r in result.rows}
    assert counts == {("processing", 2, 2), ("result_ready", 1, 0)}


def test_without_the_portals_list_it_compares_with_acknowledged_updates(history, settings):
    settings.NATIONAL_PORTAL_LEDGER_URL = ""
    _whole, late, lost = history
    today = timezone.localdate()

    result = reconcile.reconcile(today, today)

    assert result.source == reconcile.SOURCE_ACKS
    assert result.problem
    assert {d.code for d in result.differences} == {late.code, lost.code}


def test_the_command_prints_the_differences_and_fails(history):
    _whole, late, _lost = history
    out = StringIO()
    today = f"{timezone.localdate():%d/%m/%Y}"

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "nationalportal_reconcile", "--date-from", today, "--date-to", today, stdout=out
        )

    assert exit_.value.code == 1
    text = out.getvalue()
    assert "Có 2 chênh lệch:" in text
    assert f"- Hồ sơ {late.code}: tại tỉnh “Chờ trả kết quả”" in text
    assert "← lệch" in text


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("nationalportal_reconcile", "--date-from", "31/02/2026")


def test_the_admin_page_shows_the_differences_to_the_system_administrator(client, history):
    _whole, late, lost = history
    admin = User.objects.create_superuser(
        username="quantri", password="Mat-khau-rat-dai-2026!", email="qt@example.vn"
    )
    client.force_login(admin)
    url = reverse("admin:nationalportal_statusmessage_reconcile")
    today = f"{timezone.localdate():%d/%m/%Y}"

    page = client.get(url, {"tu": today, "den": today})

    assert page.status_code == 200
    html = page.content.decode()
    assert f"Hồ sơ {late.code}: tại tỉnh “Chờ trả kết quả”" in html
    assert lost.code in html
    assert client.get(url, {"tu": "32/13/2026"}).status_code == 400


def test_the_admin_page_is_not_for_officers(client, cast, db):
    client.force_login(cast.reception)
    page = client.get(reverse("admin:nationalportal_statusmessage_reconcile"))
    assert page.status_code == 302
    assert "/dang-nhap" in page["Location"] or "login" in page["Location"]
