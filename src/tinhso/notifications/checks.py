"""Start-up checks of the SMS settings: a wrong SMS_BACKEND fails loudly, not at first send."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from tinhso.notifications.sms import BACKENDS, HttpSmsGateway


@register()
def sms_settings(app_configs, **kwargs):
    backend = getattr(settings, "SMS_BACKEND", "local")
    if backend not in BACKENDS:
        return [
            Error(
                f"SMS_BACKEND={backend!r} is not a known SMS backend.",
                hint=f"Use one of: {', '.join(sorted(BACKENDS))}.",
                id="notifications.E001",
            )
        ]
    if backend != "http":
        return []
    problems = []
    try:
        gateway = HttpSmsGateway()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="notifications.E002")]
    if not gateway.api_key:
        problems.append(
            Error("SMS_API_KEY is required when SMS_BACKEND=http.", id="notifications.E003")
        )
    if getattr(settings, "PRODUCTION", False) and not gateway.url.startswith("https://"):
        problems.append(
            Warning(
                "SMS_URL is not https: the API key and citizens' phone numbers travel in clear.",
                id="notifications.W001",
            )
        )
    return problems
