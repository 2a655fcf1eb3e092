"""Draft texts from templates per channel, language and cause, rendered in a Jinja2 sandbox.

Tenants will be able to override templates; the sandbox keeps a template from running
code or reaching attributes it should not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jinja2 import StrictUndefined, Template, TemplateError
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


# One sandbox for every render: tenant templates can use the variables below and nothing else (no
# attribute access to Python internals, no undefined names, no code).
_SANDBOX = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
EDITABLE_CHANNELS = ("buyer_message", "public_reply")
VARIABLES = ("seller_name", "order_id", "asin", "criterion", "guideline", "evidence")
_SAMPLE = {"seller_name": "Example Store", "order_id": "113-0000000-0000000", "asin": "B000000000",
           "criterion": "", "guideline": "", "evidence": []}


@lru_cache(maxsize=4096)
def _compiled(source: str) -> Template:
    """Compiling a source is most of what a render costs, and a few hundred sources (defaults and
    tenants' overrides) render over and over; a compiled template renders safely many times."""
    return _SANDBOX.from_string(source)


def template_error(source: str) -> str | None:
    """Why a tenant's template cannot be used (syntax, an unknown variable, an unsafe access), or None."""
    try:
        _SANDBOX.from_string(source).render(**_SAMPLE)
    except TemplateError as error:
        return f"{type(error).__name__}: {error.message or error}"
    return None


TemplateKey = tuple[str, str, str]  # channel, language, cause


@dataclass(frozen=True)
class TemplateBook:
    """The default templates, keyed channel -> language -> cause."""

    texts: dict[str, dict[str, dict[str, str]]]
    seller_name: str = "the seller support team"

    @classmethod
    def defaults(cls, seller_name: str = "the seller support team") -> TemplateBook:
        raw = json.loads(resources.files(__package__).joinpath("default_templates.json").read_text("utf-8"))
        return cls({channel: texts for channel, texts in raw.items() if not channel.startswith("_")}, seller_name)

    def with_overrides(self, overrides: dict[TemplateKey, str]) -> TemplateBook:
        """This book with a tenant's templates in place of the defaults they override."""
        if not overrides:
            return self
        texts = {channel: {language: dict(causes) for language, causes in by_language.items()}
                 for channel, by_language in self.texts.items()}
        for (channel, language, cause), source in overrides.items():
            texts.setdefault(channel, {}).setdefault(language, {})[cause] = source
        return TemplateBook(texts, self.seller_name)

    def source(self, channel: str, language: str, cause: str) -> str:
        by_cause = self.texts[channel][language]
        return by_cause.get(cause, by_cause["other"])

    def render(self, channel: str, language: str, cause: str, review: ReviewSnapshot, action: AllowedAction) -> str:
        if channel in _MARKETPLACE_TEMPLATES:
            source = _MARKETPLACE_TEMPLATES[channel]
        else:
            source = self.source(channel, language, cause)
        return _compiled(source).render(
            seller_name=self.seller_name,
            order_id=review.order_id or review.external_id,
            asin=review.asin or "",
            criterion=action.criterion or "",
            guideline=action.guideline or "",
            evidence=[span.text for span in action.evidence],
        )
