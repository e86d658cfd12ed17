"""Creating dossiers and moving them through the state machine of tinhso.dossiers.workflow.

Every change runs in one transaction, locks the dossier row, appends a DossierEvent to the
timeline, writes the audit record and runs what the change sets off, in the order listed in
tinhso.dossiers.reactions (national portal, document store, the applicant's notice, statistics).
"""

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.catalogue.constants import DeliveryMode
from tinhso.catalogue.fees import FeeChoice
from tinhso.catalogue.models import ProcedureVersion
from tinhso.catalogue.process import plan_of
from tinhso.core import cache_keys
from tinhso.core.files import file_keep
from tinhso.dossiers import intake, letters, reactions, result_signing
from tinhso.dossiers.access import Actor, actors_of, user_is_delivery_party
from tinhso.dossiers.constants import (
    FINAL_STATUSES,
    Action,
    FileKind,
    Status,
)
from tinhso.dossiers.effects import EFFECTS

# The shapes of a submission, kept importable from here for the channels.
from tinhso.dossiers.intake import ApplicantInfo as ApplicantInfo
from tinhso.dossiers.intake import DossierInputError as DossierInputError
from tinhso.dossiers.intake import NewDossier as NewDossier
from tinhso.dossiers.intake import NewFile as NewFile
from tinhso.dossiers.intake import competent_agencies as competent_agencies
from tinhso.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierFile,
    DossierSequence,
)
from tinhso.dossiers.workflow import (
    DossierTransition,
    NotAllowed,
    TransitionError,
    transition_for,
)
from tinhso.organisation.models import Agency

# --- codes ----------------------------------------------------------------------------------


def next_sequence(agency: Agency, day: date) -> int:
    """The next number of the agency's dossiers on `day`, atomically.

    One statement on both PostgreSQL and SQLite ≥ 3.35: concurrent receptions each get their
    own number, because the upsert takes the row lock (PostgreSQL) or the write lock (SQLite).
    """
    table = DossierSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [agency.pk, day],
        )
        return int(cursor.fetchone()[0])


def dossier_code(agency: Agency, day: date, sequence: int) -> str:
    """`<agency identifier>-<yyMMdd>-<sequence>` (QĐ 20/2020/QĐ-TTg identifier; TT 03/2025)."""
    return f"{agency.code}-{day:%y%m%d}-{sequence:04d}"


# --- creation ------------------------------------------------------------------------------


def _plan_snapshot(version: ProcedureVersion, competent: Agency) -> list[dict[str, Any]]:
    return [
        {
            "order": p.order,
            "name": p.name,
            "agency_id": p.agency.pk if p.agency else competent.pk,
            "department_id": p.department.pk if p.department else None,
            "role": p.role,
            "allotted": str(p.allotted),
        }
        for p in plan_of(version)
    ]


# A code the dossier carries only until its number is taken, at the end of dossier_create.
PROVISIONAL_PREFIX = "~"


