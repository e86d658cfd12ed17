"""Fee lines with conditions and alternatives (issue 12 item 9): the fee due is the line that
applies to the case, never the sum of every line."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.catalogue import exchange, selectors
from tinhso.catalogue.fee_rules import rule_error, rule_holds
from tinhso.catalogue.fees import FeeChoiceError, applicable_fees, picked_fees

pytestmark = pytest.mark.django_db

# Luật Hộ tịch 2014 Điều 11 khoản 1: on time (60 days, Điều 15) free; late: the lệ phí.
BIRTH_FEES = [
    {
        "kind": "le_phi",
        "name": "Lệ phí đăng ký khai sinh",
        "amount": 0,
        "exemption": "",
        "condition": "Đăng ký đúng hạn",
        "rule": "within_days(con_ngay_sinh, 60)",
        "group": "khai_sinh",
    },
    {
        "kind": "le_phi",
        "name": "Lệ phí đăng ký khai sinh quá hạn",
        "amount": 5000,
        "exemption": "",
        "condition": "Đăng ký quá hạn",
        "group": "khai_sinh",
    },
    {
        "kind": "phi",
        "name": "Phí cấp bản sao từ bản thứ 3",
        "amount": 8000,
        "exemption": "",
        "rule": "so_ban_sao >= 3",
    },
]


@pytest.fixture
def birth(import_records, record):
    report = import_records(record(fees=BIRTH_FEES))
    assert report.rejected == [], report.rejected
    return selectors.version_in_force("1.001193", timezone.localdate())


def test_on_time_birth_registration_owes_nothing_and_late_owes_the_late_fee(birth):
    filed = date(2026, 11, 11)  # a Wednesday
    on_time = applicable_fees(birth, {"con_ngay_sinh": "2026-09-12"}, filed)  # day 60
    late = applicable_fees(birth, {"con_ngay_sinh": "2026-09-11"}, filed)  # day 61
    assert on_time.total == 0
    assert [line.condition for line in on_time.lines] == ["Đăng ký đúng hạn"]
    assert late.total == 5000  # not 0 + 5.000 + 8.000, the sum of every line
    assert [line.condition for line in late.lines] == ["Đăng ký quá hạn"]


def test_a_period_ending_on_a_day_off_ends_on_the_next_working_day(birth):
    # Bộ luật Dân sự 2015 Điều 148 khoản 5: day 60 is Saturday 07/11/2026.
    answers = {"con_ngay_sinh": "2026-09-08"}
    assert applicable_fees(birth, answers, date(2026, 11, 9)).total == 0  # Monday
    assert applicable_fees(birth, answers, date(2026, 11, 10)).total == 5000  # Tuesday


def test_a_conditional_line_applies_only_when_its_condition_holds(birth):
    filed = date(2026, 11, 11)
    answers = {"con_ngay_sinh": "2026-11-01", "so_ban_sao": "3"}
    assert applicable_fees(birth, answers, filed).total == 8000
    answers["so_ban_sao"] = "2"
    assert applicable_fees(birth, answers, filed).total == 0


def test_an_undecidable_group_is_left_to_the_officer_not_charged(birth):
    choice = applicable_fees(birth, {}, date(2026, 11, 11))
    assert choice.total == 0
    assert "Đăng ký đúng hạn / Đăng ký quá hạn" in choice.unresolved
    assert {"group": "Đăng ký đúng hạn / Đăng ký quá hạn", "unresolved": True} in (choice.as_json())


def test_the_officer_picks_exactly_one_line_of_each_group(birth, record, import_records):
    on_time, late, copies = birth.fees.order_by("order")
    assert picked_fees(birth, [late.pk]).total == 5000
    assert picked_fees(birth, [on_time.pk, copies.pk]).total == 8000
    with pytest.raises(FeeChoiceError, match="đúng một khoản"):
        picked_fees(birth, [])
    with pytest.raises(FeeChoiceError, match="đúng một khoản"):
        picked_fees(birth, [on_time.pk, late.pk])
    import_records(record(code="1.000893", name="Đăng ký kết hôn"))
    other = selectors.version_in_force("1.000893", timezone.localdate()).fees.get()
    with pytest.raises(FeeChoiceError, match="không thuộc thủ tục"):
        picked_fees(birth, [on_time.pk, other.pk])


@pytest.mark.parametrize(
    "rule",
    [
        "__import__('os').system('x')",
        "con_ngay_sinh <=",
        "so_luong > nhieu",
        'loai_phieu < "2"',
        "within_days(con_ngay_sinh)",
        "so_luong > 2 hoặc so_luong < 1",
    ],
)
def test_an_unreadable_condition_is_refused_and_never_run(rule):
    assert rule_error(rule)
    answers = {"so_luong": "3", "con_ngay_sinh": "2026-01-01"}
    assert rule_holds(rule, answers, date(2026, 11, 11)) is None


def test_conditions_read_numbers_choices_checkboxes_and_negation():
    on = date(2026, 11, 11)
    both = 'loai_phieu == "2" và so_luong >= 3'
    assert rule_holds(both, {"loai_phieu": "2", "so_luong": "3"}, on)
    assert not rule_holds('loai_phieu == "2"', {"loai_phieu": "1"}, on)
    assert rule_holds("ho_ngheo == true", {"ho_ngheo": True}, on)
    assert rule_holds("không within_days(ngay, 60)", {"ngay": "01/01/2026"}, on)
    assert rule_holds("days_since(ngay) > 300", {"ngay": "2026-01-01"}, on)


def test_import_refuses_a_bad_condition_and_a_line_that_could_never_apply(import_records, record):
    bad_rule = dict(BIRTH_FEES[0], rule="con_ngay_sinh <=")
    report = import_records(record(fees=[bad_rule, BIRTH_FEES[1]]))
    assert "điều kiện “con_ngay_sinh <=” không hợp lệ" in report.rejected[0].reasons[0]
    unreachable = [BIRTH_FEES[1], BIRTH_FEES[0]]  # the "otherwise" line first
    report = import_records(record(fees=unreachable))
    assert "không bao giờ được áp dụng" in " ".join(report.rejected[0].reasons)


def test_the_admin_refuses_a_bad_condition(birth):
    line = birth.fees.first()
    line.rule = "so_luong >> 2"
    with pytest.raises(ValidationError, match="Điều kiện không hợp lệ"):
        line.full_clean()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_then_import_keeps_conditions_and_alternatives(birth, import_records, fmt):
    records = [selectors.record_from_version(birth)]
    if fmt == "json":
        rows = exchange.read_json(exchange.write_json(records))
    else:
        rows = exchange.read_xlsx(exchange.write_xlsx(records))
    fees = rows[0][1]["fees"]
    assert [(f["condition"] or "", f["rule"] or "", f["group"] or "") for f in fees] == [
        ("Đăng ký đúng hạn", "within_days(con_ngay_sinh, 60)", "khai_sinh"),
        ("Đăng ký quá hạn", "", "khai_sinh"),
        ("", "so_ban_sao >= 3", ""),
    ]
    assert import_records(*(raw for _, raw in rows)).unchanged == ["1.001193"]
    # … and into a catalogue that does not have it yet: the same lines, conditions, groups.
    raw = dict(rows[0][1], code="1.000999")
    assert import_records(raw).created == ["1.000999"]
    new = selectors.version_in_force("1.000999", timezone.localdate())
    assert list(new.fees.values_list("condition", "rule", "group", "amount")) == [
        ("Đăng ký đúng hạn", "within_days(con_ngay_sinh, 60)", "khai_sinh", 0),
        ("Đăng ký quá hạn", "", "khai_sinh", 5000),
        ("", "so_ban_sao >= 3", "", 8000),
    ]
