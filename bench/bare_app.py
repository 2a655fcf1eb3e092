"""The baseline for the ingest API: a bare FastAPI endpoint that takes a JSON body and answers.

Served by the same uvicorn (uvloop, httptools, one process) with the same flags as the services,
it shows what one Python process on this machine can answer at best, with no auth, validation,
database or Kafka behind it.
"""

from __future__ import annotations

from typing import Any

from fastapi import Body, FastAPI

app = FastAPI()


@app.post("/v1/reviews", status_code=201)
async def create_review(review: dict[str, Any] = Body(...)) -> dict[str, str]:
    return {"result": "created", "review_key": str(review.get("external_id"))}
