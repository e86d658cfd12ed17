"""Who may pay or record a dossier's fee (issue 16 item 3).

- Paying online: the dossier's applicant only (tinhso.dossiers.access.own_dossier: anyone
  else's dossier is "not found").
- Recording money taken at the counter: the one-stop officer of the receiving agency
  (Actor.RECEPTION of tinhso.dossiers.access.actors_of), the one who hands out the receipt.
"""

from typing import Any

from tinhso.accounts.access import AccessDenied
from tinhso.dossiers.access import Actor, actors_of
from tinhso.dossiers.models import Dossier

NOT_COUNTER = "Chỉ công chức Bộ phận Một cửa nơi tiếp nhận hồ sơ được ghi nhận khoản thu tại quầy."


def user_records_counter_payment(user: Any, dossier: Dossier) -> bool:
    return user is not None and Actor.RECEPTION in actors_of(user, dossier)


def check_user_records_counter_payment(user: Any, dossier: Dossier) -> None:
    if not user_records_counter_payment(user, dossier):
        raise AccessDenied(NOT_COUNTER)
