"""A confidential document filed in a record file shows, in the file's page, its export and
its API answer, only to those who may read it (documents.access; Luật Bảo vệ bí mật nhà nước
2018, Điều 11)."""

import pytest
from django.urls import reverse

from tinhso.archive import services
from tinhso.documents.kinds import Confidentiality
from tinhso.documents.tests.conftest import PASSWORD
from tinhso.documents.tests.search_factories import make_document

pytestmark = pytest.mark.django_db

SECRET = "Phương án bảo vệ bí mật nhà nước"
OPEN = "Kế hoạch kiểm tra văn bản"


@pytest.fixture
def mixed(office, record):
    secret = make_document(office.stp, subject=SECRET, confidentiality=Confidentiality.CONFIDENTIAL)
    secret.named_readers.add(office.clerk)
    for document in (make_document(office.stp, subject=OPEN), secret):
        services.file_document(actor=office.clerk, record=record, document=document)
    return record


def _texts(client, user, record) -> list[str]:
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return [
        client.get(reverse("archive:file", args=[record.pk])).content.decode(),
        client.get(reverse("archive:file_xml", args=[record.pk])).content.decode(),
        client.get(f"/api/v1/archive/files/{record.pk}").content.decode(),
    ]


def test_a_confidential_document_in_a_file_shows_only_to_its_readers(client, office, mixed):
    for text in _texts(client, office.leader, mixed):  # keeps the files, not named on it
        assert OPEN in text
        assert SECRET not in text
    for text in _texts(client, office.clerk, mixed):  # named on it
        assert OPEN in text and SECRET in text
    for text in _texts(client, office.province_leader, mixed):
        assert SECRET in text


def test_the_export_logs_only_what_the_user_may_read(client, office, mixed):
    _texts(client, office.leader, mixed)
    secret = mixed.items.get(document__subject=SECRET).document
    assert not secret.accesses.filter(user=office.leader).exists()
