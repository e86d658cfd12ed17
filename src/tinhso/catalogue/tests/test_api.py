import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(import_records, record, province):
    import_records(
        record(),
        record(code="1.000893", name="Đăng ký kết hôn", time_limit={"working_days": 5}),
        record(
            code="2.000488",
            name="Cấp Phiếu lý lịch tư pháp cho công dân",
            field="LLTP",
            level="tinh",
            agencies=[province["stp"].code],
            online_level="mot_phan",
            time_limit={"working_days": 10},
            fees=[{"kind": "phi", "name": "Phí", "amount": 200000, "exemption": ""}],
        ),
    )


def test_list_searches_without_diacritics(client, catalogue):
    body = client.get("/api/v1/procedures", {"q": "ket hon"}).json()
    assert body["count"] == 1
    assert body["results"][0]["code"] == "1.000893"
    assert body["results"][0]["time_limit"]["text"] == "5 ngày làm việc"


def test_list_filters_and_pages(client, catalogue, province):
    body = client.get("/api/v1/procedures", {"level": "mot_phan"}).json()
    assert [r["code"] for r in body["results"]] == ["2.000488"]
    body = client.get("/api/v1/procedures", {"agency": province["stp"].code}).json()
    assert [r["code"] for r in body["results"]] == ["2.000488"]
    body = client.get("/api/v1/procedures", {"field": "HOTICH", "page_size": 1, "page": 2}).json()
    assert (body["count"], body["pages"], len(body["results"])) == (2, 2, 1)
    body = client.get("/api/v1/procedures", {"page": 9}).json()
    assert body["results"] == [] and body["count"] == 3


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"page": "abc"}, 422, "page phải là số nguyên"),
        ({"page": 0}, 422, "page phải lớn hơn hoặc bằng 1"),
        ({"page_size": 1000}, 422, "page_size phải nhỏ hơn hoặc bằng 100"),
        ({"level": "muc_4"}, 422, "level phải là một trong"),
        ({"q": "x" * 201}, 422, "q dài quá 200 ký tự"),
        ({"field": "KHONGCO"}, 400, "Không có lĩnh vực mã 'KHONGCO'"),
        ({"agency": "000.00.99.H53"}, 400, "Không có cơ quan mã định danh"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(client, catalogue, params, status, message):
    response = client.get("/api/v1/procedures", params)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_detail_has_components_fees_and_legal_basis(client, catalogue, province):
    body = client.get("/api/v1/procedures/2.000488").json()
    assert body["name"] == "Cấp Phiếu lý lịch tư pháp cho công dân"
    assert body["agencies"] == [{"code": province["stp"].code, "name": "Sở Tư pháp"}]
    assert body["fees"][0]["amount"] == 200000
    assert body["legal_basis"] == ["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"]
    assert body["all_communes"] is False
    assert client.get("/api/v1/procedures/1.001193").json()["all_communes"] is True


def test_unknown_procedure_is_a_404_in_vietnamese(client, catalogue):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có thủ tục mã '9.999999' đang áp dụng."


def test_openapi_document_describes_the_catalogue(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Tỉnh Số API"
    assert {"/api/v1/procedures", "/api/v1/procedures/{code}"} <= set(doc["paths"])
    params = {p["name"] for p in doc["paths"]["/api/v1/procedures"]["get"]["parameters"]}
    assert {"q", "field", "agency", "level", "page"} <= params
