"""Synthetic dossiers for bench/dossiers_bench.py: realistic histories, loaded in bulk.

Each dossier is simulated action by action as tinhso.dossiers.services would record it
(submit → receive → forward … approve → return_result, with supplement requests and pauses,
send-backs, extensions, refusals, withdrawals and stops), and cut at "now": whatever would
happen later has not happened yet, which is what leaves the recent dossiers open.

Deadlines come from the real rules: effects._legal_due (calendar.due_at) for the dossier,
calendar.due_at / add_working_time for steps (effects._start_step), calendar.resume_due_at
after a pause and calendar.add_working_days for an extension; the results are cached per
(date, time limit). Codes are services.dossier_code's format, numbered per agency per day.

Activity times (when an officer acts) are drawn on a "working-time axis": office seconds
since the opening of the first working day, so every action falls inside office hours of a
working day (online submissions excepted).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tinhso.accounts import services as accounts
from tinhso.accounts.models import StaffRole, User
from tinhso.catalogue.constants import CompetentLevel, OnlineLevel, TimeLimitUnit, VersionStatus
from tinhso.catalogue.models import ProcedureVersion
from tinhso.catalogue.process import plan_of
from tinhso.demo.loader import DEMO_PASSWORD
from tinhso.dossiers import effects, services
from tinhso.dossiers.constants import Action, Channel, Status, StepState
from tinhso.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierPause,
    DossierSequence,
    DossierStep,
)
from tinhso.organisation.constants import AgencyKind
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role
from tinhso.workcalendar import calendar

NULL = "\\N"  # COPY's NULL; turned into None for executemany
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
DAYS_OF_HISTORY = 730

# --- what happens to dossiers (probabilities) -------------------------------------------------
P_LATE = 0.06  # finished after the legal deadline
P_PAUSE = 0.05  # a supplement request while processing (clock stops; DossierPause)
P_PAUSE_STOP = 0.10  # … of which the applicant never supplements: stopped
P_SEND_BACK = 0.03  # the leader sends the file back to the specialist once
P_EXTEND_IF_LATE = 0.2  # a late dossier gets an apology and a new date (Mẫu 04)
P_REFUSE_RECEPTION = {True: 0.008, False: 0.035}  # by counter?
P_WITHDRAW_BEFORE = {True: 0.0, False: 0.015}
P_SUPPLEMENT_BEFORE = {True: 0.015, False: 0.035}
P_NEVER_RECEIVED = 0.0004  # online dossiers nobody picked up
P_REFUSE = 0.045
P_WITHDRAW = 0.025
P_STOP = 0.008
P_STUCK = 0.008  # processing that never finished in the software (forgotten dossiers)
P_UNCOLLECTED = 0.012  # results never collected at the counter
CHANNELS_ONLINE = (
    (Channel.ONLINE, 0.42),
    (Channel.COUNTER, 0.43),
    (Channel.NATIONAL_PORTAL, 0.10),
    (Channel.POSTAL, 0.05),
)
CHANNELS_OFFLINE = ((Channel.COUNTER, 0.9), (Channel.POSTAL, 0.1))
# Relative volumes of the demo procedures (chứng thực and hộ tịch dominate at communes).
VOLUME = {
    "2.000815": 30,  # chứng thực bản sao
    "2.000884": 9,  # chứng thực chữ ký
    "2.000942": 4,
    "1.001193": 10,  # khai sinh
    "1.000894": 4,  # kết hôn
    "1.000656": 4,  # khai tử
    "2.000635": 5,  # trích lục hộ tịch
    "1.004873": 6,  # xác nhận tình trạng hôn nhân
    "1.004859": 2,
    "1.013978": 6,  # đăng ký đất đai
    "1.013831": 7,  # biến động đất đai
    "1.011441": 5,  # đăng ký biện pháp bảo đảm
    "3.000333": 6,  # lý lịch tư pháp
    "1.001612": 3,  # hộ kinh doanh
    "2.000720": 2,
    "2.001610": 2,
    "9.900201": 2,
    "1.013225": 3,  # giấy phép xây dựng nhà ở
    "9.900901": 2,  # nhập quốc tịch (Sở Tư pháp; 115 working days)
    "1.001776": 2,
    "3.000182": 3,
}
ONLINE_HOURS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 13, 13, 11, 8, 7, 10, 12, 11, 10, 9, 10, 12, 10, 6, 3]

SURNAMES = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Huỳnh", "Hoàng"] * 3
    + ["Phan", "Võ", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh"]
)
MIDDLE_M = ["Văn", "Hữu", "Minh", "Đức", "Thanh", "Quốc", "Công", "Hoàng", "Ngọc", "Tấn"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Thị Thu", "Hồng", "Phương"]
GIVEN_M = "An Bình Cường Dũng Duy Đạt Hải Hùng Huy Khang Khoa Kiên Long Lộc Minh Nam Nghĩa Phát Phong Phúc Quang Sơn Tài Tâm Thắng Thành Tiến Toàn Trí Trung Tuấn Việt Vinh".split()  # noqa: E501
GIVEN_F = "Anh Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hương Lan Linh Loan Mai My Nga Ngân Nhung Oanh Phương Quyên Thảo Thơ Thủy Trang Trinh Tuyết Vân Vy Xuân Yến".split()  # noqa: E501
STREETS = [
    "Cách Mạng Tháng Tám",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Lê Lợi",
    "30 Tháng 4",
    "Điện Biên Phủ",
    "Hùng Vương",
    "Nguyễn Văn Linh",
    "Quốc lộ 22",
    "Tỉnh lộ 784",
    "Trưng Nữ Vương",
    "Lý Thường Kiệt",
]
NOTES = {
    Action.REFUSE_RECEPTION: [
        "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan; hướng dẫn nộp tại cơ quan có thẩm quyền.",  # noqa: E501
        "Người yêu cầu không xuất trình được giấy tờ tùy thân theo quy định.",
        "Yêu cầu không thuộc phạm vi thủ tục đã chọn.",
    ],
    Action.REQUEST_SUPPLEMENT: [
        "Bổ sung bản sao giấy tờ tùy thân có chứng thực.",
        "Tờ khai chưa ký, còn thiếu thông tin nơi cư trú.",
        "Bổ sung văn bản ủy quyền có chứng thực.",
        "Bản vẽ chưa thể hiện đủ kích thước, vị trí công trình; đề nghị bổ sung.",
        "Cung cấp giấy tờ chứng minh quan hệ nhân thân.",
    ],
    Action.REFUSE: [
        "Không đủ điều kiện theo quy định của pháp luật chuyên ngành.",
        "Kết quả xác minh không phù hợp với nội dung kê khai.",
        "Đối tượng không thuộc diện được giải quyết theo quy định.",
    ],
    Action.WITHDRAW: [
        "Người nộp đề nghị rút hồ sơ để hoàn thiện lại.",
        "Người nộp không còn nhu cầu giải quyết.",
    ],
    Action.STOP: [
        "Người nộp không bổ sung hồ sơ trong thời hạn đã hướng dẫn.",
        "Có tranh chấp liên quan; dừng giải quyết chờ kết quả giải quyết tranh chấp.",
    ],
    Action.SEND_BACK: [
        "Đề nghị kiểm tra lại thông tin trên dự thảo kết quả.",
        "Dự thảo còn sai sót về căn cứ pháp lý; đề nghị chỉnh sửa.",
    ],
    Action.EXTEND: [
        "Hồ sơ cần xác minh thêm tại cơ quan liên quan; cơ quan xin lỗi và hẹn lại ngày trả kết quả.",  # noqa: E501
        "Chờ ý kiến phối hợp của cơ quan chuyên môn; xin lỗi và hẹn lại ngày trả kết quả.",
    ],
}
OFFICE_DATA = '{"new_due_date": null, "components": []}'

# step entries are lists (mutable, cheap): indexes
S_ID, S_ORDER, S_NAME, S_AGENCY, S_DEPT, S_ROLE, S_ALLOTTED = 0, 1, 2, 3, 4, 5, 6
S_STATE, S_STARTED, S_DUE, S_FINISHED, S_BY, S_TIMELINESS = 7, 8, 9, 10, 11, 12


_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


def _esc(text: str) -> str:
    """Text that is the same in COPY's text format and as a parameter (checked, not escaped)."""
    if _COPY_SPECIAL.search(text):
        raise ValueError(f"generated text needs escaping for COPY: {text!r}")
    return text


