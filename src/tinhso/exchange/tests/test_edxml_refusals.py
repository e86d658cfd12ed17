"""Bad input (issue 15): every refusal is an EdxmlError with a reason and the field, never
another exception; nothing large or hostile reaches the XML parser."""

from __future__ import annotations

import base64
from dataclasses import replace

import pytest

from tinhso.exchange.edxml import build, parse
from tinhso.exchange.edxml.model import NAMESPACE, Code, EdxmlError, Organization
from tinhso.exchange.tests.test_edxml_samples import full_package, status


def refused(data: bytes, kind: str = "edoc", *, trust: bool = False) -> EdxmlError:
    with pytest.raises(EdxmlError) as caught:
        if kind == "edoc":
            parse.parse_edoc(data, trust=trust)
        else:
            parse.parse_status(data, trust=trust)
    assert caught.value.reason
    return caught.value


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sender": Organization("")}, "From.OrganId"),
        ({"recipients": ()}, "To"),
        ({"code": Code("", "")}, "Code"),
        ({"type_code": ""}, "DocumentType"),
        ({"subject": ""}, "Subject"),
        ({"document_id": ""}, "DocumentId"),
    ],
)
def test_missing_mandatory_field(change, field):
    error = refused(build.build_edoc(replace(full_package(), **change)))
    assert error.field == field


def test_missing_promulgation_date():
    xml = build.build_edoc(full_package()).replace(
        b"<edXML:PromulgationDate>2026/03/09<", b"<edXML:PromulgationDate><"
    )
    assert refused(xml).field == "PromulgationDate"


def test_wrong_namespace():
    xml = build.build_edoc(full_package()).replace(NAMESPACE.encode(), b"http://example.com/other")
    error = refused(xml)
    assert error.field == "edXML" and "không gian tên" in error.reason
    with pytest.raises(EdxmlError):
        parse.kind_of(xml)


def test_attachment_not_in_manifest():
    xml = build.build_edoc(full_package()).replace(b"<edXML:ContentId>a2<", b"<edXML:ContentId>zz<")
    error = refused(xml)
    assert error.field == "ContentId" and "cid:zz" in error.reason


def test_manifest_entry_without_attachment():
    xml = build.build_edoc(full_package())
    start = xml.index(b"<edXML:Attachment>", xml.index(b"<edXML:AttachmentEncoded"))
    end = xml.index(b"</edXML:Attachment>", start) + len(b"</edXML:Attachment>")
    assert refused(xml[:start] + xml[end:]).field == "AttachmentEncoded"


def test_invalid_base64():
    good = base64.b64encode("Ghi chú tiếng Việt".encode())
    xml = build.build_edoc(full_package()).replace(good, b"@@not*base64@@")
    assert refused(xml).field == "ContentTransferEncoded"


def test_path_in_attachment_name():
    package = full_package()
    bad = replace(package, attachments=(replace(package.attachments[0], name="../../etc/passwd"),))
    assert refused(build.build_edoc(bad)).field == "AttachmentName"


def test_a_package_over_the_limit_is_refused_before_parsing(settings, monkeypatch):
    from lxml import etree  # type: ignore[import-untyped]

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed a package that is too large")

    monkeypatch.setattr(etree, "fromstring", no_parse)
    monkeypatch.setattr(etree, "iterparse", no_parse)
    huge = b"<" * (200 * 1024 * 1024)  # 200 MB
    error = refused(huge)
    assert error.field == "edXML" and "quá lớn" in error.reason
    with pytest.raises(EdxmlError):
        parse.kind_of(huge)
    settings.EXCHANGE_MAX_PACKAGE_BYTES = 1000
    assert "quá lớn" in refused(build.build_edoc(full_package())).reason


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope>
<edXML:edXMLHeader><edXML:MessageHeader><edXML:Subject>&lol3;</edXML:Subject>
</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML:edXML>"""


@pytest.mark.parametrize(
    "data",
    [
        BOMB,
        BOMB.replace(b'<?xml version="1.0"?>\n', b'<?xml version="1.0"?>' + b" " * 70000),
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><edXML/>',
        BOMB.decode().encode("utf-16"),
    ],
    ids=["entities", "late-doctype", "external", "utf16"],
)
def test_xml_bomb_and_any_dtd_are_refused(data):
    error = refused(data)
    assert error.field in {"DOCTYPE", "edXML"}
    with pytest.raises(EdxmlError):
        parse.kind_of(data)


@pytest.mark.parametrize(
    "data", [b"", b"   ", b"not xml at all", b"<a><b></a>", b"\x00\x01\x02", b"<edXML/>"]
)
def test_garbage(data):
    refused(data)
    refused(data, "status")


def test_status_unknown_code_and_missing_reason():
    assert refused(build.build_status(status("99")), "status").field == "StatusCode"
    assert (
        refused(build.build_status(status("02", description="")), "status").field == "Description"
    )
    assert (
        refused(build.build_status(status("16", description="")), "status").field == "Description"
    )
    from tinhso.exchange.edxml.model import ResponseFor

    no_doc = status("03", response_for=ResponseFor("x", "1/QĐ", None, ""))
    assert refused(build.build_status(no_doc), "status").field == "ResponseFor.DocumentId"
    assert (
        refused(build.build_status(status("03", sender=Organization(""))), "status").field
        == "From.OrganId"
    )


def test_a_status_is_not_a_document_and_back():
    assert refused(build.build_status(status("01"))).field == "MessageHeader"
    assert refused(build.build_edoc(full_package()), "status").field == "Status"


def test_bad_numbers_and_dates():
    xml = build.build_edoc(full_package())
    assert refused(xml.replace(b"<edXML:Priority>1<", b"<edXML:Priority>cao<")).field == "Priority"
    assert (
        refused(xml.replace(b"<edXML:DueDate>2026/04/01<", b"<edXML:DueDate>mai<")).field
        == "DueDate"
    )
    bad_type = xml.replace(b"<edXML:BussinessDocType>3<", b"<edXML:BussinessDocType>7<")
    assert refused(bad_type).field == "BussinessDocType"
