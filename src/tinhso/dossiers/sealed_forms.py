"""Issued notices sealed with the issuing agency's organisation signature (issue 13 item 5;
docs/sealed-forms.md).

Legal basis: Nghị định 118/2025/NĐ-CP (giấy tờ, thông báo gửi tổ chức, cá nhân bằng phương
tiện điện tử có giá trị như bản giấy); Thông tư 03/2025/TT-VPCP Phụ lục I (Mẫu 01–05: the one-stop
issues Mẫu 01, 02, 03; the deciding agency issues Mẫu 04, 05); Luật Giao dịch điện tử
20/2023/QH15 Điều 22–23; Nghị định 30/2020/NĐ-CP Phụ lục I (the organisation's signature of a
document without a personal signature: field ChuKyVanThu, top right of page 1, no image,
"<số, ký hiệu>; <thời gian ký ISO 8601 +07:00>").

Rules chosen:
- the issuer of each form is the agency whose letterhead it prints (issuing_agency); only an
  officer of that agency who may print the form with the applicant's data seals it: the
  one-stop officer of the receiving agency for 01/02/03 and xac-nhan-rut, an officer holding
  an active role in the deciding agency for 04/05/tb-tu-choi, and in the step's agency for a
  Mẫu 02 asked during processing (its letterhead is that agency's) (may_seal);
- the seal is that agency's organisation certificate (a SEAL certificate in the HSM,
  RESULT_SEAL_PROVIDER — pkcs11 by default), in ChuKyVanThu: ChuKyCoQuan would need a prior
  personal signature (signatures.services.check_order), which these printed forms do not carry;
- a form is sealed once (unique dossier, form); the sealed PDF is what the applicant gets from
  then on (Hồ sơ của tôi, the e-mail attachment); staff keep the live print.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.accounts.access import active_roles
from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.dossiers import access, letters, paperwork
from tinhso.dossiers.access import Actor
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.models import Dossier, SealedForm
from tinhso.organisation.models import Agency
from tinhso.signatures import selectors as sig_selectors
from tinhso.signatures import services as sig_services
from tinhso.signatures.appearance import Appearance
from tinhso.signatures.providers.base import FIELD_CLERK, SignRequest

# Forms the one-stop (Bộ phận Một cửa of the receiving agency) issues, and those the deciding
# agency issues with the action that decided them (Thông tư 03/2025/TT-VPCP Phụ lục I).
ONE_STOP_FORMS = ("01", "02", "03", paperwork.WITHDRAWAL)
DECISION_FORMS = {
    "04": Action.EXTEND,
    "05": Action.STOP,
    paperwork.NOTICE_REFUSAL: Action.REFUSE,
}
SEALABLE = (*ONE_STOP_FORMS, *DECISION_FORMS)
REFERENCE_SUFFIX = {"01": "GTN", "02": "YCBS", "03": "TC", paperwork.WITHDRAWAL: "XNRHS"}


class SealError(Exception):
    """A sealing that cannot be done; Vietnamese message."""


def issuing_agency(dossier: Dossier, form: str) -> Agency | None:
    """The agency that issues `form` of `dossier` (the letterhead the form prints)."""
    if form == "02":  # a request made during processing prints the step's agency
        event = (
            dossier.events.filter(action=Action.REQUEST_SUPPLEMENT)
            .select_related("step__agency")
            .order_by("-at", "-id")
            .first()
        )
        if event and event.step is not None and event.from_status != Status.SUBMITTED:
            return event.step.agency
        return dossier.receiving_agency
    if form in ONE_STOP_FORMS:
        return dossier.receiving_agency
    if form == "04":  # the agency that asked for the extension (paperwork_letters.apology)
        event = dossier.events.filter(action=Action.EXTEND).order_by("-at", "-id").first()
        agency_id = event.data.get("agency_id") if event else None
        found = Agency.objects.filter(pk=agency_id).first() if agency_id else None
        return found or dossier.competent_agency
    if form in DECISION_FORMS:
        return dossier.competent_agency
    return None


def may_seal(user: User, dossier: Dossier, form: str) -> bool:
    """Who seals an issued form: an officer of its issuing agency allowed to print it with the
    applicant's data — for the one-stop forms the one-stop officer of the receiving agency."""
    if form not in SEALABLE or form not in dict(paperwork.available_forms(dossier)):
        return False
    if not access.user_sees_personal_data(user, dossier):
        return False
    agency = issuing_agency(dossier, form)
    if agency is None:
        return False
    if form in ONE_STOP_FORMS and agency.pk == dossier.receiving_agency_id:
        return Actor.RECEPTION in access.actors_of(user, dossier)
    return any(r.agency_id == agency.pk for r in active_roles(user))


def _reissued_after(dossier: Dossier, form: str, moment: datetime) -> bool:
    """A later action issued `form` again (a second extension reprints Mẫu 04 …): the sealed
    version is out of date (paperwork.ISSUED_BY)."""
    actions = [a for a, forms in paperwork.ISSUED_BY.items() if form in forms]
    return dossier.events.filter(action__in=actions, at__gt=moment).exists()


