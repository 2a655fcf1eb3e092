"""ReviewCreate validation per kind (DESIGN.md: field table), each error naming its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from reviewops.common.api.fields import MARKETPLACES
from reviewops.common.api.problems import validation_errors
from reviewops.ingest.api.schemas import ReviewBatch, ReviewCreate
from reviewops.ingest.domain.reviews import DateWindow

PRODUCT = dict(marketplace="US", kind="product_review", external_id="R2EXAMPLE0001", asin="B0EXAMPLE1", rating=2,
               body="Stopped heating after a week.", created_at="2026-11-20T09:30:00Z")
FEEDBACK = dict(marketplace="DE", kind="seller_feedback", external_id="302-1234567-7654321",
                order_id="302-1234567-7654321", fulfillment="AFN", rating=1, body="Kam zu spät.",
                created_at="2026-11-20T09:30:00+01:00")


def fields_at_fault(data: dict) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        ReviewCreate.model_validate(data)
    return {error.field for error in validation_errors(raised.value.errors())}


def without(data: dict, key: str) -> dict:
    return {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize("data", [PRODUCT, FEEDBACK, dict(PRODUCT, order_id="111-1234567-1234567", fulfillment="MFN"),
                                  dict(FEEDBACK, asin="B0EXAMPLE1")])
def test_valid_submissions_pass(data):
    review = ReviewCreate.model_validate(data)
    assert review.title == ""
    assert review.deleted is False


@pytest.mark.parametrize(("data", "field"), [
    (without(PRODUCT, "asin"), "asin"),
    (without(FEEDBACK, "order_id"), "order_id"),
    (dict(FEEDBACK, order_id="302-0000000-0000000"), "order_id"),
    (without(FEEDBACK, "fulfillment"), "fulfillment"),
    (dict(FEEDBACK, fulfillment="FBA"), "fulfillment"),
    (dict(PRODUCT, updated_at="2026-11-19T09:30:00Z"), "updated_at"),
])
def test_kind_rules_name_the_field(data, field):
    assert fields_at_fault(data) == {field}


@pytest.mark.parametrize(("change", "field"), [
    ({"rating": 0}, "rating"),
    ({"rating": 6}, "rating"),
    ({"marketplace": "usa"}, "marketplace"),
    ({"marketplace": "us"}, "marketplace"),
    ({"external_id": "R2 EXAMPLE"}, "external_id"),
    ({"external_id": "R2/EXAMPLE"}, "external_id"),
    ({"kind": "question"}, "kind"),
    ({"asin": "b0example1"}, "asin"),
    ({"language": "eng"}, "language"),
    ({"created_at": "2026-11-20T09:30:00"}, "created_at"),
    ({"updated_at": "2026-11-21T09:30:00"}, "updated_at"),
    ({"order_completed_at": "2026-11-21T09:30:00"}, "order_completed_at"),
    ({"unexpected": 1}, "unexpected"),
])
def test_field_errors_name_the_field(change, field):
    assert field in fields_at_fault(dict(PRODUCT, **change))


@pytest.mark.parametrize("marketplace", MARKETPLACES)
def test_every_amazon_marketplace_on_the_list_is_taken(marketplace):
    assert ReviewCreate.model_validate(dict(PRODUCT, marketplace=marketplace)).marketplace == marketplace


@pytest.mark.parametrize(("change", "field"), [
    ({"marketplace": "XX"}, "marketplace"),
    ({"marketplace": "GB"}, "marketplace"),  # Amazon's UK marketplace is UK here, as in DESIGN.md
    ({"marketplace": "CN"}, "marketplace"),  # closed to sellers
    ({"order_id": "111-1"}, "order_id"),
    ({"order_id": "1111-234567-1234567"}, "order_id"),
    ({"order_id": "111-1234567-123456A"}, "order_id"),
    ({"order_id": "D01-1234567-1234567"}, "order_id"),
    ({"order_id": "111-1234567-1234567\n"}, "order_id"),
])
def test_marketplaces_off_the_list_and_order_ids_not_shaped_as_amazons_are_refused(change, field):
    assert fields_at_fault(dict(PRODUCT, **change)) == {field}


def test_seller_feedback_keyed_by_an_order_id_not_shaped_as_amazons_is_refused():
    odd = "ORDER-42"
    assert "order_id" in fields_at_fault(dict(FEEDBACK, external_id=odd, order_id=odd))


@pytest.mark.parametrize("missing", ["marketplace", "kind", "external_id", "rating", "body", "created_at"])
def test_required_fields(missing):
    assert missing in fields_at_fault(without(PRODUCT, missing))


def test_updated_at_equal_to_created_at_is_fine():
    assert ReviewCreate.model_validate(dict(PRODUCT, updated_at=PRODUCT["created_at"])).updated_at is not None


def test_to_submission_keeps_every_field():
    review = ReviewCreate.model_validate(dict(FEEDBACK, title="Spät", deleted=True, language="de",
                                              updated_at="2026-11-21T10:00:00Z"))
    sub = review.to_submission()
    assert (sub.kind, sub.external_id, sub.order_id, sub.fulfillment) == (
        "seller_feedback", FEEDBACK["external_id"], FEEDBACK["order_id"], "AFN")
    assert (sub.title, sub.deleted, sub.language) == ("Spät", True, "de")
    assert sub.effective_updated_at == datetime(2026, 11, 21, 10, tzinfo=UTC)
    assert sub.created_at.tzinfo is not None


@pytest.mark.parametrize(("change", "field"), [
    ({"rating": True}, "rating"),
    ({"rating": "5"}, "rating"),
    ({"rating": 2.0}, "rating"),
    ({"deleted": "yes"}, "deleted"),
    ({"verified_purchase": 1}, "verified_purchase"),
    ({"order_completed_at": "2026-11-21T09:30:00Z"}, "order_completed_at"),
])
def test_types_are_not_coerced_and_the_order_comes_before_its_review(change, field):
    assert field in fields_at_fault(dict(PRODUCT, **change))


def test_an_empty_batch_names_items():
    with pytest.raises(ValidationError) as raised:
        ReviewBatch.model_validate({"items": []})
    assert [error.field for error in validation_errors(raised.value.errors())] == ["items"]


def test_the_date_window_refuses_times_far_ahead_or_before_1995():
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    submission = ReviewCreate.model_validate(PRODUCT).to_submission()
    window = DateWindow(timedelta(hours=24))
    assert window.problems(submission, now) == []
    ahead = ReviewCreate.model_validate(dict(PRODUCT, created_at="2026-12-08T13:00:00Z")).to_submission()
    assert [field for field, _ in window.problems(ahead, now)] == ["created_at"]
    assert DateWindow(timedelta(hours=48)).problems(ahead, now) == []
    just_inside = ReviewCreate.model_validate(dict(PRODUCT, created_at="2026-12-08T11:59:00Z")).to_submission()
    assert window.problems(just_inside, now) == []
    old = ReviewCreate.model_validate(dict(PRODUCT, created_at="1970-01-01T00:00:00Z")).to_submission()
    assert [field for field, _ in window.problems(old, now)] == ["created_at"]
    edited = ReviewCreate.model_validate(dict(PRODUCT, updated_at="2099-01-01T00:00:00Z")).to_submission()
    assert [field for field, _ in window.problems(edited, now)] == ["updated_at"]


def test_a_product_title_is_optional_and_carried_to_the_submission():
    assert ReviewCreate.model_validate(PRODUCT).to_submission().product_title is None
    titled = ReviewCreate.model_validate(dict(PRODUCT, product_title="Acme Kettle 1.7 L, stainless steel"))
    assert titled.to_submission().product_title == "Acme Kettle 1.7 L, stainless steel"


@pytest.mark.parametrize("title", ["", "x" * 501, "a\x00b", 5])
def test_an_invalid_product_title_names_its_field(title):
    assert "product_title" in fields_at_fault(dict(PRODUCT, product_title=title))
