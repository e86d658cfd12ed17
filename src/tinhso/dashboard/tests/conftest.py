"""The dossiers app's province, cast and procedures; a small known scenario on top of it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    cast,
    new_dossier,
    procedures,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The pages are read on Thursday 19/11/2026 at 10:00.
NOW = datetime(2026, 11, 19, 10, 0, tzinfo=VN)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def scenario(new_dossier, cast):  # noqa: F811 (fixtures)
    """Four LLTP dossiers at Sở Tư pháp (10 working days), seen on 19/11/2026 10:00:

    - late: received Mon 02/11, due 16/11 → overdue now;
    - soon: received Fri 06/11, due Fri 20/11 17:00 → due within two working days;
    - fresh: received Mon 16/11 → in time;
    - withdrawn: received Mon 16/11, withdrawn by the applicant the same day.
    """

    def receive(when: datetime):
        with time_machine.travel(when, tick=False):
            return services.counter_receive(new_dossier(), actor=cast.reception)

    late = receive(at(2026, 11, 2, 9, 0))
    soon = receive(at(2026, 11, 6, 9, 0))
    fresh = receive(at(2026, 11, 16, 9, 0))
    withdrawn = receive(at(2026, 11, 16, 9, 30))
    with time_machine.travel(at(2026, 11, 16, 10, 0), tick=False):
        services.dossier_act(withdrawn, Action.WITHDRAW, actor=cast.citizen, note="Không cần nữa")
    return {"late": late, "soon": soon, "fresh": fresh, "withdrawn": withdrawn}


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW
