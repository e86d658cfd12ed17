import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
            fees=[{"kind": "le_phi", "name": "Lệ phí cấp giấy phép", "amount": 75000}],
        ),
    )


def test_home_shows_the_catalogue_figures_and_fields(client, catalogue):
    page = client.get("/").content.decode()
    assert "Tra cứu thủ tục hành chính" in page
    assert "Hộ tịch" in page and "Xây dựng" in page
    assert 'lang="vi"' in page


def test_catalogue_search_page(client, catalogue):
    page = client.get(reverse("portal:procedures"), {"q": "giay phep xay dung"}).content.decode()
    assert "Tìm thấy <strong>1</strong> thủ tục" in page
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in page
    assert "Đăng ký khai sinh" not in page


def test_htmx_request_gets_only_the_results(client, catalogue):
    response = client.get(reverse("portal:procedures"), {"q": "khai sinh"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Đăng ký khai sinh" in page
    assert "<html" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"field": "KHONGCO"},
        {"level": "9"},
        {"agency": "x"},
        {"q": "x" * 500},
        {"page": "-1"},
        {"page": "abc"},
    ],
)
def test_bad_filters_get_a_message_not_an_error(client, catalogue, params):
    response = client.get(reverse("portal:procedures"), params)
    assert response.status_code == 200


def test_bad_filter_message_is_vietnamese(client, catalogue):
    page = client.get(reverse("portal:procedures"), {"field": "KHONGCO"}).content.decode()
    assert "Lĩnh vực đã chọn không có trong danh mục." in page


def test_procedure_page_shows_what_a_citizen_needs(client, catalogue):
    page = client.get(reverse("portal:procedure", args=["1.009994"])).content.decode()
    for text in (
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "15 ngày làm việc",
        "75.000 đ",
        "Luật Hộ tịch 2014",
        "Thành phần hồ sơ",
        "Lệ phí",
        "UBND các xã, phường trong tỉnh",
        "Dịch vụ công trực tuyến một phần",
    ):
        assert text in page, text


def test_same_day_procedure_shows_the_cut_off(client, catalogue):
    page = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "tiếp nhận sau 15:00 thì trả vào ngày làm việc tiếp theo" in page


def test_unknown_procedure_is_a_vietnamese_404(client, catalogue):
    response = client.get(reverse("portal:procedure", args=["9.999999"]))
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_older_versions_stay_readable(client, catalogue, import_records, record):
    import_records(record(name="Đăng ký khai sinh (sửa đổi)"))
    page = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "Phiên bản 1" in page and "Phiên bản 2" in page
    old = client.get(reverse("portal:procedure_version", args=["1.001193", 1])).content.decode()
    assert "Đây là phiên bản 1" in old
