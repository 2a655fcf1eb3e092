"""Problem-detail field names, tenant resolution and API keys (DESIGN.md: Errors; Tenancy and auth)."""

from __future__ import annotations

import re
import uuid

import pytest
from pydantic import BaseModel, ValidationError

from reviewops.common.api.auth import resolve_tenant
from reviewops.common.api.problems import field_name, validation_errors
from reviewops.common.auth.keys import KEY_PREFIX, Caller, hash_key, new_key
from reviewops.common.errors import DomainError, FieldError, FieldValueError
from reviewops.ingest.api.schemas import ReviewCreate


@pytest.mark.parametrize(("location", "name"), [
    (("body", "items", 0, "rating"), "items[0].rating"),
    (("body", "rating"), "rating"),
    (("body", "review", "asin"), "review.asin"),
    (("header", "x-tenant-id"), "X-Tenant-Id"),
    (("query", "limit"), "limit"),
    (("path", "review_key"), "review_key"),
    (("body",), "body"),
    (("query",), "query"),
    ((), "body"),
    (("items", 3), "items[3]"),
])
def test_field_name(location, name):
    assert field_name(location) == name


def test_invalid_json_is_reported_on_the_body():
    errors = validation_errors([{"type": "json_invalid", "loc": ("body", 17), "msg": "JSON decode error",
                                 "ctx": {"error": "Expecting value"}}])
    assert [(e.field, e.message) for e in errors] == [("body", "not valid JSON: Expecting value")]


def test_model_level_field_error_names_the_field_with_its_message():
    with pytest.raises(ValidationError) as raised:
        ReviewCreate.model_validate({"marketplace": "US", "kind": "product_review", "external_id": "R1",
                                     "rating": 2, "body": "x", "created_at": "2026-11-20T09:30:00Z"})
    errors = [dict(e, loc=("body", *e["loc"])) for e in raised.value.errors()]
    assert [(e.field, e.message) for e in validation_errors(errors)] == [("asin", "required for a product_review")]


def test_plain_field_errors_keep_their_path():
    class Item(BaseModel):
        rating: int

    class Body(BaseModel):
        items: list[Item]

    with pytest.raises(ValidationError) as raised:
        Body.model_validate({"items": [{"rating": 1}, {"rating": "x"}]})
    errors = [dict(e, loc=("body", *e["loc"])) for e in raised.value.errors()]
    assert [e.field for e in validation_errors(errors)] == ["items[1].rating"]


def test_model_level_field_error_inside_a_list_keeps_the_list_name():
    error = {"type": "value_error", "loc": ("body", "items", 1), "msg": "Value error, required",
             "ctx": {"error": FieldValueError("asin", "required for a product_review")}}
    assert [e.field for e in validation_errors([error])] == ["items[1].asin"]


def caller(tenants: set[str], all_tenants: bool = False) -> Caller:
    return Caller(principal_id=uuid.uuid4(), principal="p", scopes=frozenset({"reviews:read"}),
                  tenants=frozenset(tenants), all_tenants=all_tenants)


def test_single_tenant_key_implies_its_tenant():
    assert resolve_tenant(caller({"demo"}), None) == "demo"
    assert resolve_tenant(caller({"demo"}), "") == "demo"


@pytest.mark.parametrize(("key", "requested"), [
    (caller({"demo"}), "demo"),
    (caller({"a", "b"}), "b"),
    (caller(set(), all_tenants=True), "anyone"),
])
def test_a_named_granted_tenant_is_used(key, requested):
    assert resolve_tenant(key, requested) == requested


@pytest.mark.parametrize("key", [caller({"demo"}), caller({"a", "b"}), caller(set())])
def test_a_tenant_not_granted_is_404_and_names_nothing(key):
    with pytest.raises(DomainError) as raised:
        resolve_tenant(key, "other")
    assert raised.value.status == 404
    assert "other" not in str(raised.value)


@pytest.mark.parametrize("key", [caller({"a", "b"}), caller(set(), all_tenants=True),
                                 caller({"a"}, all_tenants=True), caller(set())])
def test_several_or_all_tenants_without_header_is_422_naming_the_header(key):
    with pytest.raises(DomainError) as raised:
        resolve_tenant(key, None)
    assert raised.value.status == 422
    assert [e.field for e in raised.value.errors] == ["X-Tenant-Id"]


def test_new_key_format_and_prefix():
    key, prefix = new_key()
    assert re.fullmatch(rf"{KEY_PREFIX}[0-9a-f]{{8}}_[A-Za-z0-9_-]{{43}}", key)
    assert key.startswith(prefix + "_")
    assert prefix == key[: len(KEY_PREFIX) + 8]


def test_new_keys_differ():
    assert len({new_key()[0] for _ in range(50)}) == 50


def test_hash_key_is_sha256_of_the_key():
    key, _ = new_key()
    digest = hash_key(key)
    assert len(digest) == 32
    assert digest == hash_key(key)
    assert digest != hash_key(key + "x")
    assert key.encode() not in digest


def test_caller_may_act_for():
    assert caller({"a"}).may_act_for("a")
    assert not caller({"a"}).may_act_for("b")
    assert caller(set(), all_tenants=True).may_act_for("b")


def test_a_one_or_many_body_reports_only_the_form_it_chose_without_type_names():
    errors = [
        {"loc": ("body", "CheckRequest", "channel"), "msg": "bad channel", "type": "literal_error"},
        {"loc": ("body", "ItemList[CheckRequest]", "items"), "msg": "Field required", "type": "missing"},
    ]
    assert validation_errors(errors, {"text": "hi", "channel": "fax"}) == [FieldError("channel", "bad channel")]
    listed = validation_errors(errors, {"items": "x"})
    assert listed == [FieldError("items", "Field required")]
