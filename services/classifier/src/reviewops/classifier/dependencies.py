"""What the classifier's handlers and routes need, built once by bootstrap.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewops.classifier.adapters.unit_of_work import ClassifierUnitOfWork
from reviewops.classifier.domain.classify import Classifier


@dataclass(frozen=True)
class ClassifierDependencies:
    """The classifier's dependencies: a unit-of-work factory and the loaded model."""

    unit_of_work: Callable[[], ClassifierUnitOfWork]
    classifier: Classifier
