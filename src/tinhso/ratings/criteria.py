"""The evaluation by criteria: what an answer is, its score and the overall level.

Legal basis: the contents of the evaluation of TTHC handling by the people and businesses
served (Nghị định 61/2018/NĐ-CP Điều 30, kept by Nghị định 118/2025/NĐ-CP), each scored 2 / 1 /
0 points as Thông tư 01/2018/TT-VPCP scored them; the overall level is the one counted by the
satisfaction group of Quyết định 766/QĐ-TTg. The rule for the overall level is ours (the law
does not fix it for one dossier), written in docs/ratings.md:

- "Không hài lòng" when any criterion is at its worst level: one failed legal duty (no
  guidance, three contacts, harassment, no explanation, late) is a failed service;
- "Rất hài lòng" when every criterion is at its best level;
- "Hài lòng" otherwise.
"""

from collections.abc import Mapping

from tinhso.ratings.constants import CRITERIA, CRITERIA_BY_CODE, Satisfaction

Answers = dict[str, int]


class CriteriaError(ValueError):
    """Some criteria are unanswered or answered with an unknown level: {code: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def clean_answers(raw: Mapping[str, object]) -> Answers:
    """{criterion code: points} from the form or the API; every criterion answered once with
    one of its levels (2, 1 or 0). Unknown codes are refused rather than ignored."""
    errors: dict[str, str] = {}
    answers: Answers = {}
    for code in raw:
        if code not in CRITERIA_BY_CODE:
            errors[str(code)[:40]] = f"Không có tiêu chí đánh giá “{str(code)[:40]}”."
    for criterion in CRITERIA:
        value = raw.get(criterion.code)
        try:
            points = int(str(value)) if value is not None and str(value).strip() != "" else None
        except ValueError:
            points = None
        if points is None or points not in {lv.points for lv in criterion.levels}:
            errors[criterion.code] = f"Hãy chọn một mức cho tiêu chí “{criterion.question}”."
        else:
            answers[criterion.code] = points
    if errors:
        raise CriteriaError(errors)
    return answers


def score(answers: Answers) -> int:
    return sum(answers.values())


def overall_level(answers: Answers) -> Satisfaction:
    """The level the statistics count (Quyết định 766/QĐ-TTg), from the criteria (rule above)."""
    worst = {c.code: c.levels[-1].points for c in CRITERIA}
    best = {c.code: c.levels[0].points for c in CRITERIA}
    if any(answers[code] == worst[code] for code in worst):
        return Satisfaction.DISSATISFIED
    if all(answers[code] == best[code] for code in best):
        return Satisfaction.VERY_SATISFIED
    return Satisfaction.SATISFIED


def labelled(answers: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """(question, chosen level's label, points) in the order of CRITERIA, for pages."""
    rows = []
    for criterion in CRITERIA:
        points = answers.get(criterion.code)
        label = next((lv.label for lv in criterion.levels if lv.points == points), "")
        if label:
            rows.append((criterion.question, label, int(points or 0)))
    return rows
