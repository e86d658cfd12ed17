"""The citizen's data store: services the portal and "Hồ sơ của tôi" rely on, and its pages."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.documentstore import selectors, services
from tinhso.documentstore.constants import PaperKind
from tinhso.documentstore.models import StoredPaper

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def store(owner, name="giay-khai-sinh.pdf", data=PDF, kind=PaperKind.RESULT, **kw):
    return services.paper_store(
        owner,
        title=kw.pop("title", "Giấy khai sinh"),
        content=ContentFile(data, name=name),
        content_type="application/pdf",
        kind=kind,
        **kw,
    )


def test_paper_store_keeps_the_bytes_and_records_it(citizen):
    paper = store(citizen, actor=citizen)
    assert paper.owner == citizen
    assert paper.content_type == "application/pdf"
    assert paper.size == len(PDF)
    with paper.file.open("rb") as f:
        assert f.read() == PDF
    assert "giay-khai-sinh" not in paper.file.name  # the stored path carries no personal data
    assert AuditEvent.objects.filter(action="documentstore.paper.store").count() == 1


def test_paper_store_reads_the_type_from_the_bytes(citizen):
    with pytest.raises(services.PaperError, match="không phải là tệp PDF"):
        store(citizen, name="anh.pdf", data=PNG)
    assert not StoredPaper.objects.exists()


def test_paper_store_refuses_oversize(citizen, settings):
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(services.PaperError, match="lớn hơn 1 MB"):
        store(citizen, data=PDF + b"0" * (1024 * 1024))


def test_paper_store_is_for_citizens_and_businesses_only(officer):
    with pytest.raises(services.PaperError, match="công dân, doanh nghiệp"):
        store(officer)


def test_papers_of_and_paper_for_show_only_the_owners_papers(citizen, stranger):
    mine = store(citizen)
    theirs = store(stranger, title="Bằng tốt nghiệp")
    assert list(selectors.papers_of(citizen)) == [mine]
    assert selectors.paper_for(citizen, mine.pk) == mine
    assert selectors.paper_for(citizen, theirs.pk) is None
    assert selectors.paper_for(citizen, "không phải số") is None


def test_paper_as_upload_gives_the_same_bytes(citizen):
    paper = store(citizen)
    upload = services.paper_as_upload(paper)
    assert upload.name == "giay-khai-sinh.pdf"
    assert upload.content_type == "application/pdf"
    assert upload.read() == PDF


def test_store_page_needs_sign_in():
    url = reverse("documentstore:papers")
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_upload_list_download_and_delete(citizen):
    client = signed_in(citizen)
    url = reverse("documentstore:papers")
    response = client.post(
        url,
        {"title": "Sổ hộ khẩu", "file": SimpleUploadedFile("so.png", PNG, "image/png")},
    )
    assert response.status_code == 302
    paper = StoredPaper.objects.get()
    assert (paper.kind, paper.content_type) == (PaperKind.UPLOAD, "image/png")
    page = client.get(url).content.decode()
    assert "Sổ hộ khẩu" in page
    assert paper.created_at.astimezone().strftime("%d/%m/%Y") in page
    download = client.get(reverse("documentstore:download", args=[paper.pk]))
    assert b"".join(download.streaming_content) == PNG
    assert "attachment" in download["Content-Disposition"]
    assert client.get(reverse("documentstore:delete", args=[paper.pk])).status_code == 200
    response = client.post(reverse("documentstore:delete", args=[paper.pk]))
    assert response.status_code == 302
    assert not StoredPaper.objects.exists()


def test_upload_renamed_to_pdf_is_refused_with_the_reason_at_the_field(citizen):
    client = signed_in(citizen)
    fake = SimpleUploadedFile("giay-to.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(reverse("documentstore:papers"), {"title": "Giấy tờ", "file": fake})
    page = response.content.decode()
    assert response.status_code == 400
    assert "không phải là tệp PDF hợp lệ" in page
    assert 'aria-describedby="id_file_help id_file_error"' in page
    assert 'value="Giấy tờ"' in page  # what was typed is kept
    assert not StoredPaper.objects.exists()


def test_another_citizen_gets_404(citizen, stranger):
    paper = store(citizen, kind=PaperKind.UPLOAD, title="Học bạ của Ánh")
    client = signed_in(stranger)
    assert client.get(reverse("documentstore:download", args=[paper.pk])).status_code == 404
    assert client.post(reverse("documentstore:delete", args=[paper.pk])).status_code == 404
    assert "Học bạ của Ánh" not in client.get(reverse("documentstore:papers")).content.decode()
    assert StoredPaper.objects.filter(pk=paper.pk).exists()


def test_results_cannot_be_deleted_by_the_owner(citizen):
    paper = store(citizen, kind=PaperKind.RESULT)
    response = signed_in(citizen).post(reverse("documentstore:delete", args=[paper.pk]))
    assert response.status_code == 302
    assert StoredPaper.objects.filter(pk=paper.pk).exists()
