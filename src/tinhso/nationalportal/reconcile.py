"""Reconciliation: the province's dossiers against what the national portal holds.

Nghị định 118/2025/NĐ-CP makes the Cổng Dịch vụ công quốc gia follow every dossier the
province handles (tinhso.nationalportal.outbox reports them all); Quyết định 766/QĐ-TTg
scores the province from what the portal holds, and provinces are told to reconcile their
counts with it (regulations.md §1.6, Chỉ thị 012/CT-UBND Đắk Lắk). This module compares,
for the dossiers submitted in a period, the province's counts per day, channel and status with
the portal's, and lists each dossier the portal lacks or holds in another status.

What the portal holds is asked through its "what have you received" call
(NATIONAL_PORTAL_LEDGER_URL, signed like the status updates; the simulator answers it).
The portal's published interface has no such call that we know of: without the setting, or
when the call fails, the comparison is with the updates the portal acknowledged (answered
2xx) — what it must hold if it kept what it accepted (docs/national-portal.md).
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

import requests
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from tinhso.dossiers.constants import Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.constants import UNSENT_STATES, MessageState
from tinhso.nationalportal.models import StatusMessage
from tinhso.nationalportal.signing import signed_headers

SOURCE_PORTAL = "Cổng DVCQG (danh sách hồ sơ Cổng đang giữ)"
SOURCE_ACKS = "các tin trạng thái Cổng DVCQG đã xác nhận (HTTP 2xx)"


@dataclass(frozen=True)
class Held:
    """One dossier as one side holds it."""

    code: str
    channel: str
    status: str
    day: date | None


@dataclass(frozen=True)
class CountRow:
    day: date | None
    channel: str
    status: str
    ours: int
    theirs: int

    @property
    def matches(self) -> bool:
        return self.ours == self.theirs


@dataclass(frozen=True)
class Difference:
    kind: str  # "missing" | "status" | "unknown"
    code: str
    message: str


@dataclass
class Reconciliation:
    date_from: date
    date_to: date
    source: str
    rows: list[CountRow] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    problem: str = ""  # why the portal could not be asked (then acknowledgements are used)

    @property
    def ok(self) -> bool:
        return not self.differences and all(r.matches for r in self.rows)


def _label(choices: type[Status] | type[Channel], value: str) -> str:
    return str(choices(value).label) if value in choices.values else (value or "—")


def parse_day(value: str) -> date:
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd); ValueError with a Vietnamese message."""
    text = value.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Ngày “{value}” không hợp lệ: hãy viết dd/mm/yyyy.") from None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(date_from, time.min, tz), datetime.combine(date_to, time.max, tz)


def province_side(date_from: date, date_to: date) -> dict[str, Held]:
    """Our dossiers submitted in the period, with their status now."""
    start, end = _bounds(date_from, date_to)
    rows = Dossier.objects.filter(submitted_at__gte=start, submitted_at__lte=end).values_list(
        "code", "channel", "status", "submitted_at"
    )
    return {
        code: Held(code, channel, status, timezone.localdate(at))
        for code, channel, status, at in rows
    }


class LedgerError(Exception):
    """The portal could not be asked; the message says why, in Vietnamese."""


