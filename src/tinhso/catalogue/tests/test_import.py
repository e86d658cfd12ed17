import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tinhso.catalogue import exchange, selectors, services
from tinhso.catalogue.models import FeeItem, ProcedureVersion

pytestmark = pytest.mark.django_db


def test_import_creates_a_published_version_in_force(import_records, record):
    report = import_records(record())
    assert report.created == ["1.001193"]
    version = selectors.version_in_force("1.001193", date(2026, 1, 5))
    assert version.name == "Đăng ký khai sinh"
    assert version.number == 1
    assert version.is_same_day and version.same_day_cutoff.strftime("%H:%M") == "15:00"
    assert [c.name for c in version.components.all()] == ["Tờ khai đăng ký khai sinh"]
    assert selectors.version_in_force("1.001193", date(2025, 6, 30)) is None


def test_importing_the_same_file_twice_changes_nothing(import_records, record):
    import_records(record(), record(code="1.000893", name="Đăng ký kết hôn"))
    versions_before = ProcedureVersion.objects.count()
    report = import_records(record(), record(code="1.000893", name="Đăng ký kết hôn"))
    assert report.unchanged == ["1.001193", "1.000893"]
    assert report.created == report.new_versions == []
    assert ProcedureVersion.objects.count() == versions_before


def test_changed_content_becomes_a_new_version_and_closes_the_old(import_records, record):
    import_records(record())
    report = import_records(
        record(
            time_limit={"working_days": 3},
            effective_from="2026-12-01",
            fees=[{"kind": "le_phi", "name": "Lệ phí", "amount": 8000}],
        )
    )
    assert report.new_versions == ["1.001193"]
    old = selectors.version_in_force("1.001193", date(2026, 11, 30))
    new = selectors.version_in_force("1.001193", date(2026, 12, 1))
    assert (old.number, new.number) == (1, 2)
    assert old.effective_to == date(2026, 12, 1)
    assert new.time_limit_text == "3 ngày làm việc"
    assert FeeItem.objects.get(version=new).amount == 8000


def test_a_change_dated_before_the_current_version_starts_on_the_import_day(import_records, record):
    import_records(record())
    import_records(record(result="Giấy khai sinh (bản chính)"))
    newest = selectors.latest_published(ProcedureVersion.objects.first().procedure)
    assert newest.number == 2
    assert newest.effective_from == timezone.localdate()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"code": "1001193"}, "không đúng dạng 1.001612"),
        ({"name": ""}, "Thiếu tên thủ tục"),
        ({"field": "KHONGCO"}, "Lĩnh vực 'KHONGCO' chưa có"),
        ({"level": "huyen"}, "Cấp thực hiện 'huyen' không hợp lệ"),
        ({"level": "tinh", "agencies": []}, "Thủ tục cấp tỉnh phải ghi cơ quan"),
        ({"agencies": ["000.00.99.H53"]}, "Cơ quan chưa có trong danh mục: 000.00.99.H53"),
        ({"online_level": "muc_4"}, "Mức độ trực tuyến 'muc_4' không hợp lệ"),
        ({"time_limit": {"working_days": "ba"}}, "Số ngày làm việc phải là một số"),
        ({"time_limit": {"working_days": 0}}, "phải lớn hơn 0"),
        ({"time_limit": {}}, "Thiếu thời hạn giải quyết"),
        ({"time_limit": {"hours": 4, "cutoff": "3 giờ chiều"}}, "phải có dạng HH:MM"),
        ({"fees": [{"kind": "phi", "name": "Phí", "amount": -5}]}, "số nguyên không âm"),
        ({"fees": [{"kind": "thue", "name": "Thuế", "amount": 5}]}, "loại 'thue' không hợp lệ"),
        ({"components": [{"name": "Tờ khai", "file_types": ["exe"]}]}, "không hỗ trợ: exe"),
        ({"delivery": ["drone"]}, "Hình thức trả kết quả không hợp lệ: drone"),
        ({"delivery": ["counter"]}, "toàn trình phải trả kết quả trực tuyến hoặc qua bưu chính"),
        ({"legal_basis": []}, "Thiếu căn cứ pháp lý"),
        ({"effective_from": "01/07/2025"}, "phải có dạng yyyy-mm-dd"),
    ],
)
def test_bad_rows_are_rejected_with_a_reason_and_good_rows_still_import(
    import_records, record, overrides, reason
):
    report = import_records(record(code="1.000001", name="Thủ tục tốt"), record(**overrides))
    assert report.created == ["1.000001"]
    assert len(report.rejected) == 1
    rejected = report.rejected[0]
    assert rejected.where == "thủ tục thứ 2"
    assert any(reason in r for r in rejected.reasons), rejected.reasons


