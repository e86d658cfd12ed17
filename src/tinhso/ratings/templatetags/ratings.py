"""`{% dossier_rating dossier %}`: the applicant's evaluation, for pages of other apps."""

from typing import Any

from django import template

from tinhso.ratings.selectors import rating_of

register = template.Library()


@register.inclusion_tag("ratings/_rating.html")
def dossier_rating(dossier: Any) -> dict[str, Any]:
    return {"rating": rating_of(dossier)}
