"""Online submission: a draft kept through every error, then one transaction that files it.

Rules: online filing for toàn trình and một phần services only (Nghị định 42/2022/NĐ-CP
Điều 11); the e-form fills itself from the account and the data store is reused, so the
citizen is not asked again for what the state holds (Nghị định 45/2020/NĐ-CP; regulations.md
§3); the dossier enters the receiving agency's reception queue as submitted, with one code
across channels (Nghị định 118/2025/NĐ-CP, TT 03/2025/TT-VPCP); the result is returned at
the counter, by public post or electronically where the procedure allows (ND 118/2025).
"""

from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.access import user_is_applicant
from tinhso.accounts.assurance import AssuranceLevel, at_least
from tinhso.accounts.constants import AccountKind
from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.catalogue.constants import DeliveryMode
from tinhso.catalogue.fees import FeeChoice, applicable_fees
from tinhso.catalogue.models import DossierComponentSpec, ProcedureVersion
from tinhso.core.files import file_keep
from tinhso.documentstore.models import StoredPaper
from tinhso.documentstore.services import paper_as_upload
from tinhso.dossiers import intake
from tinhso.dossiers import services as dossiers
from tinhso.dossiers.constants import Channel, FileKind
from tinhso.dossiers.models import Dossier
from tinhso.eforms import selectors as eforms
from tinhso.eforms.constants import Prefill
from tinhso.eforms.forms import EFormForm
from tinhso.eforms.prefill import account_values
from tinhso.eforms.services import answers_store
from tinhso.organisation.models import Agency
from tinhso.submission.access import user_owns_draft
from tinhso.submission.constants import ONLINE_FILE_TYPES
from tinhso.submission.models import Draft, DraftFile
from tinhso.submission.selectors import files_online, is_receiving_choice, receiving_choices


class SubmissionError(Exception):
    """Refused; the message is Vietnamese and meant for the applicant."""


@dataclass
class DraftCheck:
    """Everything that stops a draft from being filed, by where it belongs on the page."""

    form: EFormForm
    missing: list[DossierComponentSpec] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.form.is_valid() and not self.missing and not self.errors


class DraftIncomplete(SubmissionError):
    def __init__(self, check: DraftCheck):
        super().__init__("Hồ sơ chưa đủ để nộp: hãy hoàn thiện các mục được đánh dấu.")
        self.check = check


class AssuranceTooLow(SubmissionError):
    """The procedure asks for a VNeID account of a higher level than this sign-in proved."""

    def __init__(self, required: str):
        label = AssuranceLevel(required).label.lower()
        super().__init__(
            f"Thủ tục này yêu cầu đăng nhập bằng {label} (Nghị định 69/2024/NĐ-CP). "
            "Vui lòng đăng nhập lại bằng VNeID với tài khoản mức 2 để nộp hồ sơ trực tuyến."
        )
        self.required = required


def assurance_check(version: ProcedureVersion, assurance: str) -> None:
    """Refuse when `assurance`, the level proved at sign-in, is below what `version` requires.

    Nghị định 69/2024/NĐ-CP defines the levels of the electronic identification account;
    Nghị định 42/2022/NĐ-CP lets the authority set how applicants of an online service are
    identified. A password sign-in and an API token prove no level (accounts/assurance.py).
    """
    if not at_least(assurance, version.min_assurance):
        raise AssuranceTooLow(version.min_assurance)


def _applicant(user: User) -> None:
    if not user_is_applicant(user):
        raise SubmissionError("Nộp hồ sơ trực tuyến dành cho tài khoản công dân, doanh nghiệp.")


def delivery_modes(version: ProcedureVersion) -> list[str]:
    """How this procedure returns results; electronic only where the procedure allows it."""
    return intake.delivery_modes(version)


def allowed_types(spec: DossierComponentSpec) -> list[str]:
    """PDF, JPEG, PNG online, narrowed to what the component accepts."""
    own = [t for t in spec.file_type_list if t in ONLINE_FILE_TYPES]
    return own or ONLINE_FILE_TYPES


def draft_fees(version: ProcedureVersion, answers: dict[str, Any]) -> FeeChoice:
    """The fee lines the declared answers make due, as draft_submit will record them (the
    same rule, tinhso.catalogue.fees), for the review page."""
    return applicable_fees(version, answers, timezone.localdate())


