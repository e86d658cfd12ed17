"""The axis's directory of organisations → organisation.ExternalAgency (issue 15, must-have 5).

Every body connected to the national axis has a mã định danh (Quyết định 20/2020/QĐ-TTg); the
ones outside this province's catalogue become external agencies, addressable when a document
leaves, never listed by the procedure catalogue, the counters or the dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.text import fold
from tinhso.exchange.transport.base import DirectoryEntry, Transport
from tinhso.organisation.models import Agency, ExternalAgency
from tinhso.organisation.validators import validate_agency_identifier

FIELDS = ("name", "parent_id", "address", "email", "phone", "website")


@dataclass(frozen=True)
class SyncReport:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    internal: int = 0  # our own agencies, already in the catalogue
    invalid: int = 0  # entries without a valid 13-character identifier or a name
    empty: bool = False  # the route answered no entry at all: nothing was deactivated

    def summary(self) -> str:
        text = (
            f"Danh bạ trục: thêm {self.created}, cập nhật {self.updated}, "
            f"ngừng {self.deactivated}, giữ nguyên {self.unchanged}, "
            f"bỏ qua {self.internal} cơ quan trong tỉnh và {self.invalid} mục sai mã."
        )
        if self.empty:
            text += " Trục trả về danh bạ rỗng: không ngừng cơ quan nào."
        return text


def _valid(entry: DirectoryEntry) -> bool:
    try:
        validate_agency_identifier(entry.organ_id)
    except ValidationError:
        return False
    return bool(entry.name.strip())


def _values(entry: DirectoryEntry) -> dict[str, str]:
    limits = {"name": 255, "parent_id": 13, "address": 300, "email": 254, "phone": 30}
    values = {name: str(getattr(entry, name) or "").strip() for name in FIELDS}
    return {name: value[: limits.get(name, 200)] for name, value in values.items()}


def sync_directory(transport: Transport) -> SyncReport:
    """Bring ExternalAgency in line with the route's directory, in one transaction.

    The directory is read before the transaction opens: a route that fails changes nothing."""
    entries = list(transport.directory())
    internal_codes = set(Agency.objects.values_list("code", flat=True))
    now = timezone.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "internal": 0, "invalid": 0}
    seen: set[str] = set()
    with transaction.atomic():
        existing = {
            agency.organ_id: agency for agency in ExternalAgency.objects.select_for_update()
        }
        for entry in entries:
            if not _valid(entry):
                counts["invalid"] += 1
                continue
            if entry.organ_id in internal_codes:
                counts["internal"] += 1
                continue
            if entry.organ_id in seen:
                continue
            seen.add(entry.organ_id)
            values = _values(entry)
            agency = existing.get(entry.organ_id)
            if agency is None:
                ExternalAgency.objects.create(organ_id=entry.organ_id, synced_at=now, **values)
                counts["created"] += 1
                continue
            changed = not agency.is_active or any(
                getattr(agency, name) != value for name, value in values.items()
            )
            for name, value in values.items():
                setattr(agency, name, value)
            agency.is_active = True
            agency.synced_at = now
            agency.save()
            counts["updated" if changed else "unchanged"] += 1
        empty = not entries
        gone = [
            agency.pk
            for code, agency in existing.items()
            if agency.is_active and code not in seen and not empty
        ]
        deactivated = ExternalAgency.objects.filter(pk__in=gone).update(
            is_active=False, synced_at=now
        )
        report = SyncReport(deactivated=deactivated, empty=empty, **counts)
        audit_record(
            actor=None,
            action="exchange.directory_sync",
            summary=report.summary(),
            changes={
                "route": getattr(transport, "name", ""),
                "created": report.created,
                "updated": report.updated,
                "deactivated": report.deactivated,
            },
        )
    return report


@dataclass(frozen=True)
class OrganisationChoice:
    """An addressee for an outgoing document: one of ours or one from the axis's directory."""

    organ_id: str
    name: str
    internal: bool


def search_organisations(q: str, limit: int = 20) -> list[OrganisationChoice]:
    """Active bodies whose name or mã định danh holds every word of `q`, without regard to
    diacritics ("so tu phap" finds "Sở Tư pháp"); this province's agencies first."""
    words = fold(q).split()
    if not words or limit < 1:
        return []
    internal = [
        OrganisationChoice(agency.code, agency.name, True)
        for agency in Agency.objects.filter(is_active=True).order_by("name")
        if all(word in fold(f"{agency.name} {agency.short_name} {agency.code}") for word in words)
    ]
    external_qs = ExternalAgency.objects.filter(is_active=True)
    for word in words:
        external_qs = external_qs.filter(search_text__contains=word)
    remaining = max(limit - len(internal), 0)
    external = [
        OrganisationChoice(agency.organ_id, agency.name, False)
        for agency in external_qs.order_by("name")[:remaining]
    ]
    return (internal + external)[:limit]
