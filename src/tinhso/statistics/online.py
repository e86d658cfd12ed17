"""Online-enabled procedures with an online dossier (Bộ chỉ số 766, nhóm "Cung cấp dịch vụ
trực tuyến"; Nghị định 42/2022/NĐ-CP), from the aggregate rows of a period."""

from collections import defaultdict

from django.db.models import Q, QuerySet

from tinhso.dossiers.constants import Channel


def online_procedures(pieces: list[QuerySet], flt: Q) -> tuple[set, set]:
    """(agency, procedure) pairs of online-enabled procedures with an online dossier, and
    with any dossier, received in the period."""
    online_channels = [Channel.ONLINE, Channel.NATIONAL_PORTAL]
    enabled: set[tuple[int, int]] = set()
    online: set[tuple[int, int]] = set()
    for qs in pieces:
        rows = (
            qs.filter(flt, online_enabled=True, received__gt=0)
            .order_by()
            .values_list("agency_id", "procedure_id", "channel")
            .distinct()
        )
        for agency_id, procedure_id, channel in rows:
            enabled.add((agency_id, procedure_id))
            if channel in online_channels:
                online.add((agency_id, procedure_id))
    return online, enabled


def online_by(pairs: tuple[set, set], level: str) -> dict:
    """{unit: (procedures with an online dossier, online-enabled procedures with a dossier)}."""
    online, enabled = pairs
    if level == "province":
        return {"province": (len({p for _, p in online}), len({p for _, p in enabled}))}
    out: dict = defaultdict(lambda: [0, 0])
    for i, found in enumerate((online, enabled)):
        for agency_id, _ in found:
            out[agency_id][i] += 1
    return {k: tuple(v) for k, v in out.items()}