def portal_side(date_from: date, date_to: date) -> dict[str, Held]:
    """What the portal says it holds (NATIONAL_PORTAL_LEDGER_URL), or LedgerError."""
    url = settings.NATIONAL_PORTAL_LEDGER_URL
    secret = settings.NATIONAL_PORTAL_STATUS_SECRET
    if not url or not secret:
        raise LedgerError("Chưa cấu hình NATIONAL_PORTAL_LEDGER_URL hoặc khóa ký.")
    body = json.dumps({"date_from": date_from.isoformat(), "date_to": date_to.isoformat()}).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", **signed_headers(secret, body)}
    try:
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=settings.NATIONAL_PORTAL_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise LedgerError(f"Không kết nối được Cổng: {type(exc).__name__}") from exc
    if response.status_code != 200:
        raise LedgerError(f"Cổng trả lời HTTP {response.status_code}.")
    try:
        items = response.json()["dossiers"]
        return {
            str(i["dossier_code"]): Held(
                str(i["dossier_code"]),
                str(i.get("channel") or ""),
                str(i.get("status") or ""),
                _day(str(i.get("submitted_at") or "")),
            )
            for i in items
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise LedgerError("Câu trả lời của Cổng không đúng định dạng.") from exc


def acknowledged_side(date_from: date, date_to: date) -> dict[str, Held]:
    """For each dossier, the last update the portal acknowledged (state sent)."""
    start, end = _bounds(date_from, date_to)
    sent = StatusMessage.objects.filter(
        state=MessageState.SENT,
        dossier__submitted_at__gte=start,
        dossier__submitted_at__lte=end,
    )
    last = sent.values("dossier_id").annotate(last=Max("sequence"))
    wanted = {(r["dossier_id"], r["last"]) for r in last}
    held: dict[str, Held] = {}
    for m in sent.filter(dossier_id__in={d for d, _ in wanted}).only("dossier_id", "payload"):
        if (m.dossier_id, m.payload.get("sequence")) not in wanted:
            continue
        code = str(m.payload.get("dossier_code", ""))
        held[code] = Held(
            code,
            str(m.payload.get("channel") or ""),
            str(m.payload.get("status") or ""),
            _day(str(m.payload.get("submitted_at") or "")),
        )
    return held


def _unsent(codes: set[str]) -> Counter[str]:
    rows = StatusMessage.objects.filter(
        dossier__code__in=codes, state__in=UNSENT_STATES
    ).values_list("dossier__code", flat=True)
    return Counter(rows)


def reconcile(date_from: date, date_to: date, *, ask_portal: bool = True) -> Reconciliation:
    """Compare the dossiers submitted from `date_from` to `date_to` (inclusive)."""
    ours = province_side(date_from, date_to)
    result = Reconciliation(date_from, date_to, SOURCE_ACKS)
    theirs: dict[str, Held] | None = None
    if ask_portal:
        try:
            theirs = portal_side(date_from, date_to)
            result.source = SOURCE_PORTAL
        except LedgerError as exc:
            result.problem = str(exc)
    if theirs is None:
        theirs = acknowledged_side(date_from, date_to)
    counts_ours = Counter((h.day, h.channel, h.status) for h in ours.values())
    counts_theirs = Counter((h.day, h.channel, h.status) for h in theirs.values())
    keys = set(counts_ours) | set(counts_theirs)
    result.rows = [
        CountRow(*k, counts_ours[k], counts_theirs[k])
        for k in sorted(keys, key=lambda k: (k[0] or date.min, k[1], k[2]))
    ]
    waiting = _unsent({c for c in ours if c not in theirs or ours[c].status != theirs[c].status})
    for code in sorted(ours):
        mine = ours[code]
        note = f" ({waiting[code]} tin trạng thái chưa gửi được)" if waiting[code] else ""
        if code not in theirs:
            result.differences.append(
                Difference(
                    "missing",
                    code,
                    f"Hồ sơ {code} ({_label(Channel, mine.channel)}, nộp ngày "
                    f"{mine.day:%d/%m/%Y}) chưa có trên Cổng DVCQG; trạng thái tại tỉnh: "
                    f"“{_label(Status, mine.status)}”{note}.",
                )
            )
        elif theirs[code].status != mine.status:
            result.differences.append(
                Difference(
                    "status",
                    code,
                    f"Hồ sơ {code}: tại tỉnh “{_label(Status, mine.status)}”, trên Cổng DVCQG "
                    f"“{_label(Status, theirs[code].status)}”{note}.",
                )
            )
    for code in sorted(set(theirs) - set(ours)):
        result.differences.append(
            Difference(
                "unknown",
                code,
                f"Cổng DVCQG có hồ sơ {code} (trạng thái “{_label(Status, theirs[code].status)}”) "
                "nhưng tỉnh không có hồ sơ này trong kỳ.",
            )
        )
    return result


def channel_label(value: str) -> str:
    return _label(Channel, value)


def status_label(value: str) -> str:
    return _label(Status, value)
