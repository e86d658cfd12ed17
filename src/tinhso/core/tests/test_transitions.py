"""The shared scaffolding of the transition tables (issue 14 item 2): a small table of its own,
so the lookups are checked without any business context."""

from dataclasses import FrozenInstanceError, dataclass

import pytest

from tinhso.core.transitions import Transition, from_state, offered, rows_for


@dataclass
class Letter:
    signed: bool = False


Row = Transition[str, str, Letter]
_t = Row.row

TABLE: tuple[Row, ...] = (
    _t("send", {"draft"}, "sent", {"clerk"}, "gửi", "Điều 16"),
    _t("send", {"draft"}, "sent", {"leader"}, "gửi thay", "Điều 16"),
    _t("sign", {"draft"}, "signed", {"leader"}, "ký", "Điều 13", guard=lambda d: not d.signed),
    _t("recall", {"sent", "signed"}, "recalled", {"leader"}, "thu hồi", "Điều 18", needs_note=True),
    _t("expire", {"sent"}, "expired", set(), "hết hạn", "Điều 18"),
)


def test_a_row_takes_plain_sets_and_is_frozen():
    row = TABLE[3]
    assert row.sources == frozenset({"sent", "signed"}) and row.actors == frozenset({"leader"})
    assert row.needs_note and row.guard is None and row.guard_message == ""
    with pytest.raises(FrozenInstanceError):
        row.target = "draft"  # type: ignore[misc]


def test_rows_of_an_action_from_a_state_keep_table_order():
    assert [t.records for t in rows_for(TABLE, "send", "draft")] == ["gửi", "gửi thay"]
    assert rows_for(TABLE, "send", "sent") == []
    assert [t.action for t in from_state(TABLE, "sent")] == ["recall", "expire"]


def test_offered_is_one_row_per_action_for_these_actors_whose_guard_holds():
    both = offered(TABLE, "draft", {"clerk", "leader"}, Letter())
    assert [(t.action, t.records) for t in both] == [("send", "gửi"), ("sign", "ký")]
    leader = offered(TABLE, "draft", {"leader"}, Letter(signed=True))
    assert [(t.action, t.records) for t in leader] == [("send", "gửi thay")]
    assert offered(TABLE, "draft", set(), Letter()) == []


def test_a_row_without_actors_is_offered_to_nobody():
    row = TABLE[4]
    assert not row.taken_by({"clerk", "leader"})
    assert offered(TABLE, "sent", {"clerk", "leader"}, Letter()) == [TABLE[3]]


def test_a_subclass_adds_its_own_fields():
    @dataclass(frozen=True, kw_only=True)
    class Routed(Transition[str, str, Letter]):
        hands_to: str

    row = Routed.row("send", ["draft"], "sent", ["clerk"], "gửi", "Điều 16", hands_to="leader")
    assert isinstance(row, Routed) and row.hands_to == "leader"
    with pytest.raises(TypeError):
        Routed.row("send", ["draft"], "sent", ["clerk"], "gửi", "Điều 16")  # hands_to missing
