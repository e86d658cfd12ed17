"""The payment providers: one interface (`base.Gateway`), one adapter each, looked up here."""

from __future__ import annotations

from django.utils.module_loading import import_string

from tinhso.payments.gateways.base import Gateway

ADAPTERS: dict[str, str] = {
    "vnpay": "tinhso.payments.gateways.vnpay.VnpayGateway",
    "dvcqg": "tinhso.payments.gateways.national.NationalPlatformGateway",
    "paygov": "tinhso.payments.gateways.paygov.PayGovGateway",
}


class UnknownProvider(LookupError):
    pass


def get_gateway(provider: str) -> Gateway:
    """The adapter of `provider`, configured from settings (each adapter's `from_settings`)."""
    path = ADAPTERS.get(provider)
    if path is None:
        raise UnknownProvider(f"Không có đơn vị thanh toán “{provider}”.")
    gateway: Gateway = import_string(path).from_settings()
    return gateway
