"""`{% dossier_rating dossier %}`: the applicant's evaluation, for pages of other apps; to the
one-stop officer of the receiving agency, the link to "đánh giá tại quầy" while none exists."""

from typing import Any

from django import template
from django.urls import reverse

from tinhso.ratings import criteria as rules
from tinhso.ratings.access import rateable, user_records_counter_rating
from tinhso.ratings.constants import MAX_SCORE
from tinhso.ratings.selectors import rating_of

register = template.Library()


@register.inclusion_tag("ratings/_rating.html", takes_context=True)
def dossier_rating(context: Any, dossier: Any) -> dict[str, Any]:
    rating = rating_of(dossier)
    counter_url = ""
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        rating is None
        and user is not None
        and rateable(dossier)
        and user_records_counter_rating(user, dossier)
    ):
        counter_url = reverse("ratings:counter", args=[dossier.code])
    return {
        "rating": rating,
        "answers": rules.labelled(rating.criteria) if rating else [],
        "max_score": MAX_SCORE,
        "counter_url": counter_url,
    }