def covered(version: ProcedureVersion, definition: eforms.FormDefinition) -> set[int]:
    """Ids of the components the e-form (and the signed-in account) stand for."""
    orders = set(definition.schema.covers_components)
    return {s.pk for s in version.components.all() if s.order in orders}


def attached(draft: Draft) -> dict[int, DraftFile]:
    """Component id → its paper, for papers that are really there."""
    return {
        f.component_id: f
        for f in draft.files.select_related("paper", "component")
        if f.file or f.paper_id is not None
    }


def draft_check(
    draft: Draft,
    *,
    account: User,
    definition: eforms.FormDefinition | None = None,
    given: dict[int, DraftFile] | None = None,
) -> DraftCheck:
    """What the draft still lacks; `given`: attached(draft) when the caller has read it."""
    version = draft.version
    definition = definition or eforms.form_for_version(version)
    form = EFormForm(
        EFormForm.data_from_raw(draft.answers), schema=definition.schema, account=account
    )
    check = DraftCheck(form=form)
    if not is_receiving_choice(version, draft.receiving_agency):
        check.errors["receiving_agency"] = "Hãy chọn nơi tiếp nhận hồ sơ."
    delivery = intake.delivery_errors(version, draft.delivery_mode, draft.postal_address)
    if "delivery_mode" in delivery:  # a draft may not have chosen yet
        check.errors["delivery_mode"] = "Hãy chọn cách nhận kết quả."
    elif "postal_address" in delivery:
        check.errors["postal_address"] = delivery["postal_address"]
    given = attached(draft) if given is None else given
    skip = covered(version, definition)
    check.missing = [
        s for s in version.components.all() if s.required and s.pk not in skip and s.pk not in given
    ]
    return check


@transaction.atomic
def draft_start(
    user: User,
    version: ProcedureVersion,
    agency: Agency,
    *,
    assurance: str = AssuranceLevel.NONE,
    request: HttpRequest | None = None,
) -> Draft:
    """`assurance`: the level the person proved at sign-in (the caller reads it from the
    session); the default, NONE, refuses procedures that require a VNeID level."""
    _applicant(user)
    if not files_online(version):
        raise SubmissionError(
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến; hãy nộp trực tiếp hoặc qua "
            "bưu chính."
        )
    assurance_check(version, assurance)
    if not version.is_in_force(timezone.localdate()):
        raise SubmissionError("Phiên bản thủ tục này không còn áp dụng.")
    if agency not in receiving_choices(version):
        raise SubmissionError(f"{agency.name} không tiếp nhận thủ tục này.")
    modes = delivery_modes(version)
    address = account_values(user).get(Prefill.ADDRESS, "")
    draft = Draft.objects.create(
        applicant=user,
        version=version,
        receiving_agency=agency,
        delivery_mode=modes[0] if len(modes) == 1 else "",
        postal_address=address[:300],
    )
    audit_record(
        actor=user,
        action="submission.draft.start",
        target=draft,
        summary=f"Bắt đầu hồ sơ trực tuyến: {version.name}, nơi tiếp nhận {agency.name}",
        request=request,
    )
    return draft


def _editable(draft: Draft, user: User) -> None:
    if not user_owns_draft(user, draft):
        raise SubmissionError("Không tìm thấy hồ sơ nháp của bạn.")
    if draft.is_submitted:
        raise SubmissionError("Hồ sơ này đã được nộp; không sửa được bản nháp nữa.")


@transaction.atomic
def draft_save(
    draft: Draft,
    *,
    actor: User,
    answers: dict[str, str],
    agency: Agency | None = None,
    delivery_mode: str = "",
    postal_address: str = "",
    request: HttpRequest | None = None,
) -> Draft:
    """Keep what the applicant typed, valid or not (nothing a user submitted is lost)."""
    _editable(draft, actor)
    if agency is not None and agency in receiving_choices(draft.version):
        draft.receiving_agency = agency
    draft.answers = {k: str(v)[:5000] for k, v in answers.items()}
    draft.delivery_mode = delivery_mode if delivery_mode in delivery_modes(draft.version) else ""
    draft.postal_address = " ".join(postal_address.split())[:300]
    draft.save()
    audit_record(
        actor=actor,
        action="submission.draft.save",
        target=draft,
        summary="Lưu nháp",
        request=request,
    )
    return draft


def _replace(draft: Draft, spec: DossierComponentSpec) -> None:
    old = DraftFile.objects.filter(draft=draft, component=spec).first()
    if old is not None:
        _discard([old])


