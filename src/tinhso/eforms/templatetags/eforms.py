"""Rendering form fields accessibly: errors and help tied to the input (WCAG 2.0, 1.3.1/3.3.1)."""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def widget(field: BoundField) -> str:
    """The input with aria-describedby naming its help and error paragraphs."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return field.widget_type == "checkbox"


@register.filter
def is_choice_list(field: BoundField) -> bool:
    return field.widget_type in ("radioselect", "checkboxselectmultiple")


@register.simple_tag
def eform_answers(dossier):
    """The e-form answers of a dossier (tinhso.eforms.selectors.answers_of), or None."""
    from tinhso.eforms.selectors import answers_of

    return answers_of(dossier) if dossier is not None else None


@register.filter
def mask_id(value: str) -> str:
    """'072190001234' → '072*******34': recognisable, not usable."""
    if not value or len(value) < 6:
        return "***" if value else ""
    return value[:3] + "*" * (len(value) - 5) + value[-2:]