class Cut(Exception):
    """The next action would happen after "now": the dossier stays as it is."""


# --- time -------------------------------------------------------------------------------------


class Clock:
    """Epoch seconds, local days, and the working-time axis (office seconds of working days)."""

    def __init__(self, first: date, last: date):
        self.tz = timezone.get_default_timezone()
        opens = time.fromisoformat(settings.OFFICE_OPENS_AT)
        closes = time.fromisoformat(settings.OFFICE_CLOSES_AT)
        self.opens_s = opens.hour * 3600 + opens.minute * 60
        self.closes_s = closes.hour * 3600 + closes.minute * 60
        self.length = self.closes_s - self.opens_s
        offsets = {
            self.tz.utcoffset(datetime.combine(first + timedelta(days=k), time(12)))
            for k in range(0, (last - first).days + 1, 7)
        }
        if len(offsets) != 1:
            raise SystemExit(f"{settings.TIME_ZONE} changes offset in the period; not supported.")
        self.offset = int(offsets.pop().total_seconds())
        self.working: list[date] = []
        self.open_ts: list[int] = []
        d = first
        while d <= last:
            if calendar.is_working_day(d):
                self.working.append(d)
                self.open_ts.append(self.midnight(d) + self.opens_s)
            d += timedelta(days=1)

    def midnight(self, d: date) -> int:
        return (d.toordinal() - EPOCH_ORDINAL) * 86400 - self.offset

    def local(self, ts: int) -> tuple[int, int]:
        """(ordinal of the local date, seconds since local midnight)."""
        day, sec = divmod(ts + self.offset, 86400)
        return day + EPOCH_ORDINAL, sec

    def aware(self, ts: int) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)

    def pos(self, ts: int) -> int:
        """Working time elapsed from the first opening to `ts`, in seconds."""
        i = bisect.bisect_right(self.open_ts, ts) - 1
        if i < 0:
            return 0
        s = ts - self.open_ts[i]
        return i * self.length + (s if s < self.length else self.length)

    def ts(self, pos: int) -> int:
        i, s = divmod(pos, self.length)
        return self.open_ts[i] + s


class Formatter:
    """Epoch seconds → timestamp text: UTC with offset (PostgreSQL) or naive UTC (SQLite)."""

    def __init__(self, vendor: str):
        suffix = "+00" if vendor == "postgresql" else ""
        self.tod = [
            f"{h:02d}:{m:02d}:{s:02d}{suffix}"
            for h in range(24)
            for m in range(60)
            for s in range(60)
        ]
        self.days: dict[int, str] = {}

    def dt(self, ts: int | None) -> str:
        if ts is None:
            return NULL
        day, sec = divmod(ts, 86400)
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = date.fromordinal(day + EPOCH_ORDINAL).isoformat() + " "
        return text + self.tod[sec]


# --- the catalogue, the agencies and the people -------------------------------------------------


@dataclass
class Proc:
    version: ProcedureVersion
    code: str
    is_commune: bool
    agency_ids: list[int]
    plan: list  # StepPlan
    days: list[Decimal]  # allotted, in office days (effects._allotted_days)
    fees_due: int
    delivery: list[str]
    channels: tuple
    limit_key: tuple
    cutoff_s: int
    weight: float


@dataclass
class Officer:
    id: str
    label: str


@dataclass
class Chunk:
    states: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    events: list = field(default_factory=list)
    pauses: list = field(default_factory=list)


