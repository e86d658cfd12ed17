"""Cached reads with versioned keys: invalidating is one call, `bump(scope)`.

A cached value's key carries the current *generation* of every scope it was computed from
(the catalogue, the organisation register, one dossier, …). The service that changes the data
bumps the scope: the generation becomes a new value, every key built on the old one is never
asked for again and simply expires. Nothing has to list or delete the keys it made stale.

Why a reader cannot store a stale page under a fresh key: it reads the generations first, then
the database, then stores under the generations it read. A change that commits in between
bumps again after its commit (`bump` inside a transaction bumps now and once more on commit),
so a value computed from the old rows sits under a generation no one asks for any more.

A generation is a fresh random number, not a counter: after a cache flush, an eviction or
its expiry a scope never comes back to an old generation whose values may still be stored.
So generations may expire (a day): one per dossier code looked up would otherwise pile up.

The cache may be down (tinhso.core.cache_backends.TolerantRedisCache answers every read with a
miss): `cached` then computes the value each time and stores nothing, so pages stay correct and
only slower.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# The scopes; each is bumped by the services that change its data.
CATALOGUE = "catalogue"  # procedures, versions, fields (tinhso.catalogue.services)
ORGANISATION = "organisation"  # agencies, units (tinhso.organisation.services)
STATISTICS = "statistics"  # rebuilt or closed aggregates (tinhso.statistics)
DOSSIERS = "dossiers"  # every dossier at once (anonymisation, tinhso.dossiers.retention)

_PREFIX = "tinhso:gen:"
GENERATION_SECONDS = 24 * 3600
_VALUE_PREFIX = "tinhso:c:"


def dossier(code: str) -> str:
    """The scope of one dossier, by its code (bumped by each change it records)."""
    return f"dossier:{code.strip().upper()}"


def _fresh() -> int:
    return secrets.randbits(48)


def generations(scopes: Iterable[str]) -> str | None:
    """The current generations of `scopes`, as one key part; None when the cache cannot say
    (down): the caller must then not cache."""
    keys = [_PREFIX + s for s in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # First use (or evicted): agree with any process that got there first.
            cache.add(key, _fresh(), timeout=GENERATION_SECONDS)
            value = cache.get(key)
            if value is None:
                return None
            found[key] = value
    return ".".join(str(found[k]) for k in keys)


def _set_new(scope: str) -> None:
    cache.set(_PREFIX + scope, _fresh(), timeout=GENERATION_SECONDS)


def bump(*scopes: str) -> None:
    """Make every value cached from `scopes` stale, now and again when the current transaction
    commits (see the module's docstring)."""
    for scope in scopes:
        _set_new(scope)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda s=scope: _set_new(s))  # type: ignore[misc]


def key(name: str, *parts: object) -> str:
    """A short cache key for `name` and its parts (a hash: parts may be long or odd)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:40]
    return f"{_VALUE_PREFIX}{name}:{digest}"


def cached(
    name: str,
    parts: Iterable[object],
    scopes: Iterable[str],
    compute: Callable[[], T],
    timeout: int,
    *,
    store: Callable[[T], bool] = lambda value: True,
) -> T:
    """`compute()`, cached under `name` and `parts` for at most `timeout` seconds and until one
    of `scopes` is bumped. `store(value)` says whether a computed value may be kept (e.g. not
    a "not found")."""
    gens = generations(scopes)
    if gens is None:
        return compute()
    full_key = key(name, gens, *parts)
    missing = object()
    found: object = cache.get(full_key, missing)
    if found is not missing:
        return cast(T, found)
    value = compute()
    if store(value):
        cache.set(full_key, value, timeout)
    return value
