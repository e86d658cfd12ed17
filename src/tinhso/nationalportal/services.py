"""Receiving dossiers filed on the Cổng Dịch vụ công quốc gia (national public-service portal).

A dossier filed there reaches the receiving agency's one-stop section like any other channel
and waits in its reception queue (Nghị định 118/2025/NĐ-CP: the one-stop section receives
dossiers submitted directly, by post or online, including through the national portal). It
gets the receiving agency's dossier code (Thông tư 03/2025/TT-VPCP); the portal's code is kept
as the cross-reference, so one submission is one dossier (regulations.md §2.1).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.validators import normalise_digits
from tinhso.audit.services import audit_record
from tinhso.dossiers.constants import Action, Channel
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import ApplicantInfo, DossierInputError, NewDossier, dossier_create
from tinhso.nationalportal import outbox, selectors
from tinhso.nationalportal.checks import Checked, IntakeRejected, check
from tinhso.nationalportal.models import PortalDossier
from tinhso.nationalportal.schemas import PortalDossierIn

__all__ = ["Intake", "IntakeRejected", "dossier_receive"]

# dossier_create's error keys → the fields of our JSON shape.
_FIELDS = {
    "applicant_name": "applicant.name",
    "procedure": "procedure_code",
    "files": "components",
}


@dataclass
class Intake:
    portal_dossier: PortalDossier
    dossier: Dossier
    created: bool


def dossier_receive(
    data: PortalDossierIn, *, body_sha256: str, request: HttpRequest | None = None
) -> Intake:
    """Receive one dossier from the national portal, or return the one already received under
    the same portal code (created=False). Raises IntakeRejected listing every problem.

    The link row is inserted first, in a savepoint: of two concurrent requests for the same
    code, the second waits on the unique index, then finds the first one's dossier.
    """
    existing = selectors.portal_dossier_by_external_id(data.external_id)
    if existing is not None and existing.dossier is not None:
        return Intake(existing, existing.dossier, created=False)
    checked = check(data)
    with transaction.atomic():
        try:
            with transaction.atomic():
                link = PortalDossier.objects.create(
                    external_id=data.external_id,
                    procedure_code=data.procedure_code,
                    receiving_agency_code=data.receiving_agency,
                    identity_account_id=data.applicant.identity_account_id.strip(),
                    submitted_at=data.submitted_at,
                    eform=data.eform,
                    fees=checked.payload["fees"],
                    payload=checked.payload,
                    body_sha256=body_sha256,
                )
        except IntegrityError:
            link = None
        if link is None:
            existing = selectors.portal_dossier_by_external_id(data.external_id)
            assert existing is not None and existing.dossier is not None
            return Intake(existing, existing.dossier, created=False)
        dossier = _create_dossier(data, checked, request)
        link.dossier = dossier
        link.save(update_fields=["dossier"])
        # Its first message: the dossier and the link are this transaction's; the submission
        # event is at submitted_at (dossier_create).
        outbox.queue_first_status(dossier, link=link, action=Action.SUBMIT, at=dossier.submitted_at)
        audit_record(
            actor=None,
            action="nationalportal.receive",
            target=dossier,
            summary=(
                f"Nhận hồ sơ {dossier.code} từ Cổng Dịch vụ công quốc gia "
                f"(mã trên Cổng: {data.external_id}): {checked.version.name}"
            )[:500],
            changes={"external_id": data.external_id, "files": len(checked.files)},
            request=request,
        )
    return Intake(link, dossier, created=True)


def _create_dossier(
    data: PortalDossierIn, checked: Checked, request: HttpRequest | None
) -> Dossier:
    a = data.applicant
    new = NewDossier(
        version=checked.version,
        receiving_agency=checked.receiving,
        competent_agency=checked.competent,
        applicant=ApplicantInfo(
            name=a.name,
            cccd=normalise_digits(a.cccd) or normalise_digits(a.tax_code),
            phone=a.phone,
            email=a.email,
            address=a.address,
            account=checked.account,
        ),
        channel=Channel.NATIONAL_PORTAL,
        files=checked.files,
        answers=data.eform if isinstance(data.eform, dict) else {},
        fees_paid=sum(f.amount for f in data.fees),
        # What is due follows from the e-form as filed on the portal (tinhso.catalogue.fees).
        filed_on=timezone.localdate(data.submitted_at),
        delivery_mode=data.delivery_mode,
        postal_address=data.postal_address,
        note=f"Nộp trên Cổng Dịch vụ công quốc gia, mã hồ sơ trên Cổng: {data.external_id}.",
    )
    try:
        return dossier_create(new, actor=None, request=request)
    except DossierInputError as exc:
        raise IntakeRejected([(_FIELDS.get(k, k), m) for k, m in exc.errors.items()]) from exc
