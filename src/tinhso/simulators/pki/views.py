"""The demo PKI's public services (issue 13): an RFC 3161 timestamp authority and the CRL.

POST /mo-phong/tsa/ takes a TimeStampReq (application/timestamp-query) and answers a
TimeStampResp (application/timestamp-reply) signed by the demo TSA key (pyHanko's
DummyTimeStamper building blocks). GET /mo-phong/pki/ca.crl and /mo-phong/pki/root.crt serve
the demo CRL and root; POST /mo-phong/pki/ocsp answers OCSP requests (RFC 6960, pki/ocsp.py).
Test PKI only: "TỈNH SỐ DEMO – KHÔNG DÙNG THẬT".
"""

from __future__ import annotations

from asn1crypto import tsp
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from tinhso.signatures.democa import demo_ca

MAX_REQUEST = 16 * 1024
NO_CA = "Chưa có PKI minh họa: chạy manage.py signatures_demo_ca."


@csrf_exempt
@require_POST
def timestamp(request: HttpRequest) -> HttpResponse:
    ca = demo_ca()
    if ca is None:
        return HttpResponse(NO_CA, status=503, content_type="text/plain; charset=utf-8")
    body = request.body[: MAX_REQUEST + 1]
    if len(body) > MAX_REQUEST:
        return HttpResponse(
            "Yêu cầu quá lớn.", status=413, content_type="text/plain; charset=utf-8"
        )
    try:
        req = tsp.TimeStampReq.load(body)
        _ = req["message_imprint"]["hashed_message"].native
        answer = ca.timestamper().request_tsa_response(req)
    except Exception:
        status = tsp.PKIStatusInfo({"status": "rejection", "fail_info": {"bad_data_format"}}).dump()
        refusal = b"\x30" + bytes([len(status)]) + status  # TimeStampResp without a token
        return HttpResponse(refusal, status=400, content_type="application/timestamp-reply")
    return HttpResponse(answer.dump(), content_type="application/timestamp-reply")


@csrf_exempt
@require_POST
def ocsp_responder(request: HttpRequest) -> HttpResponse:
    """RFC 6960 over HTTP POST (application/ocsp-request → application/ocsp-response)."""
    from tinhso.simulators.pki import ocsp

    ca = demo_ca()
    if ca is None:
        return HttpResponse(NO_CA, status=503, content_type="text/plain; charset=utf-8")
    body = request.body[: MAX_REQUEST + 1]
    if len(body) > MAX_REQUEST:
        return HttpResponse(
            "Yêu cầu quá lớn.", status=413, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(ocsp.answer(ca, body), content_type="application/ocsp-response")


@require_GET
def crl(request: HttpRequest) -> HttpResponse:
    ca = demo_ca()
    if ca is None:
        return HttpResponse(NO_CA, status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(ca.crl_der(), content_type="application/pkix-crl")


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    ca = demo_ca()
    if ca is None:
        return HttpResponse(NO_CA, status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(ca.root().der, content_type="application/pkix-cert")
