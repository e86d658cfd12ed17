"""The demo work files: every state, through the real services, loaded once."""

import pytest
from django.core.management import call_command

from tinhso.accounts.models import User
from tinhso.workfiles.demo import load_workfiles_demo
from tinhso.workfiles.leaders import panel_for
from tinhso.workfiles.models import WorkDelegation, WorkFile, WorkFileState

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_loads_once(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    states = set(WorkFile.objects.filter(is_demo=True).values_list("state", flat=True))
    assert states == set(WorkFileState.values)
    count = WorkFile.objects.count()
    assert load_workfiles_demo() == 0 and WorkFile.objects.count() == count
    assert WorkDelegation.objects.count() == 1
    panel = panel_for(User.objects.get(username="giamdoc.stp"))
    assert panel.overdue_work_files >= 1 and panel.due_soon_work_files >= 1
