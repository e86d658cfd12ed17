"""The share of dossiers the national portal holds in their current status (Bộ chỉ số 766,
nhóm "Công khai, minh bạch"; Quyết định 766/QĐ-TTg), read live: whether an update has reached
the portal changes after the fact (sent after commit, retried), so it is not in the daily
aggregates. Which dossiers are synced is the national-portal context's answer
(tinhso.nationalportal.selectors.synced_condition).
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from tinhso.dossiers.models import Dossier
from tinhso.nationalportal import selectors as portal
from tinhso.statistics import sums

COLUMNS: dict[str, object] = {
    "agency": "competent_agency_id",
    "field": "procedure_version__field_id",
    "procedure": "procedure_version__procedure_id",
}


def synced_rows(
    date_from: date,
    date_to: date,
    dims: tuple[str, ...],
    agency_ids: list[int] | None = None,
    field_id: int | None = None,
    procedure_id: int | None = None,
) -> sums.Rows:
    """{key: {synced_of, synced}} of the dossiers received in [date_from, date_to] (province
    days), grouped by `dims` (without "month"), as the aggregates count them: under the
    competent agency."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tz)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tz)
    qs = Dossier.objects.filter(received_at__gte=start, received_at__lt=end).order_by()
    if agency_ids is not None:
        qs = qs.filter(competent_agency_id__in=list(agency_ids))
    if field_id is not None:
        qs = qs.filter(procedure_version__field_id=field_id)
    if procedure_id is not None:
        qs = qs.filter(procedure_version__procedure_id=procedure_id)
    counts = {"synced_of": Count("pk"), "synced": Count("pk", filter=portal.synced_condition())}
    return sums.grouped(qs, dims, counts, COLUMNS)
