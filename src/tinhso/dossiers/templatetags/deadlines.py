"""Template filters for the one meaning of overdue (tinhso.dossiers.overdue)."""

from django import template

from tinhso.dossiers import overdue
from tinhso.dossiers.models import Dossier

register = template.Library()


@register.filter
def is_overdue(dossier: Dossier) -> bool:
    """Past its legal deadline now (or at its finish), whatever an extension says."""
    return overdue.is_overdue(dossier)


@register.filter
def extended(dossier: Dossier) -> bool:
    """An appointment later than the legal deadline (gia hạn, Mẫu 04), shown beside it."""
    return overdue.is_extended_past_deadline(dossier)
