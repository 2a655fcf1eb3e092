"""`uvicorn --factory reviewops.classifier.main:create`: the classifier service."""

from __future__ import annotations

from fastapi import FastAPI

from reviewops.classifier.adapters.tables import metadata
from reviewops.classifier.api.insights import router as insights_router
from reviewops.classifier.api.labels import router as labels_router
from reviewops.classifier.api.routes import router
from reviewops.classifier.bootstrap import build
from reviewops.classifier.settings import ClassifierSettings
from reviewops.common.api.app import create_app


def create() -> FastAPI:
    return create_app(
        service="classifier",
        settings=ClassifierSettings(),
        metadata=metadata,
        routers=[router, insights_router, labels_router],
        build=build,
        title="reviewops classifier",
        description="Assigns root causes, languages and removal signals; publishes reviews.classified.v1.",
    )
