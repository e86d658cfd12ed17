"""The schema is checked before it is saved: every mistake named, in Vietnamese."""

import pytest

from tinhso.eforms.schema import DEFAULT_SCHEMA, parse_schema, schema_errors


def one(**field):
    return {"fields": [{"key": "ho_ten", "type": "text", "label": "Họ và tên", **field}]}


def test_a_valid_schema_parses():
    schema = parse_schema(
        {
            "fields": [
                {"key": "ho_ten", "type": "text", "label": "Họ và tên", "required": True},
                {
                    "key": "gioi_tinh",
                    "type": "select",
                    "label": "Giới tính",
                    "choices": [["nam", "Nam"], ["nu", "Nữ"]],
                },
                {"key": "ngay_sinh", "type": "date", "label": "Ngày sinh", "max": "today"},
            ],
            "covers_components": [1],
        },
        components=2,
    )
    assert [f.key for f in schema.fields] == ["ho_ten", "gioi_tinh", "ngay_sinh"]
    assert schema.field("gioi_tinh").choice_label("nu") == "Nữ"
    assert schema.covers_components == (1,)


def test_the_default_schema_is_valid():
    assert schema_errors(DEFAULT_SCHEMA) == []


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ([], "phải là một đối tượng JSON"),
        ({"fields": []}, "ít nhất một trường"),
        ({"fields": [], "title": "x"}, "không có thuộc tính title"),
        (one(key="Ho Ten"), "mã trường (key) phải bắt đầu bằng chữ thường"),
        (one(type="txt"), "kiểu 'txt' không hợp lệ"),
        (one(label=" "), "thiếu nhãn tiếng Việt"),
        (one(requried=True), "không có thuộc tính requried"),
        (one(required="có"), "required phải là true hoặc false"),
        (one(min_length=10, max_length=5), "min_length lớn hơn max_length"),
        (one(max_length=-1), "max_length phải là số nguyên"),
        (one(min=1), "min chỉ dùng cho trường number, date"),
        (one(pattern="[0-9"), "không phải biểu thức chính quy hợp lệ"),
        (one(pattern="[0-9]+"), "cần pattern_message"),
        (one(pattern_message="Sai"), "có pattern_message nhưng không có pattern"),
        (one(choices=["A"]), "chỉ trường kiểu select mới có danh sách lựa chọn"),
        (one(type="select"), "danh sách lựa chọn (choices) phải có ít nhất một mục"),
        (one(type="select", choices=["A", "A"]), "giá trị trùng nhau"),
        (one(type="number", min="một"), "min của trường số phải là một số"),
        (one(type="number", min=10, max=1), "min lớn hơn max"),
        (one(type="date", max="31/12/2025"), 'phải dạng "yyyy-mm-dd" hoặc "today"'),
        (one(type="date", min="2026-01-02", max="2026-01-01"), "min sau max"),
        (one(prefill="que_quan"), "nguồn điền sẵn 'que_quan' không hợp lệ"),
        (one(prefill="birth_date"), "không điền sẵn 'birth_date' vào trường kiểu text"),
        ({"fields": [one()["fields"][0], one()["fields"][0]]}, "mã trường bị trùng"),
        ({**one(), "covers_components": ["1"]}, "covers_components phải là danh sách"),
    ],
)
def test_bad_schemas_are_refused_with_the_reason(schema, message):
    errors = schema_errors(schema)
    assert any(message in e for e in errors), errors


def test_covers_components_must_exist_in_the_procedure():
    errors = schema_errors({**one(), "covers_components": [3]}, components=2)
    assert errors == [
        "covers_components: thủ tục chỉ có 2 thành phần hồ sơ, không có thành phần số 3."
    ]


def test_every_problem_is_listed_at_once():
    errors = schema_errors({"fields": [{"key": "A", "type": "x", "label": ""}]})
    assert len(errors) == 3
    assert all(e.startswith("Trường thứ 1 “A”") for e in errors)
