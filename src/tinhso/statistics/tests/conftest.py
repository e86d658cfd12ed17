"""The dossiers' own fixtures (a province, the LLTP procedure, one officer per role), and a
November 2026 with known answers, made through the real dossier and rating services."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.catalogue.models import ProcessStep
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, Channel, FileKind, Timeliness
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures  # noqa: F401
from tinhso.organisation.roles import Role
from tinhso.ratings.constants import CRITERIA
from tinhso.ratings.services import rating_give

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
NOW = datetime(2026, 12, 15, 9, 0, tzinfo=VN)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


CRITERIA_CODES = [c.code for c in CRITERIA]


@dataclass
class Scenario:
    d: dict[str, Any] = field(default_factory=dict)
    resolved_spans: list[tuple[datetime, datetime]] = field(default_factory=list)
    pauses: list[tuple[datetime, datetime]] = field(default_factory=list)


@pytest.fixture
def scenario(settings, tmp_path, new_dossier, procedures, cast, province) -> Scenario:  # noqa: F811
    """Sở Tư pháp, LLTP (10 working days), November 2026:

    D0 received 28/10, resolved early 03/11 (carried over into November)
    D1 counter 02/11, resolved early 05/11 with an electronic result, returned, very satisfied
    D2 online with a file 02/11, resolved on the due day 16/11
    D3 postal 02/11, paused 04/11–05/11 for a supplement, resolved late 19/11, returned,
       dissatisfied
    D4 national portal 03/11, paused 04/11–06/11, extended to 18/12: in progress, overdue
       (its legal deadline, 19/11, has passed: an extension does not move it)
    D5 counter 05/11 refused 09/11; D6 counter 05/11 withdrawn 06/11
    D7 counter 10/11 refused at reception (never received)
    D8 counter 12/11 liên thông Sở Tư pháp → Sở Xây dựng → Sở Tư pháp, resolved early 17/11
    D9 counter 02/11 never touched: overdue (due 16/11)
    """
    # Stand-in PDF results: the figures, not the signatures of issue 13 (tested in
    # dossiers/tests/test_result_signing.py), are what is checked here.
    settings.RESULT_SIGNATURES_REQUIRED = False
    settings.MEDIA_ROOT = str(tmp_path)
    s = Scenario()

    def act(d, action, actor, note="", **data):
        return services.dossier_act(d, action, actor=actor, note=note, data=data)

    def counter(channel=Channel.COUNTER, **kw):
        return services.counter_receive(new_dossier(channel=channel, **kw), actor=cast.reception)

    def resolve(d, when, forward_at=None):
        with time_machine.travel(forward_at or when, tick=False):
            d = act(d, Action.FORWARD, cast.specialist)
        with time_machine.travel(when, tick=False):
            d = act(d, Action.APPROVE, cast.leader)
        return d

    with time_machine.travel(at(2026, 10, 28, 9, 0), tick=False):
        s.d["D0"] = counter()
    s.d["D0"] = resolve(s.d["D0"], at(2026, 11, 3, 10, 0), at(2026, 11, 3, 9, 0))
    s.resolved_spans.append((at(2026, 10, 28, 9, 0), at(2026, 11, 3, 10, 0)))

    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False):
        s.d["D1"] = counter()
        spec = procedures["lltp"].components.get(required=True)
        online = services.dossier_create(
            new_dossier(channel=Channel.ONLINE, files=[services.NewFile(pdf(), spec.pk)]),
            actor=cast.citizen,
        )
        s.d["D2"] = act(online, Action.RECEIVE, cast.reception)
        s.d["D3"] = counter(Channel.POSTAL)
        s.d["D9"] = counter()
    with time_machine.travel(at(2026, 11, 3, 9, 0), tick=False):
        portal = services.dossier_create(new_dossier(channel=Channel.NATIONAL_PORTAL), actor=None)
        s.d["D4"] = act(portal, Action.RECEIVE, cast.reception)
    with time_machine.travel(at(2026, 11, 4, 10, 0), tick=False):
        s.d["D3"] = act(s.d["D3"], Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung CCCD")
        s.d["D4"] = act(s.d["D4"], Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung CCCD")
    with time_machine.travel(at(2026, 11, 5, 8, 0), tick=False):
        s.d["D5"] = counter()
        s.d["D6"] = counter()
    with time_machine.travel(at(2026, 11, 5, 10, 0), tick=False):
        s.d["D3"] = act(s.d["D3"], Action.SUPPLEMENT_RECEIVED, cast.reception)
    s.pauses.append((at(2026, 11, 4, 10, 0), at(2026, 11, 5, 10, 0)))
    s.d["D1"] = resolve(s.d["D1"], at(2026, 11, 5, 10, 0), at(2026, 11, 5, 9, 0))
    s.resolved_spans.append((at(2026, 11, 2, 9, 0), at(2026, 11, 5, 10, 0)))
    with time_machine.travel(at(2026, 11, 5, 11, 0), tick=False):
        services.dossier_attach(
            s.d["D1"],
            [services.NewFile(pdf("phieu.pdf"), None, FileKind.RESULT)],
            actor=cast.leader,
        )
    with time_machine.travel(at(2026, 11, 6, 9, 0), tick=False):
        s.d["D1"] = act(s.d["D1"], Action.RETURN_RESULT, cast.reception)
        s.d["D4"] = act(s.d["D4"], Action.SUPPLEMENT_RECEIVED, cast.reception)
        s.d["D6"] = act(s.d["D6"], Action.WITHDRAW, cast.citizen, "Không cần nữa")
    with time_machine.travel(at(2026, 11, 6, 10, 0), tick=False):
        rating_give(s.d["D1"], criteria=dict.fromkeys(CRITERIA_CODES, 2), actor=cast.citizen)
    with time_machine.travel(at(2026, 11, 9, 9, 0), tick=False):
        # Refusal after reception: the step proposes, the competent leader decides.
        s.d["D5"] = act(
            s.d["D5"],
            Action.PROPOSE_REFUSAL,
            cast.specialist,
            "Không thuộc đối tượng",
            legal_basis="Điều 7 Luật Lý lịch tư pháp",
        )
        s.d["D5"] = act(s.d["D5"], Action.REFUSE, cast.leader)
    with time_machine.travel(at(2026, 11, 10, 9, 0), tick=False):
        s.d["D4"] = act(
            s.d["D4"],
            Action.EXTEND,
            cast.leader,  # Mẫu 04 is the agency leader's letter
            "Cần xác minh thêm",
            new_due_date="2026-12-18",
        )
        s.d["D7"] = services.dossier_create(
            new_dossier(received_components=set()), actor=cast.reception
        )
        s.d["D7"] = act(s.d["D7"], Action.REFUSE_RECEPTION, cast.reception, "Thiếu tờ khai")

    version = procedures["lltp"]
    ProcessStep.objects.filter(version=version).delete()
    for order, (name, agency, role, allotted) in enumerate(
        [
            ("Thẩm định", province["stp"], Role.SPECIALIST, "5"),
            ("Xác minh liên thông", province["sxd"], Role.SPECIALIST, "4"),
            ("Phê duyệt", province["stp"], Role.AGENCY_LEADER, "1"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            agency=agency,
            role=role,
            allotted=Decimal(allotted),
        )
    with time_machine.travel(at(2026, 11, 12, 9, 0), tick=False):
        s.d["D8"] = counter()
    with time_machine.travel(at(2026, 11, 13, 9, 0), tick=False):
        s.d["D8"] = act(s.d["D8"], Action.FORWARD, cast.specialist)
    with time_machine.travel(at(2026, 11, 16, 9, 0), tick=False):
        s.d["D8"] = act(s.d["D8"], Action.FORWARD, cast.other_specialist, "Đã xác minh")
    with time_machine.travel(at(2026, 11, 17, 9, 0), tick=False):
        s.d["D8"] = act(s.d["D8"], Action.APPROVE, cast.leader)
    s.resolved_spans.append((at(2026, 11, 12, 9, 0), at(2026, 11, 17, 9, 0)))

    s.d["D2"] = resolve(s.d["D2"], at(2026, 11, 16, 10, 0))
    s.resolved_spans.append((at(2026, 11, 2, 9, 0), at(2026, 11, 16, 10, 0)))
    s.d["D3"] = resolve(s.d["D3"], at(2026, 11, 19, 9, 0))
    s.resolved_spans.append((at(2026, 11, 2, 9, 0), at(2026, 11, 19, 9, 0)))
    with time_machine.travel(at(2026, 11, 19, 10, 0), tick=False):
        s.d["D3"] = act(s.d["D3"], Action.RETURN_RESULT, cast.reception)
        # one criterion at its worst: "không hài lòng" (tinhso.ratings.criteria)
        rating_give(
            s.d["D3"],
            criteria={**dict.fromkeys(CRITERIA_CODES, 2), "thoi_gian": 0},
            comment="Chậm",
            actor=cast.citizen,
        )

    expected = {
        "D0": Timeliness.EARLY,
        "D1": Timeliness.EARLY,
        "D2": Timeliness.ON_TIME,
        "D3": Timeliness.LATE,
        "D8": Timeliness.EARLY,
    }
    for name, timeliness in expected.items():  # the scenario is what it says it is
        assert s.d[name].timeliness == timeliness, name
    return s
