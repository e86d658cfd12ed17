"""The axis's directory → organisation.ExternalAgency, and the addressee search."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.exchange.directory import search_organisations, sync_directory
from tinhso.exchange.transport import get_transport
from tinhso.exchange.transport.base import DirectoryEntry, Unreachable
from tinhso.exchange.transport.lgsp import LgspTransport
from tinhso.exchange.transport.vdxp import VdxpTransport
from tinhso.organisation.models import ExternalAgency

from .conftest import vdxp


class FakeDirectory:
    name = "fake"

    def __init__(self, entries: list[DirectoryEntry], fail: bool = False) -> None:
        self.entries = entries
        self.fail = fail

    def directory(self) -> Iterator[DirectoryEntry]:
        if self.fail:
            raise Unreachable("down")
        yield from self.entries


VPCP = DirectoryEntry("000.00.00.G22", "Văn phòng Chính phủ", address="1 Hoàng Hoa Thám")
BTP = DirectoryEntry("000.00.00.G05", "Bộ Tư pháp")
HCM = DirectoryEntry("000.00.01.H58", "Sở Tư pháp Thành phố Hồ Chí Minh", "000.00.00.H58")


@pytest.mark.django_db
def test_sync_creates_updates_and_deactivates(province):
    first = sync_directory(FakeDirectory([VPCP, BTP]))
    assert (first.created, first.updated, first.deactivated) == (2, 0, 0)

    renamed = DirectoryEntry("000.00.00.G05", "Bộ Tư pháp (đổi địa chỉ)", address="58 Trần Phú")
    second = sync_directory(FakeDirectory([VPCP, renamed, HCM]))
    assert (second.created, second.updated, second.unchanged, second.deactivated) == (1, 1, 1, 0)
    assert ExternalAgency.objects.get(organ_id="000.00.00.G05").address == "58 Trần Phú"

    third = sync_directory(FakeDirectory([VPCP, HCM]))
    assert third.deactivated == 1
    assert not ExternalAgency.objects.get(organ_id="000.00.00.G05").is_active

    back = sync_directory(FakeDirectory([VPCP, BTP, HCM]))
    assert back.updated == 1 and ExternalAgency.objects.get(organ_id="000.00.00.G05").is_active
    assert AuditEvent.objects.filter(action="exchange.directory_sync").count() == 4


@pytest.mark.django_db
def test_sync_skips_our_own_agencies_and_bad_identifiers(province):
    ours = DirectoryEntry(province["stp"].code, "Sở Tư pháp tỉnh Tây Ninh")
    bad = DirectoryEntry("H53-SAI", "Mã sai")
    report = sync_directory(FakeDirectory([ours, bad, VPCP]))
    assert (report.created, report.internal, report.invalid) == (1, 1, 1)
    assert list(ExternalAgency.objects.values_list("organ_id", flat=True)) == ["000.00.00.G22"]


@pytest.mark.django_db
def test_a_failing_route_or_an_empty_answer_changes_nothing(province):
    sync_directory(FakeDirectory([VPCP, BTP]))
    with pytest.raises(Unreachable):
        sync_directory(FakeDirectory([], fail=True))
    empty = sync_directory(FakeDirectory([]))
    assert empty.empty and empty.deactivated == 0
    assert ExternalAgency.objects.filter(is_active=True).count() == 2


@pytest.mark.django_db
def test_search_finds_ours_first_without_diacritics(province):
    sync_directory(FakeDirectory([VPCP, BTP, HCM]))
    names = [(c.name, c.internal) for c in search_organisations("so tu phap")]
    assert names == [("Sở Tư pháp", True), ("Sở Tư pháp Thành phố Hồ Chí Minh", False)]
    assert [c.organ_id for c in search_organisations("G22")] == ["000.00.00.G22"]
    assert [c.name for c in search_organisations("VĂN PHÒNG chính")] == ["Văn phòng Chính phủ"]
    assert search_organisations("   ") == []
    assert len(search_organisations("tu phap", limit=1)) == 1


@pytest.mark.django_db
def test_search_leaves_out_deactivated_outsiders(province):
    sync_directory(FakeDirectory([VPCP, BTP]))
    sync_directory(FakeDirectory([VPCP]))
    assert search_organisations("bo tu phap") == []


@pytest.mark.django_db(transaction=True)
def test_sync_from_the_simulated_axis_and_the_command(axis_url, settings):
    report = sync_directory(vdxp(axis_url, "a"))
    assert report.created > 30
    assert ExternalAgency.objects.get(organ_id="000.00.00.G22").name == "Văn phòng Chính phủ"

    settings.EXCHANGE_AXIS_URL = f"{axis_url}/truc-lien-thong"
    settings.EXCHANGE_SYSTEM_ID = "he-thong-a"
    settings.EXCHANGE_SECRET = "khoa-bi-mat-cua-a"
    out = StringIO()
    call_command("exchange_directory_sync", stdout=out)
    assert "thêm 0" in out.getvalue()


def test_get_transport_follows_settings(settings):
    settings.EXCHANGE_TRANSPORT = "vdxp"
    assert isinstance(get_transport(), VdxpTransport)
    settings.EXCHANGE_TRANSPORT = "lgsp"
    assert isinstance(get_transport(), LgspTransport)


@pytest.fixture
def officer(province, django_user_model):
    return django_user_model.objects.create_user("can-bo", "mat-khau-dai-123", kind="staff")


@pytest.mark.django_db
def test_the_addressee_search_for_officers(client, officer):
    sync_directory(FakeDirectory([VPCP, HCM]))
    url = reverse("exchange_directory:organisation_search")
    client.force_login(officer)
    page = client.get(url, {"q": "so tu phap"}).content.decode()
    assert page.index("Sở Tư pháp <span") < page.index("Sở Tư pháp Thành phố Hồ Chí Minh")
    assert 'data-organ-id="000.00.01.H58"' in page and "Ngoài tỉnh" in page
    assert "Không tìm thấy" in client.get(url, {"q": "khong co dau"}).content.decode()
    assert "ít nhất 2 ký tự" in client.get(url, {"q": "s"}).content.decode()


@pytest.mark.django_db
def test_the_addressee_search_is_not_for_citizens(client, province, django_user_model):
    url = reverse("exchange_directory:organisation_search")
    assert client.get(url, {"q": "tu phap"}).status_code == 302  # to the sign-in page
    citizen = django_user_model.objects.create_user(
        "dan", "mat-khau-dai-123", kind="citizen", cccd="072190001234"
    )
    client.force_login(citizen)
    assert client.get(url, {"q": "tu phap"}).status_code == 403
