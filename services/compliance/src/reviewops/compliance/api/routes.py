"""Compliance's REST routes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Body, Depends

from reviewops.common.api.auth import require_scope
from reviewops.common.api.lists import ItemList, ResultList, check_list_size
from reviewops.common.auth.keys import Caller
from reviewops.compliance.api.deps import ComplianceDep
from reviewops.compliance.api.schemas import CheckRequest, CheckResultRead, PolicyRead, RuleRead
from reviewops.compliance.domain.catalogue import POLICY_VERSION, RULES
from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import SecondOpinion

router = APIRouter(prefix="/v1", tags=["compliance"])


def _check(request: CheckRequest, rule_model: SecondOpinion) -> CheckResultRead:
    result = check_message(
        request.text, request.channel, request.language, request.context.model_dump(exclude_none=True),
        second_opinion=rule_model,
    )
    return CheckResultRead.model_validate(asdict(result))


@router.post(
    "/checks",
    response_model=CheckResultRead | ResultList[CheckResultRead],
    summary="Check one message, or a list ({items: [...]}), against the policy",
)
async def check(
    request: Annotated[CheckRequest | ItemList[CheckRequest], Body()],
    caller: Annotated[Caller, Depends(require_scope("checks"))],
    dependencies: ComplianceDep,
) -> CheckResultRead | ResultList[CheckResultRead]:
    """Every result carries the policy_version it was made under; what cannot be judged is not allowed."""
    if isinstance(request, ItemList):
        check_list_size(request.items)
        return ResultList(results=[_check(item, dependencies.rule_model) for item in request.items])
    return _check(request, dependencies.rule_model)


@router.get("/policies", response_model=PolicyRead, summary="The rule catalogue and its version")
async def policies(caller: Annotated[Caller, Depends(require_scope("policy:read"))]) -> PolicyRead:
    """The rule catalogue checks and the gate apply, under its policy version."""
    return PolicyRead(
        policy_version=POLICY_VERSION,
        rules=[RuleRead(**{**asdict(rule), "applies_to": list(rule.applies_to)}) for rule in RULES],
    )
