"""The public tracking page's result, cached per dossier code (issue 17 item 7: tracking at
≥ 50 % of a bare view's throughput).

What is cached for a code is what any verified requester sees — the rendered result (masked
name, status, dates, steps) — with what it takes to check a proof without the database: the
receipt's key is a keyed hash of the code (tinhso.dossiers.tracking), and the last 4 digits of
the phone and CCCD are kept only as keyed hashes (HMAC with SECRET_KEY), never as digits. A
code without a dossier is cached too, as "nothing", so that a wrong code and a wrong proof
cost the same and give the same answer. Nothing is shown without a proof that holds, and the
result is the same for every requester who has one (there is no per-person part).

The entry is stale as soon as the dossier records a change (tinhso.dossiers.services._event
bumps its scope), the dossiers are anonymised (tinhso.dossiers.retention) or an agency is
renamed; a key also holds the language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language

from tinhso.core import cache_keys
from tinhso.dossiers import selectors, tracking
from tinhso.dossiers.constants import StepState
from tinhso.dossiers.models import Dossier

SECONDS = 3600
_SALT = "tinhso.dossiers.tracking_page.last4"


@dataclass(frozen=True)
class Entry:
    html: str  # "" when no dossier has this code
    short_proofs: tuple[str, ...]  # keyed hashes of the accepted 4-digit proofs


def _short_digest(code: str, last4: str) -> str:
    return salted_hmac(_SALT, f"{code}:{last4}", algorithm="sha256").hexdigest()


def scopes(code: str) -> tuple[str, ...]:
    return (cache_keys.dossier(code), cache_keys.DOSSIERS, cache_keys.ORGANISATION)


def _render(dossier: Dossier) -> str:
    steps = list(
        dossier.steps.exclude(state=StepState.CLOSED)
        .select_related("agency")
        .only("dossier", "order", "name", "state", "started_at", "finished_at", "agency__name")
        .order_by("started_at", "id")
    )
    context = {
        "dossier": dossier,
        "masked_name": selectors.mask_name(dossier.applicant_name),
        "steps": steps,
    }
    return render_to_string("dossiers/_track_result.html", context)


def _entry(code: str) -> Entry:
    dossier = selectors.public_dossier(code)
    if dossier is None:
        return Entry("", ())
    known = {tracking.last4(dossier.applicant_phone), tracking.last4(dossier.applicant_cccd)}
    digests = tuple(sorted(_short_digest(code, d) for d in known - {""}))
    return Entry(_render(dossier), digests)


def _holds(entry: Entry, code: str, proof: str) -> bool:
    proof = proof.strip().replace(" ", "").upper()
    if tracking.is_short_proof(proof):
        wanted = _short_digest(code, proof)
        return any(constant_time_compare(wanted, d) for d in entry.short_proofs)
    return len(proof) == tracking.KEY_LENGTH and constant_time_compare(
        proof, tracking.tracking_key(code)
    )


def result_for(code: str, proof: str) -> str | None:
    """The rendered result for `code` when `proof` holds; None otherwise, whether a dossier
    has this code or not."""
    code = tracking.normalise_code(code)
    if not code or not proof.strip():
        return None
    entry: Entry = cache_keys.cached(
        "dossiers.track", (get_language(), code), scopes(code), lambda: _entry(code), SECONDS
    )
    if not entry.html or not _holds(entry, code, proof):
        return None
    return entry.html


def page_for(code: str, proof: str, render: Callable[[str], str]) -> str | None:
    """The whole tracking page that answers `proof` for `code` — `render(result)` — cached like
    the result itself, for visitors whose page holds nothing of their own (no session, no
    message: tinhso.dossiers.views_public decides). None when the proof does not hold; only
    pages that show a dossier are kept. The key holds the code and proof as typed (the form
    shows them again), the proof only as a keyed hash. A page answering 4 digits of a phone or
    CCCD number is never kept: it shows them in its form."""
    normalised = tracking.normalise_code(code)
    if not normalised or not proof.strip() or tracking.is_short_proof(proof.replace(" ", "")):
        return None
    typed = salted_hmac(_SALT, f"page:{code}:{proof}", algorithm="sha256").hexdigest()

    def compute() -> str:
        result = result_for(code, proof)
        return "" if result is None else render(result)

    page: str = cache_keys.cached(
        "dossiers.track_page",
        (get_language(), typed),
        scopes(normalised),
        compute,
        SECONDS,
        store=bool,
    )
    return page or None
