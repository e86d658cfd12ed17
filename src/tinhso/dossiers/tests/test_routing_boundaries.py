"""Reception independent of administrative boundaries (issue 12 item 10; Nghị định
118/2025/NĐ-CP): a dossier received at commune A for a procedure decided by the applicant's
commune B is routed to B — B's UBND is the competent agency, A stays the receiving agency, the
hand-over A → B is on the control sheet (Mẫu 06) with its time and counts for both (liên thông).

Before: a commune-level procedure was always decided by the commune that received it.
"""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from tinhso.catalogue.constants import CompetenceBasis
from tinhso.catalogue.models import ProcedureVersion
from tinhso.dossiers import paperwork, services
from tinhso.dossiers.constants import StepState
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import DossierInputError
from tinhso.nationalportal.tests.conftest import (  # noqa: F401 (fixtures)
    PDF,
    _portal_settings,
    b64,
    payload,
    post,
)
from tinhso.organisation.letterhead import one_stop_of
from tinhso.statistics.models import DailyStepFigures
from tinhso.statistics.services import rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def khaisinh(procedures) -> ProcedureVersion:
    """Birth registration: decided by the commune where the applicant lives (Luật Hộ tịch
    2014 Điều 13)."""
    version = procedures["khaisinh"]
    ProcedureVersion.objects.filter(pk=version.pk).update(
        competence_basis=CompetenceBasis.RESIDENCE
    )
    version.refresh_from_db()
    return version


def at_commune_a(new_dossier, province, version, **overrides: Any) -> services.NewDossier:
    """A khai sinh dossier handed in at UBND phường Tân Ninh (commune A)."""
    values: dict[str, Any] = {
        "version": version,
        "receiving_agency": province["x1"],
        "delivery_mode": "counter",
    }
    values.update(overrides)
    return new_dossier(**values)


def test_a_dossier_for_commune_b_is_routed_there_and_handed_over_at_reception(
    khaisinh, new_dossier, province, cast
):
    x1, x2 = province["x1"], province["x2"]
    new = at_commune_a(new_dossier, province, khaisinh, residence_unit=x2.unit)

    dossier = services.counter_receive(new, actor=cast.commune_reception)

    assert dossier.receiving_agency == x1
    assert dossier.competent_agency == x2
    steps = list(dossier.steps.order_by("started_at", "id"))
    hand_over, first = steps
    assert (hand_over.agency, hand_over.state, hand_over.finished_at) == (
        x1,
        StepState.DONE,
        dossier.received_at,
    )
    assert hand_over.name == "Tiếp nhận, chuyển hồ sơ đến UBND xã Tân Biên"
    assert (first.agency, first.state, first.started_at) == (
        x2,
        StepState.ACTIVE,
        dossier.received_at,
    )
    assert dossier.current_step == first


def test_the_hand_over_is_on_the_control_sheet_with_its_time(
    khaisinh, new_dossier, province, cast, monkeypatch
):
    x1, x2 = province["x1"], province["x2"]
    dossier = services.counter_receive(
        at_commune_a(new_dossier, province, khaisinh, residence_unit=x2.unit),
        actor=cast.commune_reception,
    )
    printed: dict[str, Any] = {}
    monkeypatch.setattr(
        paperwork.render, "control_sheet_pdf", lambda data: printed.setdefault("data", data)
    )

    paperwork.control_sheet(Dossier.objects.get(pk=dossier.pk))

    rows = printed["data"].hand_overs
    # Commune A's one-stop (its Trung tâm Phục vụ hành chính công) hands it to commune B.
    a_centre = one_stop_of(x1).name
    a_to_b = [r for r in rows if r.from_label == a_centre and r.to_label.endswith(x2.name)]
    assert len(a_to_b) == 1
    assert a_to_b[0].at == dossier.received_at
    assert printed["data"].lead_agency == x2.name
    assert x1.name not in printed["data"].coordinating_agencies  # A received, B decides


def test_both_communes_count_it_as_lien_thong_incrementally_and_on_rebuild(
    khaisinh, new_dossier, province, cast
):
    x1, x2 = province["x1"], province["x2"]
    services.counter_receive(
        at_commune_a(new_dossier, province, khaisinh, residence_unit=x2.unit),
        actor=cast.commune_reception,
    )

    def figures() -> dict[int, tuple[int, int]]:
        rows = DailyStepFigures.objects.values("agency_id").annotate(
            r=Sum("received"), d=Sum("done_on_time")
        )
        return {row["agency_id"]: (row["r"], row["d"]) for row in rows}

    counted = figures()
    assert counted == {x1.pk: (1, 1), x2.pk: (1, 0)}
    rebuild()
    assert figures() == counted


