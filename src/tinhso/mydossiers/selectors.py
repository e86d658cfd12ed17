"""What an applicant reads of their own dossiers.

Every query starts from tinhso.dossiers.access.own_dossiers: the dossiers filed by the
user's own account; another person's dossier is "not found". The
timeline as the applicant reads it is the dossiers' rule (tinhso.dossiers.timeline), shared
with /api/v1/dossiers.
"""

from django.db.models import Exists, OuterRef, QuerySet

from tinhso.accounts.models import User
from tinhso.catalogue.constants import DeliveryMode
from tinhso.dossiers import paperwork
from tinhso.dossiers import selectors as dossier_selectors
from tinhso.dossiers.access import applicant_may_download, own_dossiers
from tinhso.dossiers.constants import FINAL_STATUSES, Action, FileKind, Status
from tinhso.dossiers.models import Dossier, DossierEvent, DossierFile
from tinhso.dossiers.timeline import Entry as Entry
from tinhso.dossiers.timeline import applicant_timeline as applicant_timeline
from tinhso.dossiers.timeline import delivery_label
from tinhso.mydossiers.constants import Attention
from tinhso.mydossiers.models import SupplementDraft
from tinhso.ratings.constants import RATEABLE_STATUSES


def my_dossiers(user: User, status: str | None = None) -> QuerySet[Dossier]:
    """The user's own dossiers, newest first, with `has_result` for the list's badges."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    results = DossierFile.objects.filter(dossier=OuterRef("pk"), kind=FileKind.RESULT)
    qs = (
        own_dossiers(user)
        .select_related("procedure_version")
        .annotate(has_result=Exists(results))
        .order_by("-submitted_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def my_dossier(user: User, code: str) -> Dossier | None:
    """One of the user's own dossiers; None both when missing and when it is someone else's."""
    if not user.is_authenticated or len(code) > 40:
        return None
    return (
        my_dossiers(user)
        .select_related("receiving_agency", "competent_agency", "current_step")
        .filter(code=code)
        .first()
    )


def attention(dossier: Dossier, *, rated: bool) -> list[Attention]:
    """What needs the applicant: a supplement to send, a result to collect, a rating to give."""
    found = []
    if dossier.status == Status.AWAITING_SUPPLEMENT:
        found.append(Attention.SUPPLEMENT)
    has_result = getattr(dossier, "has_result", None)
    if has_result is None:
        has_result = dossier.files.filter(kind=FileKind.RESULT).exists()
    if dossier.status == Status.RESULT_READY or (dossier.status == Status.RETURNED and has_result):
        found.append(Attention.RESULT)
    if dossier.status in RATEABLE_STATUSES and not rated:  # every closed dossier is rated
        found.append(Attention.RATE)
    return found


def supplement_request(dossier: Dossier) -> DossierEvent | None:
    """The latest request to supplement (its note lists what is missing, Mẫu 02)."""
    return dossier.events.filter(action=Action.REQUEST_SUPPLEMENT).order_by("-at", "-id").first()


def submitted_files(dossier: Dossier) -> list[DossierFile]:
    """The papers of the dossier (uploaded, scanned at the counter, supplemented)."""
    return list(
        dossier.files.exclude(kind=FileKind.RESULT)
        .select_related("component")
        .order_by("uploaded_at", "id")
    )


def result_files(dossier: Dossier) -> list[DossierFile]:
    """The electronic result, once it has been returned (trả kết quả)."""
    if dossier.status != Status.RETURNED:
        return []
    # Issue 13: the signed version only, not the unsigned original it replaced.
    superseded = dossier_selectors.superseded_results(dossier)
    return list(
        dossier.files.filter(kind=FileKind.RESULT)
        .exclude(pk__in=superseded)
        .order_by("uploaded_at", "id")
    )


def downloadable(dossier: Dossier, file_id: int) -> DossierFile | None:
    """A file of this dossier the applicant may download, or None."""
    stored = dossier.files.filter(pk=file_id).first()
    if stored is None or not applicant_may_download(stored):
        return None
    if stored.kind == FileKind.RESULT and stored.pk in dossier_selectors.superseded_results(
        dossier
    ):
        return None  # the unsigned original of a signed result (issue 13)
    return stored


def drafts(dossier: Dossier, owner: User) -> list[SupplementDraft]:
    return list(
        SupplementDraft.objects.filter(dossier=dossier, owner=owner).select_related("component")
    )


def delivery_choices(dossier: Dossier) -> list[tuple[str, str]]:
    modes = dossier.procedure_version.delivery_modes or [DeliveryMode.COUNTER]
    return [(m, delivery_label(m)) for m in modes if m in DeliveryMode.values]


def can_change_delivery(dossier: Dossier) -> bool:
    return dossier.status not in FINAL_STATUSES and len(delivery_choices(dossier)) > 1


def issued_forms(dossier: Dossier) -> list[tuple[str, str]]:
    """(number, title) of the forms and notices issued to the applicant so far (Mẫu 01–05 and
    what tinhso.dossiers.paperwork adds), for Hồ sơ của tôi (issue 12 item 15)."""
    return paperwork.applicant_forms(dossier)


def issued_form_pdf(dossier: Dossier, number: str) -> bytes | None:
    """The PDF of one issued form, with the applicant's personal data (personal=True: the
    reader is the applicant, checked by the caller through my_dossier); None if not issued."""
    if number not in dict(paperwork.applicant_forms(dossier)):
        return None
    return paperwork.applicant_form_pdf(dossier, number)  # the sealed version when sealed
