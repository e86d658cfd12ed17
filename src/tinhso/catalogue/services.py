"""Writes to the procedure catalogue: versions, publication and import.

A published version is never edited. Changing a procedure means a new version
(`procedure_revise` then `version_publish`, or an import of changed content), which closes
the validity of the previous one; dossiers keep the version in force when they were received
(Nghị định 118/2025/NĐ-CP; TT 21/2023/TT-BTTTT function group 2: procedure versions).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.catalogue.constants import TimeLimitUnit, VersionStatus
from tinhso.catalogue.models import (
    DossierComponentSpec,
    FeeItem,
    Field,
    Procedure,
    ProcedureVersion,
)
from tinhso.catalogue.records import ProcedureRecord, parse_record
from tinhso.catalogue.selectors import latest_published, record_from_version
from tinhso.core import cache_keys
from tinhso.core.text import fold
from tinhso.organisation.models import Agency


@dataclass
class RejectedRow:
    where: str
    code: str
    reasons: list[str]


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.new_versions) + len(self.unchanged) + len(self.rejected)

    def summary(self) -> str:
        return (
            f"{self.total} thủ tục: {len(self.created)} mới, {len(self.new_versions)} phiên bản "
            f"mới, {len(self.unchanged)} không đổi, {len(self.rejected)} bị từ chối"
        )


def field_upsert(*, code: str, name: str, is_demo: bool = False, actor: Any = None) -> Field:
    obj, created = Field.objects.get_or_create(
        code=code, defaults={"name": name, "is_demo": is_demo}
    )
    if not created and (obj.name, obj.is_demo) != (name, is_demo):
        obj.name, obj.is_demo = name, is_demo
        obj.save(update_fields=["name", "is_demo"])
        audit_record(actor=actor, action="catalogue.field.update", target=obj)
        cache_keys.bump(cache_keys.CATALOGUE)
    elif created:
        audit_record(actor=actor, action="catalogue.field.create", target=obj)
    return obj


def version_refresh_search(
    version: ProcedureVersion, record: ProcedureRecord | None = None
) -> None:
    """Recompute the folded search columns and content hash from the version's content.

    `record` is the version's content when the caller already has it (import), saving a
    re-read of the components, fees and agencies.
    """
    # Names of dossier components stay out: "Giấy khai sinh" is a paper half the catalogue asks
    # for, and matching it would bury the procedures a citizen is looking for.
    parts = [
        version.name,
        version.procedure.code,
        version.field.name,
        version.result_text,
        version.legal_basis,
    ]
    # "Thủ tục đăng ký khai sinh" ranks as "đăng ký khai sinh": the prefix says nothing.
    version.search_name = fold(version.name).removeprefix("thu tuc ")
    version.search_text = fold(" ".join(parts))
    version.content_hash = (record or _record_of(version)).content_hash()
    version.save(update_fields=["search_name", "search_text", "content_hash"])


def _record_of(version: ProcedureVersion) -> ProcedureRecord:
    record, errors = parse_record(
        record_from_version(version),
        known_fields={version.field.code},
        known_agencies=set(version.agencies.values_list("code", flat=True)),
    )
    if record is None:
        raise ValidationError(errors)
    return record


def _fill_version(version: ProcedureVersion, record: ProcedureRecord) -> None:
    version.name = record.name
    version.field = Field.objects.get(code=record.field)
    version.competent_level = record.level
    version.online_level = record.online_level
    if record.hours is not None:
        version.time_limit_value = record.hours
        version.time_limit_unit = TimeLimitUnit.HOURS
        version.same_day_cutoff = record.cutoff
        version.same_day = record.same_day
    else:
        version.time_limit_value = record.working_days
        version.time_limit_unit = TimeLimitUnit.WORKING_DAYS
        version.same_day_cutoff = None
        version.same_day = False
    version.supplement_days = record.supplement_days
    version.fee_due_at = record.fee_due_at
    version.result_text = record.result
    version.delivery_modes = record.delivery
    version.legal_basis = "\n".join(record.legal_basis)
    version.applicants = record.applicants
    version.steps = record.steps
    version.conditions = record.conditions
    version.is_demo = record.demo
    version.demo_note = record.demo_note
    version.save()
    version.agencies.set(Agency.objects.filter(code__in=record.agencies))
    version.components.all().delete()
    DossierComponentSpec.objects.bulk_create(
        DossierComponentSpec(
            version=version,
            order=n,
            name=c.name,
            originals=c.originals,
            copies=c.copies,
            required=c.required,
            file_types=",".join(c.file_types),
            template_name=c.template or "",
            note=c.note,
        )
        for n, c in enumerate(record.components, start=1)
    )
    version.fees.all().delete()
    FeeItem.objects.bulk_create(
        FeeItem(
            version=version,
            order=n,
            kind=f.kind,
            name=f.name,
            amount=f.amount,
            exemption=f.exemption,
            condition=f.condition,
            rule=f.rule,
            group=f.group,
        )
        for n, f in enumerate(record.fees, start=1)
    )


def _next_number(procedure: Procedure) -> int:
    return (procedure.versions.aggregate(m=Max("number"))["m"] or 0) + 1


def _close_previous(procedure: Procedure, effective_from: date, exclude: int) -> None:
    """End the validity of the versions the new one replaces, the day it starts."""
    for old in procedure.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=exclude):
        if old.effective_to is None or old.effective_to > effective_from:
            old.effective_to = effective_from
            old.save(update_fields=["effective_to"])


def _validate_start(procedure: Procedure, effective_from: date, exclude: int | None) -> None:
    current = latest_published(procedure, exclude=exclude)
    if current is not None and effective_from <= current.effective_from:
        raise ValidationError(
            f"Ngày áp dụng phải sau ngày áp dụng của phiên bản {current.number} "
            f"({current.effective_from:%d/%m/%Y})."
        )


@transaction.atomic
def version_publish(
    *,
    version: ProcedureVersion,
    effective_from: date,
    actor: Any = None,
    record: ProcedureRecord | None = None,
) -> ProcedureVersion:
    """Publish a draft; from `effective_from` it replaces the version in force.

    `record` is the draft's validated content when the caller has it (import); otherwise
    the draft, perhaps edited in the admin, is validated here.
    """
    if version.is_published:
        raise ValidationError("Phiên bản này đã được công bố; không thể công bố lại.")
    _validate_start(version.procedure, effective_from, exclude=version.pk)
    record = record or _record_of(version)
    version.status = VersionStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.full_clean(validate_unique=False, validate_constraints=False)  # the database checks
    version.save()
    _close_previous(version.procedure, effective_from, exclude=version.pk)
    version_refresh_search(version, record)
    audit_record(
        actor=actor,
        action="catalogue.version.publish",
        target=version,
        summary=f"Công bố phiên bản {version.number}, áp dụng từ {effective_from:%d/%m/%Y}",
    )
    cache_keys.bump(cache_keys.CATALOGUE)  # the public pages (tinhso.portal.fragments)
    return version


class DraftCopier(Protocol):
    def __call__(
        self, source: ProcedureVersion, target: ProcedureVersion, *, actor: Any = None
    ) -> None: ...


_DRAFT_COPIERS: list[DraftCopier] = []


def draft_copier_register(copier: DraftCopier) -> None:
    """A context that keeps a part of each version (tinhso.eforms: its e-form) registers how
    to copy that part into a new draft, from its AppConfig.ready: the catalogue knows
    nothing of the contexts above it (tests/test_import_direction.py)."""
    if copier not in _DRAFT_COPIERS:
        _DRAFT_COPIERS.append(copier)


@transaction.atomic
def procedure_revise(*, version: ProcedureVersion, actor: Any = None) -> ProcedureVersion:
    """Start editing a procedure: a draft copy of `version` (or the draft that already exists)."""
    existing = version.procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    record = _record_of(version)
    draft = ProcedureVersion(
        procedure=version.procedure,
        number=_next_number(version.procedure),
        status=VersionStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        min_assurance=version.min_assurance,  # not in the exchange record: copied here
        competence_basis=version.competence_basis,  # likewise (issue 12 item 10)
        competence_field=version.competence_field,
    )
    _fill_version(draft, record)
    version_refresh_search(draft, record)
    for step in version.process_steps.all():
        step.pk = None
        step.version = draft
        step.save()
    for copy_part in _DRAFT_COPIERS:  # parts other contexts keep (the e-form: eforms)
        copy_part(version, draft, actor=actor)
    audit_record(
        actor=actor,
        action="catalogue.version.draft",
        target=draft,
        summary=f"Tạo dự thảo phiên bản {draft.number} từ phiên bản {version.number}",
    )
    return draft


def _import_one(record: ProcedureRecord, actor: Any, report: ImportReport, today: date) -> None:
    procedure, _ = Procedure.objects.get_or_create(code=record.code)
    current = latest_published(procedure)
    if current is not None and current.content_hash == record.content_hash():
        report.unchanged.append(record.code)
        return
    start = record.effective_from or today
    if current is not None and start <= current.effective_from:
        start = max(today, current.effective_from + timedelta(days=1))
    version = ProcedureVersion(
        procedure=procedure,
        number=_next_number(procedure),
        status=VersionStatus.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _fill_version(version, record)
    version_publish(version=version, effective_from=start, actor=actor, record=record)
    (report.created if current is None else report.new_versions).append(record.code)


def catalogue_import(
    raw_records: list[tuple[str, Any]], *, actor: Any = None, dry_run: bool = False
) -> ImportReport:
    """Import procedures; each row is (where it came from, raw dict).

    Idempotent: unchanged content is skipped. Each row commits on its own, so one bad row
    never blocks the others; every rejected row is reported with its reasons.
    """
    report = ImportReport()
    known_fields = set(Field.objects.values_list("code", flat=True))
    known_agencies = set(Agency.objects.values_list("code", flat=True))
    seen: dict[str, str] = {}
    today = timezone.localdate()
    for where, raw in raw_records:
        record, errors = parse_record(raw, known_fields=known_fields, known_agencies=known_agencies)
        code = str(raw.get("code", "")) if isinstance(raw, dict) else ""
        if record is not None and record.code in seen:
            errors = [f"Mã thủ tục {record.code} trùng với {seen[record.code]} trong cùng tệp."]
            record = None
        if record is None:
            report.rejected.append(RejectedRow(where=where, code=code, reasons=errors))
            continue
        seen[record.code] = where
        try:
            with transaction.atomic():
                _import_one(record, actor, report, today)
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as exc:
            report.rejected.append(RejectedRow(where=where, code=record.code, reasons=exc.messages))
    return report
