"""The rule catalogue: every rule id of policy.md with its description and source.

Amazon changes these pages often; a change is one edit here and a new POLICY_VERSION,
which every verdict and check result carries.
"""

from __future__ import annotations

from dataclasses import dataclass

POLICY_VERSION = "2026.12.1"

CUSTOMER_CHANNELS = ("buyer_message", "public_reply", "review_request", "insert_card")
MARKETPLACE_CHANNELS = ("removal_request", "abuse_report")
CHANNELS = CUSTOMER_CHANNELS + MARKETPLACE_CHANNELS
MESSAGING_CHANNELS = ("buyer_message", "review_request")

_PRODUCT_REVIEW_POLICY = "https://sellercentral.amazon.com/gp/help/external/help.html?itemID=E8SYAZUBGVFBHCH"
_REVIEW_FAQ = "https://sellercentral.amazon.com/gp/help/external/G201972160"
_FEEDBACK_REMOVAL = "https://sellercentral.amazon.com/gp/help/external/help.html?itemID=20231"
_FEEDBACK_UPDATE = "https://sellercentral.amazon.com.au/gp/help/external/202126280"
_MESSAGING = (
    "https://github.com/amzn/selling-partner-api-models/blob/main/models/messaging-api-model/messaging.json"
)
_SOLICITATIONS = "https://developer-docs.amazon.com/sp-api/docs/set-up-the-solicitations-api"
_OPT_OUT = "https://sellercentral.amazon.com/gp/help/external/help.html?itemID=200383320"
_STRIKE_THROUGH = "https://sellercentral-europe.amazon.com/gp/help/external/help.html?itemID=201101660"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # content | hard_limit | guideline | criterion | outcome
    description: str
    applies_to: tuple[str, ...]
    source: str
    version: str = "1"


RULES: tuple[Rule, ...] = (
    Rule("incentive_for_review", "content",
         "Anything of value offered or given for a review, a better one, or its change or removal.",
         CUSTOMER_CHANNELS, _PRODUCT_REVIEW_POLICY),
    Rule("request_change_or_remove", "content",
         "Asking the buyer to change, update, remove or delete a review or feedback (one neutral note after "
         "a resolved seller-feedback problem excepted).",
         CUSTOMER_CHANNELS, _FEEDBACK_UPDATE),
    Rule("selective_solicitation", "content",
         "Asking only satisfied buyers for reviews, or asking for a positive or 5-star review.",
         CUSTOMER_CHANNELS, _REVIEW_FAQ),
    Rule("divert_negative", "content",
         "Steering unhappy buyers to contact the seller instead of reviewing.", CUSTOMER_CHANNELS, _REVIEW_FAQ),
    Rule("fake_or_brushing", "content",
         "Fake reviews, review swaps or clubs, bought reviews, staff or family reviews, third-party review or "
         "removal services.", CHANNELS, _PRODUCT_REVIEW_POLICY),
    Rule("external_link", "content", "Links to anywhere but the marketplace, written-out ones included.",
         CUSTOMER_CHANNELS, _MESSAGING),
    Rule("personal_contact", "content", "E-mail addresses, phone numbers, messenger or social handles.",
         CUSTOMER_CHANNELS, _MESSAGING),
    Rule("marketing", "content", "Promotion, coupons, cross-selling, newsletters.", CUSTOMER_CHANNELS, _MESSAGING),
    Rule("personal_data_exposure", "content",
         "The buyer's name, address, order number or other personal detail in a public reply.",
         ("public_reply",), _FEEDBACK_REMOVAL),
    Rule("abusive_or_defensive", "content", "Insulting, blaming, threatening or arguing with the customer.",
         CHANNELS, _PRODUCT_REVIEW_POLICY),
    Rule("false_urgency", "content",
         "A message marked [Important], urgent or critical to pass the buyer's opt-out; since April 2025 only "
         "Amazon's own templates do.", ("buyer_message",), _OPT_OUT),
    Rule("too_long", "hard_limit", "Over 2,000 code points, or the message type's lower limit.",
         MESSAGING_CHANNELS, _MESSAGING),
    Rule("html", "hard_limit", "HTML markup.", MESSAGING_CHANNELS, _MESSAGING),
    Rule("emoji", "hard_limit", "Emojis or GIFs.", MESSAGING_CHANNELS, _MESSAGING),
    Rule("wrong_language", "hard_limit", "Not in the buyer's language.", MESSAGING_CHANNELS, _MESSAGING),
    Rule("outside_window", "hard_limit",
         "A proactive message over 30 days after order completion; a review request outside 5-30 days after "
         "delivery.", MESSAGING_CHANNELS, _SOLICITATIONS),
    Rule("repeat_request", "hard_limit", "A second review request for one order.", ("review_request",),
         _SOLICITATIONS),
    Rule("opted_out", "hard_limit", "A non-critical message to a buyer who opted out.", MESSAGING_CHANNELS,
         _OPT_OUT),
    Rule("repeat_removal_note", "hard_limit", "A second note about updating feedback.", MESSAGING_CHANNELS,
         _FEEDBACK_UPDATE),
    Rule("unsupported_language", "outcome", "The text is in a language the gate cannot judge.", CHANNELS,
         "reviewops"),
    Rule("check_failed", "outcome", "The check could not be completed; nothing unjudged is allowed.", CHANNELS,
         "reviewops"),
    Rule("profanity", "criterion", "Seller feedback with obscene or profane words.", ("removal_request",),
         _FEEDBACK_REMOVAL),
    Rule("personal_info", "criterion", "Seller feedback with seller-specific personal information.",
         ("removal_request",), _FEEDBACK_REMOVAL),
    Rule("product_review_only", "criterion", "Seller feedback that is entirely a product review.",
         ("removal_request",), _FEEDBACK_REMOVAL),
    Rule("fulfillment_only", "criterion",
         "Seller feedback entirely about the delivery of an Amazon-fulfilled order (strike-through).",
         ("removal_request",), _STRIKE_THROUGH),
    *(
        Rule(guideline, "guideline", description, ("abuse_report",), _PRODUCT_REVIEW_POLICY)
        for guideline, description in (
            ("seller_or_shipping_feedback", "The review is about the seller, the order or the delivery."),
            ("profanity_or_harassment", "Profanity or harassment."),
            ("private_information", "Private information."),
            ("links", "Links."),
            ("promotional_content", "Promotional content."),
            ("compensated_review", "A compensated review (not detected automatically in v1)."),
            ("spam", "Spam (not detected automatically in v1)."),
        )
    ),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