def sealed(dossier: Dossier, form: str) -> SealedForm | None:
    """The sealed version of `form` that is still the issued one (None when out of date)."""
    row = SealedForm.objects.filter(dossier=dossier, form=form).first()
    if row is None or _reissued_after(dossier, form, row.sealed_at):
        return None
    return row


def sealed_pdf(dossier: Dossier, form: str) -> bytes | None:
    """The sealed version of `form`, if it was sealed (what the applicant gets)."""
    found = sealed(dossier, form)
    if found is None:
        return None
    with found.file.storage.open(found.file.name, "rb") as raw:
        return bytes(raw.read())


def form_reference(dossier: Dossier, form: str) -> str:
    """The number/symbol the form prints (the register's for decided letters)."""
    if form in DECISION_FORMS:
        event = dossier.events.filter(action=DECISION_FORMS[form]).order_by("-at", "-id").first()
        letter = letters.letter_of_event(event.pk if event else None)
        if letter is not None:
            return letter.reference
    return paperwork._number(dossier, REFERENCE_SUFFIX.get(form, form.upper()))


def seal_form(dossier: Dossier, form: str, user: User) -> SealedForm:
    """ "Đóng dấu số" of an issued form: the issuing agency's seal (HSM) in ChuKyVanThu, the
    signed PDF stored with its evidence code in one transaction, audited."""
    if form not in SEALABLE or form not in dict(paperwork.available_forms(dossier)):
        raise SealError("Hồ sơ này không có biểu mẫu đó để đóng dấu số.")
    if not may_seal(user, dossier, form):
        raise SealError("Bạn không thuộc cơ quan ban hành biểu mẫu này nên không được đóng dấu số.")
    if sealed(dossier, form) is not None:
        raise SealError("Biểu mẫu này đã được đóng dấu số.")
    agency = issuing_agency(dossier, form)
    cert = sig_selectors.usable_certificate(agency_id=agency.pk if agency else None)
    if cert is None:
        raise SealError("Cơ quan ban hành chưa có con dấu số (chứng thư số) còn hiệu lực.")
    pdf = paperwork.form_pdf(dossier, form, personal=True)
    if pdf is None:
        raise SealError("Hồ sơ này chưa có biểu mẫu đó.")
    request = SignRequest(
        pdf=pdf,
        field_name=FIELD_CLERK,
        signer_id=user.pk,
        certificate_id=cert.pk,
        reason=f"Đóng dấu số {paperwork.FORMS[form]} – hồ sơ {dossier.code}",
        appearance=Appearance(text=form_reference(dossier, form)),
    )
    outcome = sig_services.sign_now(request, getattr(settings, "RESULT_SEAL_PROVIDER", "pkcs11"))
    if outcome.status != "signed" or outcome.pdf is None:
        raise SealError(outcome.message or "Đóng dấu số không thành công.")
    name = paperwork.form_filename(dossier, form).removesuffix(".pdf") + "-da-dong-dau.pdf"
    try:
        with transaction.atomic():
            Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
            if sealed(dossier, form) is not None:
                raise SealError("Biểu mẫu này đã được đóng dấu số.")
            # One row per (dossier, form): an out-of-date sealed version is replaced.
            row = SealedForm.objects.filter(dossier=dossier, form=form).first() or SealedForm(
                dossier=dossier, form=form
            )
            replaces = row.evidence_code
            row.evidence_code = outcome.evidence_code
            row.sealed_at = timezone.now()
            row.sealed_by = user
            row.file.save(name, ContentFile(outcome.pdf), save=False)
            delete_on_rollback(row.file.storage, row.file.name or "")
            row.save()
            audit_record(
                actor=user,
                action="dossier.form_sealed",
                target=dossier,
                summary=f"Đóng dấu số {paperwork.FORMS[form]} ({agency})",
                changes={
                    "form": form,
                    "evidence": outcome.evidence_code,
                    "file": row.file.name,
                    "replaces": replaces,
                },
            )
    except IntegrityError as exc:
        raise SealError("Biểu mẫu này đã được đóng dấu số.") from exc
    return row


def panel(dossier: Dossier, user: User) -> list[dict[str, object]]:
    """The dossier page's "Biểu mẫu" rows: each available form, its sealed version if any and
    whether this user may seal it now."""
    done = {s.form: s for s in SealedForm.objects.filter(dossier=dossier)}
    done = {n: s for n, s in done.items() if not _reissued_after(dossier, n, s.sealed_at)}
    rows: list[dict[str, object]] = []
    for number, label in paperwork.available_forms(dossier):
        row = done.get(number)
        rows.append(
            {
                "number": number,
                "label": label,
                "sealed": row,
                "can_seal": row is None and number in SEALABLE and may_seal(user, dossier, number),
            }
        )
    return rows