def test_a_code_twice_in_one_file_is_rejected_the_second_time(import_records, record):
    report = import_records(record(), record(name="Bản sao trùng mã"))
    assert report.created == ["1.001193"]
    assert "trùng với thủ tục thứ 1" in report.rejected[0].reasons[0]


def test_dry_run_reports_without_writing(import_records, record):
    report = import_records(record(), dry_run=True)
    assert report.created == ["1.001193"]
    assert not ProcedureVersion.objects.exists()


def test_excel_export_then_import_is_a_round_trip(import_records, record, province):
    import_records(
        record(),
        record(
            code="2.000488",
            name="Cấp Phiếu lý lịch tư pháp cho công dân",
            field="LLTP",
            level="tinh",
            agencies=[province["stp"].code],
            time_limit={"working_days": 10},
            fees=[
                {
                    "kind": "phi",
                    "name": "Phí cung cấp thông tin LLTP",
                    "amount": 200000,
                    "exemption": "Sinh viên: 100.000 đ",
                }
            ],
        ),
    )
    data = exchange.write_xlsx(selectors.records_for_export(timezone.localdate()))
    rows = exchange.read_xlsx(data)
    assert [where for where, _ in rows] == ["trang 'Thủ tục', dòng 2", "trang 'Thủ tục', dòng 3"]
    report = import_records(*(raw for _, raw in rows))
    assert report.unchanged == ["1.001193", "2.000488"]


def test_excel_row_errors_name_the_sheet_and_line(province, fields, record):
    data = exchange.write_xlsx(
        [
            selectors_record(record()),
            selectors_record(record(code="1.000002", online_level="khong_ro")),
        ]
    )
    report = services.catalogue_import(exchange.read_xlsx(data))
    assert report.created == ["1.001193"]
    assert report.rejected[0].where == "trang 'Thủ tục', dòng 3"
    assert "Mức độ trực tuyến 'khong_ro' không hợp lệ" in report.rejected[0].reasons[0]


def selectors_record(raw: dict) -> dict:
    """Shape a raw record like an export so write_xlsx accepts it."""
    return {
        **dict.fromkeys(("applicants", "steps", "conditions", "demo_note"), ""),
        "demo": False,
        **raw,
    }


def test_unreadable_files_get_a_clear_error():
    with pytest.raises(exchange.CatalogueFileError, match="JSON không đọc được"):
        exchange.read_json(b"{not json")
    with pytest.raises(exchange.CatalogueFileError, match="Excel không đọc được"):
        exchange.read_xlsx(b"PK\x03\x04 not really a workbook")
    with pytest.raises(exchange.CatalogueFileError, match=r"\.json hoặc \.xlsx"):
        exchange.read_file("thu-tuc.csv", b"")


def test_management_commands_import_and_export(tmp_path, province, fields, record):
    src = tmp_path / "in.json"
    src.write_bytes(exchange.write_json([record(), record(code="1.000000", level="nope")]))
    out, err = io.StringIO(), io.StringIO()
    call_command("catalogue_import", str(src), stdout=out, stderr=err)
    assert "1 mới" in out.getvalue() and "1 bị từ chối" in out.getvalue()
    assert "Cấp thực hiện 'nope' không hợp lệ" in err.getvalue()
    dest = tmp_path / "out.xlsx"
    call_command("catalogue_export", str(dest), stdout=io.StringIO())
    assert exchange.read_xlsx(dest.read_bytes())[0][1]["code"] == "1.001193"


def test_version_in_force_follows_dates(import_records, record):
    import_records(record())
    tomorrow = timezone.localdate() + timedelta(days=1)
    import_records(record(name="Đăng ký khai sinh (mới)", effective_from=tomorrow.isoformat()))
    assert selectors.version_in_force("1.001193", timezone.localdate()).name == "Đăng ký khai sinh"
    assert selectors.version_in_force("1.001193", tomorrow).name == "Đăng ký khai sinh (mới)"
