"""Who may evaluate a dossier (đánh giá mức độ hài lòng), asked by the pages, the API and
tinhso.ratings.services.

- The applicant's own account, once the dossier is closed (returned, refused, withdrawn,
  stopped), once per dossier (Nghị định 118/2025/NĐ-CP; Quyết định 766/QĐ-TTg counts one
  evaluation per handled dossier).
- At the counter (đánh giá tại quầy, Nghị định 61/2018/NĐ-CP Điều 31 kept by Nghị định
  118/2025: a device at the one-stop counter): the one-stop officer (Actor.RECEPTION) of the
  receiving agency opens the page, the applicant answers on that screen.
- Without an account: whoever holds the one-time link (tinhso.ratings.invitations).
"""

from typing import Any

from tinhso.dossiers.access import Actor, actors_of, user_is_applicant_of
from tinhso.dossiers.models import Dossier
from tinhso.ratings.constants import RATEABLE_STATUSES
from tinhso.ratings.models import Rating


def rateable(dossier: Dossier) -> bool:
    """Closed and not yet rated."""
    return (
        dossier.status in RATEABLE_STATUSES and not Rating.objects.filter(dossier=dossier).exists()
    )


def user_can_rate(user: Any, dossier: Dossier) -> bool:
    """The applicant's account, once the dossier is closed, when nobody has rated it yet."""
    return user_is_applicant_of(user, dossier) and rateable(dossier)


def user_records_counter_rating(user: Any, dossier: Dossier) -> bool:
    """The one-stop officer of the receiving agency, whatever the dossier's status (the page
    then says whether it can be rated yet)."""
    return Actor.RECEPTION in actors_of(user, dossier)