def test_the_residence_may_come_from_the_address(khaisinh, new_dossier, province, cast):
    new = at_commune_a(new_dossier, province, khaisinh)
    new.applicant.address = "Ấp 3, xã Tân Biên, tỉnh Tây Ninh"

    dossier = services.counter_receive(new, actor=cast.commune_reception)

    assert dossier.competent_agency == province["x2"]


def test_without_a_residence_the_dossier_is_refused_with_a_reason(
    khaisinh, new_dossier, province, cast
):
    new = at_commune_a(new_dossier, province, khaisinh)
    new.applicant.address = "12 Trần Hưng Đạo"

    with pytest.raises(DossierInputError) as refused:
        services.counter_receive(new, actor=cast.commune_reception)

    assert refused.value.errors["competent_agency"] == (
        "Hãy chọn xã, phường nơi cư trú của người nộp hồ sơ."
    )
    assert not Dossier.objects.exists()


def test_an_eform_answer_may_name_the_competent_commune(procedures, new_dossier, province, cast):
    version = procedures["khaisinh"]
    ProcedureVersion.objects.filter(pk=version.pk).update(
        competence_basis=CompetenceBasis.EFORM, competence_field="noi_dang_ky"
    )
    version.refresh_from_db()

    dossier = services.counter_receive(
        at_commune_a(new_dossier, province, version, answers={"noi_dang_ky": "xa tan bien"}),
        actor=cast.commune_reception,
    )
    assert dossier.competent_agency == province["x2"]

    with pytest.raises(DossierInputError, match="Tờ khai chưa ghi rõ xã, phường"):
        services.counter_receive(
            at_commune_a(new_dossier, province, version, answers={}),
            actor=cast.commune_reception,
        )


def test_a_procedure_any_commune_decides_stays_where_it_is_received(
    procedures, new_dossier, province, cast
):
    dossier = services.counter_receive(
        at_commune_a(new_dossier, province, procedures["khaisinh"], residence_unit=None),
        actor=cast.commune_reception,
    )

    assert dossier.competent_agency == province["x1"]
    assert [s.agency for s in dossier.steps.all()] == [province["x1"]]


def test_the_counter_form_asks_for_the_applicants_commune(khaisinh, province, cast):
    client = Client()
    client.force_login(cast.commune_reception)
    url = reverse("dossiers:reception", args=["1.001193"])

    page = client.get(url).content.decode()
    assert "Xã, phường nơi cư trú của người nộp" in page
    assert "Xã Tân Biên" in page

    required = khaisinh.components.get(required=True)
    data = {
        "residence_unit": province["x2"].unit.pk,
        "applicant_name": "Nguyễn Thị Ánh",
        "applicant_cccd": "072190001234",
        "applicant_address": "Ấp 3",
        "components": [str(required.pk)],
        "fees_paid": "0",
        "delivery_mode": "counter",
        "decision": "receive",
        f"file_{required.pk}": SimpleUploadedFile(
            "to-khai.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf"
        ),
    }
    response = client.post(url, data)

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.receiving_agency, dossier.competent_agency) == (
        province["x1"],
        province["x2"],
    )
    missing = client.post(url, {**data, "residence_unit": ""})
    assert missing.status_code == 400
    assert "residence_unit" in missing.context["form"].errors
    assert Dossier.objects.count() == 1


def test_online_and_portal_dossiers_follow_the_same_rule(
    khaisinh,
    new_dossier,
    province,
    cast,
    payload,  # noqa: F811
    post,  # noqa: F811
):
    """The rule is the one of intake.submission_check: the applicant's own online filing and
    the national portal's signed intake route to commune B as the counter does."""
    online = at_commune_a(
        new_dossier, province, khaisinh, channel="online", received_components=set()
    )
    online.applicant.address = "Ấp 3, xã Tân Biên"
    assert services.dossier_create(online, actor=cast.citizen).competent_agency == province["x2"]

    body = payload(
        external_id="G22.99-261120-000777",
        procedure_code="1.001193",
        receiving_agency=province["x1"].code,
        delivery_mode="counter",
        postal_address="",
        fees=[],
        components=[
            {
                "order": 1,
                "name": "Tờ khai đăng ký khai sinh",
                "files": [{"name": "to-khai.pdf", "content_base64": b64(PDF)}],
            }
        ],
    )
    body["applicant"]["address"] = "Ấp 3, xã Tân Biên, tỉnh Tây Ninh"
    response = post(body)

    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get(code=response.json()["dossier_code"])
    assert (dossier.receiving_agency, dossier.competent_agency) == (
        province["x1"],
        province["x2"],
    )


def test_a_new_version_keeps_how_its_commune_is_found(khaisinh):
    from tinhso.catalogue.services import procedure_revise

    draft = procedure_revise(version=khaisinh)

    assert draft.competence_basis == CompetenceBasis.RESIDENCE
