"""Issue 12 §5: "Trong ngày" only for procedures that say so; other limits in hours print
"N giờ làm việc" on the portal, the counter and every receipt (Mẫu 01)."""

from datetime import date

import pytest

from tinhso.catalogue import exchange, selectors
from tinhso.catalogue.models import ProcedureVersion

pytestmark = pytest.mark.django_db


def _version(import_records, record, limit: dict) -> ProcedureVersion:
    report = import_records(record(time_limit=limit))
    assert report.created == ["1.001193"], report
    version = selectors.version_in_force("1.001193", date(2026, 1, 5))
    assert version is not None
    return version


def test_a_limit_in_hours_prints_working_hours_not_same_day(import_records, record):
    version = _version(import_records, record, {"hours": 4})
    assert version.time_limit_text == "4 giờ làm việc"
    assert not version.is_same_day


def test_a_half_hour_limit_uses_a_decimal_comma(import_records, record):
    version = _version(import_records, record, {"hours": "1.5"})
    assert version.time_limit_text == "1,5 giờ làm việc"


def test_a_same_day_procedure_prints_trong_ngay_with_its_cutoff(import_records, record):
    version = _version(import_records, record, {"hours": 8, "cutoff": "15:00"})
    assert version.is_same_day and version.same_day
    assert version.time_limit_text == (
        "Trong ngày (tiếp nhận sau 15:00 thì trả vào ngày làm việc tiếp theo)"
    )


def test_same_day_without_a_cutoff(import_records, record):
    version = _version(import_records, record, {"hours": 8, "same_day": True})
    assert version.time_limit_text == "Trong ngày"


def test_more_than_a_day_of_hours_is_allowed_only_when_not_same_day(import_records, record):
    assert _version(import_records, record, {"hours": 16}).time_limit_text == "16 giờ làm việc"
    report = import_records(record(code="1.000893", time_limit={"hours": 16, "same_day": True}))
    assert [r.code for r in report.rejected] == ["1.000893"]
    assert "Thủ tục giải quyết trong ngày không quá 8 giờ làm việc." in report.rejected[0].reasons


def test_the_flag_survives_export_and_the_old_form_of_a_record_is_unchanged(import_records, record):
    import_records(record(time_limit={"hours": 8, "cutoff": "15:00"}))
    exported = selectors.record_from_version(ProcedureVersion.objects.get())
    assert exported["time_limit"] == {"hours": 8, "same_day": True, "cutoff": "15:00"}
    # The same content written with the explicit flag is not a new version.
    assert import_records(record(time_limit=exported["time_limit"])).unchanged == ["1.001193"]
    # Excel keeps the flag.
    rows = exchange.read_xlsx(exchange.write_xlsx([exported]))
    assert rows[0][1]["time_limit"]["same_day"] is True


def test_the_admin_form_refuses_a_same_day_flag_on_a_limit_in_days(import_records, record):
    from django.core.exceptions import ValidationError

    version = _version(import_records, record, {"working_days": 3})
    version.same_day = True
    with pytest.raises(ValidationError, match="tính bằng giờ làm việc"):
        version.clean()
