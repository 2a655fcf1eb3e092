"""Draft texts from templates per channel, language and cause, rendered in a Jinja2 sandbox.

Tenants will be able to override templates; the sandbox keeps a template from running
code or reaching attributes it should not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from reviewops.common.events.payloads import AllowedAction, ReviewSnapshot

_MARKETPLACE_TEMPLATES = {
    "removal_request": (
        "Request to remove seller feedback on order {{ order_id }}: it meets Amazon's removal criterion "
        "'{{ criterion }}'.{% for quote in evidence %} Evidence: \"{{ quote }}\".{% endfor %}"
    ),
    "abuse_report": (
        "Report of a product review on ASIN {{ asin }}: it breaks the community guideline "
        "'{{ guideline }}'.{% for quote in evidence %} Evidence: \"{{ quote }}\".{% endfor %}"
    ),
}


@dataclass(frozen=True)
class TemplateBook:
    """The default templates, keyed channel -> language -> cause."""

    texts: dict[str, dict[str, dict[str, str]]]
    seller_name: str = "the seller support team"

    @classmethod
    def defaults(cls, seller_name: str = "the seller support team") -> TemplateBook:
        raw = json.loads(resources.files(__package__).joinpath("default_templates.json").read_text("utf-8"))
        return cls({channel: texts for channel, texts in raw.items() if not channel.startswith("_")}, seller_name)

    def render(self, channel: str, language: str, cause: str, review: ReviewSnapshot, action: AllowedAction) -> str:
        environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
        if channel in _MARKETPLACE_TEMPLATES:
            source = _MARKETPLACE_TEMPLATES[channel]
        else:
            by_cause = self.texts[channel][language]
            source = by_cause.get(cause, by_cause["other"])
        return environment.from_string(source).render(
            seller_name=self.seller_name,
            order_id=review.order_id or review.external_id,
            asin=review.asin or "",
            criterion=action.criterion or "",
            guideline=action.guideline or "",
            evidence=[span.text for span in action.evidence],
        )
