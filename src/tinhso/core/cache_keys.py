"""Cached reads with versioned keys: invalidating is one call, `bump(scope)`.

A cached value is stored with the *generation* of every scope it was computed from (the
catalogue, the organisation register, one dossier, …) and served only while those are still
the current ones; the value and the generations are read in one round trip. The service that
changes the data bumps the scope: the generation becomes a new value, and every value stored
with the old one is recomputed on its next read. Nothing has to list or delete what it made
stale.

Why a reader cannot serve a stale page as fresh: it reads the generations first, then the
database, then stores the value with the generations it read. A change that commits in
between bumps again after its commit (`bump` inside a transaction bumps now and once more on
commit), so a value computed from the old rows carries a generation that is no longer current.

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


def _generations(keys: list[str], found: dict[str, object]) -> str | None:
    """The generations of the scopes whose keys are `keys`, from `found` where it has them;
    None when the cache cannot say (down): the caller must then not cache."""
    for k in keys:
        if k not in found:
            # First use (or evicted): agree with any process that got there first.
            cache.add(k, _fresh(), timeout=GENERATION_SECONDS)
            value = cache.get(k)
            if value is None:
                return None
            found[k] = value
    return ".".join(str(found[k]) for k in keys)


def generations(scopes: Iterable[str]) -> str | None:
    """The current generations of `scopes`, as one key part (None: see _generations)."""
    keys = [_PREFIX + s for s in scopes]
    return _generations(keys, cache.get_many(keys))


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
    scope_keys = [_PREFIX + s for s in scopes]
    value_key = key(name, *parts)
    # One round trip: the stored value and the scopes' generations together. A value is kept
    # with the generations it was computed under and served only while they are current.
    found = cache.get_many([value_key, *scope_keys])
    stored = found.pop(value_key, None)
    gens = _generations(scope_keys, found)
    if gens is None:
        return compute()
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == gens:
        return cast(T, stored[1])
    value = compute()
    if store(value):
        cache.set(value_key, (gens, value), timeout)
    return value
