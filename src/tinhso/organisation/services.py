"""Writes to the organisation register (units, agencies, departments)."""

from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction

from tinhso.audit.services import audit_record
from tinhso.core import cache_keys
from tinhso.organisation.models import AdministrativeUnit, Agency, Department

RecordT = TypeVar("RecordT", bound=models.Model)


@transaction.atomic
def unit_upsert(
    *,
    code: str,
    name: str,
    level: str,
    kind: str = "",
    parent: AdministrativeUnit | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    is_demo: bool = False,
    actor: Any = None,
) -> tuple[AdministrativeUnit, bool]:
    """Create or update a unit by code; returns (unit, changed)."""
    values = {
        "name": name,
        "level": level,
        "kind": kind,
        "parent": parent,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "is_demo": is_demo,
    }
    return _upsert(AdministrativeUnit, {"code": code}, values, actor, "organisation.unit")


@transaction.atomic
def agency_upsert(*, code: str, actor: Any = None, **values: Any) -> tuple[Agency, bool]:
    """Create or update an agency by its electronic identifier; validated before saving."""
    return _upsert(Agency, {"code": code}, values, actor, "organisation.agency")


@transaction.atomic
def department_upsert(
    *, agency: Agency, code: str, name: str, actor: Any = None
) -> tuple[Department, bool]:
    return _upsert(
        Department,
        {"agency": agency, "code": code},
        {"name": name},
        actor,
        "organisation.department",
    )


def _upsert(
    model: type[RecordT],
    lookup: dict[str, Any],
    values: dict[str, Any],
    actor: Any,
    action: str,
) -> tuple[RecordT, bool]:
    existing = model._default_manager.filter(**lookup).first()
    created = existing is None
    obj = model(**lookup) if existing is None else existing
    changes = {
        k: {"old": str(getattr(obj, k)) if not created else None, "new": str(v)}
        for k, v in values.items()
        if created or getattr(obj, k) != v
    }
    if not changes and not created:
        return obj, False
    for key, value in values.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action=f"{action}.{'create' if created else 'update'}",
        target=obj,
        changes=changes,
    )
    cache_keys.bump(cache_keys.ORGANISATION)  # names on cached public pages
    return obj, True
