"""The dashboard shows the statistics' figures for its scope, its filters and its lists."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import DossierStep
from tinhso.dossiers.selectors import soon_limit
from tinhso.statistics import selectors as stats

from .conftest import NOW, at

pytestmark = pytest.mark.django_db

HOME = "/can-bo/dieu-hanh/"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def agency_url(agency) -> str:
    return reverse("dashboard:agency", args=[agency.code])


def codes(page) -> list[str]:
    return [d.code for d in page.object_list]


def test_the_scenario_is_what_it_says(scenario, at_now):
    assert scenario["late"].due_at < NOW
    assert NOW <= scenario["soon"].due_at <= soon_limit(NOW)
    assert scenario["fresh"].due_at > soon_limit(NOW)


def test_province_page_shows_the_statistics_figures(client, cast, province, scenario, at_now):
    client.force_login(cast.province_leader)
    response = client.get(HOME)
    assert response.status_code == 200
    board = response.context["board"]
    assert (board.date_from, board.date_to) == YEAR  # opens on this year
    expected = stats.figures(*YEAR, group_by="province")[0]
    total = board.total
    assert total == expected
    # The known answers of the scenario.
    assert total.received.new == 4 and total.received.counter == 4
    assert total.withdrawn == 1
    assert total.in_progress.total == 3 and total.in_progress.overdue == 1
    page = response.content.decode()
    kpi = page.split('id="chi-so-chinh"')[1].split("</section>")[0]
    assert "<strong>4</strong>" in kpi  # received
    assert "<strong>3</strong>" in kpi  # in progress
    assert "quá hạn 1" in kpi
    # One row per agency with dossiers, linking down to the agency's page.
    parts = response.context["parts"]
    assert [p.key for p, _ in parts] == [province["stp"].pk]
    assert parts[0][1].startswith(agency_url(province["stp"]) + "?tu=01%2F01%2F2026")
    # The 766 groups: the province first, then each agency, numerator / denominator shown.
    rows = response.context["index_rows"]
    index = stats.index_766(*YEAR, level="province") + stats.index_766(*YEAR, level="agency")
    assert [r for r, _, _ in rows] == index
    first = rows[0][1][0]
    assert f"{first.numerator} / {first.denominator}" in page
    # The charts draw the same numbers as the tables.
    trend = board.chart_data["trend"]
    assert trend["labels"] == [m.label for m in board.months]
    assert sum(trend["series"][0]["data"]) == 4
    assert 'id="du-lieu-bieu-do"' in page and "<canvas" in page
    assert page.count("Xem bảng số liệu") == 2


def test_lists_show_overdue_and_due_soon_dossiers(client, cast, province, scenario, at_now):
    client.force_login(cast.province_leader)
    response = client.get(HOME)
    assert codes(response.context["overdue"]) == [scenario["late"].code]
    assert codes(response.context["due_soon"]) == [scenario["soon"].code]
    page = response.content.decode()
    assert reverse("dossiers:office_dossier", args=[scenario["late"].code]) in page


def test_lists_are_scoped_to_the_agency(client, cast, province, scenario, at_now):
    client.force_login(cast.leader)  # Sở Tư pháp
    response = client.get(agency_url(province["stp"]))
    assert codes(response.context["overdue"]) == [scenario["late"].code]
    assert response.context["board"].total.received.new == 4
    client.force_login(cast.other_leader)  # Sở Xây dựng
    response = client.get(agency_url(province["sxd"]))
    assert response.status_code == 200
    assert codes(response.context["overdue"]) == []
    assert codes(response.context["due_soon"]) == []
    assert response.context["board"].total.received.new == 0
    assert scenario["late"].code not in response.content.decode()


def test_filters_period_agency_and_procedure(client, cast, province, procedures, scenario, at_now):
    client.force_login(cast.province_leader)
    last_year = client.get(HOME, {"tu": "01/01/2025", "den": "31/12/2025"})
    assert last_year.context["board"].total.received.new == 0
    november = client.get(HOME, {"tu": "01/11/2026", "den": "05/11/2026"})
    assert november.context["board"].total.received.new == 1  # the late one, 02/11
    sxd = client.get(HOME, {"co_quan": province["sxd"].code})
    assert sxd.context["board"].scope.agency_ids == [province["sxd"].pk]
    assert sxd.context["board"].total.received.new == 0
    assert codes(sxd.context["overdue"]) == []
    khaisinh = client.get(HOME, {"thu_tuc": "1.001193"})
    assert khaisinh.context["board"].total.received.new == 0
    lltp = client.get(HOME, {"thu_tuc": "1.001232"})
    assert lltp.context["board"].total.received.new == 4
    assert codes(lltp.context["overdue"]) == [scenario["late"].code]
    # The exports carry the same filters.
    assert "from=2026-01-01&to=2026-12-31" in lltp.context["export_xlsx"]
    assert "procedure=1.001232" in lltp.context["export_xlsx"]
    assert f"agency={province['sxd'].code}" in sxd.context["export_pdf"]
    assert lltp.context["export_pdf"].startswith("/can-bo/thong-ke/xuat/")


def test_export_links_download_the_same_scope(client, cast, province, scenario, at_now):
    client.force_login(cast.leader)  # Sở Tư pháp
    page = client.get(agency_url(province["stp"]), {"thu_tuc": "1.001232"})
    links = page.context
    assert "agency=000.00.12.H53" in links["export_xlsx"]
    assert "procedure=1.001232" in links["export_pdf"]
    xlsx = client.get(links["export_xlsx"])
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(links["export_pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(links["export_766"]).status_code == 200
    register = client.get(links["export_register"])
    assert register.status_code == 200


def test_quick_periods_link_to_whole_months_quarters_and_years(
    client, cast, province, fields, at_now
):
    client.force_login(cast.province_leader)
    response = client.get(HOME, {"linh_vuc": "LLTP"})
    quick = {p.key: q for p, q in response.context["quick"]}
    assert "tu=01%2F11%2F2026&den=30%2F11%2F2026" in quick["thang-nay"]
    assert "tu=01%2F10%2F2026&den=31%2F12%2F2026" in quick["quy-nay"]
    assert "tu=01%2F01%2F2025&den=31%2F12%2F2025" in quick["nam-truoc"]
    assert all("linh_vuc=LLTP" in q for q in quick.values())


def test_bad_dates_get_a_vietnamese_message_not_an_error(client, cast, province):
    client.force_login(cast.province_leader)
    response = client.get(HOME, {"tu": "31/02/2026", "den": "01/01/2026"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày không đúng dạng ngày/tháng/năm" in page
    assert 'aria-describedby="id_tu_help id_tu_error"' in page
    backwards = client.get(HOME, {"tu": "01/12/2026", "den": "01/01/2026"})
    assert backwards.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in backwards.content.decode()


def test_htmx_gets_the_board_only(client, cast, province):
    client.force_login(cast.province_leader)
    response = client.get(HOME, {"tu": "01/01/2026"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="chi-so-chinh"' in page


def test_lists_are_paged(client, cast, new_dossier, province):
    with time_machine.travel(at(2026, 10, 1, 9, 0), tick=False):
        for _ in range(21):
            services.counter_receive(new_dossier(), actor=cast.reception)
    client.force_login(cast.leader)
    with time_machine.travel(NOW, tick=False):
        first = client.get(agency_url(province["stp"]))
        assert first.context["overdue"].paginator.count == 21
        assert len(first.context["overdue"].object_list) == 20
        assert "trang_qh=2" in first.context["overdue"].next_query
        second = client.get(agency_url(province["stp"]), {"trang_qh": 2})
    assert len(second.context["overdue"].object_list) == 1


def test_drill_down_province_agency_procedure(client, cast, province, scenario, at_now):
    client.force_login(cast.province_leader)
    province_page = client.get(HOME)
    agency_link = province_page.context["parts"][0][1]
    agency_page = client.get(agency_link)
    assert agency_page.status_code == 200
    assert agency_page.context["agency"] == province["stp"]
    # The agency's page splits its figures by procedure, each linking to the procedure.
    assert agency_page.context["board"].parts_by == "procedure"
    procedure_link = agency_page.context["parts"][0][1]
    assert "thu_tuc=1.001232" in procedure_link
    index_links = [link for _, _, link in agency_page.context["index_rows"]]
    assert index_links[0] == "" and index_links[1] == procedure_link
    procedure_page = client.get(procedure_link)
    assert procedure_page.context["procedure"].code == "1.001232"
    assert procedure_page.context["board"].total.received.new == 4
    crumbs = procedure_page.content.decode().split('class="breadcrumb"')[1].split("</nav>")[0]
    assert 'href="/can-bo/dieu-hanh/?tu=01%2F01%2F2026' in crumbs  # back to the province
    assert "Thủ tục 1.001232" in crumbs


def test_a_paused_dossier_is_overdue_only_if_late_when_paused(
    client, cast, province, new_dossier, at_now
):
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False):
        late = services.counter_receive(new_dossier(), actor=cast.reception)
        paused_in_time = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(2026, 11, 10, 9, 0), tick=False):  # before both are due
        services.dossier_act(
            paused_in_time, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Bổ sung"
        )
    with time_machine.travel(at(2026, 11, 18, 9, 0), tick=False):  # after `late` was due
        services.dossier_act(late, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Bổ sung")
    client.force_login(cast.leader)
    response = client.get(agency_url(province["stp"]))
    assert codes(response.context["overdue"]) == [late.code]
    assert response.context["board"].total.in_progress.overdue == 1


def test_an_agency_lists_the_dossiers_now_at_its_steps(client, cast, province, scenario, at_now):
    # The late dossier handed over (liên thông) to Sở Xây dựng: its current step is theirs.
    late = scenario["late"]
    DossierStep.objects.filter(pk=late.current_step_id).update(agency=province["sxd"])
    client.force_login(cast.other_leader)  # Sở Xây dựng
    response = client.get(agency_url(province["sxd"]))
    assert codes(response.context["overdue"]) == [late.code]
    assert codes(response.context["due_soon"]) == []
    client.force_login(cast.leader)  # Sở Tư pháp still decides it
    response = client.get(agency_url(province["stp"]))
    assert codes(response.context["overdue"]) == [late.code]
