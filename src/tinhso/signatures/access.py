"""Who may use the signatures pages.

The validator (/xac-thuc-van-ban/ and POST /api/v1/signatures/validate) is public, like the
verification service a receiver needs without an account (issue 13 must-have 3); it shows what
the signatures themselves show (signer, time, verdict), never the document's content. Requests
are rate-limited per address (settings.RATE_LIMITS["signature_validate"]).
"""

from __future__ import annotations

from django.http import HttpRequest

from tinhso.core import ratelimit
from tinhso.core.client_ip import client_ip

TOO_MANY = "Bạn đã kiểm tra quá nhiều văn bản trong thời gian ngắn."


def may_validate(request: HttpRequest) -> ratelimit.Verdict:
    """Anyone may validate; each address a limited number of times per window."""
    return ratelimit.hit("signature_validate", client_ip(request) or "-")
