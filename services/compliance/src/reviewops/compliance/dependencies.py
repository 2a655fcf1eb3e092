"""What compliance's handlers and routes need, built once by bootstrap.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewops.compliance.adapters.unit_of_work import ComplianceUnitOfWork
from reviewops.compliance.ml.model import SecondOpinion


@dataclass(frozen=True)
class ComplianceDependencies:
    """Compliance's dependencies: a unit-of-work factory and the rule model checks consult."""

    unit_of_work: Callable[[], ComplianceUnitOfWork]
    rule_model: SecondOpinion
