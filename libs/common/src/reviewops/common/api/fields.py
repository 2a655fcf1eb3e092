"""Field types shared by the services' REST models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

# PostgreSQL text cannot hold the NUL character: a string that is stored or queried refuses it at
# the edge, as a 422 naming the field, instead of failing in the database as a 500.
NO_NUL = r"^[^\x00]*$"
StoredText = Annotated[str, StringConstraints(pattern=NO_NUL)]

# The marketplaces reviews are taken from: Amazon's, by the two-letter codes DESIGN.md uses (UK,
# not GB). Anything else is refused (422) rather than stored under a code no one filters by.
MARKETPLACES = ("US", "CA", "MX", "BR", "UK", "IE", "DE", "FR", "IT", "ES", "NL", "BE", "SE", "PL", "TR",
                "AE", "SA", "EG", "IN", "JP", "SG", "AU", "ZA")
Marketplace = Literal[MARKETPLACES]  # type: ignore[valid-type]
# Amazon's order ids, on every marketplace above: three, seven and seven digits.
AMAZON_ORDER_ID = r"^\d{3}-\d{7}-\d{7}$"
