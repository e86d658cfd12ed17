"""Registry of signing providers: settings.SIGNING_PROVIDERS lists the names that are on;
PROVIDERS maps each name to its class (dotted path, imported on first use)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from tinhso.signatures.providers.base import SigningProvider

PROVIDERS: dict[str, str] = {
    "pkcs11": "tinhso.signatures.providers.pkcs11.Pkcs11Provider",
    "local_app": "tinhso.signatures.providers.local_app.LocalAppProvider",
    "remote": "tinhso.signatures.providers.remote.RemoteProvider",
}


class UnknownProvider(LookupError):
    pass


def enabled_names() -> list[str]:
    return [name for name in getattr(settings, "SIGNING_PROVIDERS", []) if name in PROVIDERS]


@cache
def _provider_class(path: str) -> type:
    return import_string(path)  # type: ignore[no-any-return]


def get_provider(name: str) -> SigningProvider:
    """The provider called `name`, if it is on in settings; UnknownProvider otherwise."""
    if name not in enabled_names():
        raise UnknownProvider(f"Phương thức ký “{name}” không được bật.")
    provider: SigningProvider = _provider_class(PROVIDERS[name])()
    return provider


def available() -> list[SigningProvider]:
    """The providers that are on and whose module is installed (for choosing in the UI)."""
    result = []
    for name in enabled_names():
        try:
            result.append(get_provider(name))
        except ImportError:
            continue
    return result
