"""Reads for online submission: where a procedure may be filed, a citizen's own drafts."""

from django.db.models import QuerySet

from tinhso.accounts.models import User
from tinhso.catalogue.constants import CompetentLevel, DeliveryMode, FeeDueAt, OnlineLevel
from tinhso.catalogue.models import ProcedureVersion
from tinhso.core import money
from tinhso.dossiers.models import Dossier
from tinhso.organisation.constants import AgencyKind
from tinhso.organisation.models import Agency
from tinhso.submission.access import own_drafts
from tinhso.submission.constants import ONLINE_LEVELS
from tinhso.submission.models import Draft


def files_online(version: ProcedureVersion) -> bool:
    """Toàn trình or một phần (Nghị định 42/2022/NĐ-CP Điều 11); not "truc_tiep"."""
    return version.online_level in ONLINE_LEVELS


def receiving_choices(version: ProcedureVersion) -> list[Agency]:
    """Where an online dossier of this version may be addressed.

    The agencies the procedure names; a commune-level procedure without named agencies is
    decided by every commune or ward, so the citizen picks theirs. Reception does not depend
    on where the citizen lives within the province (Nghị định 118/2025/NĐ-CP).
    """
    named = [a for a in version.agencies.all() if a.is_active]
    if named:
        return sorted(named, key=lambda a: a.name)
    if version.competent_level == CompetentLevel.COMMUNE:
        return list(Agency.objects.filter(kind=AgencyKind.UBND_XA, is_active=True).order_by("name"))
    return []


def is_receiving_choice(version: ProcedureVersion, agency: Agency | None) -> bool:
    """`agency` is among receiving_choices(version), without listing every commune."""
    if agency is None:
        return False
    named = [a for a in version.agencies.all() if a.is_active]
    if named:
        return agency in named
    if version.competent_level == CompetentLevel.COMMUNE:
        return agency.kind == AgencyKind.UBND_XA and agency.is_active
    return False


def drafts_of(user: User) -> QuerySet[Draft]:
    """The user's drafts not yet submitted, most recently saved first."""
    return (
        own_drafts(user)
        .filter(dossier__isnull=True, submitted_at__isnull=True)
        .select_related("version", "version__procedure", "receiving_agency")
    )


def draft_for(user: User, draft_id: int) -> Draft | None:
    """The user's own draft (submitted or not); None when missing or someone else's."""
    return (
        own_drafts(user)
        .filter(pk=draft_id)
        .select_related("version", "version__procedure", "receiving_agency", "dossier")
        .first()
    )


def next_steps(dossier: Dossier) -> list[str]:
    """What happens after an online submission, and what the applicant still has to do.

    Reception checks the dossier and either receives it with an appointment date or lists
    everything missing at once (Nghị định 118/2025/NĐ-CP; regulations.md §1.2–1.3). A "một
    phần" service keeps an in-person step (Nghị định 42/2022/NĐ-CP Điều 11).
    """
    version = dossier.procedure_version
    agency = dossier.receiving_agency.name
    steps = [
        f"{agency} kiểm tra hồ sơ trong giờ hành chính. Nếu hồ sơ đầy đủ, bạn nhận thư điện tử "
        "hoặc tin nhắn có ngày hẹn trả kết quả; nếu cần bổ sung, thông báo nêu đầy đủ các giấy "
        "tờ cần bổ sung trong một lần."
    ]
    if version.online_level == OnlineLevel.PARTIAL:
        originals = [c.name for c in dossier.components.all() if c.originals]
        text = f"Thủ tục này là dịch vụ công trực tuyến một phần: bạn cần đến {agency}"
        if originals:
            text += " và mang theo bản chính để đối chiếu: " + "; ".join(originals)
        steps.append(text + ".")
    if dossier.fees_due:
        amount = money.dong(dossier.fees_due)
        text = f"Phí, lệ phí theo quy định: {amount} (trừ trường hợp được miễn, giảm), "
        online = "; thanh toán trực tuyến trên Cổng (trang hồ sơ) hoặc tại Bộ phận Một cửa."
        # the workflow holds reception, or the result, until it is paid (dossiers.workflow)
        if version.fee_due_at == FeeDueAt.BEFORE_RECEPTION:
            steps.append(text + "nộp trước khi hồ sơ được tiếp nhận" + online)
        elif version.fee_due_at == FeeDueAt.BEFORE_RESULT:
            steps.append(text + "nộp trước khi nhận kết quả" + online)
        else:
            steps.append(text + "nộp theo hướng dẫn của cơ quan tiếp nhận.")
    match dossier.delivery_mode:
        case DeliveryMode.POSTAL:
            steps.append(f"Kết quả được gửi qua bưu chính công ích đến: {dossier.postal_address}.")
        case DeliveryMode.ELECTRONIC:
            steps.append("Kết quả điện tử được trả vào kho dữ liệu của bạn trên Cổng.")
        case _:
            steps.append(f"Bạn nhận kết quả trực tiếp tại Bộ phận Một cửa của {agency}.")
    return steps
