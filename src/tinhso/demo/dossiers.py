"""A handful of demo dossiers in every state, made through the real services.

Only when the province has no dossier yet, so running the demo loader twice changes nothing.
"""

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.catalogue.fees import fee_groups
from tinhso.catalogue.models import ProcedureVersion
from tinhso.catalogue.selectors import catalogue_search
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier
from tinhso.organisation.models import Agency

PEOPLE = [
    ("Nguyễn Thị Ánh", "072190001234", "0912345678"),
    ("Trần Văn Bình", "072088004567", "0987123456"),
    ("Lê Thị Cúc", "072195007890", "0903456789"),
    ("Phạm Quốc Dũng", "072201002345", "0938765432"),
    ("Huỳnh Thị Én", "072187006543", "0977001122"),
    ("Võ Minh Phúc", "072299003210", "0966554433"),
]

# What happens to each demo dossier after reception, as (action, username, note).
STORIES = [
    [],
    [("forward", "{specialist}", "Hồ sơ hợp lệ, đề nghị phê duyệt")],
    [
        ("forward", "{specialist}", "Hồ sơ hợp lệ"),
        ("approve", "{leader}", ""),
        ("return_result", "{reception}", "Trả trực tiếp cho người nộp"),
    ],
    [("request_supplement", "{specialist}", "Bổ sung bản sao giấy tờ chứng minh nơi cư trú")],
    [("forward", "{specialist}", "Hợp lệ"), ("approve", "{leader}", "")],
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _complete(version: ProcedureVersion) -> set[int]:
    return {c.pk for c in version.components.all() if c.required}


def _first_of_each_group(version: ProcedureVersion) -> list[int]:
    """The officer's pick at the counter: the first line of each group of alternatives (for
    đăng ký khai sinh: on time, free)."""
    return [group.lines[0].pk for group in fee_groups(version)[2]]


def _story(version, receiving, reception, specialist, leader, people) -> int:
    made = 0
    for story, (name, cccd, phone) in zip(STORIES, people, strict=False):
        new = services.NewDossier(
            version=version,
            receiving_agency=receiving,
            applicant=services.ApplicantInfo(name=name, cccd=cccd, phone=phone, address="Tây Ninh"),
            received_components=_complete(version),
            fee_lines=_first_of_each_group(version),
        )
        dossier = services.counter_receive(new, actor=_user(reception))
        who = {"reception": reception, "specialist": specialist, "leader": leader}
        for action, username, note in story:
            dossier = services.dossier_act(
                dossier, Action(action), actor=_user(username.format(**who)), note=note
            )
        made += 1
    return made


@transaction.atomic
def load_demo_dossiers() -> int:
    if Dossier.objects.exists():
        return 0
    today = timezone.localdate()
    commune = User.objects.get(username="motcua.xa").staff_roles.get().agency
    birth = catalogue_search(on=today, q="đăng ký khai sinh").first()
    made = _story(birth, commune, "motcua.xa", "chuyenvien.xa", "chutich.xa", PEOPLE)
    centre = User.objects.get(username="motcua.tinh").staff_roles.get().agency
    justice = Agency.objects.get(
        pk=User.objects.get(username="chuyenvien.stp").staff_roles.get().agency_id
    )
    justice_procedure = (
        ProcedureVersion.objects.in_force(today).filter(agencies=justice).order_by("pk").first()
    )
    if justice_procedure is not None:
        made += _story(
            justice_procedure,
            centre,
            "motcua.tinh",
            "chuyenvien.stp",
            "giamdoc.stp",
            list(reversed(PEOPLE)),
        )
    return made
