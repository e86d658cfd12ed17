"""How packages travel: one interface (`base.Transport`), chosen by settings.EXCHANGE_TRANSPORT.

"vdxp": the national axis (`vdxp.py`, systemId + secret); "lgsp": the provincial integration
platform (`lgsp.py`, bearer token). With SIMULATORS_ENABLED both default to the local axis
simulator of this same server (/mo-phong/truc-lien-thong/, /mo-phong/lgsp/).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tinhso.exchange.transport.base import Transport
from tinhso.exchange.transport.lgsp import LgspTransport
from tinhso.exchange.transport.vdxp import VdxpTransport

TRANSPORTS = ("vdxp", "lgsp")


def get_transport() -> Transport:
    name = settings.EXCHANGE_TRANSPORT
    timeout = settings.EXCHANGE_TIMEOUT_SECONDS
    if name == "vdxp":
        return VdxpTransport(
            url=settings.EXCHANGE_AXIS_URL,
            system_id=settings.EXCHANGE_SYSTEM_ID,
            secret=settings.EXCHANGE_SECRET,
            timeout=timeout,
        )
    if name == "lgsp":
        return LgspTransport(
            url=settings.EXCHANGE_LGSP_URL,
            username=settings.EXCHANGE_LGSP_USERNAME,
            password=settings.EXCHANGE_LGSP_PASSWORD,
            application_code=settings.EXCHANGE_LGSP_APPLICATION_CODE,
            system_id=settings.EXCHANGE_SYSTEM_ID,
            timeout=timeout,
        )
    raise ImproperlyConfigured(f"EXCHANGE_TRANSPORT={name!r}: use one of {', '.join(TRANSPORTS)}")
