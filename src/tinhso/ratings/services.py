"""Recording the applicant's satisfaction with the handling of their dossier.

Legal basis (see /work/shared/reference/regulations.md §1.1 step 6, §1.6, §9.1):
- Nghị định 118/2025/NĐ-CP (thực hiện TTHC theo cơ chế một cửa, một cửa liên thông), which
  replaced Nghị định 61/2018/NĐ-CP and keeps its evaluation of TTHC handling by the people and
  businesses concerned as the last step of the one-stop process (đánh giá việc giải quyết
  TTHC). The article numbers of the 2025 text are not verified here (reference note: (K)).
- Thông tư 03/2025/TT-VPCP: the Trung tâm Phục vụ hành chính công "theo dõi, đánh giá mức độ
  hài lòng của người dân, doanh nghiệp" (reference note: (S)).
- Quyết định 766/QĐ-TTg (23/6/2022), Bộ chỉ số phục vụ người dân, doanh nghiệp: the group
  "mức độ hài lòng" is computed per agency and per procedure from the evaluations of handled
  dossiers; tinhso.ratings.selectors.satisfaction gives those counts.

Rules applied (each in `rating_give`):
- only the applicant's own account evaluates, because the evaluation is the applicant's
  statement about the service they received;
- only after the result is returned (trả kết quả), the step the evaluation follows (§1.1);
- once per dossier, so that each handled dossier counts once in the ratio;
- "Không hài lòng" needs a comment: an unexplained dissatisfied rating lowers the agency's
  score without telling it what to correct, and the centre must follow up dissatisfied
  evaluations (TT 03/2025: theo dõi, đánh giá mức độ hài lòng). A satisfied rating may be
  given with one click.
"""

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.dossiers.access import user_is_applicant_of
from tinhso.dossiers.constants import Status
from tinhso.dossiers.models import Dossier
from tinhso.ratings import reactions
from tinhso.ratings.constants import COMMENT_MAX_LENGTH, Satisfaction
from tinhso.ratings.models import Rating


class RatingError(Exception):
    """The evaluation cannot be recorded; the message says why, in Vietnamese.

    `field` names the input at fault ("level", "comment") or is None for the dossier itself;
    `conflict` is true when the dossier's state forbids it (not returned, already rated).
    """

    def __init__(self, message: str, *, field: str | None = None, conflict: bool = False):
        super().__init__(message)
        self.field = field
        self.conflict = conflict


class RatingNotAllowed(RatingError):
    """Someone other than the applicant tried to evaluate the dossier."""


def rating_give(
    dossier: Dossier,
    *,
    level: str,
    comment: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> Rating:
    """Record the applicant's evaluation of a returned dossier, once; raise RatingError."""
    comment = (comment or "").strip()
    if level not in Satisfaction.values:
        raise RatingError("Hãy chọn một mức độ hài lòng.", field="level")
    if level == Satisfaction.DISSATISFIED and not comment:
        raise RatingError(
            "Hãy cho biết lý do ông/bà không hài lòng, để cơ quan biết điều cần khắc phục.",
            field="comment",
        )
    if len(comment) > COMMENT_MAX_LENGTH:
        raise RatingError(f"Ý kiến dài quá {COMMENT_MAX_LENGTH} ký tự.", field="comment")
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version")
            .get(pk=dossier.pk)
        )
        if not user_is_applicant_of(actor, locked):
            raise RatingNotAllowed("Chỉ người nộp hồ sơ được đánh giá việc giải quyết hồ sơ này.")
        if locked.status != Status.RETURNED:
            raise RatingError(
                "Ông/bà đánh giá được sau khi nhận kết quả giải quyết hồ sơ.", conflict=True
            )
        if Rating.objects.filter(dossier=locked).exists():
            raise RatingError(
                "Hồ sơ này đã được đánh giá; mỗi hồ sơ đánh giá một lần.", conflict=True
            )
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    dossier=locked,
                    applicant=actor,
                    level=level,
                    comment=comment,
                    receiving_agency_id=locked.receiving_agency_id,
                    competent_agency_id=locked.competent_agency_id,
                    procedure_id=locked.procedure_version.procedure_id,
                    procedure_version=locked.procedure_version,
                    channel=locked.channel,
                    rated_at=timezone.now(),
                )
        except IntegrityError:  # a concurrent evaluation won the race on the unique dossier
            raise RatingError(
                "Hồ sơ này đã được đánh giá; mỗi hồ sơ đánh giá một lần.", conflict=True
            ) from None
        reactions.react(rating)
        audit_record(
            actor=actor,
            action="ratings.give",
            target=locked,
            summary=f"Đánh giá hồ sơ {locked.code}: {Satisfaction(level).label}",
            changes={"level": level, **({"comment": comment} if comment else {})},
            request=request,
        )
    return rating
