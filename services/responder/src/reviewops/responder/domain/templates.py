"""Customer drafts composed from paragraph templates per channel, language and aspect, rendered in a
Jinja2 sandbox (docs/drafts.md).

Each language has its paragraphs (paragraphs/<language>.json): `shared` ones (the item's name, the
return terms, the default signature, an acknowledgement per aspect and per cause) and each
channel's own (layout, greeting, fixes, questions, closing). A tenant overrides any paragraph, or a
cause's whole layout, per channel and language; the sandbox keeps a template from running code or
reaching attributes it should not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from reviewops.common.events.payloads import Classification, ReviewSnapshot
from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.responder.domain.composition import CAUSES, outline, short_title
from reviewops.responder.domain.settings import TenantSettings

# One sandbox for every render: templates can use the variables below and nothing else (no
# attribute access to Python internals, no undefined names, no code).
_SANDBOX = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
EDITABLE_CHANNELS = ("buyer_message", "public_reply")
# What every paragraph and layout may use; a layout also has the composed paragraphs.
VARIABLES = ("brand_name", "signature", "seller_name", "product_title", "item", "order_id", "asin", "marketplace",
             "return_window_days", "return_terms", "fulfilled_by_amazon", "quote")
PARAGRAPH_VARIABLES = ("greeting", "acknowledgement", "fix", "question", "closing")
_SAMPLE: dict[str, Any] = {
    "brand_name": "Example Brand", "signature": "The Example Brand team", "seller_name": "The Example Brand team",
    "product_title": "Example Kettle", "item": "the Example Kettle", "order_id": "113-0000000-0000000",
    "asin": "B000000000", "marketplace": "US", "return_window_days": 30, "return_terms": "within 30 days",
    "fulfilled_by_amazon": False, "quote": "it shows E3", "past_return_window": False,
    **{name: "A paragraph." for name in PARAGRAPH_VARIABLES},
}
# Languages written without spaces between sentences.
_NO_SPACE_LANGUAGES = ("ja", "zh")
# Rendered before the paragraphs, which use them.
_BUILDING_BLOCKS = ("item", "return_terms", "signature")

TemplateKey = tuple[str, str, str]  # channel, language, and a cause (its whole layout) or a paragraph key


@lru_cache(maxsize=8192)
def _compiled(source: str) -> Template:
    """Compiling a source is most of what a render costs, and a few thousand sources (defaults and
    tenants' overrides) render over and over; a compiled template renders safely many times."""
    return _SANDBOX.from_string(source)


def template_error(source: str) -> str | None:
    """Why a tenant's template cannot be used (syntax, an unknown variable, an unsafe access), or None."""
    try:
        _SANDBOX.from_string(source).render(**_SAMPLE)
    except TemplateError as error:
        return f"{type(error).__name__}: {error.message or error}"
    return None


def _tidy(text: str) -> str:
    """No trailing or doubled blanks on a line (where a paragraph was empty), no more than one empty line in a row."""
    lines = [re.sub(r" {2,}", " ", line).rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


@dataclass(frozen=True)
class TemplateBook:
    """The default paragraphs, keyed language -> section (`shared` or a channel) -> key, and a tenant's overrides."""

    paragraphs: Mapping[str, Mapping[str, Mapping[str, str]]]
    overrides: Mapping[TemplateKey, str] = field(default_factory=dict)

    @classmethod
    def defaults(cls) -> TemplateBook:
        """The paragraphs shipped with the responder, one file per supported language."""
        folder = resources.files(__package__).joinpath("paragraphs")
        return cls({language: json.loads(folder.joinpath(f"{language}.json").read_text("utf-8"))
                    for language in SUPPORTED_LANGUAGES})

    def with_overrides(self, overrides: Mapping[TemplateKey, str]) -> TemplateBook:
        """This book with a tenant's templates in place of the defaults they override."""
        if not overrides:
            return self
        return TemplateBook(self.paragraphs, {**self.overrides, **overrides})

    def paragraph_keys(self, channel: str, language: str) -> list[str]:
        """The paragraphs a tenant may override for this channel and language, in file order."""
        sections = self.paragraphs[language]
        keys = [*sections["shared"], *sections.get(channel, {})]
        return [key for key in dict.fromkeys(keys) if key != "layout"]

    def source(self, channel: str, language: str, key: str) -> str | None:
        """The template for a cause's layout or for a paragraph: the tenant's, else the default, else None."""
        if (channel, language, key) in self.overrides:
            return self.overrides[(channel, language, key)]
        sections = self.paragraphs.get(language, {})
        if key in CAUSES:
            return sections.get(channel, {}).get("layout")
        return sections.get(channel, {}).get(key, sections.get("shared", {}).get(key))

    def render_part(self, channel: str, language: str, key: str, variables: Mapping[str, Any]) -> str:
        """One paragraph, or a cause's layout, rendered in the sandbox; '' where there is no such part."""
        source = self.source(channel, language, key)
        return "" if source is None else _compiled(source).render(**variables).strip()

    def _first(self, channel: str, language: str, candidates: tuple[str, ...], variables: Mapping[str, Any]) -> str:
        key = next((key for key in candidates if self.source(channel, language, key) is not None), None)
        return "" if key is None else self.render_part(channel, language, key, variables)

    def variables(self, channel: str, language: str, review: ReviewSnapshot,
                  settings: TenantSettings) -> dict[str, Any]:
        """What every paragraph of a draft for this review may use."""
        variables: dict[str, Any] = {
            "brand_name": settings.brand_name or "",
            "product_title": short_title(review.product_title),
            "order_id": review.order_id or "",
            "asin": review.asin or "",
            "marketplace": review.marketplace,
            "return_window_days": settings.return_window_days,
            "past_return_window": False,  # set where the buyer says it failed after longer than the window
            "fulfilled_by_amazon": review.fulfillment == "AFN",
            "quote": "",
            "item": "", "return_terms": "", "signature": "",
        }
        for key in _BUILDING_BLOCKS:
            variables[key] = self.render_part(channel, language, key, variables)
        variables["signature"] = settings.signature_for(language) or variables["signature"]
        variables["seller_name"] = variables["signature"]  # the name tenants' earlier templates sign with
        return variables

    def compose(self, channel: str, language: str, review: ReviewSnapshot, classification: Classification,
                settings: TenantSettings) -> str:
        """A customer draft for this review: greeting, acknowledgement of the specific problem, its fix,
        questions only for what the review did not say, closing and the tenant's signature."""
        variables = self.variables(channel, language, review, settings)
        plan = outline(classification, channel, {"title": review.title, "body": review.body})
        joiner = "" if language in _NO_SPACE_LANGUAGES else " "
        window = settings.return_window_days
        if plan.usage_days is not None and window and plan.usage_days > window:
            # Failed after longer than the return window: the remedy is the warranty's, not a return's.
            variables["return_terms"] = self.render_part(channel, language, "return_terms",
                                                         {**variables, "past_return_window": True})

        def render(key: str, **extra: Any) -> str:
            return self.render_part(channel, language, key, {**variables, **extra})

        # After the buyer's own words, a cause's acknowledgement refers back to them where it has a
        # wording for that ("reached you like this") rather than naming its category again.
        acknowledgement = [render("quoted.complaint", quote=plan.complaint) if plan.complaint else "",
                           self._first(channel, language, ((f"{plan.acknowledge}.quoted",) if plan.complaint else ())
                                       + (plan.acknowledge,), variables)]
        acknowledgement += [render(f"noted.{noted.fact}", quote=noted.quote) for noted in plan.noted]
        questions = [self._first(channel, language, candidates, variables) for candidates in plan.questions]
        composed = {
            "greeting": render("greeting"),
            "acknowledgement": joiner.join(part for part in acknowledgement if part),
            "fix": joiner.join(part for part in (self._first(channel, language, keys, variables) for keys in plan.fixes)
                               if part),
            "question": joiner.join(part for part in questions if part),
            "closing": render("closing"),
        }
        cause = classification.primary_cause if classification.primary_cause in CAUSES else "other"
        layout = self.source(channel, language, cause) or ""
        return _tidy(_compiled(layout).render(**variables, **composed))
