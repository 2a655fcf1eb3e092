"""A return's cause: the marketplace's reason code as documented evidence, the customer's comment
as the model reads it (DESIGN.md: Returns; the mapping is documented in docs/imports.md). Pure.

A reason code either decides the cause alone (DEFECTIVE is product_quality whatever the comment
adds), or names a default and the causes the comment may choose instead (NOT_AS_DESCRIBED is
product_quality or expectations as the comment says; UNWANTED_ITEM is preference unless the
comment says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewops.classifier.ml.model import LABELS
from reviewops.common.events.payloads import CauseScore, Classification

ANY_CAUSE = frozenset(LABELS)


@dataclass(frozen=True)
class ReasonRule:
    default: str
    comment_may_choose: frozenset[str] = frozenset()  # empty: the reason code decides alone
    # "Unless the comment says otherwise": the model must be sure (not needs_review) to overrule.
    comment_must_be_sure: bool = False


def _fixed(cause: str) -> ReasonRule:
    return ReasonRule(cause)


_UNDELIVERABLE = ("UNDELIVERABLE_REFUSED", "UNDELIVERABLE_UNKNOWN", "UNDELIVERABLE_INSUFFICIENT_ADDRESS",
                  "UNDELIVERABLE_FAILED_DELIVERY_ATTEMPTS", "UNDELIVERABLE_CARRIER_MISS_SORTED")

# The FBA customer returns report's reason codes (taxonomy.md decides each; docs/imports.md lists them).
REASON_RULES: dict[str, ReasonRule] = {
    "DEFECTIVE": _fixed("product_quality"),
    "QUALITY_UNACCEPTABLE": _fixed("product_quality"),
    "DAMAGED_BY_CARRIER": _fixed("logistics"),
    "DAMAGED_BY_FC": _fixed("logistics"),
    "MISSED_ESTIMATED_DELIVERY": _fixed("logistics"),
    "NEVER_ARRIVED": _fixed("logistics"),
    # taxonomy.md: missing parts, the wrong or an extra item sent are logistics.
    "MISSING_PARTS": _fixed("logistics"),
    "WRONG_ITEM": _fixed("logistics"),
    "EXTRA_ITEM": _fixed("logistics"),
    **{code: _fixed("logistics") for code in _UNDELIVERABLE},
    # taxonomy.md: the buyer's own mistake, a lower price found later, a purchase not authorised, and
    # another item sent back in its place are `other`: nothing the seller can fix.
    "ORDERED_WRONG_ITEM": _fixed("other"),
    "FOUND_BETTER_PRICE": _fixed("other"),
    "UNAUTHORIZED_PURCHASE": _fixed("other"),
    "SWITCHEROO": _fixed("other"),
    "NOT_AS_DESCRIBED": ReasonRule("expectations", frozenset({"product_quality", "expectations"})),
    "NOT_COMPATIBLE": ReasonRule("expectations", frozenset({"product_quality", "expectations"})),
    # A stated size that is far off is a spec (product_quality); a cut that does not suit is preference.
    "APPAREL_TOO_SMALL": ReasonRule("product_quality", frozenset({"product_quality", "preference", "expectations"})),
    "APPAREL_TOO_LARGE": ReasonRule("product_quality", frozenset({"product_quality", "preference", "expectations"})),
    "APPAREL_STYLE": ReasonRule("preference", ANY_CAUSE - {"other"}, comment_must_be_sure=True),
    "UNWANTED_ITEM": ReasonRule("preference", ANY_CAUSE - {"other"}, comment_must_be_sure=True),
    "NO_REASON_GIVEN": ReasonRule("preference", ANY_CAUSE - {"other"}, comment_must_be_sure=True),
}
# A code not listed: the comment decides; without one, `other`.
UNKNOWN_REASON = ReasonRule("other", ANY_CAUSE - {"other"}, comment_must_be_sure=True)


@dataclass(frozen=True)
class ReturnCause:
    """What a return counts as: its primary cause, the causes with scores (primary first), and
    whether the reason code or the comment decided."""

    primary_cause: str
    causes: list[CauseScore]
    decided_by: str  # "reason" or "comment"


def cause_of_return(reason: str, comment: Classification | None) -> ReturnCause:
    """The cause of a return from its reason code and, where the code leaves it open, its comment's
    classification (None for no readable comment). The comment decides only with a confident
    cause among those the code allows; otherwise the code's default stands."""
    rule = REASON_RULES.get(reason, UNKNOWN_REASON)
    scores = {cause.label: cause.score for cause in comment.causes} if comment is not None else {}
    primary, decided_by = rule.default, "reason"
    if comment is not None and rule.comment_may_choose:
        if rule.comment_must_be_sure:
            if comment.primary_cause in rule.comment_may_choose and not comment.needs_review:
                primary, decided_by = comment.primary_cause, "comment"
        else:
            allowed = [cause.label for cause in comment.causes if cause.label in rule.comment_may_choose]
            if allowed:  # the highest-scored of the causes the code allows
                primary, decided_by = allowed[0], "comment"
    causes = [CauseScore(label=primary, score=scores.get(primary, 1.0))]
    causes += [CauseScore(label=label, score=score) for label, score in scores.items() if label != primary]
    return ReturnCause(primary, causes, decided_by)
