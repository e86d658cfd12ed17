"""Forms built from a schema: each rule with its Vietnamese message, prefill from the account."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tinhso.eforms.forms import EFormForm, display
from tinhso.eforms.schema import parse_schema


def form_for(field: dict, value=None, account=None, **more):
    schema = parse_schema({"fields": [{"key": "x", "label": "Họ và tên", **field}]})
    data = {"tk-x": value} if value is not None else {}
    data.update({f"tk-{k}": v for k, v in more.items()})
    return EFormForm(data, schema=schema, account=account)


def error_of(field: dict, value, **more) -> list[str]:
    form = form_for(field, value, **more)
    assert not form.is_valid()
    return form.errors["x"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ({"type": "text", "required": True}, "", "Hãy nhập họ và tên."),
        ({"type": "text", "min_length": 5}, "An", "Họ và tên phải có ít nhất 5 ký tự (đang có 2)."),
        ({"type": "text", "max_length": 3}, "Bình", "Họ và tên dài tối đa 3 ký tự (đang có 4)."),
        (
            {"type": "text", "pattern": "[A-ZÀ-Ỹ ]+", "pattern_message": "Viết chữ in hoa."},
            "nguyễn an",
            "Viết chữ in hoa.",
        ),
        ({"type": "number", "min": 1}, "0", "Họ và tên phải từ 1 trở lên."),
        ({"type": "number", "max": 1000}, "1.500", "Họ và tên không được lớn hơn 1.000."),
        ({"type": "number"}, "mười", "Hãy nhập một số, ví dụ 1.500 hoặc 12,5."),
        ({"type": "date"}, "31/02/2026", "Họ và tên: ngày không hợp lệ, hãy nhập dạng dd/mm/yyyy."),
        ({"type": "date", "required": True}, "", "Hãy nhập họ và tên (ngày/tháng/năm)."),
        ({"type": "select", "choices": ["Nam"], "required": True}, "", "Hãy chọn họ và tên."),
        (
            {"type": "select", "choices": ["Nam"]},
            "Khác",
            "Họ và tên: lựa chọn không có trong danh sách.",
        ),
        ({"type": "checkbox", "required": True}, "", "Hãy đánh dấu ô “Họ và tên” để tiếp tục."),
        ({"type": "cccd"}, "12345", "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số."),
        ({"type": "phone"}, "0123", "Số điện thoại di động không hợp lệ"),
        ({"type": "email"}, "an@", "Địa chỉ thư điện tử không hợp lệ, ví dụ ten@example.vn."),
    ],
)
def test_each_rule_gives_its_vietnamese_message(field, value, message):
    errors = error_of(field, value)
    assert any(e.startswith(message) for e in errors), errors


def test_date_bounds_today_and_fixed():
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = error_of({"type": "date", "max": "today"}, f"{tomorrow:%d/%m/%Y}")
    assert errors == [f"Họ và tên không được sau ngày {timezone.localdate():%d/%m/%Y}."]
    errors = error_of({"type": "date", "min": "2025-07-01"}, "30/06/2025")
    assert errors == ["Họ và tên không được trước ngày 01/07/2025."]


def test_valid_answers_become_json_values():
    schema = parse_schema(
        {
            "fields": [
                {"key": "ngay", "type": "date", "label": "Ngày"},
                {"key": "so", "type": "number", "label": "Diện tích"},
                {"key": "dong_y", "type": "checkbox", "label": "Cam đoan"},
                {"key": "cccd", "type": "cccd", "label": "CCCD"},
            ]
        }
    )
    form = EFormForm(
        {
            "tk-ngay": "05/01/2026",
            "tk-so": "1.234,5",
            "tk-dong_y": "on",
            "tk-cccd": "072 190 001 234",
        },
        schema=schema,
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "ngay": "2026-01-05",
        "so": "1234.5",
        "dong_y": True,
        "cccd": "072190001234",
    }
    assert display(schema.field("ngay"), "2026-01-05") == "05/01/2026"
    assert display(schema.field("so"), "1234.5") == "1.234,5"
    assert display(schema.field("dong_y"), True) == "Có"


def test_account_data_is_prefilled_read_only_and_not_taken_from_the_request(citizen):
    schema = parse_schema(
        {
            "fields": [
                {
                    "key": "ho_ten",
                    "type": "text",
                    "label": "Họ và tên",
                    "prefill": "full_name",
                    "required": True,
                },
                {"key": "so_cccd", "type": "cccd", "label": "Số CCCD", "prefill": "cccd"},
                {
                    "key": "dia_chi",
                    "type": "text",
                    "label": "Địa chỉ",
                    "prefill": "address",
                    "required": True,
                },
            ]
        }
    )
    form = EFormForm(
        {"tk-ho_ten": "Người Khác", "tk-so_cccd": "079000000001", "tk-dia_chi": "Tây Ninh"},
        schema=schema,
        account=citizen,
    )
    assert form.is_valid(), form.errors
    assert form.answers()["ho_ten"] == "Nguyễn Thị Ánh"
    assert form.answers()["so_cccd"] == "072190001234"
    assert form.answers()["dia_chi"] == "Tây Ninh"  # the account holds no address: asked
    assert form.from_account == {"ho_ten", "so_cccd"}
    html = str(form["ho_ten"])
    assert "disabled" in html and "Nguyễn Thị Ánh" in html
    assert form.raw() == {"dia_chi": "Tây Ninh"}


def test_birth_date_is_prefilled_when_the_account_has_one(citizen):
    citizen.birth_date = date(1990, 3, 4)  # set by VNeID sign-in where the model carries it
    schema = parse_schema(
        {"fields": [{"key": "ns", "type": "date", "label": "Ngày sinh", "prefill": "birth_date"}]}
    )
    form = EFormForm({}, schema=schema, account=citizen)
    assert form.is_valid()
    assert form.answers() == {"ns": "1990-03-04"}


def test_errors_are_tied_to_their_field_for_screen_readers():
    form = form_for({"type": "text", "required": True, "help": "Như trên CCCD"}, "")
    form.is_valid()
    html = form.render()
    assert 'aria-describedby="id_tk-x_help id_tk-x_error"' in html
    assert 'id="id_tk-x_error"' in html
    assert 'aria-invalid="true"' in html
