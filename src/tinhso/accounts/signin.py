"""Sign-in log and lock-out of password guessing.

After LOCK_AFTER failed attempts on one account within LOCK_MINUTES (and no success since),
or IP_LOCK_AFTER failures from one address, sign-in is refused until the window passes
(lock-out on repeated failures: TCVN 14423:2026 as summarised in regulations.md §10.2).
"""

from datetime import timedelta

from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.constants import SignInMethod
from tinhso.accounts.models import SignInAttempt

LOCK_AFTER = 5
IP_LOCK_AFTER = 20
LOCK_MINUTES = 15


def client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked(*, username: str, ip: str | None) -> bool:
    """Whether password sign-in is refused for now. Only password attempts count: a VNeID
    refusal is not password guessing."""
    since = timezone.now() - timedelta(minutes=LOCK_MINUTES)
    recent = SignInAttempt.objects.filter(at__gte=since, method=SignInMethod.PASSWORD)
    last_success = recent.filter(username=username, succeeded=True).aggregate(m=Max("at"))["m"]
    failures = recent.filter(username=username, succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    if failures.count() >= LOCK_AFTER:
        return True
    return ip is not None and (
        recent.filter(ip_address=ip, succeeded=False).count() >= IP_LOCK_AFTER
    )


def record_attempt(
    *,
    username: str,
    request: HttpRequest | None,
    succeeded: bool,
    method: str = SignInMethod.PASSWORD,
) -> None:
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    SignInAttempt.objects.create(
        username=username[:150],
        ip_address=client_ip(request),
        user_agent=agent,
        succeeded=succeeded,
        method=method,
    )
