"""The draft lifecycle of DESIGN.md: states and the transitions it allows. Pure."""

from __future__ import annotations

TEXT_CHANNELS = ("buyer_message", "public_reply", "removal_request", "abuse_report")
TASK_CHANNELS = ("internal_ticket", "faq_update")
OPEN_STATES = ("pending_check", "blocked", "ready", "approved")

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
    if target == "expired" and channel != "buyer_message":
        return False
    return target in TRANSITIONS[state]
