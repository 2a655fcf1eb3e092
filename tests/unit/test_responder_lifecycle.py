"""The draft lifecycle of DESIGN.md: what can_move allows and refuses."""

from __future__ import annotations

import pytest

from reviewops.responder.domain.lifecycle import OPEN_STATES, TASK_CHANNELS, TEXT_CHANNELS, TRANSITIONS, can_move

STATES = ["pending_check", "blocked", "ready", "approved", "sent", "rejected", "withdrawn", "superseded", "expired"]
TERMINAL = ["sent", "rejected", "withdrawn", "superseded", "expired"]
ALLOWED = {
    ("pending_check", "blocked"), ("pending_check", "ready"),
    ("blocked", "ready"), ("ready", "ready"),            # an edit that passes its check
    ("ready", "approved"), ("approved", "sent"),
    ("ready", "blocked"),                                # a failed re-check at approval
    ("ready", "rejected"), ("blocked", "rejected"),
    *((state, end) for state in OPEN_STATES for end in ("withdrawn", "superseded")),
}
REFUSED = [
    ("pending_check", "approved"), ("pending_check", "sent"), ("pending_check", "rejected"),
    ("blocked", "approved"), ("blocked", "sent"),
    ("approved", "ready"), ("approved", "rejected"), ("approved", "blocked"),
    *((end, target) for end in TERMINAL for target in STATES),
]


def test_the_state_sets():
    assert set(TRANSITIONS) == set(STATES)
    assert set(OPEN_STATES) == {"pending_check", "blocked", "ready", "approved"}
    assert set(TEXT_CHANNELS) == {"buyer_message", "public_reply", "removal_request", "abuse_report"}
    assert set(TASK_CHANNELS) == {"internal_ticket", "faq_update"}


@pytest.mark.parametrize(("state", "target"), sorted(ALLOWED))
@pytest.mark.parametrize("channel", TEXT_CHANNELS + TASK_CHANNELS)
def test_allowed_transitions(state, target, channel):
    assert can_move(state, target, channel)


@pytest.mark.parametrize(("state", "target"), REFUSED)
@pytest.mark.parametrize("channel", ["buyer_message", "internal_ticket"])
def test_refused_transitions(state, target, channel):
    assert not can_move(state, target, channel)


@pytest.mark.parametrize("state", TERMINAL)
def test_terminal_states_have_no_way_out(state):
    assert TRANSITIONS[state] == frozenset()


@pytest.mark.parametrize("channel", TASK_CHANNELS)
def test_tasks_go_from_ready_to_sent(channel):
    assert can_move("ready", "sent", channel)


@pytest.mark.parametrize("channel", TEXT_CHANNELS)
def test_text_drafts_need_approval_before_sent(channel):
    assert not can_move("ready", "sent", channel)
    assert can_move("ready", "approved", channel) and can_move("approved", "sent", channel)


@pytest.mark.parametrize("state", OPEN_STATES)
def test_an_open_buyer_message_can_expire(state):
    assert can_move(state, "expired", "buyer_message")


@pytest.mark.parametrize("channel", ["public_reply", "removal_request", "abuse_report", "internal_ticket",
                                     "faq_update"])
def test_other_channels_do_not_expire(channel):
    assert not any(can_move(state, "expired", channel) for state in OPEN_STATES)
