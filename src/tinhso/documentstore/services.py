"""Writes to the citizen's data store (kho dữ liệu): keep a paper, delete an own upload.

The store keeps each citizen's and business's electronic papers with their owner and source
(TT 21/2023/TT-BTTTT as amended by TT 11/2025/TT-BKHCN, function group 8), so that results of
earlier procedures and papers already handed in are reused instead of asked for again
(Nghị định 45/2020/NĐ-CP; TT 01/2023/TT-VPCP; regulations.md §2.2, §3). Files go through
Django's storage API; every change is on the audit record.
"""

from pathlib import PurePath

from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.http import HttpRequest

from tinhso.accounts.constants import AccountKind
from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.core.files import delete_after_commit, file_keep
from tinhso.documentstore.access import user_owns_paper
from tinhso.documentstore.constants import STORED_TYPES, UPLOAD_TYPES, PaperKind
from tinhso.documentstore.models import StoredPaper
from tinhso.dossiers import intake
from tinhso.dossiers.models import Dossier

TITLE_MAX = 255


class PaperError(ValueError):
    """A paper the store refuses; the message is Vietnamese and meant for the user."""


def _check(
    owner: User, title: str, content: File, kind: str
) -> tuple[str, File, intake.CheckedFile]:
    """(clean title, the content under its bare file name, the checked file) or PaperError."""
    if not getattr(owner, "pk", None) or owner.kind == AccountKind.STAFF:
        raise PaperError("Kho dữ liệu chỉ dành cho tài khoản công dân, doanh nghiệp.")
    if kind not in PaperKind.values:
        raise PaperError("Nguồn giấy tờ không hợp lệ.")
    title = " ".join((title or "").split())
    if not title:
        raise PaperError("Hãy nhập tên giấy tờ, ví dụ “Giấy khai sinh của con”.")
    if len(title) > TITLE_MAX:
        raise PaperError(f"Tên giấy tờ dài quá {TITLE_MAX} ký tự.")
    name = PurePath(content.name or "").name
    if not name:
        raise PaperError("Tệp không có tên; hãy chọn lại tệp.")
    probe = File(content, name=name)  # the caller's file keeps its own name
    allowed = UPLOAD_TYPES if kind == PaperKind.UPLOAD else STORED_TYPES
    try:
        checked = intake.file_check(probe, allowed)  # type from the bytes, and the size limit
    except intake.FileRefused as exc:
        raise PaperError(str(exc)) from exc
    return title, probe, checked


@transaction.atomic
def paper_store(
    owner: User,
    *,
    title: str,
    content: File,
    content_type: str,
    kind: str,
    source_dossier: Dossier | None = None,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> StoredPaper:
    """Keep a copy of `content` in the owner's store, or raise PaperError storing nothing.

    The type is read from the bytes (tinhso.dossiers.intake), not from the name or the
    declared `content_type`; a citizen's own upload may be PDF, JPEG or PNG, a result or a
    dossier's paper any type a dossier accepts.
    """
    title, probe, checked = _check(owner, title, content, kind)
    paper = StoredPaper(
        owner=owner,
        title=title,
        kind=kind,
        original_name=checked.display_name[:255],
        content_type=checked.content_type,  # never the declared `content_type`
        size=checked.size,
        source_dossier=source_dossier,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    file_keep(paper.file, checked.stored_name(), probe)
    try:
        paper.save()
        audit_record(
            actor=actor,
            action="documentstore.paper.store",
            target=paper,
            summary=f"Lưu vào kho dữ liệu: {title} ({paper.get_kind_display().lower()})"
            + (f", hồ sơ {source_dossier.code}" if source_dossier is not None else ""),
            request=request,
        )
    except Exception:
        paper.file.delete(save=False)
        raise
    return paper


@transaction.atomic
def paper_delete(
    owner: User, paper: StoredPaper, *, actor: User, request: HttpRequest | None = None
) -> None:
    """Delete a paper the owner uploaded themselves.

    Results and papers of a dossier stay: they are the record of what the state issued or
    received, kept for reuse (TT 21/2023/TT-BTTTT function group 8: source and retention).
    """
    if not user_owns_paper(owner, paper):
        raise PaperError("Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
    if paper.kind != PaperKind.UPLOAD:
        raise PaperError("Chỉ xóa được giấy tờ do bạn tự tải lên.")
    audit_record(
        actor=actor,
        action="documentstore.paper.delete",
        target=paper,
        summary=f"Xóa khỏi kho dữ liệu: {paper.title}",
        request=request,
    )
    delete_after_commit(paper.file)
    paper.delete()


def paper_as_upload(paper: StoredPaper) -> UploadedFile:
    """A fresh upload with the paper's bytes, to attach to a new dossier (dossiers.NewFile)."""
    with paper.file.open("rb") as handle:
        data = handle.read()
    return SimpleUploadedFile(paper.original_name, data, content_type=paper.content_type)