class _State:
    __slots__ = (
        "applicant",
        "channel",
        "closed",
        "code",
        "comp",
        "delivery",
        "due",
        "events",
        "extensions",
        "fees_paid",
        "id",
        "legal_due",
        "name",
        "paused_at",
        "pauses",
        "person",
        "postal",
        "proc",
        "ready",
        "received",
        "received_by",
        "recv",
        "returned",
        "status",
        "step",
        "steps",
        "submitted",
        "timeliness",
    )


def _name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


class Generator:
    def __init__(self, total: int, *, seed: int, chunk_size: int, log: Callable[[str], None]):
        self.total = total
        self.chunk_size = chunk_size
        self.log = log
        self.rng = random.Random(seed)
        self.vendor = connection.vendor
        now = timezone.now().replace(microsecond=0)
        self.now = int(now.timestamp())
        self.today = timezone.localdate(now)
        self.first_day = self.today - timedelta(days=DAYS_OF_HISTORY)
        self.clock = Clock(self.first_day - timedelta(days=10), self.today + timedelta(days=900))
        self.fmt = Formatter(self.vendor)
        self._legal_cache: dict = {}
        self._first_cache: dict = {}
        self._day_text: dict = {}
        self._plan_json: dict = {}
        # the demo loader makes a few dossiers through the real services: continue after them
        self.sequences: Counter = Counter(
            {
                (agency_id, day.toordinal()): last
                for agency_id, day, last in DossierSequence.objects.values_list(
                    "agency_id", "day", "last"
                )
            }
        )
        self.counts = Counter()
        self.next_dossier, self.next_step, self.next_event, self.next_pause = (
            (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
            for model in (Dossier, DossierStep, DossierEvent, DossierPause)
        )
        self.calendar_calls = Counter()
        self._load_reference()
        self._check_timeliness_rule()

    # --- reference data ------------------------------------------------------------------

    def _load_reference(self) -> None:
        versions = list(
            ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
            .select_related("procedure")
            .prefetch_related("agencies", "fees", "process_steps")
            .order_by("procedure__code", "-number")
        )
        latest = {}
        for v in versions:
            latest.setdefault(v.procedure.code, v)
        self.procs: list[Proc] = []
        for code, v in sorted(latest.items()):
            plan = plan_of(v)
            stub = SimpleNamespace(procedure_version=v)
            cutoff = self.clock.closes_s
            if v.time_limit_unit == TimeLimitUnit.HOURS and v.same_day_cutoff:
                cutoff = min(cutoff, v.same_day_cutoff.hour * 3600 + v.same_day_cutoff.minute * 60)
            channels = (
                CHANNELS_OFFLINE if v.online_level == OnlineLevel.OFFLINE else CHANNELS_ONLINE
            )
            self.procs.append(
                Proc(
                    version=v,
                    code=code,
                    is_commune=v.competent_level == CompetentLevel.COMMUNE,
                    agency_ids=[a.pk for a in v.agencies.all()],
                    plan=plan,
                    days=[effects._allotted_days(stub, p.allotted) for p in plan],
                    fees_due=sum(f.amount for f in v.fees.all()),
                    delivery=list(v.delivery_modes or ["counter"]),
                    channels=channels,
                    limit_key=(v.time_limit_unit, v.time_limit_value, v.same_day_cutoff),
                    cutoff_s=cutoff,
                    weight=VOLUME.get(code, 1),
                )
            )
        if not self.procs:
            raise SystemExit("No published procedure: was the demo province loaded?")
        self.proc_cum = []
        acc = 0.0
        for p in self.procs:
            acc += p.weight
            self.proc_cum.append(acc)
        agencies = {a.pk: a for a in Agency.objects.filter(is_active=True)}
        self.agencies = agencies
        self.communes = sorted(
            (a for a in agencies.values() if a.kind == AgencyKind.UBND_XA), key=lambda a: a.code
        )
        centre = [a for a in agencies.values() if a.kind == AgencyKind.TRUNG_TAM_PVHCC]
        self.centre = centre[0] if centre else None
        rng = random.Random(7)
        weights = [0.5 + rng.random() for _ in self.communes]
        demo_commune = StaffRole.objects.filter(user__username="chuyenvien.xa").first()
        for i, a in enumerate(self.communes):  # the demo commune is a busy one
            if demo_commune and a.pk == demo_commune.agency_id:
                weights[i] = 1.6
        self.commune_cum = []
        acc = 0.0
        for w in weights:
            acc += w
            self.commune_cum.append(acc)
        self.addresses = {
            a.pk: a.name.replace("Ủy ban nhân dân ", "").replace(" tỉnh Tây Ninh", "")
            for a in agencies.values()
        }
        self.officers = self._officers()
        self.citizens = {
            str(u.pk): Officer(str(u.pk), _esc(u.full_name))
            for u in User.objects.filter(username__in=["congdan", "doanhnghiep"])
        }
        self.citizen_ids = sorted(self.citizens)

    def _officers(self) -> dict[tuple[int, str], Officer]:
        """Who acts for (agency, role): the demo account when there is one, else a bench one."""
        needed: set[tuple[int, str]] = set()
        for a in [*self.communes, *([self.centre] if self.centre else [])]:
            needed.add((a.pk, Role.RECEPTION))
        for p in self.procs:
            competents = p.agency_ids or [a.pk for a in self.communes]
            for step in p.plan:
                for agency_id in [step.agency.pk] if step.agency else competents:
                    needed.add((agency_id, step.role))
            for agency_id in competents:
                needed.add((agency_id, Role.AGENCY_LEADER))
        found: dict[tuple[int, str], Officer] = {}
        for r in StaffRole.objects.filter(is_active=True).select_related("user").order_by("pk"):
            key = (r.agency_id, r.role)
            if key not in found:
                u = r.user
                found[key] = Officer(str(u.pk), _esc(u.full_name or u.get_username()))
        rng = random.Random(11)
        created = 0
        for agency_id, role in sorted(needed - set(found)):
            user = accounts.staff_create(
                username=f"bench.{agency_id}.{role}",
                full_name=_name(rng),
                password=DEMO_PASSWORD,
            )
            accounts.role_grant(user=user, agency=self.agencies[agency_id], role=role)
            found[(agency_id, role)] = Officer(str(user.pk), _esc(user.full_name))
            created += 1
        self.log(f"  officers: {len(found)} (agency, role) pairs, {created} bench accounts created")
        return found

    def _check_timeliness_rule(self) -> None:
        """_timeliness below is calendar.timeliness without datetime objects: prove it."""
        rng = random.Random(3)
        for _ in range(2000):
            due = self.now - rng.randrange(0, 400 * 86400)
            fin = due + rng.randrange(-5 * 86400, 5 * 86400)
            real = calendar.timeliness(self.clock.aware(due), self.clock.aware(fin))
            assert real == self._timeliness(due, fin), (due, fin)

    def _timeliness(self, due: int, finished: int) -> str:
        if finished > due:
            return "late"
        if (finished + self.clock.offset) // 86400 < (due + self.clock.offset) // 86400:
            return "early"
        return "on_time"

    # --- deadlines (real rules, cached) ----------------------------------------------------

    def _legal_due(self, p: Proc, received: int) -> int:
        ordinal, sec = self.clock.local(received)
        key = (p.limit_key, ordinal, sec <= p.cutoff_s)
        due = self._legal_cache.get(key)
        if due is None:
            self.calendar_calls["due_at (dossier)"] += 1
            dt = effects._legal_due(p.version, self.clock.aware(received))
            due = self._legal_cache[key] = int(dt.timestamp())
        return due

    def _first_step_due(self, days: Decimal, started: int) -> int:
        ordinal, sec = self.clock.local(started)
        key = (days, ordinal, sec <= self.clock.closes_s)
        due = self._first_cache.get(key)
        if due is None:
            self.calendar_calls["due_at (first step)"] += 1
            dt = calendar.due_at(self.clock.aware(started), working_days=days)
            due = self._first_cache[key] = int(dt.timestamp())
        return due

    def _resume(self, due: int, paused: int, resumed: int) -> int:
        self.calendar_calls["resume_due_at"] += 1
        a = self.clock.aware
        return int(calendar.resume_due_at(a(due), a(paused), a(resumed)).timestamp())

    # --- one dossier, action by action ------------------------------------------------------

    def _act(self, s: _State, ts: int) -> None:
        if ts > self.now:
            raise Cut

    def _event(self, s, ts, action, frm, to, officer, note="", data="{}", step=None) -> None:
        if officer is None:
            s.events.append((ts, action, frm, to, NULL, "Hệ thống", note, data, step))
        else:
            s.events.append((ts, action, frm, to, officer.id, officer.label, note, data, step))
        s.status = to

    def _start_step(self, s: _State, order: int, ts: int, first: bool = False) -> None:
        p = s.proc
        plan = p.plan[order - 1]
        days = p.days[order - 1]
        if s.due is not None and order == len(p.plan):
            due = s.due  # the last step ends with the dossier (computed, then replaced, in src)
        else:
            if first:
                due = self._first_step_due(days, ts) if days else s.due
            else:
                self.calendar_calls["add_working_time"] += 1
                due = int(calendar.add_working_time(self.clock.aware(ts), days).timestamp())
            if s.due is not None and due > s.due:
                due = s.due
        agency_id = plan.agency.pk if plan.agency else s.comp
        step = [
            None,
            str(order),
            _esc(plan.name),
            str(agency_id),
            str(plan.department.pk) if plan.department else NULL,
            plan.role,
            str(plan.allotted),
            StepState.ACTIVE,
            ts,
            due,
            None,
            NULL,
            "",
        ]
        s.steps.append(step)
        s.step = step

    def _finish_step(self, s: _State, ts: int, officer: Officer | None, state: str) -> None:
        step = s.step
        if step is None:
            return
        step[S_STATE] = state
        step[S_FINISHED] = ts
        step[S_BY] = officer.id if officer else NULL
        if state == StepState.DONE:
            step[S_TIMELINESS] = self._timeliness(step[S_DUE], ts)
        s.step = None

    def _close(self, s: _State, ts: int) -> None:
        if s.paused_at is not None:
            s.pauses[-1][1] = ts
            s.paused_at = None
        self._finish_step(s, ts, None, StepState.CLOSED)
        s.closed = ts

    def _step_officer(self, s: _State) -> Officer | None:
        step = s.step
        return self.officers.get((int(step[S_AGENCY]), step[S_ROLE])) if step else None

    def _note(self, action: str) -> str:
        return self.rng.choice(NOTES[action])

    def _simulate(self, s: _State) -> None:
        with contextlib.suppress(Cut):
            self._run(s)

    def _run(self, s: _State) -> None:
        rnd = self.rng.random
        clock = self.clock
        L = clock.length
        p = s.proc
        counter = s.channel == Channel.COUNTER
        reception = self.officers.get((s.recv, Role.RECEPTION))
        leader = self.officers.get((s.comp, Role.AGENCY_LEADER))
        if s.applicant != NULL:
            applicant_actor = self.citizens[s.applicant]
        else:
            applicant_actor = reception if counter else None
        t = s.submitted
        self._event(s, t, Action.SUBMIT, "", Status.SUBMITTED, applicant_actor)

        # reception
        if counter:
            t += 1 + int(rnd() * 3)
        else:
            t = clock.ts(clock.pos(t) + 60 + int(self.rng.expovariate(1 / (0.35 * L))))
            if rnd() < P_NEVER_RECEIVED:
                return
        r = rnd()
        if r < P_REFUSE_RECEPTION[counter]:
            self._act(s, t)
            self._close(s, t)
            note = self._note(Action.REFUSE_RECEPTION)
            self._event(
                s,
                t,
                Action.REFUSE_RECEPTION,
                Status.SUBMITTED,
                Status.REFUSED,
                reception,
                note,
                OFFICE_DATA,
            )
            return
        r -= P_REFUSE_RECEPTION[counter]
        if r < P_WITHDRAW_BEFORE[counter]:
            self._act(s, t)
            self._close(s, t)
            note = self._note(Action.WITHDRAW)
            self._event(
                s,
                t,
                Action.WITHDRAW,
                Status.SUBMITTED,
                Status.WITHDRAWN,
                reception,
                note,
                OFFICE_DATA,
            )
            return
        r -= P_WITHDRAW_BEFORE[counter]
        if r < P_SUPPLEMENT_BEFORE[counter]:
            self._act(s, t)
            note = self._note(Action.REQUEST_SUPPLEMENT)
            self._event(
                s,
                t,
                Action.REQUEST_SUPPLEMENT,
                Status.SUBMITTED,
                Status.AWAITING_SUPPLEMENT,
                reception,
                note,
                OFFICE_DATA,
            )
            t = clock.ts(clock.pos(t) + int(L * (0.3 + 6 * rnd())))
            self._act(s, t)
            if rnd() < 0.12:
                self._close(s, t)
                note = self._note(Action.WITHDRAW)
                self._event(
                    s,
                    t,
                    Action.WITHDRAW,
                    Status.AWAITING_SUPPLEMENT,
                    Status.WITHDRAWN,
                    reception,
                    note,
                    OFFICE_DATA,
                )
                return
            self._event(
                s,
                t,
                Action.SUPPLEMENT_RECEIVED,
                Status.AWAITING_SUPPLEMENT,
                Status.SUBMITTED,
                reception,
                "",
                OFFICE_DATA,
            )
            t += 30 + int(rnd() * 600)

        # RECEIVE: dates, first step
        self._act(s, t)
        s.received = t
        s.received_by = reception.id if reception else NULL
        s.legal_due = s.due = self._legal_due(p, t)
        s.fees_paid = p.fees_due if rnd() < 0.97 else 0
        self._start_step(s, 1, t, first=True)
        data = f'{{"fees_paid": {s.fees_paid}}}' if counter else OFFICE_DATA
        self._event(
            s, t, Action.RECEIVE, Status.SUBMITTED, Status.PROCESSING, reception, "", data, s.step
        )

        # how the processing goes
        start = clock.pos(t)
        span = max(clock.pos(s.due) - start, 0)
        late = rnd() < P_LATE
        f = (1.03 + 0.8 * rnd()) if late else (0.05 + 0.93 * rnd() ** 1.2)
        floor = 300 + int(rnd() * 3600)  # nothing is done in less than a few minutes
        if not late and span:
            floor = min(floor, int(span * 0.95))
        work = max(int(f * span), floor)
        n = len(p.plan)
        raw = [(float(d) + 0.05) * (0.7 + 0.6 * rnd()) for d in p.days]
        total_raw = sum(raw)
        shares = [max(60, int(work * x / total_raw)) for x in raw]
        fate = rnd()
        fate_order = 1 if n == 1 or rnd() < 0.7 else n
        pause = rnd() < P_PAUSE
        send_back = n >= 2 and rnd() < P_SEND_BACK
        extend = late and rnd() < P_EXTEND_IF_LATE
        cur = start
        for order in range(1, n + 1):
            end = cur + shares[order - 1]
            lo = cur  # the last action so far, on the working-time axis
            actor = self._step_officer(s)
            if order == 1 and pause:
                pp = cur + int((end - cur) * (0.1 + 0.5 * rnd()))
                tp = clock.ts(pp)
                self._act(s, tp)
                note = self._note(Action.REQUEST_SUPPLEMENT)
                s.paused_at = tp
                s.pauses.append([tp, None, note])
                self._event(
                    s,
                    tp,
                    Action.REQUEST_SUPPLEMENT,
                    Status.PROCESSING,
                    Status.AWAITING_SUPPLEMENT,
                    actor,
                    note,
                    OFFICE_DATA,
                    s.step,
                )
                waited = int(L * (0.5 + 8 * rnd()))
                tr = clock.ts(pp + waited)
                self._act(s, tr)
                if rnd() < P_PAUSE_STOP:
                    step = s.step
                    self._close(s, tr)
                    note = self._note(Action.STOP)
                    self._event(
                        s,
                        tr,
                        Action.STOP,
                        Status.AWAITING_SUPPLEMENT,
                        Status.STOPPED,
                        leader,
                        note,
                        OFFICE_DATA,
                        step,
                    )
                    return
                s.pauses[-1][1] = tr
                s.due = self._resume(s.due, tp, tr)
                s.legal_due = self._resume(s.legal_due, tp, tr)
                s.step[S_DUE] = self._resume(s.step[S_DUE], tp, tr)
                s.paused_at = None
                self._event(
                    s,
                    tr,
                    Action.SUPPLEMENT_RECEIVED,
                    Status.AWAITING_SUPPLEMENT,
                    Status.PROCESSING,
                    reception,
                    "",
                    OFFICE_DATA,
                    s.step,
                )
                end += waited
                lo = pp + waited
            if extend and s.extensions == 0:
                te = clock.pos(s.due) - int(L * (0.1 + 0.9 * rnd()))
                if lo < te < end:
                    lo = te
                    tx = clock.ts(te)
                    self._act(s, tx)
                    old = s.due
                    ordinal, _ = clock.local(old)
                    self.calendar_calls["add_working_days"] += 1
                    new_day = calendar.add_working_days(
                        date.fromordinal(ordinal), 2 + int(rnd() * 8)
                    )
                    new = clock.midnight(new_day) + clock.closes_s
                    s.due = new
                    s.extensions += 1
                    if s.step[S_DUE] < new:
                        s.step[S_DUE] = new
                    data = json.dumps(
                        {
                            "new_due_date": new_day.isoformat(),
                            "components": [],
                            "previous_due_at": datetime.fromtimestamp(old, UTC).isoformat(),
                            "new_due_at": clock.aware(new).isoformat(),
                        }
                    )
                    note = self._note(Action.EXTEND)
                    self._event(
                        s,
                        tx,
                        Action.EXTEND,
                        Status.PROCESSING,
                        Status.PROCESSING,
                        actor,
                        note,
                        data,
                        s.step,
                    )
            if order == fate_order:
                tf = clock.ts(lo + int((end - lo) * (0.3 + 0.7 * rnd())))
                if fate < P_STUCK:
                    return  # nobody ever recorded anything again
                fate -= P_STUCK
                if fate < P_REFUSE:
                    self._act(s, tf)
                    step = s.step
                    s.timeliness = self._timeliness(s.legal_due, tf)
                    self._close(s, tf)
                    note = self._note(Action.REFUSE)
                    self._event(
                        s,
                        tf,
                        Action.REFUSE,
                        Status.PROCESSING,
                        Status.REFUSED,
                        actor,
                        note,
                        OFFICE_DATA,
                        step,
                    )
                    return
                fate -= P_REFUSE
                if fate < P_WITHDRAW:
                    self._act(s, tf)
                    step = s.step
                    self._close(s, tf)
                    note = self._note(Action.WITHDRAW)
                    self._event(
                        s,
                        tf,
                        Action.WITHDRAW,
                        Status.PROCESSING,
                        Status.WITHDRAWN,
                        reception,
                        note,
                        OFFICE_DATA,
                        step,
                    )
                    return
                fate -= P_WITHDRAW
                if fate < P_STOP:
                    self._act(s, tf)
                    step = s.step
                    self._close(s, tf)
                    note = self._note(Action.STOP)
                    self._event(
                        s,
                        tf,
                        Action.STOP,
                        Status.PROCESSING,
                        Status.STOPPED,
                        leader,
                        note,
                        OFFICE_DATA,
                        step,
                    )
                    return
                fate = 1.0
            if order == n and send_back:
                sb = lo + int((end - lo) * 0.3)
                tb = clock.ts(sb)
                self._act(s, tb)
                step = s.step
                self._finish_step(s, tb, actor, StepState.SENT_BACK)
                self._start_step(s, order - 1, tb)
                note = self._note(Action.SEND_BACK)
                self._event(
                    s,
                    tb,
                    Action.SEND_BACK,
                    Status.PROCESSING,
                    Status.PROCESSING,
                    actor,
                    note,
                    OFFICE_DATA,
                    step,
                )
                redo = sb + int(shares[order - 2] * (0.2 + 0.4 * rnd())) + 60
                tr = clock.ts(redo)
                self._act(s, tr)
                step = s.step
                back = self._step_officer(s)
                self._finish_step(s, tr, back, StepState.DONE)
                self._start_step(s, order, tr)
                self._event(
                    s,
                    tr,
                    Action.FORWARD,
                    Status.PROCESSING,
                    Status.PROCESSING,
                    back,
                    "",
                    OFFICE_DATA,
                    step,
                )
                end = redo + int((end - sb) * (0.5 + 0.5 * rnd()))
            te = clock.ts(end)
            self._act(s, te)
            step = s.step
            self._finish_step(s, te, actor, StepState.DONE)
            if order < n:
                self._start_step(s, order + 1, te)
                self._event(
                    s,
                    te,
                    Action.FORWARD,
                    Status.PROCESSING,
                    Status.PROCESSING,
                    actor,
                    "",
                    OFFICE_DATA,
                    step,
                )
            else:
                s.ready = te
                s.timeliness = self._timeliness(s.legal_due, te)
                self._event(
                    s,
                    te,
                    Action.APPROVE,
                    Status.PROCESSING,
                    Status.RESULT_READY,
                    actor,
                    "",
                    OFFICE_DATA,
                    step,
                )
            cur = end

        # RETURN_RESULT
        if s.delivery == "electronic":
            back = cur + 30 + int(rnd() * 0.05 * L)
        elif s.delivery == "postal":
            back = cur + int(L * (0.3 + 1.7 * rnd()))
        else:
            if rnd() < P_UNCOLLECTED:
                return
            back = cur + 120 + int(self.rng.expovariate(1 / (1.0 * L)))
        tr = clock.ts(back)
        self._act(s, tr)
        s.returned = s.closed = tr
        data = f'{{"new_due_date": null, "components": [], "delivery_mode": "{s.delivery}"}}'
        self._event(
            s, tr, Action.RETURN_RESULT, Status.RESULT_READY, Status.RETURNED, reception, "", data
        )

    # --- days, codes, chunks -------------------------------------------------------------------

    def _day_counts(self) -> list[tuple[date, int]]:
        """How many dossiers are submitted each day: working days far more, slow growth."""
        days, weights = [], []
        now_local = timezone.localtime(self.clock.aware(self.now))
        for k in range(DAYS_OF_HISTORY + 1):
            d = self.first_day + timedelta(days=k)
            w = 1.0 if calendar.is_working_day(d) else (0.06 if d.weekday() == 5 else 0.035)
            w *= 0.8 + 0.4 * k / DAYS_OF_HISTORY
            if d == self.today:
                w *= min(1.0, (now_local.hour * 3600 + now_local.minute * 60) / 86400 * 1.3)
            days.append(d)
            weights.append(w)
        total_w = sum(weights)
        exact = [self.total * w / total_w for w in weights]
        counts = [int(x) for x in exact]
        short = self.total - sum(counts)
        for i in sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)[
            :short
        ]:
            counts[i] += 1
        return list(zip(days, counts, strict=True))

    def _pick(self, cum: list[float]) -> int:
        return bisect.bisect_right(cum, self.rng.random() * cum[-1])

    def _channel(self, p: Proc, working: bool) -> str:
        r = self.rng.random()
        if not working:
            return Channel.ONLINE if r < 0.8 else Channel.NATIONAL_PORTAL
        for channel, share in p.channels:
            r -= share
            if r < 0:
                return channel
        return p.channels[0][0]

    def _submission_time(self, d: date, channel: str) -> int:
        clock = self.clock
        if channel == Channel.COUNTER:
            return clock.midnight(d) + clock.opens_s + int(self.rng.random() * (clock.length - 60))
        hour = self.rng.choices(range(24), weights=ONLINE_HOURS)[0]
        return clock.midnight(d) + hour * 3600 + int(self.rng.random() * 3600)

    def _day(self, d: date, count: int) -> list[_State]:
        rng = self.rng
        working = calendar.is_working_day(d)
        states = []
        for _ in range(count):
            p = self.procs[self._pick(self.proc_cum)]
            s = _State()
            s.proc = p
            s.channel = self._channel(p, working)
            if p.is_commune:
                comp = self.communes[self._pick(self.commune_cum)]
                recv = self.centre if self.centre and rng.random() < 0.04 else comp
            else:
                comp = self.agencies[rng.choice(p.agency_ids)] if p.agency_ids else self.centre
                if self.centre and rng.random() < 0.88:
                    recv = self.centre
                else:
                    recv = self.communes[self._pick(self.commune_cum)]
            s.recv, s.comp = recv.pk, comp.pk
            ts = self._submission_time(d, s.channel)
            if ts > self.now:
                ts = self.now - int(rng.random() * 3600)
            s.submitted = ts
            states.append(s)
        states.sort(key=lambda s: s.submitted)
        return states

    def _fill(self, s: _State) -> None:
        rng = self.rng
        p = s.proc
        ordinal, _ = self.clock.local(s.submitted)
        key = (s.recv, ordinal)
        self.sequences[key] += 1
        day_text = self._day_text.get(ordinal)
        if day_text is None:
            day_text = self._day_text[ordinal] = date.fromordinal(ordinal).strftime("%y%m%d")
        s.code = f"{self.agencies[s.recv].code}-{day_text}-{self.sequences[key]:04d}"
        if s.id < self.next_dossier + 50:  # the real format (services.dossier_code)
            real = services.dossier_code(
                self.agencies[s.recv], date.fromordinal(ordinal), self.sequences[key]
            )
            assert s.code == real, (s.code, real)
        s.name = _name(rng)
        s.person = _esc(s.name)
        online = s.channel in (Channel.ONLINE, Channel.NATIONAL_PORTAL)
        s.applicant = (
            rng.choice(self.citizen_ids)
            if online and self.citizen_ids and rng.random() < 0.0001
            else NULL
        )
        s.delivery = rng.choice(p.delivery)
        s.postal = ""
        s.status = Status.SUBMITTED
        s.received = s.legal_due = s.due = s.paused_at = None
        s.ready = s.returned = s.closed = None
        s.received_by = NULL
        s.extensions = 0
        s.timeliness = ""
        s.fees_paid = 0
        s.step = None
        s.steps, s.events, s.pauses = [], [], []

    def chunks(self) -> Iterator[Chunk]:
        chunk = Chunk()
        next_id = self.next_dossier
        for d, count in self._day_counts():
            for s in self._day(d, count):
                s.id = next_id
                next_id += 1
                self._fill(s)
                self._simulate(s)
                chunk.states.append(s)
                chunk.steps.extend(s.steps)
                chunk.events.extend((e, s.id) for e in s.events)
                chunk.pauses.extend((pz, s.id) for pz in s.pauses)
            if len(chunk.states) >= self.chunk_size:
                yield chunk
                chunk = Chunk()
        if chunk.states:
            yield chunk

    # --- rows ---------------------------------------------------------------------------------

    def rows(self, chunk: Chunk) -> dict[str, tuple[list[str], list[tuple]]]:
        """Rows of each table, ids given in time order (like a live system would)."""
        dt = self.fmt.dt
        step_dossier = {}
        for s in chunk.states:
            for step in s.steps:
                step_dossier[id(step)] = s.id
        chunk.steps.sort(key=lambda st: st[S_STARTED])
        for step in chunk.steps:
            step[S_ID] = str(self.next_step)
            self.next_step += 1
        chunk.events.sort(key=lambda e: e[0][0])
        events = []
        for e, dossier_id in chunk.events:
            ts, action, frm, to, actor, label, note, data, step = e
            events.append(
                (
                    str(self.next_event),
                    str(dossier_id),
                    dt(ts),
                    actor,
                    label,
                    action,
                    frm,
                    to,
                    step[S_ID] if step is not None else NULL,
                    _esc(note),
                    data,
                )
            )
            self.next_event += 1
        steps = [
            (
                st[S_ID],
                str(step_dossier[id(st)]),
                st[S_ORDER],
                st[S_NAME],
                st[S_AGENCY],
                st[S_DEPT],
                st[S_ROLE],
                st[S_ALLOTTED],
                st[S_STATE],
                dt(st[S_STARTED]),
                dt(st[S_DUE]),
                dt(st[S_FINISHED]),
                st[S_BY],
                st[S_TIMELINESS],
            )
            for st in chunk.steps
        ]
        pauses = []
        for (started, ended, reason), dossier_id in sorted(chunk.pauses, key=lambda x: x[0][0]):
            pauses.append(
                (str(self.next_pause), str(dossier_id), dt(started), dt(ended), _esc(reason))
            )
            self.next_pause += 1
        dossiers = []
        for s in chunk.states:
            p = s.proc
            plan_key = (p.version.pk, s.comp)
            plan = self._plan_json.get(plan_key)
            if plan is None:
                snapshot = services._plan_snapshot(p.version, self.agencies[s.comp])
                plan = self._plan_json[plan_key] = _esc(json.dumps(snapshot, ensure_ascii=False))
            self.counts[s.status] += 1
            self.counts[f"channel:{s.channel}"] += 1
            if s.timeliness:
                self.counts[f"timeliness:{s.timeliness}"] += 1
            if s.pauses:
                self.counts["paused"] += 1
            dossiers.append(
                (
                    str(s.id),
                    s.code,
                    str(p.version.pk),
                    str(s.recv),
                    str(s.comp),
                    s.status,
                    s.channel,
                    s.applicant,
                    s.person,
                    f"0{self.rng.choice(('72', '80'))}{self.rng.randrange(0, 4)}{self.rng.randrange(10**8):08d}",  # noqa: E501
                    f"09{self.rng.randrange(10**8):08d}",
                    "",
                    f"Số {self.rng.randrange(1, 400)}, đường {self.rng.choice(STREETS)}, {self.addresses[s.recv]}",  # noqa: E501
                    s.delivery,
                    s.postal,
                    str(p.fees_due),
                    str(s.fees_paid),
                    "[]",  # fee_lines: the generated history keeps only the totals
                    "",
                    dt(s.submitted),
                    dt(s.received),
                    s.received_by,
                    dt(s.legal_due),
                    dt(s.due),
                    dt(s.paused_at),
                    str(s.extensions),
                    NULL,  # supplement_due_at
                    NULL,  # intake_escalated_at
                    NULL,  # refusal_proposed_at
                    dt(s.ready),
                    dt(s.returned),
                    dt(s.closed),
                    s.timeliness,
                    plan,
                    s.step[S_ID] if s.step is not None else NULL,
                )
            )
        return {
            Dossier._meta.db_table: (DOSSIER_COLUMNS, dossiers),
            DossierStep._meta.db_table: (STEP_COLUMNS, steps),
            DossierEvent._meta.db_table: (EVENT_COLUMNS, events),
            DossierPause._meta.db_table: (PAUSE_COLUMNS, pauses),
        }

    def sequence_rows(self) -> tuple[list[str], list[tuple]]:
        """Every (agency, day) counter, the demo loader's included (replace the table with it)."""
        rows = []
        for n, ((agency_id, ordinal), last) in enumerate(sorted(self.sequences.items()), start=1):
            rows.append((str(n), str(agency_id), date.fromordinal(ordinal).isoformat(), str(last)))
        return SEQUENCE_COLUMNS, rows


