import pytest

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.tests import conftest as dossier_fixtures

# The dossier app's fixtures: a province, officers, the citizen and a stranger, procedures.
cast = dossier_fixtures.cast
procedures = dossier_fixtures.procedures
new_dossier = dossier_fixtures.new_dossier
received = dossier_fixtures.received


def act(dossier, action, actor, note=""):
    return services.dossier_act(dossier, action, actor=actor, note=note)


@pytest.fixture
def return_result(cast):
    """Take a received LLTP dossier through approval to the return of its result."""

    def run(dossier):
        d = act(dossier, Action.FORWARD, cast.specialist)
        d = act(d, Action.APPROVE, cast.leader)
        return act(d, Action.RETURN_RESULT, cast.reception)

    return run


@pytest.fixture
def returned(received, return_result):
    return return_result(received)


# Answers per criterion (tinhso.ratings.constants.CRITERIA) that give each overall level.
BEST = {
    "huong_dan": 2,
    "so_lan_lien_he": 2,
    "so_co_quan": 2,
    "thoi_gian": 2,
    "thai_do": 2,
    "giai_trinh": 2,
}
MIDDLE = dict.fromkeys(BEST, 1)
WORST_ATTITUDE = {**BEST, "thai_do": 0}
ANSWERS = {"very_satisfied": BEST, "satisfied": MIDDLE, "dissatisfied": WORST_ATTITUDE}


def form_data(answers: dict[str, int], comment: str = "") -> dict[str, str]:
    return {**{k: str(v) for k, v in answers.items()}, "comment": comment}
