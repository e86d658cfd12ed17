"""The catalogue's public pages are cached (issue 17 item 4): a second visit reads nothing
from the database, a change through the catalogue's or organisation's services shows at once,
and nothing of one visitor is served to another."""

import re

import pytest

from tinhso.accounts.services import citizen_create
from tinhso.catalogue.services import field_upsert
from tinhso.organisation.services import agency_upsert

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-rat-dai-2026!"


@pytest.fixture
def catalogue(import_records, record, province):
    import_records(
        record(),
        record(
            code="1.009994",
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            field="XAYDUNG",
            online_level="mot_phan",
            time_limit={"working_days": 15},
        ),
    )


PAGES = [
    ("/", {}),
    ("/thu-tuc/", {"q": "giay phep"}),
    ("/thu-tuc/", {"q": "khai sinh", "page": "1"}),
    ("/thu-tuc/1.001193/", {}),
]


@pytest.mark.parametrize(("path", "query"), PAGES)
def test_a_second_visit_reads_nothing_from_the_database(
    client, catalogue, django_assert_num_queries, path, query
):
    first = client.get(path, query)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path, query)
    assert second.content == first.content


def test_htmx_results_are_cached_apart_from_the_full_page(client, catalogue):
    full = client.get("/thu-tuc/", {"q": "khai sinh"}).content.decode()
    part = client.get("/thu-tuc/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and "<html" not in part
    assert "Đăng ký khai sinh" in part


def test_a_new_version_shows_at_once(client, catalogue, import_records, record):
    assert "Đăng ký khai sinh (sửa đổi)" not in client.get("/thu-tuc/1.001193/").content.decode()
    client.get("/thu-tuc/", {"q": "khai sinh"})
    import_records(record(name="Đăng ký khai sinh (sửa đổi)", effective_from=None))
    assert "Đăng ký khai sinh (sửa đổi)" in client.get("/thu-tuc/1.001193/").content.decode()
    listed = client.get("/thu-tuc/", {"q": "khai sinh"}).content.decode()
    assert "Đăng ký khai sinh (sửa đổi)" in listed


def test_a_new_procedure_counts_at_once_on_the_home_page(client, catalogue, import_records, record):
    assert "<strong>2</strong> thủ tục hành chính" in client.get("/").content.decode()
    import_records(record(code="1.000001", name="Chứng thực bản sao", field="LLTP"))
    home = client.get("/").content.decode()
    assert "<strong>3</strong> thủ tục hành chính" in home and "Lý lịch tư pháp" in home


def test_a_renamed_field_or_agency_shows_at_once(client, catalogue, province):
    client.get("/")
    client.get("/thu-tuc/")
    field_upsert(code="HOTICH", name="Hộ tịch (đổi tên)")
    agency_upsert(code=province["sxd"].code, name="Sở Xây dựng (đổi tên)")
    assert "Hộ tịch (đổi tên)" in client.get("/").content.decode()
    assert "Sở Xây dựng (đổi tên)" in client.get("/thu-tuc/").content.decode()


def test_the_signed_in_and_the_anonymous_each_get_their_own_page(client, catalogue):
    citizen_create(
        username="congdan", full_name="Nguyễn Thị Ánh", cccd="072190001234", password=PASSWORD
    )
    anonymous = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Cần đăng nhập" in anonymous
    client.login(username="congdan", password=PASSWORD)
    signed_in = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Cần đăng nhập" not in signed_in and "csrfmiddlewaretoken" in signed_in
    client.logout()
    again = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Cần đăng nhập" in again
    assert "csrfmiddlewaretoken" not in again and "Nguyễn Thị Ánh" not in again


def test_unknown_parameters_stay_out_of_the_cached_links(client, catalogue, record, import_records):
    import_records(*(record(code=f"2.{n:06d}", name=f"Thủ tục thử {n}") for n in range(25)))
    first = client.get("/thu-tuc/", {"q": "thu tuc thu", "x": "<b>lạ</b>"}).content.decode()
    [link] = re.findall(r'href="\?([^"]*page=2)"', first)
    assert link == "q=thu+tuc+thu&amp;page=2"
