"""What the responder's handlers, commands and routes need, built once by bootstrap.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewops.responder.adapters.compliance_client import ComplianceClient
from reviewops.responder.adapters.service_clients import ClassifierClient
from reviewops.responder.adapters.unit_of_work import ResponderUnitOfWork
from reviewops.responder.domain.templates import TemplateBook


@dataclass(frozen=True)
class ResponderDependencies:
    """The responder's dependencies: a unit-of-work factory (its handlers commit in steps, around
    calls to compliance), its clients of compliance and the classifier, and the default templates."""

    unit_of_work: Callable[[], ResponderUnitOfWork]
    compliance: ComplianceClient
    classifier: ClassifierClient
    templates: TemplateBook
