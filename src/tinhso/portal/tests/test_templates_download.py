"""A procedure's blank forms are downloaded through a view, not from /media/ (issue 11,
finding 5), with the headers of every stored file."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tinhso.catalogue.selectors import version_in_force
from tinhso.dossiers.tests.polyglots import PDF, assert_served_safely

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_blank_form_is_served_by_a_view_as_an_attachment(client, import_records, record):
    import_records(record())
    from django.utils import timezone

    version = version_in_force("1.001193", timezone.localdate())
    spec = version.components.get()
    spec.template_file.save("to-khai.pdf", ContentFile(PDF))
    page = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    url = reverse("portal:component_template", args=["1.001193", spec.pk])
    assert url in page and "/media/" not in page
    served = client.get(url)
    assert assert_served_safely(served, "application/pdf") == PDF
    assert served["Content-Disposition"].startswith("attachment")
    assert (
        client.get(reverse("portal:component_template", args=["9.999", spec.pk])).status_code == 404
    )
