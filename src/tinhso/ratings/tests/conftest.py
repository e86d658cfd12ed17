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
