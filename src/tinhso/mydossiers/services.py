"""What an applicant does with their own dossier: answer a supplement request, withdraw it,
and (on return) keep its papers in their data store.

The status changes themselves go through tinhso.dossiers.services.dossier_act and its state
machine (Actor.APPLICANT may answer SUPPLEMENT_RECEIVED and WITHDRAW).
"""

import logging

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.core.files import delete_after_commit, file_keep
from tinhso.dossiers import intake
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers import services as dossiers
from tinhso.dossiers.constants import Action, FileKind, Status
from tinhso.dossiers.models import Dossier, DossierComponent, DossierFile
from tinhso.dossiers.workflow import transition_for
from tinhso.mydossiers import store
from tinhso.mydossiers.models import FiledPaper, SupplementDraft

logger = logging.getLogger(__name__)

DEFAULT_TYPES = list(intake.DEFAULT_TYPES)


class SupplementError(Exception):
    """The supplement cannot be taken; `errors` maps an input ("file_<id>", "note", or
    "__all__") to its Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def allowed_types(component: DossierComponent | None) -> list[str]:
    return intake.component_types(component)


def _may_answer(dossier: Dossier, owner: User) -> None:
    """Raise TransitionError/NotAllowed unless `owner` may answer the supplement request now."""
    transition_for(dossier, Action.SUPPLEMENT_RECEIVED, owner)


def supplement_draft_add(
    dossier: Dossier,
    *,
    owner: User,
    component: DossierComponent | None,
    upload: UploadedFile,
    from_paper: int | None = None,
    field: str = "file",
    request: HttpRequest | None = None,
) -> SupplementDraft:
    """Keep one paper of the applicant's answer until it is sent; it replaces the paper
    already kept for the same component (one upload per component).

    The bytes are checked like every file handed in with a dossier (type from the content,
    size limit MAX_UPLOAD_MB: tinhso.dossiers.intake).
    """
    _may_answer(dossier, owner)
    if component is not None and component.dossier_id != dossier.pk:
        raise SupplementError({field: "Giấy tờ này không thuộc hồ sơ."})
    try:
        checked = intake.file_check(upload, allowed_types(component))
    except intake.FileRefused as exc:
        raise SupplementError({field: str(exc)}) from exc
    with transaction.atomic():
        previous = list(
            SupplementDraft.objects.select_for_update(of=("self",)).filter(
                dossier=dossier, owner=owner, component=component
            )
        )
        draft = SupplementDraft(
            dossier=dossier,
            owner=owner,
            component=component,
            original_name=checked.display_name[:255],
            content_type=checked.content_type,
            size=checked.size,
            from_paper=from_paper,
        )
        file_keep(draft.file, checked.stored_name(), upload)
        draft.save()
        for old in previous:
            _delete_draft(old)
        audit_record(
            actor=owner,
            action="mydossiers.supplement_draft_add",
            target=dossier,
            summary=f"Tải lên tệp bổ sung “{draft.original_name}”"
            + (f" cho “{component.name}”" if component else ""),
            request=request,
        )
    return draft


def supplement_draft_from_paper(
    dossier: Dossier,
    *,
    owner: User,
    component: DossierComponent | None,
    paper_id: int,
    field: str = "paper",
    request: HttpRequest | None = None,
) -> SupplementDraft:
    """Use a paper of the applicant's data store (reuse of digitised papers, TT 01/2023)."""
    paper = store.paper_for(owner, paper_id)
    if paper is None:
        raise SupplementError({field: "Không tìm thấy giấy tờ này trong kho dữ liệu của bạn."})
    return supplement_draft_add(
        dossier,
        owner=owner,
        component=component,
        upload=store.paper_as_upload(paper),
        from_paper=paper_id,
        field=field,
        request=request,
    )


def _delete_draft(draft: SupplementDraft) -> None:
    delete_after_commit(draft.file)
    draft.delete()


def supplement_draft_remove(
    draft: SupplementDraft, *, owner: User, request: HttpRequest | None = None
) -> None:
    if draft.owner_id != owner.pk:
        raise SupplementError({"__all__": "Tệp này không phải của bạn."})
    with transaction.atomic():
        audit_record(
            actor=owner,
            action="mydossiers.supplement_draft_remove",
            target=draft.dossier,
            summary=f"Bỏ tệp bổ sung “{draft.original_name}”",
            request=request,
        )
        _delete_draft(draft)


def missing_components(dossier: Dossier, drafts: list[SupplementDraft]) -> list[DossierComponent]:
    """Required papers neither received nor in the answer (tinhso.dossiers.intake's rule)."""
    answered = {d.component_id for d in drafts if d.component_id is not None}
    return intake.supplement_check(dossier.components.all(), answered, files=len(drafts)).missing


