"""The daily reconciliation report for an accountant (issue 16 item 5): per collecting agency
and provider, what was confirmed and what was settled on the day, and every difference —
confirmed but not settled, settled but not confirmed, amounts that differ."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from tinhso.payments.constants import PaymentState, Provider
from tinhso.payments.models import Payment

CONFIRMED_STATES = (PaymentState.PAID, PaymentState.REFUNDED)


@dataclass
class Line:
    agency: str
    provider: str
    confirmed_count: int = 0
    confirmed_amount: int = 0
    settled_count: int = 0
    settled_amount: int = 0


@dataclass(frozen=True)
class Difference:
    kind: str
    agency: str
    provider: str
    reference: str
    dossier: str
    amount: int
    note: str = ""


@dataclass
class Report:
    day: date
    lines: list[Line] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)


NOT_SETTLED = "Đã xác nhận, chưa có tiền về"
NOT_CONFIRMED = "Có tiền về, chưa xác nhận"
AMOUNT_DIFFERS = "Số tiền khác"


def daily_report(day: date, agency_ids: list[int] | None) -> Report:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day, time.max))
    rows = (
        Payment.objects.exclude(provider=Provider.COUNTER)
        .filter(Q(confirmed_at__range=(start, end)) | Q(settled_on=day))
        .select_related("dossier__competent_agency")
        .order_by("dossier__competent_agency__name", "provider", "reference")
    )
    if agency_ids is not None:
        rows = rows.filter(dossier__competent_agency_id__in=agency_ids)
    report = Report(day)
    lines: dict[tuple[str, str], Line] = {}
    for p in rows:
        agency, provider = p.dossier.competent_agency.name, p.get_provider_display()
        line = lines.setdefault((agency, provider), Line(agency, provider))
        confirmed = p.state in CONFIRMED_STATES and p.confirmed_at is not None
        confirmed_today = confirmed and start <= p.confirmed_at <= end  # type: ignore[operator]
        if confirmed_today:
            line.confirmed_count += 1
            line.confirmed_amount += p.amount
        if p.settled_on == day:
            line.settled_count += 1
            line.settled_amount += p.amount

        def diff(
            kind: str,
            note: str = "",
            p: Payment = p,
            agency: str = agency,
            provider: str = provider,
        ) -> None:
            report.differences.append(
                Difference(kind, agency, provider, p.reference, p.dossier.code, p.amount, note)
            )

        if confirmed_today and p.settled_on is None:
            diff(NOT_SETTLED)
        if p.settled_on == day and not confirmed:
            diff(NOT_CONFIRMED, p.get_state_display())
        if p.flagged:
            diff(AMOUNT_DIFFERS, p.flagged)
    report.lines = list(lines.values())
    return report


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Ngày", f"{report.day:%d/%m/%Y}"])
    writer.writerow(
        [
            "Cơ quan",
            "Đơn vị thanh toán",
            "Số khoản đã xác nhận",
            "Tiền đã xác nhận",
            "Số khoản có tiền về",
            "Tiền về",
        ]
    )
    for line in report.lines:
        writer.writerow(
            [
                line.agency,
                line.provider,
                line.confirmed_count,
                line.confirmed_amount,
                line.settled_count,
                line.settled_amount,
            ]
        )
    writer.writerow([])
    writer.writerow(
        [
            "Chênh lệch",
            "Cơ quan",
            "Đơn vị thanh toán",
            "Mã tham chiếu",
            "Hồ sơ",
            "Số tiền",
            "Ghi chú",
        ]
    )
    for d in report.differences:
        writer.writerow([d.kind, d.agency, d.provider, d.reference, d.dossier, d.amount, d.note])
    return out.getvalue()
