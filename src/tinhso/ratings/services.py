"""Recording the satisfaction of the people served with the handling of their dossier.

Legal basis (see /work/shared/reference/regulations.md §1.1 step 6, §1.6, §9.1):
- Nghị định 118/2025/NĐ-CP (thực hiện TTHC theo cơ chế một cửa, một cửa liên thông), which
  replaced Nghị định 61/2018/NĐ-CP and keeps its evaluation of TTHC handling by the people and
  businesses concerned as the last step of the one-stop process (đánh giá việc giải quyết
  TTHC): its contents (Nghị định 61/2018 Điều 30) are the criteria of constants.CRITERIA, its
  ways (Điều 31: on the portal, by message, on a device at the one-stop counter) the Methods.
  The article numbers of the 2025 text are not verified here (reference note: (K)).
- Thông tư 03/2025/TT-VPCP: the Trung tâm Phục vụ hành chính công "theo dõi, đánh giá mức độ
  hài lòng của người dân, doanh nghiệp" (reference note: (S)) — of everyone served, with or
  without an account, whatever the outcome.
- Quyết định 766/QĐ-TTg (23/6/2022): the group "mức độ hài lòng" counts the evaluations of
  handled dossiers; tinhso.ratings.selectors.satisfaction gives those counts.

Rules applied (in `_record`, shared by the three ways in):
- once the dossier is closed: result returned, refused, withdrawn or stopped (RATEABLE_STATUSES);
- once per dossier, so that each handled dossier counts once in the ratio;
- every criterion answered; the overall level follows from them (rules.overall_level);
- "Không hài lòng" needs a comment: an unexplained dissatisfied rating lowers the agency's
  score without telling it what to correct, and the centre must follow up dissatisfied
  evaluations (TT 03/2025: theo dõi, đánh giá mức độ hài lòng).
Who: the applicant's account (rating_give), whoever holds the one-time link sent to the
applicant's e-mail or phone (tinhso.ratings.invitations.rating_by_link), or the applicant at
the counter on the screen of a one-stop officer of the receiving agency (rating_at_counter).
"""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.dossiers.access import user_is_applicant_of
from tinhso.dossiers.models import Dossier
from tinhso.ratings import criteria as rules
from tinhso.ratings import reactions
from tinhso.ratings.access import user_records_counter_rating
from tinhso.ratings.constants import COMMENT_MAX_LENGTH, RATEABLE_STATUSES, Method, Satisfaction
from tinhso.ratings.models import Rating

ALREADY = "Hồ sơ này đã được đánh giá; mỗi hồ sơ đánh giá một lần."
NOT_CLOSED = "Ông/bà đánh giá được khi hồ sơ đã có kết quả hoặc đã kết thúc (từ chối, rút, dừng)."


class RatingError(Exception):
    """The evaluation cannot be recorded; the message says why, in Vietnamese.

    `field` names the input at fault (a criterion code, "comment") or is None for the dossier
    itself; `errors` has every input at fault; `conflict` is true when the dossier's state
    forbids it (not closed, already rated).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        conflict: bool = False,
        errors: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.field = field
        self.conflict = conflict
        self.errors = errors or ({field: message} if field else {})


class RatingNotAllowed(RatingError):
    """Someone other than the applicant (or the counter officer) tried to evaluate."""


def _clean(raw: Mapping[str, Any], comment: str) -> tuple[rules.Answers, str, Satisfaction]:
    comment = (comment or "").strip()
    try:
        answers = rules.clean_answers(raw)
    except rules.CriteriaError as exc:
        first = next(iter(exc.errors))
        raise RatingError(str(exc.errors[first]), field=first, errors=exc.errors) from None
    level = rules.overall_level(answers)
    if level == Satisfaction.DISSATISFIED and not comment:
        raise RatingError(
            "Hãy cho biết lý do ông/bà không hài lòng, để cơ quan biết điều cần khắc phục.",
            field="comment",
        )
    if len(comment) > COMMENT_MAX_LENGTH:
        raise RatingError(f"Ý kiến dài quá {COMMENT_MAX_LENGTH} ký tự.", field="comment")
    return answers, comment, level


def _record(
    dossier: Dossier,
    *,
    raw: Mapping[str, Any],
    comment: str,
    method: str,
    actor: Any,
    applicant: Any,
    check: Any,
    request: HttpRequest | None,
) -> Rating:
    """The one place an evaluation is written: checks, row, reactions, audit, one transaction.

    `check(locked_dossier)` raises RatingNotAllowed for someone who may not rate it."""
    answers, comment, level = _clean(raw, comment)
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version")
            .get(pk=dossier.pk)
        )
        check(locked)
        if locked.status not in RATEABLE_STATUSES:
            raise RatingError(NOT_CLOSED, conflict=True)
        if Rating.objects.filter(dossier=locked).exists():
            raise RatingError(ALREADY, conflict=True)
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    dossier=locked,
                    applicant=applicant,
                    method=method,
                    recorded_by=actor if method == Method.COUNTER else None,
                    criteria=answers,
                    score=rules.score(answers),
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
            raise RatingError(ALREADY, conflict=True) from None
        reactions.react(rating)
        audit_record(
            actor=actor,
            action="ratings.give",
            target=locked,
            summary=(
                f"Đánh giá hồ sơ {locked.code} ({Method(method).label}): "
                f"{Satisfaction(level).label}"
            ),
            changes={
                "level": str(level),
                "method": method,
                "criteria": answers,
                **({"comment": comment} if comment else {}),
            },
            request=request,
        )
    return rating


def rating_give(
    dossier: Dossier,
    *,
    criteria: Mapping[str, Any],
    comment: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> Rating:
    """The applicant's account rates its own closed dossier (Hồ sơ của tôi, the API)."""

    def check(locked: Dossier) -> None:
        if not user_is_applicant_of(actor, locked):
            raise RatingNotAllowed("Chỉ người nộp hồ sơ được đánh giá việc giải quyết hồ sơ này.")

    return _record(
        dossier,
        raw=criteria,
        comment=comment,
        method=Method.ACCOUNT,
        actor=actor,
        applicant=actor,
        check=check,
        request=request,
    )


def rating_at_counter(
    dossier: Dossier,
    *,
    criteria: Mapping[str, Any],
    comment: str = "",
    officer: Any,
    request: HttpRequest | None = None,
) -> Rating:
    """The applicant rates at the counter on the officer's screen (đánh giá tại quầy);
    recorded as such, with the officer who opened the page. The officer only hands over the
    screen: the answers are the applicant's."""

    def check(locked: Dossier) -> None:
        if not user_records_counter_rating(officer, locked):
            raise RatingNotAllowed(
                "Chỉ công chức Bộ phận Một cửa nơi tiếp nhận hồ sơ mở được trang đánh giá tại quầy."
            )

    return _record(
        dossier,
        raw=criteria,
        comment=comment,
        method=Method.COUNTER,
        actor=officer,
        applicant=dossier.applicant,
        check=check,
        request=request,
    )


def rating_from_link(
    dossier: Dossier,
    *,
    criteria: Mapping[str, Any],
    comment: str = "",
    request: HttpRequest | None = None,
) -> Rating:
    """Whoever opened a valid one-time link (checked by tinhso.ratings.invitations)."""
    return _record(
        dossier,
        raw=criteria,
        comment=comment,
        method=Method.LINK,
        actor=None,
        applicant=dossier.applicant,
        check=lambda locked: None,
        request=request,
    )
