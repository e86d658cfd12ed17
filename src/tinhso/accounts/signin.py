"""Sign-in log and throttling of password guessing.

Not a lock-out: a hard lock that anyone can trigger by typing wrong passwords for a known
officer is a denial-of-service tool (issue 11, finding 6). Instead:

- per (account, client address): the first SIGNIN_FREE_FAILURES wrong passwords cost nothing;
  after that each attempt from that address must wait SIGNIN_DELAY_BASE seconds, doubling,
  at most SIGNIN_DELAY_MAX. The owner signing in from another address is not held back, and a
  correct password from the same address clears the count.
- per client address, across accounts: SIGNIN_IP_FAILURES failures per SIGNIN_IP_WINDOW.

Each password check is reserved before it is made: the count is read and raised under a row
lock in one transaction, so parallel guesses cannot get more checks than the limit allows.
Unknown names are counted exactly like accounts, so the answer never tells which exist.
(Lock-out or delays on repeated failures: TCVN 14423:2026 as summarised in regulations.md
§10.2.) The client address comes from tinhso.core.client_ip only.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.assurance import AssuranceLevel
from tinhso.accounts.assurance import remember as remember_assurance
from tinhso.accounts.constants import SignInMethod
from tinhso.accounts.models import SignInAttempt, SignInThrottle
from tinhso.core.client_ip import client_ip

# A run of failures is forgotten after this long without a new one.
FORGET_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Gate:
    """Whether a password may be checked now; if not, from when."""

    allowed: bool
    retry_at: datetime | None = None


def account_key(username: str, ip: str | None) -> str:
    return f"account:{username.lower()[:150]}|{ip or '-'}"


def address_key(ip: str) -> str:
    return f"ip:{ip}"


def delay_after(failures: int) -> timedelta:
    """The wait before the next attempt once `failures` wrong passwords are counted."""
    over = failures - settings.SIGNIN_FREE_FAILURES
    if over < 0:
        return timedelta(0)
    seconds = settings.SIGNIN_DELAY_BASE * 2 ** min(over, 30)
    return timedelta(seconds=min(seconds, settings.SIGNIN_DELAY_MAX))


def _locked(key: str) -> SignInThrottle:
    # Made if missing without a race (ON CONFLICT DO NOTHING), then locked for this transaction.
    SignInThrottle.objects.bulk_create([SignInThrottle(key=key)], ignore_conflicts=True)
    return SignInThrottle.objects.select_for_update().get(key=key)


def attempt_begin(*, username: str, ip: str | None) -> Gate:
    """Reserve one password check for `username` from `ip`, or say when to come back.

    The reservation counts as a failure until attempt_end says it succeeded.
    """
    now = timezone.now()
    with transaction.atomic():
        account = _locked(account_key(username, ip))
        address = _locked(address_key(ip)) if ip else None
        if account.last_failure_at and account.last_failure_at < now - FORGET_AFTER:
            account.failures, account.blocked_until = 0, None
        window = timedelta(seconds=settings.SIGNIN_IP_WINDOW)
        if address is not None and address.window_started_at <= now - window:
            address.failures, address.window_started_at = 0, now
        waits = []
        if account.blocked_until and account.blocked_until > now:
            waits.append(account.blocked_until)
        if address is not None and address.failures >= settings.SIGNIN_IP_FAILURES:
            waits.append(address.window_started_at + window)
        if waits:
            return Gate(False, max(waits))
        account.failures += 1
        account.last_failure_at = now
        wait = delay_after(account.failures)
        account.blocked_until = now + wait if wait else None
        account.save()
        if address is not None:
            address.failures += 1
            address.last_failure_at = now
            address.save()
    return Gate(True)


def attempt_end(*, username: str, ip: str | None, succeeded: bool) -> None:
    """After the check: a correct password clears the account's count from this address and
    gives back the address's reserved failure; a wrong one stays counted."""
    if not succeeded:
        return
    with transaction.atomic():
        SignInThrottle.objects.filter(key=account_key(username, ip)).delete()
        # Rows of runs long forgotten (attempt_begin would reset them) go too: the table stays
        # as small as the guessing of the last day.
        SignInThrottle.objects.filter(
            last_failure_at__lt=timezone.now() - FORGET_AFTER - timedelta(hours=1)
        ).delete()
        if ip:
            SignInThrottle.objects.filter(key=address_key(ip)).update(
                failures=Greatest(F("failures") - 1, 0)
            )


def record_attempt(
    *,
    username: str,
    request: HttpRequest | None,
    succeeded: bool,
    method: str = SignInMethod.PASSWORD,
    assurance: str = AssuranceLevel.NONE,
    acr: str = "",
) -> None:
    """The access log: account, source address and time (regulations.md §10.2).

    A successful sign-in also sets the session's level of assurance (Nghị định 69/2024/NĐ-CP;
    accounts/assurance.py): `assurance` for VNeID, NONE for a password, so a later password
    sign-in in the same browser never keeps an earlier VNeID level.
    """
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    SignInAttempt.objects.create(
        username=username[:150],
        ip_address=client_ip(request),
        user_agent=agent,
        succeeded=succeeded,
        method=method,
        assurance=assurance if succeeded else AssuranceLevel.NONE,
    )
    if succeeded:
        remember_assurance(request, assurance, acr)
