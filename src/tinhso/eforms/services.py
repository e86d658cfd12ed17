"""Writes of e-forms: the schema of a version (validated), its copy to a new version, and a
dossier's answers."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers.models import Dossier
from tinhso.eforms.models import EForm, EFormAnswers
from tinhso.eforms.schema import SchemaError, fee_field_errors, parse_schema
from tinhso.eforms.selectors import FormDefinition


@transaction.atomic
def eform_save(
    version: ProcedureVersion,
    *,
    title: str,
    schema: dict[str, Any],
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> EForm:
    """Create or replace the e-form of `version`; SchemaError lists what is wrong."""
    title = " ".join((title or "").split())
    errors = [] if title else ["Hãy đặt tên tờ khai, ví dụ “Tờ khai đăng ký khai sinh”."]
    try:
        parsed = parse_schema(schema, components=version.components.count())
    except SchemaError as exc:
        errors += exc.errors
    else:
        fees = [(f.name, f.rule) for f in version.fees.all()]
        errors += fee_field_errors(fees, {f.key for f in parsed.fields})
    if errors:
        raise SchemaError(errors)
    eform, created = EForm.objects.update_or_create(
        version=version,
        defaults={
            "title": title,
            "schema": schema,
            "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit_record(
        actor=actor,
        action="eforms.eform.create" if created else "eforms.eform.update",
        target=eform,
        summary=f"Biểu mẫu điện tử “{title}”: {len(schema['fields'])} trường",
        request=request,
    )
    return eform


def eform_copy(source: ProcedureVersion, target: ProcedureVersion, *, actor: Any = None) -> None:
    """Give the new draft version the e-form of the version it was copied from, if any."""
    eform = EForm.objects.filter(version=source).first()
    if eform is None or EForm.objects.filter(version=target).exists():
        return
    EForm.objects.create(version=target, title=eform.title, schema=eform.schema)
    audit_record(
        actor=actor,
        action="eforms.eform.copy",
        target=target,
        summary=f"Chép biểu mẫu điện tử “{eform.title}” từ phiên bản {source.number}",
    )


def answers_store(
    dossier: Dossier, definition: FormDefinition, answers: dict[str, Any]
) -> EFormAnswers:
    """Keep the declared answers with the dossier, with a copy of the schema answered.

    Called in the transaction that creates the dossier; the dossier's own audit record
    covers it.
    """
    return EFormAnswers.objects.create(
        dossier=dossier,
        title=definition.title,
        schema=definition.raw,
        answers={spec.key: answers.get(spec.key) for spec in definition.schema.fields},
    )