@transaction.atomic
def dossier_create(
    new: NewDossier, *, actor: User | None, request: HttpRequest | None = None
) -> Dossier:
    """A dossier in `submitted` (chờ tiếp nhận), with its components, files and code.

    The procedure version's components, fees and agencies are read once (intake.loaded). The
    number is gap-free per agency and day (the tests hold numbers 1…n under parallel
    receptions), so it is taken in this transaction under the sequence row's lock, which
    then lasts until commit: it is taken as late as it can be, after the components and the
    files are written, just before the first thing that shows the code (the timeline's
    event, the audit record, the reactions' notices and portal message). Until then the row
    carries a provisional unique code no one sees.
    """
    new = dataclasses.replace(new, version=intake.loaded(new.version))
    competent, fees = intake.submission_checked(new, actor)
    now = timezone.now()
    version = new.version
    day = timezone.localdate(now)
    a = new.applicant
    dossier = Dossier.objects.create(
        code=PROVISIONAL_PREFIX + uuid.uuid4().hex[:30],
        procedure_version=version,
        receiving_agency=new.receiving_agency,
        competent_agency=competent,
        channel=new.channel,
        applicant=a.account,
        applicant_name=a.name.strip(),
        applicant_cccd=a.cccd.strip(),
        applicant_phone=a.phone.strip(),
        applicant_email=a.email.strip(),
        applicant_address=a.address.strip(),
        delivery_mode=new.delivery_mode,
        postal_address=new.postal_address.strip(),
        fees_due=fees.total,
        fee_lines=fees.as_json(),
        fees_paid=new.fees_paid,
        note=new.note,
        submitted_at=now,
        plan=_plan_snapshot(version, competent),
    )
    components = DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            spec=spec,
            order=spec.order,
            name=spec.name,
            required=spec.required,
            originals=spec.originals,
            copies=spec.copies,
            received=spec.pk in new.received_components,
        )
        for spec in version.components.all()
    )
    by_spec = {c.spec_id: c for c in components}
    for f in new.files:
        _store_file(dossier, f, actor, by_spec.get(f.component_spec_id))
    # The papers taken from the data store (Thông tư 01/2023/TT-VPCP reuse; statistics' 766).
    reused = sorted(
        {
            by_spec[f.component_spec_id].pk
            for f in new.files
            if f.from_store and f.component_spec_id in by_spec
        }
    )
    dossier.code = dossier_code(new.receiving_agency, day, next_sequence(new.receiving_agency, day))
    Dossier.objects.filter(pk=dossier.pk).update(code=dossier.code)
    event = _event(
        dossier,
        actor,
        Action.SUBMIT,
        "",
        Status.SUBMITTED,
        now,
        note=new.note,
        data=_fee_data(fees, new) | ({"reused_components": reused} if reused else {}),
    )
    audit_record(
        actor=actor,
        action="dossier.submit",
        target=dossier,
        summary=f"Nộp hồ sơ {dossier.code}: {version.name} ({dossier.get_channel_display()})",
        request=request,
    )
    reactions.react(event)
    return dossier


def _fee_data(fees: FeeChoice, new: NewDossier) -> dict[str, Any]:
    """What the submission event records of the fees: which lines, chosen how, and why more
    was collected when it was."""
    data: dict[str, Any] = {
        "fees_due": fees.total,
        "fee_lines": [line.id for line in fees.lines],
        "fees_chosen_by": fees.how,
    }
    if fees.unresolved:
        data["fees_unresolved"] = list(fees.unresolved)
    if new.fees_reason.strip():
        data["fees_reason"] = new.fees_reason.strip()
    return data


