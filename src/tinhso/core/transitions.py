"""The scaffolding of a state machine written as a table, one row per state change.

Each context keeps its own actions, actors and rows (what, who, what it records, on which
legal basis); this module holds what the tables share: the row type, a constructor that takes
plain sets, the lookups "rows of this action from this state" and "what these actors may do
now", and the two refusals. Used by the dossiers, the incoming and outgoing documents and
the work files (the dossiers keep their own TransitionError and NotAllowed).
"""

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

ActionT = TypeVar("ActionT", bound=str)
ActorT = TypeVar("ActorT", bound=str)
SubjectT = TypeVar("SubjectT")
RowT = TypeVar("RowT", bound="Transition[Any, Any, Any]")


@dataclass(frozen=True, kw_only=True)
class Transition(Generic[ActionT, ActorT, SubjectT]):
    """`action` leads from any of `sources` to `target`; any of `actors` may take it (none:
    only the system); `records` says what it writes down and `basis` the article it follows.
    `guard` is a further condition on the subject, `guard_message` the refusal when it fails."""

    action: ActionT
    sources: frozenset[str]
    target: str
    actors: frozenset[ActorT]
    records: str
    basis: str
    needs_note: bool = False
    guard: Callable[[SubjectT], bool] | None = None
    guard_message: str = ""

    @classmethod
    def row(
        cls,
        action: ActionT,
        sources: Iterable[str],
        target: str,
        actors: Iterable[ActorT],
        records: str,
        basis: str,
        *,
        needs_note: bool = False,
        guard: Callable[[SubjectT], bool] | None = None,
        guard_message: str = "",
        **extra: Any,
    ) -> Self:
        """One row of a table, written with plain sets; `extra`: a subclass's own fields."""
        return cls(
            action=action,
            sources=frozenset(sources),
            target=target,
            actors=frozenset(actors),
            records=records,
            basis=basis,
            needs_note=needs_note,
            guard=guard,
            guard_message=guard_message,
            **extra,
        )

    def taken_by(self, actors: AbstractSet[ActorT]) -> bool:
        """Whether one of `actors` (who the user is to the subject) may take this row."""
        return not self.actors.isdisjoint(actors)

    def passes(self, subject: SubjectT) -> bool:
        """The row's guard holds for `subject` (a row without a guard always does)."""
        return self.guard is None or self.guard(subject)


class TransitionError(Exception):
    """An action that may not be taken now: the message says why, in Vietnamese."""


class NotAllowed(TransitionError):
    """The action exists for this state but this user may not take it."""


def from_state(table: Iterable[RowT], state: str) -> list[RowT]:
    """The rows that start from `state`, in table order."""
    return [t for t in table if state in t.sources]


def rows_for(table: Iterable[RowT], action: str, state: str) -> list[RowT]:
    """The rows of `action` that start from `state`, in table order."""
    return [t for t in from_state(table, state) if t.action == action]


def offered(
    table: Iterable[RowT], state: str, actors: AbstractSet[Any], subject: Any
) -> list[RowT]:
    """What `actors` may do now (the buttons of a page): the rows from `state` they may take
    and whose guard holds, in table order, the first row of each action only."""
    seen: set[str] = set()
    found: list[RowT] = []
    for t in from_state(table, state):
        if t.action not in seen and t.taken_by(actors) and t.passes(subject):
            seen.add(t.action)
            found.append(t)
    return found
