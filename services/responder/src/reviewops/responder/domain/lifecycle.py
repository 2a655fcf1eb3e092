"""The draft lifecycle of DESIGN.md: states and the transitions it allows. Pure."""

from __future__ import annotations

from datetime import timedelta

TEXT_CHANNELS = ("buyer_message", "public_reply", "removal_request", "abuse_report")
TASK_CHANNELS = ("internal_ticket", "faq_update")
OPEN_STATES = ("pending_check", "blocked", "ready", "approved")
# Only a buyer message expires: 30 days after the order completed (policy.md).
EXPIRING_CHANNELS = ("buyer_message",)
MESSAGING_WINDOW = timedelta(days=30)
EDITABLE_STATES = ("ready", "blocked")

TRANSITIONS: dict[str, frozenset[str]] = {
    "pending_check": frozenset({"blocked", "ready", "withdrawn", "superseded", "expired"}),
    "blocked": frozenset({"ready", "blocked", "rejected", "withdrawn", "superseded", "expired"}),
    "ready": frozenset({"approved", "blocked", "ready", "rejected", "sent", "withdrawn", "superseded", "expired"}),
    "approved": frozenset({"sent", "withdrawn", "superseded", "expired"}),
    "sent": frozenset(),
    "rejected": frozenset(),
    "withdrawn": frozenset(),
    "superseded": frozenset(),
    "expired": frozenset(),
}


def can_move(state: str, target: str, channel: str) -> bool:
    """Whether `state` may become `target`; only tasks go from ready straight to sent, and only
    buyer messages expire (30 days after order completion)."""
    if target == "sent" and state == "ready":
        return channel in TASK_CHANNELS
    if target == "expired" and channel not in EXPIRING_CHANNELS:
        return False
    return target in TRANSITIONS[state]


def states_that_can_become(target: str) -> tuple[str, ...]:
    """The states the lifecycle lets become `target` (for queries that move many drafts at once)."""
    return tuple(state for state, targets in TRANSITIONS.items() if target in targets)


def can_edit(state: str) -> bool:
    """A human edit (checked first) moves a blocked or ready draft to ready."""
    return state in EDITABLE_STATES


def can_approve(state: str) -> bool:
    """Only a ready draft is approved (after a check under the current policy)."""
    return "approved" in TRANSITIONS[state]
