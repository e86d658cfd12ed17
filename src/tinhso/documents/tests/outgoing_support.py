"""Fixtures of the outgoing-document tests (part 2): a signing setup for Sở Tư pháp (the
leader's certificate and the agency's seal, signed by the demo CA's keys) and a draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.documents import outgoing
from tinhso.documents.models.outgoing import ApprovalKind
from tinhso.signatures.certificates import register_certificate
from tinhso.signatures.tests.conftest import (  # noqa: F401  (fixtures)
    demo_provider,
    make_pdf,
    pki,
)


def pdf_upload(title: str = "CÔNG VĂN", name: str = "du-thao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(title), content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signing(settings, pki, demo_provider, office) -> Any:  # noqa: F811
    """The STP leader's personal certificate and STP's seal, both signed with demo keys."""
    settings.OUTGOING_SIGNING_PROVIDER = "demo_key"
    settings.OUTGOING_SEAL_PROVIDER = "demo_key"
    person = pki.ca.issue("o-stp-leader", "Phạm Văn Ba")
    seal = pki.ca.issue("o-stp-seal", "Sở Tư pháp")
    register_certificate(
        person.der, kind="person", user=office.leader, key_reference="o-stp-leader"
    )
    register_certificate(seal.der, kind="seal", agency=office.stp, key_reference="o-stp-seal")
    return pki


def new_draft(office: Any, subject: str = "V/v góp ý dự thảo quy hoạch", doc_type: str = "CV"):
    return outgoing.draft_create(
        office.specialist,
        outgoing.DraftData(doc_type=doc_type, subject=subject),
        pdf_upload(),
        note="Bản đầu",
    )


def approved_draft(office: Any, **kw: Any):
    d = new_draft(office, **kw)
    outgoing.submit(office.specialist, d)
    outgoing.approve(office.head, d, ApprovalKind.CONTENT, "Nội dung được")
    outgoing.approve(office.clerk, d, ApprovalKind.FORMAT, "Thể thức đúng")
    return d