DOSSIER_COLUMNS = [
    "id",
    "code",
    "procedure_version_id",
    "receiving_agency_id",
    "competent_agency_id",
    "status",
    "channel",
    "applicant_id",
    "applicant_name",
    "applicant_cccd",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "delivery_mode",
    "postal_address",
    "fees_due",
    "fees_paid",
    "fee_lines",
    "note",
    "submitted_at",
    "received_at",
    "received_by_id",
    "legal_due_at",
    "due_at",
    "paused_at",
    "extensions",
    "supplement_due_at",
    "intake_escalated_at",
    "refusal_proposed_at",
    "result_ready_at",
    "returned_at",
    "closed_at",
    "timeliness",
    "plan",
    "current_step_id",
]
STEP_COLUMNS = [
    "id",
    "dossier_id",
    "order",
    "name",
    "agency_id",
    "department_id",
    "role",
    "allotted",
    "state",
    "started_at",
    "due_at",
    "finished_at",
    "finished_by_id",
    "timeliness",
]
EVENT_COLUMNS = [
    "id",
    "dossier_id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "from_status",
    "to_status",
    "step_id",
    "note",
    "data",
]
PAUSE_COLUMNS = ["id", "dossier_id", "started_at", "ended_at", "reason"]
SEQUENCE_COLUMNS = ["id", "agency_id", "day", "last"]


