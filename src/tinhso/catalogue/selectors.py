"""Reads of the procedure catalogue: what is in force, search, export records."""

from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length, StrIndex

from tinhso.catalogue.constants import CompetentLevel, TimeLimitUnit, VersionStatus
from tinhso.catalogue.models import Field, Procedure, ProcedureVersion
from tinhso.core.text import fold, tokens
from tinhso.organisation.models import Agency

MAX_QUERY_LENGTH = 200
# Columns a result list never shows.
_LONG_TEXT = ("search_text", "legal_basis", "applicants", "steps", "conditions")


def latest_published(
    procedure: Procedure, *, exclude: int | None = None
) -> ProcedureVersion | None:
    qs = procedure.versions.filter(status=VersionStatus.PUBLISHED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("-effective_from", "-number").first()


def versions_in_force(on: date) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.in_force(on).select_related("procedure", "field")


def version_in_force(code: str, on: date) -> ProcedureVersion | None:
    """The version of `code` that applies on day `on` (the one a dossier received then keeps)."""
    return (
        versions_in_force(on)
        .filter(procedure__code=code)
        .prefetch_related("components", "fees", "agencies")
        .first()
    )


def version_history(code: str) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(
        procedure__code=code, status=VersionStatus.PUBLISHED
    ).order_by("-number")


def competent_for(agency: Agency) -> Q:
    """Versions the agency is competent for: named, or (commune level) every commune's."""
    links = ProcedureVersion.agencies.through.objects
    named = Exists(links.filter(procedureversion_id=OuterRef("pk"), agency_id=agency.pk))
    if agency.is_commune_level:
        every_commune = Q(competent_level=CompetentLevel.COMMUNE) & ~Exists(
            links.filter(procedureversion_id=OuterRef("pk"))
        )
        return Q(named) | every_commune
    return Q(named)


def catalogue_search(
    *,
    on: date,
    q: str = "",
    field: Field | None = None,
    agency: Agency | None = None,
    online_level: str | None = None,
) -> QuerySet[ProcedureVersion]:
    """Procedures in force matching the filters, best match first.

    Every word of the query (folded: no diacritics, no case) must occur in the procedure's
    text. Ranking: exact code, then exact name, name starting with the query, name containing
    the query as a phrase (the earlier the better), then by how many query words are in the
    name; shorter names first.
    """
    qs = versions_in_force(on).defer(*_LONG_TEXT)
    if field is not None:
        qs = qs.filter(field=field)
    if online_level:
        qs = qs.filter(online_level=online_level)
    if agency is not None:
        qs = qs.filter(competent_for(agency))
    words = tokens(q[:MAX_QUERY_LENGTH])
    if not words:
        return qs.order_by("search_name")
    for word in words:
        qs = qs.filter(search_text__contains=word)
    phrase = " ".join(words)
    rank = Case(
        When(procedure__code=phrase, then=Value(1000)),
        When(search_name=phrase, then=Value(900)),
        When(search_name__startswith=phrase, then=Value(800)),
        When(search_name__contains=phrase, then=Value(600)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for word in words:
        rank = rank + Case(
            When(search_name__contains=word, then=Value(10)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return qs.annotate(
        rank=rank,
        phrase_at=StrIndex("search_name", Value(phrase)),
        name_length=Length("search_name"),
    ).order_by("-rank", "phrase_at", "name_length", "search_name")


def fields_with_counts(on: date) -> list[Field]:
    """Fields that have procedures in force, in Vietnamese alphabetical order (Đ after D)."""
    in_force = Q(versions__in=ProcedureVersion.objects.in_force(on))
    fields = Field.objects.annotate(procedure_count=Count("versions", filter=in_force)).filter(
        procedure_count__gt=0
    )
    return sorted(fields, key=lambda f: fold(f.name))


def catalogue_figures(on: date) -> dict[str, int]:
    qs = ProcedureVersion.objects.in_force(on)
    return qs.aggregate(
        total=Count("id"),
        full_online=Count("id", filter=Q(online_level="toan_trinh")),
        partial_online=Count("id", filter=Q(online_level="mot_phan")),
    )


def field_by_code(code: str) -> Field | None:
    return Field.objects.filter(code=code).first()


def record_from_version(version: ProcedureVersion) -> dict[str, Any]:
    """The exchange record (docs/catalogue-format.md) of a version."""
    if version.time_limit_unit == TimeLimitUnit.HOURS:
        limit: dict[str, Any] = {"hours": _number(version.time_limit_value)}
        if version.is_same_day:
            limit["same_day"] = True
        if version.same_day_cutoff:
            limit["cutoff"] = version.same_day_cutoff.strftime("%H:%M")
    else:
        limit = {"working_days": _number(version.time_limit_value)}
    record: dict[str, Any] = {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.code,
        "level": version.competent_level,
        "agencies": sorted(a.code for a in version.agencies.all()),
        "online_level": version.online_level,
        "time_limit": limit,
        "fees": [
            {
                "kind": f.kind,
                "name": f.name,
                "amount": f.amount,
                "exemption": f.exemption,
                "condition": f.condition,
                "rule": f.rule,
                "group": f.group,
            }
            for f in version.fees.all()
        ],
        "components": [
            {
                "name": c.name,
                "originals": c.originals,
                "copies": c.copies,
                "required": c.required,
                "file_types": c.file_type_list,
                "template": c.template_name or None,
                "note": c.note,
            }
            for c in version.components.all()
        ],
        "result": version.result_text,
        "delivery": list(version.delivery_modes),
        "legal_basis": version.legal_basis_lines,
        "applicants": version.applicants,
        "steps": version.steps,
        "conditions": version.conditions,
        "effective_from": version.effective_from.isoformat() if version.effective_from else None,
        "demo": version.is_demo,
        "demo_note": version.demo_note,
    }
    if version.supplement_days:
        record["supplement_days"] = version.supplement_days
    if version.fee_due_at:
        record["fee_due_at"] = version.fee_due_at
    return record


def _number(value: Any) -> int | float:
    return int(value) if value == int(value) else float(value)


def records_for_export(on: date) -> list[dict[str, Any]]:
    qs = (
        versions_in_force(on)
        .prefetch_related("agencies", "fees", "components")
        .order_by("procedure__code")
    )
    return [record_from_version(v) for v in qs]


def fold_query(q: str) -> str:
    return fold(q[:MAX_QUERY_LENGTH])
