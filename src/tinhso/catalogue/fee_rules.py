"""The machine condition of a fee line: a small expression on the e-form's answers.

Parsed by a tokenizer and a fixed grammar, never evaluated as Python (no eval). A condition
is one or more clauses joined by "và" (or "and"); a clause may start with "không" (or "not"):

    days_since(con_ngay_sinh) <= 60          # calendar days from a date answer to filing
    within_days(con_ngay_sinh, 60)           # filed within a legal period of 60 days
    loai_phieu == "2"                        # a select / text answer
    so_luong > 2                             # a number answer
    ho_ngheo == true                         # a checkbox

`within_days(key, n)` is the legal period of n days counted as Bộ luật Dân sự 2015 counts
it: from the day after the event (Điều 147 khoản 1), and when the last day is a day off it
ends on the next working day (Điều 148 khoản 5). It is how "đăng ký khai sinh đúng hạn"
reads: within 60 days from the birth (Luật Hộ tịch 2014 Điều 15 khoản 1), which is free
(Luật Hộ tịch 2014 Điều 11 khoản 1).

A clause whose answer is missing or not of its kind is *unknown* (None), never true or
false: the fee it decides is then left for the officer to pick (catalogue.fees).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from tinhso.workcalendar.calendar import working_day_on_or_after

KEY = r"[a-z][a-z0-9_]{0,39}"
MAX_RULE = 300
_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>\"[^\"\\]{0,200}\")|(?P<op>==|!=|<=|>=|<|>)"
    r"|(?P<punct>[(),])|(?P<word>[A-Za-zÀ-ỹ_][A-Za-z0-9À-ỹ_]*))"
)
_AND = {"và", "and"}
_NOT = {"không", "not"}
_FUNCS = {"days_since", "within_days"}
_OPS = {"==", "!=", "<=", ">=", "<", ">"}


class RuleError(ValueError):
    """The condition cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class Clause:
    negate: bool
    func: str  # "" (the answer itself), "days_since", "within_days"
    key: str
    op: str  # for within_days: ""
    value: Any  # Decimal, str or bool


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise RuleError(f"không đọc được điều kiện từ “{text[pos : pos + 20]}”")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _literal(token: tuple[str, str]) -> Any:
    kind, value = token
    if kind == "num":
        return Decimal(value)
    if kind == "str":
        return value[1:-1]
    if kind == "word" and value in ("true", "false"):
        return value == "true"
    raise RuleError(f"“{value}” không phải một giá trị (số, “chuỗi” trong ngoặc kép, true/false)")


def _expect(tokens: list[tuple[str, str]], i: int, value: str) -> int:
    if i >= len(tokens) or tokens[i][1] != value:
        raise RuleError(f"thiếu “{value}”")
    return i + 1


def _key(tokens: list[tuple[str, str]], i: int) -> str:
    if i >= len(tokens) or tokens[i][0] != "word" or not re.fullmatch(KEY, tokens[i][1]):
        raise RuleError("thiếu mã trường của tờ khai (chữ thường, a–z, 0–9, _)")
    return tokens[i][1]


def _clause(tokens: list[tuple[str, str]], i: int) -> tuple[Clause, int]:
    negate = False
    if i < len(tokens) and tokens[i][1] in _NOT:
        negate, i = True, i + 1
    if i >= len(tokens):
        raise RuleError("điều kiện chưa đầy đủ")
    func = tokens[i][1] if tokens[i][1] in _FUNCS else ""
    if func:
        i = _expect(tokens, i + 1, "(")
        key = _key(tokens, i)
        i += 1
        if func == "within_days":
            i = _expect(tokens, i, ",")
            if i >= len(tokens) or tokens[i][0] != "num" or not tokens[i][1].isdigit():
                raise RuleError("within_days cần số ngày là số nguyên dương")
            days = int(tokens[i][1])
            i = _expect(tokens, i + 1, ")")
            return Clause(negate, func, key, "", days), i
        i = _expect(tokens, i, ")")
    else:
        key = _key(tokens, i)
        i += 1
    if i >= len(tokens) or tokens[i][1] not in _OPS:
        raise RuleError("thiếu phép so sánh (==, !=, <, <=, >, >=)")
    op = tokens[i][1]
    if i + 1 >= len(tokens):
        raise RuleError("thiếu giá trị để so sánh")
    value = _literal(tokens[i + 1])
    if func == "days_since" and not isinstance(value, Decimal):
        raise RuleError("days_since(...) so sánh với một số ngày")
    if not isinstance(value, Decimal) and op not in ("==", "!="):
        raise RuleError(f"chỉ so sánh {op} với một số")
    return Clause(negate, func, key, op, value), i + 2


def parse_rule(text: str) -> tuple[Clause, ...]:
    """The clauses of a condition ("" → no clause: the line always holds); RuleError."""
    text = (text or "").strip()
    if not text:
        return ()
    if len(text) > MAX_RULE:
        raise RuleError(f"điều kiện dài quá {MAX_RULE} ký tự")
    tokens = _tokens(text)
    clauses: list[Clause] = []
    i = 0
    while True:
        clause, i = _clause(tokens, i)
        clauses.append(clause)
        if i == len(tokens):
            return tuple(clauses)
        if tokens[i][1] not in _AND:
            raise RuleError(f"sau một điều kiện chỉ được “và”, không phải “{tokens[i][1]}”")
        i += 1


def rule_error(text: str) -> str | None:
    """The Vietnamese reason a condition is unreadable, or None."""
    try:
        parse_rule(text)
    except RuleError as exc:
        return str(exc)
    return None


def rule_keys(text: str) -> set[str]:
    """The e-form fields a condition reads (none when it is unreadable)."""
    try:
        return {c.key for c in parse_rule(text)}
    except RuleError:
        return set()


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for parse in (date.fromisoformat, _dmy):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _dmy(text: str) -> date:
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _compare(left: Any, op: str, right: Any) -> bool:
    return {
        "==": left == right,
        "!=": left != right,
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
    }[op]


def within_days(event: date, days: int, filed_on: date) -> bool:
    """Bộ luật Dân sự 2015 Điều 147 khoản 1, Điều 148 khoản 5: the period starts the day
    after the event; a last day that is a day off moves to the next working day."""
    return filed_on <= working_day_on_or_after(event + timedelta(days=days))


def _clause_value(c: Clause, answers: dict[str, Any], filed_on: date) -> bool | None:
    answer = answers.get(c.key)
    if answer in (None, ""):
        return None
    if c.func:
        event = _as_date(answer)
        if event is None:
            return None
        if c.func == "within_days":
            return within_days(event, int(c.value), filed_on)
        return _compare(Decimal((filed_on - event).days), c.op, c.value)
    if isinstance(c.value, bool):
        if not isinstance(answer, bool):
            answer = str(answer).lower() in ("true", "on", "1", "có")
        return _compare(answer, c.op, c.value)
    if isinstance(c.value, Decimal):
        number = _number(answer)
        return None if number is None else _compare(number, c.op, c.value)
    return _compare(str(answer), c.op, c.value)


def rule_holds(text: str, answers: dict[str, Any], filed_on: date) -> bool | None:
    """True / False, or None when an answer it needs is missing (unknown). An empty
    condition always holds. An unreadable one is unknown (it was checked when saved)."""
    try:
        clauses = parse_rule(text)
    except RuleError:
        return None
    result: bool | None = True
    for c in clauses:
        value = _clause_value(c, answers, filed_on)
        if value is not None and c.negate:
            value = not value
        if value is False:
            return False
        if value is None:
            result = None
    return result