def check_columns() -> None:
    """The row layouts above are exactly the models' columns (fails loudly after a migration)."""
    for model, columns in (
        (Dossier, DOSSIER_COLUMNS),
        (DossierStep, STEP_COLUMNS),
        (DossierEvent, EVENT_COLUMNS),
        (DossierPause, PAUSE_COLUMNS),
        (DossierSequence, SEQUENCE_COLUMNS),
    ):
        actual = [f.column for f in model._meta.concrete_fields]
        if actual != columns:
            raise SystemExit(f"{model.__name__} columns changed: {actual} != {columns}")


# --- writing ----------------------------------------------------------------------------------


class Writer:
    """COPY on PostgreSQL, executemany elsewhere (SQLite); the caller holds the transaction."""

    def __init__(self):
        self.vendor = connection.vendor
        self.qn = connection.ops.quote_name

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        cols = ", ".join(self.qn(c) for c in columns)
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg 3
                with raw.copy(f"COPY {self.qn(table)} ({cols}) FROM STDIN") as copy:
                    for start in range(0, len(rows), 5000):
                        block = rows[start : start + 5000]
                        copy.write("\n".join("\t".join(r) for r in block) + "\n")
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {self.qn(table)} ({cols}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(None if v == NULL else v for v in r) for r in rows])


