"""Template filters for printed forms: {% load printing_vn %}."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tinhso.printing import formatting

register = template.Library()

register.filter("money", formatting.money)
register.filter("fee_text", formatting.fee_text)
register.filter("short_date", formatting.short_date)
register.filter("clock", formatting.clock)
register.filter("clock_short", formatting.clock_short)
register.filter("when", formatting.when)
register.filter("document_date", formatting.document_date)
register.filter("two_digits", formatting.two_digits)


@register.simple_tag
def place_date(place: str, value) -> str:
    return formatting.place_date(place, value)


@register.simple_tag
def fee_line(due, paid) -> str:
    return formatting.fee_line(due, paid)


@register.simple_tag
def component_form(line) -> str:
    return formatting.component_form(line.originals, line.copies, line.electronic)


@register.filter
def code_breaks(value: str) -> str:
    """Allow a line break after each "-" of a dossier code (Unicode forbids one before a digit)."""
    return mark_safe(escape(value or "").replace("-", "-<wbr>"))  # noqa: S308 — escaped above
