"""The level of assurance a person proved when signing in (VNeID's `acr`).

Nghị định 69/2024/NĐ-CP on electronic identification and authentication defines two levels of
the electronic identification account (tài khoản định danh điện tử) the Ministry of Public
Security issues through VNeID: mức 1 (registered online, the data checked against the national
population database) and mức 2 (identity also checked in person or with the chip ID card and
biometrics). Online public services may require mức 2 (Nghị định 42/2022/NĐ-CP on online public
services: the authority decides how applicants are identified).

A password account of this portal is not an electronic identification account in the sense of
Nghị định 69/2024: its CCCD was typed by whoever opened it and checked against nothing. A
password sign-in therefore proves level NONE, below mức 1; only a VNeID sign-in proves mức 1
or 2, as its ID token's `acr` says.

The level is kept on the sign-in record (SignInAttempt.assurance) and in the session, set on
every successful sign-in (accounts.signin.record_attempt), so a request knows the level of the
sign-in that opened it. API tokens carry no level: a Bearer request counts as NONE.
"""

import re
from typing import Any

from django.http import HttpRequest

from tinhso.core.assurance_levels import AssuranceLevel as AssuranceLevel
from tinhso.core.assurance_levels import at_least as at_least

SESSION_KEY = "accounts.assurance"


def level_from_acr(acr: Any) -> str:
    """The level a VNeID ID token's `acr` states: "LoA2" (VNeID's Keycloak), "2", "muc2"… → 2.

    Any VNeID account is an electronic identification account of at least mức 1 (Nghị định
    69/2024/NĐ-CP), so a missing or unreadable `acr` counts as mức 1, never as mức 2.
    """
    match = re.search(r"(\d+)\s*$", str(acr or ""))
    if match and int(match.group(1)) >= 2:
        return AssuranceLevel.LEVEL_2
    return AssuranceLevel.LEVEL_1


def remember(request: HttpRequest | None, level: str, acr: str = "") -> None:
    """Keep the level of this sign-in in the session (replacing any earlier sign-in's)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = {"level": level, "acr": acr[:50]}


def session_level(request: HttpRequest) -> str:
    """The level the signed-in person proved in this session; NONE when unknown."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if session is None or user is None or not user.is_authenticated:
        return AssuranceLevel.NONE
    level = (session.get(SESSION_KEY) or {}).get("level", "")
    return level if level in AssuranceLevel.values else AssuranceLevel.NONE