def _store_file(
    dossier: Dossier, f: NewFile, actor: User | None, component: DossierComponent | None
) -> DossierFile:
    """Keep one file: its type from its bytes, a random stored name, and no file left on disk
    if the transaction rolls back (the original name is only shown)."""
    types = intake.component_types(component) if component is not None else None
    try:
        checked = intake.file_check(f.upload, types)
    except intake.FileRefused as exc:
        raise DossierInputError({"files": str(exc)}) from exc
    stored = DossierFile(
        dossier=dossier,
        component=component,
        kind=f.kind,
        original_name=checked.display_name[:255],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    file_keep(stored.file, checked.stored_name(), f.upload)
    stored.save()
    if component is not None and not component.received:
        component.received = True
        component.save(update_fields=["received"])
    return stored


@transaction.atomic
def dossier_attach(
    dossier: Dossier, files: list[NewFile], *, actor: User | None
) -> list[DossierFile]:
    """Add files (scans, supplements, the result) to a dossier, on the record."""
    components = {c.spec_id: c for c in dossier.components.all()}
    stored = [_store_file(dossier, f, actor, components.get(f.component_spec_id)) for f in files]
    audit_record(
        actor=actor,
        action="dossier.attach",
        target=dossier,
        summary=f"Thêm {len(stored)} tệp: " + ", ".join(s.original_name for s in stored),
    )
    return stored


def _event(dossier, actor, action, from_status, to_status, at, note="", data=None, step=None):
    user = actor if getattr(actor, "is_authenticated", False) else None
    # Every change of a dossier is recorded here: what is cached of it is stale from now on
    # (its public tracking page, tinhso.dossiers.tracking_page).
    cache_keys.bump(cache_keys.dossier(dossier.code))
    return DossierEvent.objects.create(
        dossier=dossier,
        at=at,
        actor=user,
        actor_label=(user.full_name or user.get_username()) if user else "Hệ thống",
        action=action,
        from_status=from_status,
        to_status=to_status,
        step=step,
        note=note,
        data=data or {},
    )


def dossier_act(
    dossier: Dossier,
    action: str,
    *,
    actor: User,
    note: str = "",
    data: dict[str, Any] | None = None,
    files: Sequence[NewFile] = (),
    request: HttpRequest | None = None,
) -> Dossier:
    """Take `action` on the dossier as `actor`, or raise TransitionError changing nothing.

    `files` come with the action in the same transaction: the result (FileKind.RESULT) when
    approving or returning it, the supplement (FileKind.SUPPLEMENT) when it is received.
    """
    return _act(dossier, action, actor, note, data, files, request)


def dossier_system_act(
    dossier: Dossier, action: str, *, note: str, data: dict[str, Any] | None = None
) -> Dossier:
    """Take a row of the table marked `system` (e.g. the stop of a dossier whose supplement
    deadline passed, tinhso.dossiers.deadlines): the same transaction, timeline and audit as
    dossier_act, with no user — the timeline says "Hệ thống", the audit has no actor."""
    return _act(dossier, action, None, note, data, (), None)


def _act(
    dossier: Dossier,
    action: str,
    actor: User | None,
    note: str,
    data: dict[str, Any] | None,
    files: Sequence[NewFile],
    request: HttpRequest | None,
) -> Dossier:
    note = (note or "").strip()
    data = dict(data or {})
    with transaction.atomic():
        # What the reactions read of every change (the portal message's codes, the notice's
        # applicant) comes with the row; only the row is locked.
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related(
                "procedure_version__procedure",
                "current_step",
                "receiving_agency",
                "competent_agency",
                "applicant",
            )
            .get(pk=dossier.pk)
        )
        t: DossierTransition = transition_for(locked, action, actor)
        if t.needs_note and not note:
            raise TransitionError(f"Hãy ghi rõ nội dung, lý do khi '{t.action.label}'.")
        _files_with_action(locked, t, actor, files, data)
        now = timezone.now()
        before = locked.status
        step_before = locked.current_step
        data["note"] = note
        EFFECTS[t.action](locked, actor, now, data)
        data.pop("note")
        locked.status = t.target
        locked.save()
        event = _event(
            locked,
            actor,
            t.action,
            before,
            t.target,
            now,
            note=note,
            data=_jsonable(data),
            step=step_before or locked.current_step,
        )
        letters.link_event(event)
        audit_record(
            actor=actor,
            action=f"dossier.{t.action}",
            target=locked,
            summary=f"{t.action.label}: {Status(before).label} → {Status(t.target).label}",
            changes={"status": [before, t.target], **({"note": note} if note else {})},
            request=request,
        )
        reactions.react(event)
    return locked


class IncompleteSupplement(TransitionError):
    """An applicant's supplement without the papers it must carry (tinhso.dossiers.intake)."""


# Which files may come with which action.
FILES_OF_ACTION = {
    Action.APPROVE: FileKind.RESULT,
    Action.RETURN_RESULT: FileKind.RESULT,
    Action.SUPPLEMENT_RECEIVED: FileKind.SUPPLEMENT,
}


