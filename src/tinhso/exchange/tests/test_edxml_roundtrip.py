"""edXML round trips (issue 15 must-have 1): build → sign → parse gives back every field."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from tinhso.exchange.edxml import build, parse, xmlsig
from tinhso.exchange.edxml.model import NAMESPACE, STATUS_CODES, Attachment
from tinhso.exchange.tests.test_edxml_samples import demo_signer, full_package, status
from tinhso.signatures.tests.conftest import pki  # noqa: F401 – the demo PKI fixture

N = {"e": NAMESPACE}


@pytest.fixture
def seal(pki):  # noqa: F811
    return demo_signer(pki.ca, "t-seal")


def test_every_field_survives_build_sign_parse(seal):
    package = full_package()
    signed = xmlsig.sign(build.build_edoc(package), seal)

    parsed = parse.parse_edoc(signed)

    assert parsed.package == package
    assert [a.data for a in parsed.package.attachments] == [a.data for a in package.attachments]
    assert parsed.signer is not None
    assert parsed.signer.subject == "UBND phường Tân Ninh"
    assert parsed.signer.certificate_der == seal.chain[0].public_bytes(
        __import__(
            "cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]
        ).Encoding.DER
    )
    assert parse.kind_of(signed) == "edoc"


def test_layout_is_the_sdks(seal):
    """Envelope, header order 1.1–1.14, manifest with cid:, AttachmentEncoded beside it."""
    root = etree.fromstring(xmlsig.sign(build.build_edoc(full_package()), seal))
    assert root.tag == f"{{{NAMESPACE}}}edXML"
    assert [etree.QName(c).localname for c in root] == ["edXMLEnvelope", "AttachmentEncoded"]
    header = root.find("e:edXMLEnvelope/e:edXMLHeader", N)
    assert [etree.QName(c).localname for c in header] == [
        "MessageHeader",
        "TraceHeaderList",
        "Signature",
    ]
    names = [etree.QName(c).localname for c in header.find("e:MessageHeader", N)]
    assert names == [
        "From", "To", "To", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content",
        "SignerInfo", "DueDate", "ToPlaces", "OtherInfo", "ResponseFor", "SteeringType",
        "DocumentId",
    ]  # fmt: skip
    assert (
        header.findtext("e:MessageHeader/e:PromulgationInfo/e:PromulgationDate", namespaces=N)
        == "2026/03/09"
    )
    assert (
        header.findtext("e:TraceHeaderList/e:TraceHeader/e:Timestamp", namespaces=N)
        == "2026/03/09 14:05:07"
    )
    assert header.findtext("e:TraceHeaderList/e:Bussiness/e:BussinessDocType", namespaces=N) == "3"
    refs = root.findall("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", N)
    assert [r.findtext("e:ContentId", namespaces=N) for r in refs] == ["cid:a1", "cid:a2"]
    carried = root.findall("e:AttachmentEncoded/e:Attachment", N)
    assert [a.findtext("e:ContentId", namespaces=N) for a in carried] == ["a1", "a2"]
    signature = header[-1]
    assert signature.find(".//{http://www.w3.org/2000/09/xmldsig#}X509SubjectName") is not None
    method = signature.find(".//{http://www.w3.org/2000/09/xmldsig#}SignatureMethod")
    assert method.get("Algorithm").endswith("rsa-sha256")


@pytest.mark.parametrize("code", sorted(STATUS_CODES))
def test_status_round_trip_for_every_code(seal, code):
    message = status(code)
    signed = xmlsig.sign(build.build_status(message), seal)

    parsed = parse.parse_status(signed)

    assert parsed.status == message
    assert parsed.signer is not None and parsed.signer.organisation
    assert parse.kind_of(signed) == "status"


def test_content_type_comes_from_the_bytes_not_the_manifest(seal):
    lying = replace(
        full_package(),
        attachments=(Attachment("cid:x", "application/pdf", "virus.pdf", b"MZ\x90\x00binary"),),
    )
    parsed = parse.parse_edoc(xmlsig.sign(build.build_edoc(lying), seal))
    assert parsed.package.attachments[0].content_type == "application/octet-stream"


def test_a_large_attachment_round_trips(seal):
    """Over libxml2's 10 MB text-node limit once in base64 (why safexml uses huge_tree)."""
    big = b"%PDF-1.7\n" + bytes(range(256)) * (9 * 4096)
    package = replace(
        full_package(), attachments=(Attachment("cid:big", "application/pdf", "scan.pdf", big),)
    )
    parsed = parse.parse_edoc(xmlsig.sign(build.build_edoc(package), seal))
    assert parsed.package.attachments[0].data == big


# --- property: any text survives (unsigned, so hypothesis stays fast and needs no DB) ---------
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), max_size=40
).map(str.strip)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=_text.filter(bool),
    content=_text,
    place=_text,
    names=st.lists(
        _text.filter(lambda s: s and "/" not in s and "\\" not in s and s not in {".", ".."}),
        max_size=3,
    ),
    data=st.lists(st.binary(max_size=300), max_size=3),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
)
def test_property_round_trip(subject, content, place, names, data, moment):
    from tinhso.exchange.edxml.content_type import sniff
    from tinhso.exchange.edxml.model import TraceHeader

    attachments = tuple(
        Attachment(f"cid:f{i}", sniff(blob, name), name, blob)
        for i, (name, blob) in enumerate(zip(names, data, strict=False))
    )
    package = replace(
        full_package(),
        subject=subject,
        content=content,
        place=place,
        traces=(TraceHeader("000.00.80.H56", moment),),
        attachments=attachments,
    )
    assert parse.parse_edoc(build.build_edoc(package), trust=False).package == package
