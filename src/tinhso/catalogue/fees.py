"""Which fee lines a dossier owes: one rule for every channel (counter, post, online,
national portal, API).

A procedure's fee lines (FeeItem) are of two sorts:

- a line without a group is due on its own: always when it has no machine condition
  (`rule`), otherwise when its condition holds on the e-form's answers;
- lines sharing a `group` are alternatives, and exactly one of them applies: the first, in
  order, whose condition holds (a line without condition is the "otherwise" of its group).
  Đăng ký khai sinh: "Đăng ký đúng hạn" (free, Luật Hộ tịch 2014 Điều 11 khoản 1) or
  "Đăng ký quá hạn" (lệ phí set by the provincial People's Council, Thông tư 85/2019/TT-BTC).

The fee due is the sum of the lines that apply, never the sum of every line. Online and from
the national portal the lines follow from the answers, on the server (a client never states
the amount); at the counter the officer picks the applicable line of each group
(`picked_fees`). A group whose condition cannot be decided (an answer is missing) is left
`unresolved`: nothing of it is counted, and the officer settles it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tinhso.catalogue.fee_rules import rule_holds
from tinhso.core import money

if TYPE_CHECKING:
    from tinhso.catalogue.models import FeeItem, ProcedureVersion


@dataclass(frozen=True)
class ChosenFee:
    """A fee line that applies to a dossier, as it was when chosen."""

    id: int
    kind: str
    name: str
    condition: str
    amount: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.condition})" if self.condition else self.name

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "condition": self.condition,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class FeeChoice:
    """The fee lines that apply, their total, and the groups still to be settled."""

    lines: tuple[ChosenFee, ...] = ()
    unresolved: tuple[str, ...] = ()
    how: str = ""  # "answers" (from the e-form) or "officer" (picked at the counter)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def as_json(self) -> list[dict[str, Any]]:
        """What Dossier.fee_lines keeps."""
        out = [line.as_json() for line in self.lines]
        out += [{"group": g, "unresolved": True} for g in self.unresolved]
        return out


class FeeChoiceError(ValueError):
    """The officer's pick is not a valid choice; the message is Vietnamese."""


@dataclass
class FeeGroup:
    """The alternatives of one group, for the counter form."""

    key: str
    lines: list[FeeItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " / ".join(line.condition or line.name for line in self.lines)


def amount_text(amount: int) -> str:
    """5000 → "5.000 đồng"; 0 → "không thu"."""
    return money.dong(amount) if amount else "không thu"


def line_label(item: FeeItem) -> str:
    """ "Lệ phí đăng ký khai sinh quá hạn (Đăng ký quá hạn): 5.000 đồng"."""
    name = f"{item.name} ({item.condition})" if item.condition else item.name
    return f"{name}: {amount_text(item.amount)}"


def _chosen(item: FeeItem) -> ChosenFee:
    return ChosenFee(item.pk, item.kind, item.name, item.condition, item.amount)


def _lines(version: ProcedureVersion) -> list[FeeItem]:
    return sorted(version.fees.all(), key=lambda f: (f.order, f.pk))


def fee_groups(version: ProcedureVersion) -> tuple[list[FeeItem], list[FeeItem], list[FeeGroup]]:
    """(lines always due, lines due on a condition, groups of alternatives) of a version."""
    fixed: list[FeeItem] = []
    optional: list[FeeItem] = []
    groups: dict[str, FeeGroup] = {}
    for item in _lines(version):
        if item.group:
            groups.setdefault(item.group, FeeGroup(item.group)).lines.append(item)
        elif item.rule.strip():
            optional.append(item)
        else:
            fixed.append(item)
    return fixed, optional, list(groups.values())


def applicable_fees(
    version: ProcedureVersion, answers: dict[str, Any] | None, on: date
) -> FeeChoice:
    """The fee lines due on a dossier of `version` declared with `answers`, filed on `on`.

    Luật Phí và lệ phí 2015 Điều 3, Điều 17: a charge is owed only by who uses the service it
    is set for, at the rate set for their case — so the case is read from the declaration.
    """
    answers = answers or {}
    lines: list[ChosenFee] = []
    unresolved: list[str] = []
    fixed, optional, groups = fee_groups(version)
    lines += [_chosen(item) for item in fixed]
    for item in optional:
        holds = rule_holds(item.rule, answers, on)
        if holds is None:
            unresolved.append(item.name)
        elif holds:
            lines.append(_chosen(item))
    for group in groups:
        for item in group.lines:
            holds = rule_holds(item.rule, answers, on)
            if holds is None:
                unresolved.append(group.label)
                break
            if holds:
                lines.append(_chosen(item))
                break
        else:
            unresolved.append(group.label)
    return FeeChoice(lines=tuple(lines), unresolved=tuple(unresolved), how="answers")


def picked_fees(version: ProcedureVersion, picked: Iterable[int]) -> FeeChoice:
    """The officer's choice at the counter: exactly one line of each group, any of the
    conditional lines, and always the lines due without condition. FeeChoiceError when a
    group has no line or two, or a line is not of this procedure."""
    wanted = {int(i) for i in picked}
    fixed, optional, groups = fee_groups(version)
    known = {item.pk for item in _lines(version)}
    if wanted - known:
        raise FeeChoiceError("Có khoản phí, lệ phí không thuộc thủ tục này.")
    lines = [_chosen(item) for item in fixed]
    lines += [_chosen(item) for item in optional if item.pk in wanted]
    for group in groups:
        chosen = [item for item in group.lines if item.pk in wanted]
        if len(chosen) != 1:
            raise FeeChoiceError(
                f"Hãy chọn đúng một khoản phí, lệ phí áp dụng trong nhóm: {group.label}."
            )
        lines.append(_chosen(chosen[0]))
    order = {item.pk: n for n, item in enumerate(_lines(version))}
    lines.sort(key=lambda line: order[line.id])
    return FeeChoice(lines=tuple(lines), how="officer")


def group_order_errors(lines: Sequence[tuple[str, str, str]]) -> list[str]:
    """For (group, rule, name) of each line in order: a line after the unconditional line of
    its group would never apply."""
    errors: list[str] = []
    closed: dict[str, str] = {}
    for group, rule, name in lines:
        if not group:
            continue
        if group in closed:
            errors.append(
                f"Khoản phí “{name}” không bao giờ được áp dụng: trong nhóm “{group}” khoản "
                f"“{closed[group]}” không có điều kiện và đứng trước. Đặt khoản không điều "
                "kiện cuối nhóm."
            )
        elif not rule.strip():
            closed[group] = name
    return errors
