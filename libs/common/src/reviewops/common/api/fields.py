"""Field types shared by the services' REST models."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

# PostgreSQL text cannot hold the NUL character: a string that is stored or queried refuses it at
# the edge, as a 422 naming the field, instead of failing in the database as a 500.
NO_NUL = r"^[^\x00]*$"
StoredText = Annotated[str, StringConstraints(pattern=NO_NUL)]
