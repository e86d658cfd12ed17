"""Who may evaluate a dossier (đánh giá mức độ hài lòng), asked by the pages, the API and
tinhso.ratings.services.rating_give.

Only the applicant's own account evaluates — the evaluation is the applicant's statement
about the service they received — and only after the result is returned, once per dossier
(Nghị định 118/2025/NĐ-CP; Quyết định 766/QĐ-TTg counts one evaluation per handled dossier).
"""

from typing import Any

from tinhso.dossiers.access import user_is_applicant_of
from tinhso.dossiers.constants import Status
from tinhso.dossiers.models import Dossier
from tinhso.ratings.models import Rating


def user_can_rate(user: Any, dossier: Dossier) -> bool:
    """The applicant, after the result is returned, when nobody has rated it yet."""
    return (
        user_is_applicant_of(user, dossier)
        and dossier.status == Status.RETURNED
        and not Rating.objects.filter(dossier=dossier).exists()
    )