class BulkLoadSchema:
    """Drop secondary indexes and FK/unique constraints of the big tables, put them back later.

    Building an index once over sorted data is much cheaper than maintaining it row by row,
    and re-adding a foreign key validates it with one join instead of one trigger per row.
    The definitions are read from the catalog, so what comes back is exactly what was there.
    """

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[str] = []

    def drop(self) -> None:
        with connection.cursor() as c:
            c.execute(
                """
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                FROM pg_constraint
                WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
                ORDER BY contype DESC
                """,
                [self.tables],
            )
            self.constraints = c.fetchall()
            c.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [self.tables],
            )
            rows = c.fetchall()
            self.indexes = [definition for _, definition in rows]
            for table, name, _ in self.constraints:
                c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in rows:
                c.execute(f"DROP INDEX {name}")

    def restore(self, log: Callable[[str], None]) -> None:
        with connection.cursor() as c:
            c.execute("SET maintenance_work_mem = '256MB'")
            for definition in self.indexes:
                c.execute(definition)
            # unique first (FKs may rely on them), then foreign keys
            for table, name, definition in sorted(
                self.constraints, key=lambda x: "FOREIGN" in x[2]
            ):
                c.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            c.execute("RESET maintenance_work_mem")
        log(f"  restored {len(self.indexes)} indexes and {len(self.constraints)} constraints")
