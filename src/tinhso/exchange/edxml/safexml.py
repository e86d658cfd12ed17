"""Reading XML that came from outside: size first, then a parser that expands nothing.

An edXML package arrives from another system; it is refused, cheaply and before lxml sees
it, when it is larger than settings.EXCHANGE_MAX_PACKAGE_BYTES or carries a DOCTYPE (the
only way to declare entities: "billion laughs", external entities). The parser itself
never resolves entities, loads a DTD or touches the network.

`huge_tree` is on on purpose: without it libxml2 refuses any text node over 10 MB, i.e. any
attachment over about 7.5 MB once in base64, which official scans exceed. What huge_tree
guards against (unbounded text, unbounded depth) is bounded here by the size cap checked
before parsing and by the refusal of every DTD.
"""

from __future__ import annotations

import re

from django.conf import settings
from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from tinhso.exchange.edxml.model import EdxmlError

# A DOCTYPE can only come before the root element; an ENTITY only inside a DOCTYPE.
_DTD_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def max_bytes() -> int:
    return int(settings.EXCHANGE_MAX_PACKAGE_BYTES)


def check_size(data: bytes) -> None:
    limit = max_bytes()
    if len(data) > limit:
        raise EdxmlError(
            f"Gói tin quá lớn: {len(data) / (1024 * 1024):.1f} MB, "
            f"tối đa {limit / (1024 * 1024):.0f} MB.",
            field="edXML",
        )


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


def _refuse_dtd_prefix(data: bytes) -> None:
    # Only the prolog can hold a DTD: look before the first element, in any encoding lxml
    # would accept as ASCII-compatible; the docinfo check after parsing catches the rest.
    head = data[: min(len(data), 65536)]
    if _DTD_RE.search(head):
        raise EdxmlError(
            "Gói tin có khai báo DOCTYPE/ENTITY: không được phép (chống tấn công XML).",
            field="DOCTYPE",
        )


def parse(data: bytes) -> etree._Element:
    """The root element of `data`, or EdxmlError (too large, a DTD, not well-formed XML)."""
    if not isinstance(data, bytes | bytearray):
        raise EdxmlError("Gói tin phải là dữ liệu nhị phân (bytes).", field="edXML")
    check_size(data)
    if not data.strip():
        raise EdxmlError("Gói tin rỗng.", field="edXML")
    _refuse_dtd_prefix(data)
    try:
        root = etree.fromstring(bytes(data), parser())
    except etree.XMLSyntaxError as exc:
        raise EdxmlError(
            f"Gói tin không phải XML hợp lệ (dòng {exc.lineno or '?'}).", field="edXML"
        ) from exc
    except (ValueError, etree.LxmlError) as exc:
        raise EdxmlError("Gói tin không đọc được như XML.", field="edXML") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise EdxmlError(
            "Gói tin có khai báo DOCTYPE/ENTITY: không được phép (chống tấn công XML).",
            field="DOCTYPE",
        )
    return root


def iter_start_tags(data: bytes, stop: set[str], *, root: str) -> str | None:
    """The first start tag of `data` that is in `stop` (Clark notation), without building
    the whole tree; None if none. The root element must be `root`. Same refusals as `parse`."""
    import io

    if not isinstance(data, bytes | bytearray):
        raise EdxmlError("Gói tin phải là dữ liệu nhị phân (bytes).", field="edXML")
    check_size(data)
    _refuse_dtd_prefix(data)
    first = True
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(bytes(data)),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        ):
            tag = element.tag if isinstance(element.tag, str) else ""
            if first:
                docinfo = element.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise EdxmlError(
                        "Gói tin có khai báo DOCTYPE/ENTITY: không được phép (chống tấn công XML).",
                        field="DOCTYPE",
                    )
            if first and tag != root:
                qname = etree.QName(tag) if tag else None
                raise EdxmlError(
                    "Sai không gian tên hoặc không phải gói tin edXML "
                    f"(phần tử gốc {qname.text if qname else '?'}).",
                    field="edXML",
                )
            first = False
            if tag in stop:
                return tag
    except etree.XMLSyntaxError as exc:
        raise EdxmlError("Gói tin không phải XML hợp lệ.", field="edXML") from exc
    return None