def _discard(files: list[DraftFile]) -> None:
    """Delete these papers of a draft (one statement), their stored files once committed."""
    for f in files:
        if f.file:  # a failing store is logged
            transaction.on_commit(partial(f.file.storage.delete, f.file.name), robust=True)
    if files:
        DraftFile.objects.filter(pk__in=[f.pk for f in files]).delete()


def _component(draft: Draft, spec: DossierComponentSpec) -> None:
    if spec.version_id != draft.version_id:
        raise SubmissionError("Giấy tờ này không thuộc thủ tục của hồ sơ.")


@transaction.atomic
def draft_attach(
    draft: Draft,
    spec: DossierComponentSpec,
    upload: UploadedFile,
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> DraftFile:
    """Attach an upload to one component, replacing what was there; the bytes decide the type."""
    _editable(draft, actor)
    _component(draft, spec)
    try:
        checked = intake.file_check(upload, allowed_types(spec))
    except intake.FileRefused as exc:
        raise SubmissionError(str(exc)) from exc
    _replace(draft, spec)
    stored = DraftFile(
        draft=draft,
        component=spec,
        original_name=checked.display_name[:255],
        content_type=checked.content_type,
        size=checked.size,
    )
    file_keep(stored.file, checked.stored_name(), upload)
    stored.save()
    audit_record(
        actor=actor,
        action="submission.draft.attach",
        target=draft,
        summary=f"Đính kèm “{stored.original_name}” cho: {spec.name}",
        request=request,
    )
    return stored


@transaction.atomic
def draft_pick_paper(
    draft: Draft,
    spec: DossierComponentSpec,
    paper: StoredPaper,
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> DraftFile:
    """Use a paper of the applicant's data store for one component (reuse, ND 45/2020)."""
    _editable(draft, actor)
    _component(draft, spec)
    if paper.owner_id != actor.pk:
        raise SubmissionError("Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
    types = allowed_types(spec)
    accepted = {intake.FILE_TYPES[k].content_type for k in intake.type_keys(types)}
    if paper.content_type not in accepted:  # the store keeps the type its bytes are
        shown = intake.types_label(types)
        raise SubmissionError(f"“{paper.title}” không đúng định dạng cho giấy tờ này ({shown}).")
    _replace(draft, spec)
    stored = DraftFile.objects.create(
        draft=draft,
        component=spec,
        paper=paper,
        original_name=paper.original_name,
        content_type=paper.content_type,
        size=paper.size,
    )
    audit_record(
        actor=actor,
        action="submission.draft.attach",
        target=draft,
        summary=f"Chọn “{paper.title}” từ kho dữ liệu cho: {spec.name}",
        request=request,
    )
    return stored


@transaction.atomic
def draft_detach(
    draft: Draft, spec: DossierComponentSpec, *, actor: User, request: HttpRequest | None = None
) -> None:
    _editable(draft, actor)
    _component(draft, spec)
    _replace(draft, spec)
    audit_record(
        actor=actor,
        action="submission.draft.detach",
        target=draft,
        summary=f"Bỏ tệp của: {spec.name}",
        request=request,
    )


@transaction.atomic
def draft_delete(draft: Draft, *, actor: User, request: HttpRequest | None = None) -> None:
    _editable(draft, actor)
    for f in draft.files.all():
        _replace(draft, f.component)
    audit_record(
        actor=actor,
        action="submission.draft.delete",
        target=draft,
        summary=f"Xóa hồ sơ nháp: {draft.version.name}",
        request=request,
    )
    draft.delete()


def _applicant_info(user: User, answers: dict[str, Any], definition) -> dossiers.ApplicantInfo:
    """Who files: taken from the account, never typed again."""
    known = account_values(user)
    address = known.get(Prefill.ADDRESS, "")
    if not address:  # the account holds none: the e-form's address answer, if it asked one
        for spec in definition.schema.fields:
            if spec.prefill == Prefill.ADDRESS and answers.get(spec.key):
                address = str(answers[spec.key])
                break
    business = user.kind == AccountKind.BUSINESS
    return dossiers.ApplicantInfo(
        name=(user.organisation_name or user.full_name) if business else user.full_name,
        cccd=(user.tax_code if business else user.cccd) or "",
        phone=user.phone or "",
        email=user.email or "",
        address=address[:300],
        account=user,
    )


def _competent(version: ProcedureVersion, receiving: Agency) -> Agency | None:
    """The receiving commune's choice, except for a territorial procedure: there the
    applicant's residence or e-form answer decides (intake.competent_agency_for, Nghị định
    118/2025/NĐ-CP), so nothing is chosen here."""
    if intake.is_territorial(version):
        return None
    return intake.competent_choice(version, receiving, None)[0]


def _uploads(stack: ExitStack, files: list[DraftFile]) -> list[dossiers.NewFile]:
    out = []
    for f in files:
        try:
            if f.file:
                handle = stack.enter_context(f.file.open("rb"))
                upload = UploadedFile(handle, f.original_name, f.content_type, f.size)
            else:
                upload = paper_as_upload(f.paper)
        except FileNotFoundError:
            raise SubmissionError(
                f"Tệp “{f.original_name}” của giấy tờ “{f.component.name}” không còn; "
                "hãy tải lên lại."
            ) from None
        from_store = not f.file and f.paper_id is not None  # reuse (Thông tư 01/2023)
        out.append(dossiers.NewFile(upload, f.component_id, FileKind.COMPONENT, from_store))
    return out


@transaction.atomic
def draft_submit(
    draft: Draft,
    *,
    actor: User,
    assurance: str = AssuranceLevel.NONE,
    request: HttpRequest | None = None,
) -> Dossier:
    """File the draft as an online dossier, waiting in the receiving agency's queue.

    One transaction: the dossier with its code, components, files and fees due, the e-form
    answers, the draft marked as submitted, the audit record; the applicant's e-mail and SMS
    with the code go out after commit (tinhso.dossiers.notices). Submitting twice returns the
    dossier of the first time. `assurance` as for draft_start.
    """
    _applicant(actor)
    # of=self: the draft alone. Locking the joined procedure version too (FOR UPDATE) would
    # block every intake's commit-time foreign-key check on that version while this waits on
    # the day's sequence row that intake holds: a deadlock (tests/production/test_two_nodes).
    locked = (
        Draft.objects.select_for_update(of=("self",))
        .select_related("version__procedure", "receiving_agency")
        .get(pk=draft.pk)
    )
    if not user_owns_draft(actor, locked):
        raise SubmissionError("Không tìm thấy hồ sơ nháp của bạn.")
    if locked.dossier_id is not None:
        return locked.dossier
    # Components, fees and agencies read once for every rule below (intake.loaded).
    locked.version = version = intake.loaded(locked.version)
    if not files_online(version):
        raise SubmissionError("Thủ tục này không nhận hồ sơ trực tuyến.")
    assurance_check(version, assurance)
    if not version.is_in_force(timezone.localdate()):
        raise SubmissionError(
            "Thủ tục đã có phiên bản mới thay thế; hãy bắt đầu lại hồ sơ theo phiên bản mới."
        )
    definition = eforms.form_for_version(version)
    given = attached(locked)
    check = draft_check(locked, account=actor, definition=definition, given=given)
    if not check.ok:
        raise DraftIncomplete(check)
    answers = check.form.answers()
    files = list(given.values())
    with ExitStack() as stack:
        new = dossiers.NewDossier(
            version=version,
            receiving_agency=locked.receiving_agency,
            competent_agency=_competent(version, locked.receiving_agency),
            applicant=_applicant_info(actor, answers, definition),
            channel=Channel.ONLINE,
            received_components=covered(version, definition),
            files=_uploads(stack, files),
            # The fee due follows from these answers, on the server (tinhso.catalogue.fees).
            answers=answers,
            delivery_mode=locked.delivery_mode,
            postal_address=(
                locked.postal_address if locked.delivery_mode == DeliveryMode.POSTAL else ""
            ),
        )
        try:
            dossier = dossiers.dossier_create(new, actor=actor, request=request)
        except dossiers.DossierInputError as exc:
            raise SubmissionError("Chưa nộp được hồ sơ: " + "; ".join(exc.errors.values())) from exc
    answers_store(dossier, definition, answers)
    _discard(files)  # the dossier holds its own copies now
    locked.dossier = dossier
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["dossier", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="submission.submit",
        target=dossier,
        summary=f"Nộp trực tuyến từ hồ sơ nháp #{locked.pk}: {len(files)} tệp, tờ khai "
        f"“{definition.title}”",
        request=request,
    )
    return dossier
