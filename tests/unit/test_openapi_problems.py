"""Every operation of every service documents the problems it can answer, in the shape it answers them."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from reviewops.common.api.problems import PROBLEM_MEDIA_TYPE, Problem, install_problem_handlers, problem_response
from reviewops.common.errors import FieldError

SERVICES = ("ingest", "classifier", "compliance", "responder")
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


class Message(BaseModel):
    text: str


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document; building an app starts nothing, so no stack is needed."""
    key_file = tmp_path_factory.mktemp("responder") / "service-key"
    key_file.write_text("rvo_00000000_unused\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", "postgresql+asyncpg://unused/unused")
        env.setenv("REVIEWOPS_SERVICE_KEY_FILE", str(key_file))
        apps: dict[str, FastAPI] = {s: importlib.import_module(f"reviewops.{s}.main").create() for s in SERVICES}
        return {service: app.openapi() for service, app in apps.items()}


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, methods in document["paths"].items()
            for method, operation in methods.items()]


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_documents_auth_rate_limit_and_outage_problems(documents, service):
    document = documents[service]
    assert document["components"]["securitySchemes"]["apiKey"] == {
        "type": "http", "scheme": "bearer", "description": "An API key from the admin command"}
    for method, path, operation in operations(document):
        responses = operation["responses"]
        assert {"401", "403", "429", "503"} <= set(responses), (method, path)
        assert operation["security"] == [{"apiKey": []}]
        for status, response in responses.items():
            if int(status) >= 400:
                assert response["content"] == {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}, (method, path, status)
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"] is True
        assert responses["429"]["headers"]["Retry-After"]["required"] is True
        assert responses["503"]["headers"]["Retry-After"]["required"] is True


@pytest.mark.parametrize("service", SERVICES)
def test_validation_body_limit_and_tenancy_problems_are_documented_where_they_can_happen(documents, service):
    for method, path, operation in operations(documents[service]):
        responses = operation["responses"]
        parameters = {parameter["name"] for parameter in operation.get("parameters", ())}
        assert ("422" in responses) == bool(parameters or "requestBody" in operation), (method, path)
        assert ("413" in responses) == ("requestBody" in operation), (method, path)
        assert ("404" in responses) == ("X-Tenant-Id" in parameters), (method, path)


def test_no_service_documents_fastapis_own_validation_error_shape(documents):
    for document in documents.values():
        assert {"HTTPValidationError", "ValidationError"}.isdisjoint(document["components"]["schemas"])
        assert "Problem" in document["components"]["schemas"]


def test_route_specific_problems_keep_their_wording(documents):
    paths = documents["responder"]["paths"]
    assert "violations" in paths["/v1/drafts/{draft_id}:approve"]["post"]["responses"]["409"]["description"]
    assert "violations" in paths["/v1/drafts/{draft_id}"]["patch"]["responses"]["422"]["description"]
    assert "409" not in paths["/v1/queue"]["get"]["responses"]


@pytest.mark.parametrize("response", [
    problem_response(401, "A valid API key is required.", headers={"WWW-Authenticate": "Bearer"}),
    problem_response(422, "Invalid.", errors=[FieldError("items[0].rating", "too large")]),
    problem_response(409, "Blocked.", title="Conflict", extensions={"violations": [{"rule": "contact_data"}]}),
    problem_response(413, "Too large."),
])
def test_what_the_handlers_answer_is_a_problem_as_documented(response):
    assert response.media_type == PROBLEM_MEDIA_TYPE
    body = Problem.model_validate_json(response.body)
    assert body.type == "about:blank" and body.status == response.status_code
    assert ("errors" in body.model_fields_set) == (response.status_code == 422)


@pytest.mark.parametrize("body", [b'{"text": "\xff\xfe caf\xe9"}', b"[" * 100_000])
async def test_a_body_fastapi_cannot_parse_is_a_422_naming_the_body_not_an_undocumented_400(body):
    """Found by schemathesis: bytes that are not UTF-8 were answered 400, which no operation documents."""
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/messages")
    async def post(message: Message) -> Message:
        return message

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post("/messages", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert [error["field"] for error in response.json()["errors"]] == ["body"]
