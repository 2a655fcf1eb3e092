"""A tenant's settings: the brand its drafts speak for, its signature per language, its return window. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_BRAND_NAME = 100
MAX_SIGNATURE = 300
MAX_RETURN_WINDOW_DAYS = 365


@dataclass(frozen=True)
class TenantSettings:
    """What every draft of a tenant is signed and written with (DESIGN.md: Tenant settings). A tenant
    that set nothing gets the defaults: no brand, the neutral signature of each language, and the
    return policy named without a number of days."""

    brand_name: str | None = None
    signatures: Mapping[str, str] = field(default_factory=dict)
    return_window_days: int | None = None

    def signature_for(self, language: str) -> str | None:
        """The tenant's own signature in this language, or None (the drafts then sign with the default one)."""
        return self.signatures.get(language)
