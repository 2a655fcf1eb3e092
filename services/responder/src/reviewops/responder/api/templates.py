"""GET and PUT /v1/templates: the layouts and paragraphs a tenant's drafts are composed from, and its overrides."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, model_validator

from reviewops.common.api.auth import tenant_scoped
from reviewops.common.api.fields import StoredText
from reviewops.common.api.lists import ItemList, ResultList, check_list_size
from reviewops.common.api.problems import problem_responses
from reviewops.common.auth.keys import Caller
from reviewops.common.errors import FieldError, FieldValueError, Unprocessable
from reviewops.common.events.payloads import CauseLabel
from reviewops.common.text.language import SUPPORTED_LANGUAGES
from reviewops.responder.api.deps import ResponderDep
from reviewops.responder.commands import save_templates
from reviewops.responder.domain.templates import EDITABLE_CHANNELS, PARAGRAPH_VARIABLES, VARIABLES, template_error
from reviewops.responder.queries import template_overrides

router = APIRouter(prefix="/v1", tags=["templates"])
CAUSES = get_args(CauseLabel)


class TemplateItem(BaseModel):
    """One template: a cause's whole layout (`cause`) or one paragraph (`paragraph`), per channel and language."""

    model_config = ConfigDict(extra="forbid")
    cause: CauseLabel | None = Field(default=None, description="The cause whose whole draft layout this is")
    paragraph: str | None = Field(default=None, max_length=80,
                                  description="The paragraph this is, e.g. fix.lost or ask.photos (see GET)")
    channel: Literal[EDITABLE_CHANNELS]  # type: ignore[valid-type]
    language: Literal[SUPPORTED_LANGUAGES]  # type: ignore[valid-type]
    template: StoredText = Field(min_length=1, max_length=4_000,
                                 description=f"Jinja2 in a sandbox; variables: {', '.join(VARIABLES)}; a layout "
                                             f"also has {', '.join(PARAGRAPH_VARIABLES)}")

    @model_validator(mode="after")
    def _cause_or_paragraph(self) -> TemplateItem:
        if (self.cause is None) == (self.paragraph is None):
            raise FieldValueError("paragraph", "give exactly one of cause (a whole layout) or paragraph")
        return self

    @property
    def part(self) -> str:
        return self.cause or self.paragraph or ""


class TemplateRead(TemplateItem):
    source: Literal["default", "tenant"]


class TemplateSaved(BaseModel):
    index: int
    result: Literal["saved"]


@router.get("/templates", response_model=ResultList[TemplateRead], summary="Every template this tenant's drafts are written from, its own overrides marked")
async def list_templates(
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("queue:read"))],
    dependencies: ResponderDep,
) -> ResultList[TemplateRead]:
    """Every channel and language: each cause's layout, then each paragraph; the tenant's override
    where it has one, else the default."""
    _, tenant_id = scoped
    async with dependencies.unit_of_work() as uow:
        overrides = await template_overrides(uow, tenant_id)
    book = dependencies.templates.with_overrides(overrides)
    results = []
    for channel in EDITABLE_CHANNELS:
        for language in SUPPORTED_LANGUAGES:
            parts = [(cause, None) for cause in CAUSES] + [(None, key) for key in book.paragraph_keys(channel, language)]
            results += [
                TemplateRead(cause=cause, paragraph=paragraph, channel=channel, language=language,
                             template=book.source(channel, language, cause or paragraph or "") or "",
                             source="tenant" if (channel, language, cause or paragraph) in overrides else "default")
                for cause, paragraph in parts
            ]
    return ResultList(results=results)


@router.put("/templates", response_model=ResultList[TemplateSaved],
            responses=problem_responses(422, descriptions={422: "An item is invalid, named in `errors`; nothing saved"}),
            summary="Override templates for this tenant; all are saved, or none")
async def put_templates(
    request: ItemList[TemplateItem],
    dependencies: ResponderDep,
    scoped: Annotated[tuple[Caller, str], Depends(tenant_scoped("templates:write"))],
) -> ResultList[TemplateSaved]:
    """Each template must name a known paragraph, and compile and render in the sandbox with the
    documented variables only."""
    caller, tenant_id = scoped
    check_list_size(request.items)
    errors = []
    for index, item in enumerate(request.items):
        if item.paragraph is not None and item.paragraph not in dependencies.templates.paragraph_keys(
                item.channel, item.language):
            errors.append(FieldError(f"items[{index}].paragraph", f"no paragraph {item.paragraph!r} in "
                                     f"{item.channel} drafts; GET /v1/templates lists them"))
        if problem := template_error(item.template):
            errors.append(FieldError(f"items[{index}].template", problem))
    if errors:
        raise Unprocessable("A template cannot be used; nothing was saved.", errors)
    async with dependencies.unit_of_work() as uow:
        await save_templates(uow, tenant_id, [(i.channel, i.language, i.part, i.template) for i in request.items],
                             caller.principal)
    return ResultList(results=[TemplateSaved(index=index, result="saved") for index in range(len(request.items))])