def _files_with_action(
    dossier: Dossier,
    t: DossierTransition,
    actor: User | None,
    files: Sequence[NewFile],
    data: dict[str, Any],
) -> None:
    """Check and keep the files that come with the action; an applicant's supplement must be
    complete (intake.supplement_check) whatever channel it comes through — the page, the API
    or anything else — because receiving it restarts the legal clock (ND 118/2025)."""
    kind = FILES_OF_ACTION.get(t.action)
    if files and (kind is None or any(f.kind != kind for f in files)):
        raise TransitionError(
            "Chỉ đính kèm tệp kết quả khi phê duyệt hoặc trả kết quả, "
            "tệp bổ sung khi nhận hồ sơ bổ sung."
        )
    components = list(dossier.components.select_related("spec"))
    by_spec = {c.spec_id: c for c in components if c.spec_id is not None}
    if t.action == Action.SUPPLEMENT_RECEIVED and Actor.RECEPTION not in actors_of(actor, dossier):
        answered = {
            by_spec[f.component_spec_id].pk for f in files if f.component_spec_id in by_spec
        }
        check = intake.supplement_check(components, answered, files=len(files))
        if not check.ok:
            raise IncompleteSupplement(check.message())
        data["components"] = sorted(answered)  # what the files are for, not what was claimed
    if t.action == Action.RETURN_RESULT:
        result_signing.check_attached_at_return(files)  # issue 13 item 5: no unsigned bypass
    if not files:
        return
    try:
        stored = [_store_file(dossier, f, actor, by_spec.get(f.component_spec_id)) for f in files]
    except DossierInputError as exc:
        raise TransitionError(str(exc)) from exc
    data["files"] = [s.original_name for s in stored]
    audit_record(
        actor=actor,
        action="dossier.attach",
        target=dossier,
        summary=f"Thêm {len(stored)} tệp: " + ", ".join(s.original_name for s in stored),
    )


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, date | datetime):
            out[key] = value.isoformat()
        elif isinstance(value, set):
            out[key] = sorted(value)
        else:
            out[key] = value
    return out


@transaction.atomic
def counter_receive(new: NewDossier, *, actor: User, request: HttpRequest | None = None) -> Dossier:
    """Walk-in reception at the counter: create the dossier and receive it, or neither."""
    dossier = dossier_create(new, actor=actor, request=request)
    return dossier_act(dossier, Action.RECEIVE, actor=actor, request=request)


# --- how the result is delivered ------------------------------------------------------------


def delivery_change(
    dossier: Dossier,
    *,
    mode: str,
    postal_address: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Dossier:
    """Change how the result is returned: at the counter, by public post, or electronically.

    Nghị định 118/2025/NĐ-CP lets the applicant receive the result directly, through the
    public postal service or electronically; the choice is among the modes the procedure
    version offers and may change only until the result is returned (a closed dossier has
    nothing left to deliver). The applicant, or the one-stop officer of the receiving agency
    on the applicant's request, may change it. Raises DossierInputError (bad mode or
    address), NotAllowed (someone else) or TransitionError (too late), changing nothing.
    """
    mode = (mode or "").strip()
    postal_address = (postal_address or "").strip()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version")
            .get(pk=dossier.pk)
        )
        if not user_is_delivery_party(actor, locked):
            raise NotAllowed(
                "Chỉ người nộp hồ sơ hoặc cán bộ một cửa nơi tiếp nhận được đổi hình thức "
                "nhận kết quả."
            )
        if locked.status in FINAL_STATUSES:
            raise TransitionError(
                "Không thể đổi hình thức nhận kết quả khi hồ sơ đang ở trạng thái "
                f"'{Status(locked.status).label}'."
            )
        errors = intake.delivery_errors(locked.procedure_version, mode, postal_address)
        if "delivery_mode" in errors:
            errors["mode"] = errors.pop("delivery_mode")
        if errors:
            raise DossierInputError(errors)
        if mode != DeliveryMode.POSTAL:
            postal_address = ""
        before = {"delivery_mode": locked.delivery_mode, "postal_address": locked.postal_address}
        locked.delivery_mode = mode
        locked.postal_address = postal_address
        locked.save(update_fields=["delivery_mode", "postal_address"])
        audit_record(
            actor=actor,
            action="dossier.delivery_change",
            target=locked,
            summary=f"Đổi hình thức nhận kết quả: {DeliveryMode(mode).label}",
            changes={
                "delivery_mode": [before["delivery_mode"], mode],
                "postal_address": [before["postal_address"], postal_address],
            },
            request=request,
        )
    return locked
