"""The polyglot uploads of issue 11 (finding 1) on the data store, and how its papers are
served (only to their owner, never as a page)."""

import os

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tinhso.documentstore import services
from tinhso.documentstore.constants import PaperKind
from tinhso.documentstore.models import StoredPaper
from tinhso.dossiers.tests.polyglots import (
    ACCEPTED,
    ACCEPTED_IDS,
    REFUSED,
    REFUSED_IDS,
    assert_served_safely,
    upload,
)

from .conftest import PDF

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_store_refuses_the_polyglots(citizen, name, data, declared):
    response = signed_in(citizen).post(
        reverse("documentstore:papers"), {"title": "Giấy tờ", "file": upload(name, data, declared)}
    )
    assert response.status_code == 400
    assert f"“{name}”" in response.content.decode()
    assert 'value="Giấy tờ"' in response.content.decode()
    assert not StoredPaper.objects.exists()


@pytest.mark.parametrize(("name", "data", "declared", "derived"), ACCEPTED, ids=ACCEPTED_IDS)
def test_store_keeps_and_serves_the_type_of_the_bytes(
    citizen, stranger, name, data, declared, derived
):
    client = signed_in(citizen)
    response = client.post(
        reverse("documentstore:papers"), {"title": "Giấy tờ", "file": upload(name, data, declared)}
    )
    assert response.status_code == 302
    paper = StoredPaper.objects.get()
    assert paper.content_type == derived and name.rsplit(".", 1)[0] not in paper.file.name
    url = reverse("documentstore:download", args=[paper.pk])
    assert assert_served_safely(client.get(url), derived) == data
    shown = client.get(url, {"xem": "1"})
    assert assert_served_safely(shown, derived) == data
    assert shown["Content-Disposition"].startswith("inline")  # a verified PDF or JPEG
    assert signed_in(stranger).get(url).status_code == 404


def test_a_paper_stored_with_a_declared_type_is_served_as_its_bytes(citizen):
    client = signed_in(citizen)
    client.post(
        reverse("documentstore:papers"),
        {"title": "Giấy tờ", "file": upload("a.pdf", PDF, "application/pdf")},
    )
    StoredPaper.objects.update(content_type="text/html")  # as an older row could say
    served = client.get(reverse("documentstore:download", args=[StoredPaper.objects.get().pk]))
    assert assert_served_safely(served, "application/pdf") == PDF


def test_a_paper_stored_in_a_rolled_back_transaction_leaves_no_file(citizen, settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.paper_store(
            citizen,
            title="Giấy khai sinh",
            content=ContentFile(PDF, name="khai-sinh.pdf"),
            content_type="text/html",
            kind=PaperKind.UPLOAD,
        )
        raise RuntimeError("the crash after the file was saved")
    root = settings.MEDIA_ROOT
    assert [f for _, _, fs in os.walk(root) for f in fs] == []
