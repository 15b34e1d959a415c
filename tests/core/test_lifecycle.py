"""core.lifecycle: a transition table allows exactly its edges and is checked when it is built."""

import pytest
from django.db import models

from core.lifecycle import IllegalTransition, Lifecycle

TASK = Lifecycle("task", {"open": {"done", "dropped"}, "done": {"open"}, "dropped": set()})


def test_a_listed_move_is_allowed_and_checks_silently():
    assert TASK.can("open", "done")
    TASK.check("open", "done")
    TASK.check("done", "open")


@pytest.mark.parametrize(("current", "target"), [("dropped", "open"), ("done", "dropped"), ("open", "open")])
def test_a_move_the_table_does_not_list_raises_illegal_transition_naming_both_states(current, target):
    assert not TASK.can(current, target)
    with pytest.raises(IllegalTransition) as raised:
        TASK.check(current, target)
    assert (raised.value.machine, raised.value.current, raised.value.target) == ("task", current, target)


def test_a_final_or_unknown_state_allows_nothing():
    assert TASK.allowed("dropped") == frozenset()
    assert TASK.allowed("no-such-state") == frozenset()


def test_the_table_is_frozen_so_no_caller_can_add_an_edge():
    assert TASK.states == {"open", "done", "dropped"}
    assert isinstance(TASK.allowed("open"), frozenset)


def test_a_target_that_is_not_a_state_of_the_table_is_refused_when_built():
    with pytest.raises(ValueError, match="unknown states \\['closed'\\]"):
        Lifecycle("typo", {"open": {"closed"}, "done": set()})


def test_text_choices_work_as_states():
    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        DONE = "done", "Færdig"

    lifecycle = Lifecycle("task", {Status.OPEN: {Status.DONE}, Status.DONE: set()})
    assert lifecycle.can(Status.OPEN, "done") and lifecycle.can("open", Status.DONE)
    assert not lifecycle.can(Status.DONE, Status.OPEN)
