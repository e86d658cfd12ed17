"""The file store (tinhso.core.storage): S3 configured from the environment, the same answer
from disk and bucket when the store fails, and the orphan clean-up on either."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from tinhso.core.storage import LocalStorage, S3Storage, StorageUnavailable, stored_files
from tinhso.core.tests.s3 import (
    MotoServer,
    new_bucket,
    use_bucket,
)
from tinhso.envvars import s3_storage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_without_a_bucket_files_stay_on_local_disk():
    assert s3_storage("") == {"BACKEND": "tinhso.core.storage.LocalStorage"}


def test_the_bucket_is_configured_from_s3_variables(monkeypatch):
    monkeypatch.setenv("S3_ENDPOINT_URL", "https://s3.dientoan.gov.vn")
    monkeypatch.setenv("S3_REGION", "vn-south-1")
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "khoa")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "bi-mat")
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "Path")
    monkeypatch.setenv("S3_PREFIX", "/tinhso/")
    found = s3_storage("tinhso-tep")
    assert found["BACKEND"] == "tinhso.core.storage.S3Storage"
    options = found["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "tinhso-tep",
        "https://s3.dientoan.gov.vn",
        "vn-south-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("khoa", "bi-mat")
    assert (options["addressing_style"], options["location"]) == ("path", "tinhso")
    # Private objects, no signed link to hand out, no silent overwrite.
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    storage = S3Storage(**options)  # the options are the backend's own: it accepts them
    assert storage.client_config.connect_timeout <= 5
    monkeypatch.setenv("S3_ACL", "")
    assert s3_storage("tinhso-tep")["OPTIONS"]["default_acl"] is None  # a bucket without ACLs


def test_a_wrong_addressing_style_stops_start_up(monkeypatch):
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "duong-dan")
    with pytest.raises(ImproperlyConfigured, match="S3_ADDRESSING_STYLE"):
        s3_storage("tinhso-tep")


def test_a_disk_that_cannot_be_written_is_storage_unavailable(tmp_path):
    blocked = tmp_path / "tep-thuong"
    blocked.write_bytes(b"")  # MEDIA_ROOT under a file: no folder can be made (even as root)
    storage = LocalStorage(location=blocked / "media")
    with pytest.raises(StorageUnavailable, match="Kho lưu trữ tệp tạm thời không truy cập được"):
        storage.save("dossiers/a.pdf", ContentFile(PDF))
    with pytest.raises(StorageUnavailable):
        storage.open("dossiers/a.pdf")
    with pytest.raises(FileNotFoundError) as missing:  # a missing file stays "not found"
        LocalStorage(location=tmp_path / "media").open("dossiers/khong-co.pdf")
    assert not isinstance(missing.value, StorageUnavailable)


def test_the_bucket_keeps_what_the_disk_kept(local_s3, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("dossiers/2026/12/to-khai.pdf", ContentFile(PDF))
    again = default_storage.save("dossiers/2026/12/to-khai.pdf", ContentFile(b"%PDF-khac"))
    assert name == "dossiers/2026/12/to-khai.pdf" and again != name  # never overwritten
    assert local_s3.keys() == sorted([name, again])
    with default_storage.open(name) as handle:
        assert handle.read() == PDF
    assert default_storage.exists(name) and default_storage.size(name) == len(PDF)
    folders, names = default_storage.listdir("dossiers/2026/12")
    assert (folders, sorted(names)) == ([], sorted(["to-khai.pdf", again.rsplit("/", 1)[1]]))
    with pytest.raises(FileNotFoundError):
        default_storage.open("dossiers/2026/12/khong-co.pdf")
    default_storage.delete(name)
    assert local_s3.keys() == [again]
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize("prefix", ["", "tinhso/tep"])
@pytest.mark.django_db
def test_files_orphans_works_on_the_bucket(moto_endpoint, monkeypatch, settings, prefix):
    from tinhso.accounts.services import citizen_create
    from tinhso.documentstore.services import paper_store

    bucket = new_bucket(moto_endpoint, prefix)
    use_bucket(monkeypatch, settings, bucket.endpoint, bucket.bucket, prefix)
    owner = citizen_create(
        username="congdan",
        full_name="Nguyễn Thị Ánh",
        cccd="072190001234",
        password="Mat-khau-rat-dai-2026!",
    )
    paper = paper_store(
        owner,
        title="Giấy khai sinh",
        content=ContentFile(PDF, name="giay-khai-sinh.pdf"),
        content_type="application/pdf",
        kind="upload",
    )
    lead = f"{prefix}/" if prefix else ""
    orphan = "dossiers/2026/12/mo-coi.pdf"
    bucket.client().put_object(Bucket=bucket.bucket, Key=lead + orphan, Body=PDF)
    assert bucket.keys() == sorted([lead + orphan, lead + paper.file.name])
    names = {f.name: f.modified for f in stored_files(default_storage)}
    assert set(names) == {orphan, paper.file.name}
    assert all(abs(timezone.now() - when) < timedelta(minutes=5) for when in names.values())

    out = StringIO()
    call_command("files_orphans", stdout=out)  # 24 hours by default: too young to touch
    assert "Tìm thấy 0 tệp" in out.getvalue()
    call_command("files_orphans", "--older-than-hours", "0", stdout=out)
    assert orphan in out.getvalue() and paper.file.name not in out.getvalue()
    call_command("files_orphans", "--delete", "--older-than-hours", "0", stdout=StringIO())
    assert bucket.keys() == [lead + paper.file.name]


def test_a_bucket_that_cannot_be_reached_is_storage_unavailable(monkeypatch, settings):
    server = MotoServer().start()
    bucket = new_bucket(server)
    use_bucket(monkeypatch, settings, server.endpoint, bucket.bucket)
    name = default_storage.save("dossiers/a.pdf", ContentFile(PDF))
    server.stop()
    for action in (
        lambda: default_storage.open(name),
        lambda: default_storage.save("dossiers/b.pdf", ContentFile(PDF)),
        lambda: default_storage.exists(name),
        lambda: default_storage.delete(name),
        lambda: list(stored_files(default_storage)),
    ):
        with pytest.raises(StorageUnavailable) as down:
            action()
        assert isinstance(down.value, OSError)  # code that copes with an unreadable file copes
