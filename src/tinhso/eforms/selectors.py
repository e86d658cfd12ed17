"""Reads of e-forms: the form of a version (or the default one) and a dossier's answers."""

from dataclasses import dataclass
from typing import Any

from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers.models import Dossier
from tinhso.eforms.constants import FieldType
from tinhso.eforms.forms import EFormForm, display
from tinhso.eforms.models import EForm, EFormAnswers
from tinhso.eforms.schema import DEFAULT_SCHEMA, Schema, SchemaError, parse_schema

DEFAULT_TITLE = "Đơn đề nghị giải quyết thủ tục hành chính"


@dataclass(frozen=True)
class FormDefinition:
    title: str
    schema: Schema
    raw: dict[str, Any]
    is_default: bool


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    personal: bool  # a CCCD: shown only to those who handle the dossier


@dataclass(frozen=True)
class FilledForm:
    title: str
    sections: list[tuple[str, list[Answer]]]


def _default() -> FormDefinition:
    return FormDefinition(DEFAULT_TITLE, parse_schema(DEFAULT_SCHEMA), DEFAULT_SCHEMA, True)


def form_for_version(version: ProcedureVersion) -> FormDefinition:
    """The version's e-form, or the generic one when it has none (or a broken one)."""
    eform = EForm.objects.filter(version=version).first()
    if eform is None:
        return _default()
    try:
        schema = parse_schema(eform.schema)
    except SchemaError:  # saved around the admin's checks; never show a broken form
        return _default()
    return FormDefinition(eform.title, schema, eform.schema, False)


def form_build(
    definition: FormDefinition, *, account: Any, data: dict[str, Any] | None = None
) -> EFormForm:
    return EFormForm(data, schema=definition.schema, account=account)


def present(title: str, schema: Schema, answers: dict[str, Any]) -> FilledForm:
    """Answers as a person reads them, in the order and sections they were asked."""
    sections: list[tuple[str, list[Answer]]] = []
    for spec in schema.fields:
        if not sections or sections[-1][0] != spec.section:
            sections.append((spec.section, []))
        value = display(spec, answers.get(spec.key))
        sections[-1][1].append(Answer(spec.label, value, spec.type == FieldType.CCCD))
    return FilledForm(title, sections)


def answers_of(dossier: Dossier) -> FilledForm | None:
    """The e-form declared with the dossier, as it was asked (its own copy of the schema)."""
    stored = EFormAnswers.objects.filter(dossier=dossier).first()
    if stored is None:
        return None
    try:
        schema = parse_schema(stored.schema)
    except SchemaError:
        return None
    return present(stored.title, schema, stored.answers)


def answer_values(dossier: Dossier) -> dict[str, Any]:
    """Key → the JSON value declared, for integrations and the API."""
    stored = EFormAnswers.objects.filter(dossier=dossier).first()
    return dict(stored.answers) if stored is not None else {}
