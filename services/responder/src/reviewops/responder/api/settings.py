"""GET and PUT /v1/settings: the brand a tenant's drafts speak for, its signatures and return window."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import StoredText
from reviewops.common.api.problems import problem_responses
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import FieldValueError
from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.responder.api.deps import ResponderDep
from reviewops.responder.commands import save_settings
from reviewops.responder.domain.settings import (
    MAX_BRAND_NAME,
    MAX_RETURN_WINDOW_DAYS,
    MAX_SIGNATURE,
    TenantSettings,
)
from reviewops.responder.queries import tenant_settings

router = APIRouter(prefix="/v1", tags=["settings"])


class Settings(BaseModel):
    """A tenant's settings, as read and as written whole (a field left out is cleared)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "brand_name": "Acme Home",
            "signatures": {"en": "The Acme Home care team", "de": "Ihr Acme-Home-Kundenservice"},
            "return_window_days": 30,
        }]},
    )
    brand_name: StoredText | None = Field(default=None, min_length=1, max_length=MAX_BRAND_NAME,
                                          description="The brand drafts speak for and sign with")
    signatures: dict[str, StoredText] = Field(
        default_factory=dict,
        description=f"Signature per language ({', '.join(SUPPORTED_LANGUAGES)}); a language without one "
                    "is signed with the brand's customer service, or a neutral team name without a brand")
    return_window_days: StrictInt | None = Field(default=None, ge=1, le=MAX_RETURN_WINDOW_DAYS,
                                                 description="Named in the return terms drafts offer")

    @model_validator(mode="after")
    def _signatures_per_supported_language(self) -> Settings:
        for language, signature in self.signatures.items():
            if language not in SUPPORTED_LANGUAGES:
                raise FieldValueError(f"signatures.{language}",
                                      f"not a supported language; use one of {', '.join(SUPPORTED_LANGUAGES)}")
            if not signature.strip() or len(signature) > MAX_SIGNATURE:
                raise FieldValueError(f"signatures.{language}", f"must have 1 to {MAX_SIGNATURE} characters")
        if self.brand_name is not None and not self.brand_name.strip():
            raise FieldValueError("brand_name", "must not be blank")
        return self

    def to_domain(self) -> TenantSettings:
        return TenantSettings(self.brand_name, {language: text.strip() for language, text in self.signatures.items()},
                              self.return_window_days)

    @classmethod
    def of(cls, settings: TenantSettings) -> Settings:
        return cls(brand_name=settings.brand_name, signatures=dict(settings.signatures),
                   return_window_days=settings.return_window_days)


@router.get("/settings", response_model=Settings, summary="This tenant's settings (defaults where it saved none)")
async def get_settings(
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("queue:read"))],
    dependencies: ResponderDep,
) -> Settings:
    """The saved settings; a tenant that saved none has no brand, no signatures and no return window."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        return Settings.of(await tenant_settings(uow, tenant_id))


@router.put("/settings", response_model=Settings,
            responses=problem_responses(422, descriptions={422: "A field is invalid, named in `errors`; nothing saved"}),
            summary="Replace this tenant's settings; its next drafts use them")
async def put_settings(
    request: Settings,
    dependencies: ResponderDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("templates:write"))],
) -> Settings:
    """Save the settings whole, as given."""
    caller, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        await save_settings(uow, tenant_id, request.to_domain(), caller.principal)
    return request
