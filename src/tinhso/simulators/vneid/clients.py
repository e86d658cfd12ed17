"""The simulator's issuer address and its one registered client (the portal itself).

Settings (all optional; the defaults make the portal and the simulator fit together):
VNEID_SIMULATOR_CLIENT_ID, VNEID_SIMULATOR_CLIENT_SECRET (else VNEID_CLIENT_ID /
VNEID_CLIENT_SECRET, else "tinhso-local" and a secret derived from SECRET_KEY),
VNEID_SIMULATOR_REDIRECT_URIS (else SITE_URL + the portal's VNeID return address).
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import constant_time_compare

from tinhso.accounts import vneid

DEFAULT_CLIENT_ID = vneid.SIMULATOR_DEFAULT_CLIENT_ID
# The address and the client are the ones sign-in uses (tinhso.accounts.vneid): one definition.
issuer = vneid.simulator_issuer
client_id = vneid.simulator_client_id
client_secret = vneid.simulator_client_secret


def redirect_uris() -> list[str]:
    configured = getattr(settings, "VNEID_SIMULATOR_REDIRECT_URIS", [])
    if configured:
        return list(configured)
    try:
        return [settings.SITE_URL.rstrip("/") + reverse("accounts:vneid_callback")]
    except NoReverseMatch:
        return []


def client_is(given_id: str, given_secret: str) -> bool:
    """Whether the credentials are the registered client's (compared in constant time)."""
    return constant_time_compare(given_id, client_id()) & constant_time_compare(
        given_secret, client_secret()
    )
