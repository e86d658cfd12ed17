"""The citizen's data store (tinhso.documentstore), as this app uses it.

Its functions are looked up when first called, not at import: the dossier pages keep working
(without offering stored papers) while the store app is absent or not migrated.
"""

from importlib import import_module
from typing import Any

from django.core.files import File


class StoreUnavailable(Exception):
    """The data store does not offer the function asked for."""


def _function(name: str) -> Any:
    for module in ("tinhso.documentstore.selectors", "tinhso.documentstore.services"):
        try:
            found = getattr(import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise StoreUnavailable(f"Kho dữ liệu chưa có chức năng {name}.")


def available() -> bool:
    try:
        _function("papers_of")
    except StoreUnavailable:
        return False
    return True


def papers_of(owner: Any) -> list[Any]:
    return list(_function("papers_of")(owner))


def paper_for(owner: Any, paper_id: int) -> Any | None:
    return _function("paper_for")(owner, paper_id)


def paper_as_upload(paper: Any) -> Any:
    return _function("paper_as_upload")(paper)


def paper_store(
    owner: Any,
    *,
    title: str,
    content: File,
    content_type: str,
    kind: str,
    source_dossier: Any = None,
    actor: Any = None,
) -> Any:
    return _function("paper_store")(
        owner,
        title=title,
        content=content,
        content_type=content_type,
        kind=kind,
        source_dossier=source_dossier,
        actor=actor,
    )