def supplement_send(
    dossier: Dossier, *, actor: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """Send the applicant's answer to a supplement request: the kept papers become the
    dossier's SUPPLEMENT files and the dossier leaves "chờ bổ sung", in one transaction.

    Nghị định 118/2025/NĐ-CP (Mẫu 02, Thông tư 03/2025/TT-VPCP): the time waiting for a
    supplement does not count; the clock restarts when the complete supplement is received
    (tinhso.dossiers.services moves the due dates by the paused working time). So every
    required paper not yet received must be in the answer, and at least one paper must be.
    """
    note = (note or "").strip()
    if len(note) > 1000:
        raise SupplementError({"note": "Ghi chú dài quá 1.000 ký tự."})
    with transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        _may_answer(locked, actor)
        kept = list(
            SupplementDraft.objects.select_for_update(of=("self",))
            .filter(dossier=locked, owner=actor)
            .select_related("component__spec")
        )
        if not kept:
            raise SupplementError({"__all__": "Hãy tải lên ít nhất một giấy tờ bổ sung."})
        missing = missing_components(locked, kept)
        if missing:
            raise SupplementError(
                {
                    f"file_{c.pk}": f"Hãy tải lên “{c.name}”: giấy tờ bắt buộc chưa nộp."
                    for c in missing
                }
            )
        files = []
        handles = []
        for d in kept:
            handle = d.file.storage.open(d.file.name, "rb")
            handles.append(handle)
            upload = UploadedFile(
                file=handle, name=d.original_name, content_type=d.content_type, size=d.size
            )
            spec_id = d.component.spec_id if d.component is not None else None
            files.append(dossiers.NewFile(upload, spec_id, FileKind.SUPPLEMENT))
        try:
            # The files come with the action: dossier_act checks the supplement is complete
            # (the same rule for every channel) and keeps them in its transaction.
            changed = dossiers.dossier_act(
                locked,
                Action.SUPPLEMENT_RECEIVED,
                actor=actor,
                note=note,
                files=files,
                request=request,
            )
        finally:
            for handle in handles:
                handle.close()
        for d in kept:
            _delete_draft(d)
    return changed


def supplement_drafts_discard(dossier: Dossier) -> int:
    """Forget the papers kept for an answer the dossier no longer waits for (withdrawn,
    stopped, or the supplement handed in at the counter)."""
    drafts = list(SupplementDraft.objects.filter(dossier=dossier))
    for d in drafts:
        _delete_draft(d)
    return len(drafts)


def withdraw(
    dossier: Dossier, *, actor: User, reason: str, request: HttpRequest | None = None
) -> Dossier:
    """The applicant withdraws their dossier (rút hồ sơ) with a reason: the state machine
    decides when (before a result, Nghị định 118/2025/NĐ-CP) and closes the dossier."""
    return dossiers.dossier_act(dossier, Action.WITHDRAW, actor=actor, note=reason, request=request)


# --- the data store --------------------------------------------------------------------------

# Non-result files filed as the applicant's papers: what they uploaded, supplemented, and the
# counter's scans of the originals they handed in (digitised at reception, TT 03/2025).
COMPONENT_KINDS = (FileKind.COMPONENT, FileKind.SUPPLEMENT, FileKind.SCAN)


def _title(f: DossierFile, dossier: Dossier) -> str:
    if f.kind == FileKind.RESULT:
        result = dossier.procedure_version.result_text or "Kết quả giải quyết thủ tục"
        return f"{result} (hồ sơ {dossier.code})"[:255]
    name = f.component.name if f.component is not None else f.original_name
    return name[:255]


def results_to_store(dossier: Dossier) -> int:
    """File the returned dossier's result and the applicant's papers in their data store,
    each file once (re-running files only what is missing); returns how many were filed.

    Thông tư 01/2023/TT-VPCP and Nghị định 118/2025/NĐ-CP: results of procedures and the
    digitised components are kept in the citizen's or business's data store (kho dữ liệu)
    for reuse, so they are not asked for again. A paper the store refuses is logged and left
    for `manage.py mydossiers_file_results`: it must never stop the result being returned.
    """
    if dossier.status != Status.RETURNED or dossier.applicant_id is None:
        return 0
    owner = dossier.applicant
    filed = 0
    files = (
        dossier.files.filter(kind__in=(FileKind.RESULT, *COMPONENT_KINDS))
        .exclude(pk__in=FiledPaper.objects.values("dossier_file_id"))
        .exclude(pk__in=dossier_selectors.superseded_results(dossier))  # the signed one only
        .select_related("component")
        .order_by("uploaded_at", "id")
    )
    for f in files:
        kind = "result" if f.kind == FileKind.RESULT else "component"
        try:
            with transaction.atomic():
                with f.file.storage.open(f.file.name, "rb") as raw:
                    paper = store.paper_store(
                        owner,
                        title=_title(f, dossier),
                        content=File(raw, name=f.original_name),
                        content_type=f.content_type or "application/octet-stream",
                        kind=kind,
                        source_dossier=dossier,
                        actor=None,
                    )
                FiledPaper.objects.create(dossier_file=f, paper_id=paper.pk)
        except IntegrityError:
            continue  # filed meanwhile by another run
        except Exception:
            logger.exception(
                "Không đưa được tệp %s của hồ sơ %s vào kho dữ liệu", f.pk, dossier.code
            )
            continue
        filed += 1
    return filed
