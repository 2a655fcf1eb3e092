"""Each service's handlers driven through its real bootstrap (`wire`) with the in-memory unit of work:
the consumer subscriptions and the dependencies routes use, without Kafka or PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from reviewops.classifier.bootstrap import wire as wire_classifier
from reviewops.classifier.handlers import correct_cause
from reviewops.common.errors import Conflict, NotFound
from reviewops.common.events.envelope import Event
from reviewops.common.events.payloads import (
    ReviewClassified,
    ReviewGated,
    ReturnIngested,
    ReviewIngested,
)
from reviewops.common.events.registry import RETURNS_INGESTED, REVIEWS_CLASSIFIED, REVIEWS_GATED, REVIEWS_INGESTED
from reviewops.compliance.bootstrap import wire as wire_compliance
from reviewops.compliance.domain.gate import gate
from reviewops.compliance.ml.model import NoSecondOpinion
from reviewops.ingest.bootstrap import wire as wire_ingest
from reviewops.ingest.domain.reviews import IngestResult, Submission
from reviewops.ingest.handlers import ingest_reviews, read_review
from reviewops.responder.bootstrap import wire as wire_responder
from reviewops.responder.commands import approve_draft, edit_draft, move_draft
from reviewops.responder.domain.templates import TemplateBook
from reviewops.responder.handlers import expire_drafts
from tests.support import factories
from tests.support.fake_repositories import (
    FakeClassificationRepository,
    FakeClassifierClient,
    FakeComplianceClient,
    FakeDraftRepository,
    FakeInsightRepository,
    FakeLabelRepository,
    FakeReturnClassificationRepository,
    FakeReviewRepository,
    FakeSettingsRepository,
    FakeTemplateRepository,
    FakeVerdictRepository,
)
from tests.support.fake_uow import FakeStore, FakeUnitOfWork

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def event(event_type: str, payload, key: str | None = None) -> Event:
    tenant_id = payload.review.tenant_id if hasattr(payload, "review") else "demo"
    return Event[type(payload)](event_type=event_type, producer="test", tenant_id=tenant_id,
                                key=key or payload.review.review_key, payload=payload)


# ingest


def submission(body: str, hours: int = 0) -> Submission:
    return Submission(marketplace="US", kind="product_review", external_id="R1", rating=2, body=body,
                      created_at=T0, updated_at=T0 + timedelta(hours=hours), asin="B0EXAMPLE1")


async def test_ingest_stores_versions_and_publishes_only_created_and_updated_ones() -> None:
    store, reviews = FakeStore(), FakeReviewRepository()
    parts = wire_ingest(lambda: FakeUnitOfWork(store, "ingest", reviews=reviews))
    async with parts.dependencies.unit_of_work() as uow:
        outcomes = await ingest_reviews(uow, "acme", [submission("v1"), submission("v2", 2), submission("v1", 1),
                                                      submission("v2", 3)])
    assert [o.result for o in outcomes] == [IngestResult.CREATED, IngestResult.UPDATED, IngestResult.STALE,
                                            IngestResult.DUPLICATE]
    published = store.events("review.ingested")
    assert [(e.payload.result, e.payload.review.version, e.payload.review.body) for e in published] == [
        ("created", 1, "v1"), ("updated", 2, "v2")]
    assert store.commits == 1
    async with parts.dependencies.unit_of_work() as uow:
        stored = await read_review(uow, "acme", outcomes[0].review_key)
        assert await read_review(uow, "other-tenant", outcomes[0].review_key) is None
    assert stored.current["body"] == "v2" and stored.current["version"] == 2
    assert [h.result for h in stored.history] == ["created", "updated", "stale"]
    assert reviews.reviews[outcomes[0].review_key]["updated_at"] == T0 + timedelta(hours=3)


async def test_ingest_publishes_the_product_title_it_was_given() -> None:
    store = FakeStore()
    parts = wire_ingest(lambda: FakeUnitOfWork(store, "ingest", reviews=FakeReviewRepository()))
    async with parts.dependencies.unit_of_work() as uow:
        await ingest_reviews(uow, "acme", [replace(submission("v1"), product_title="Acme Kettle 1.7 L"),
                                           replace(submission("w1"), external_id="R2OTHER")])
    assert [e.payload.review.product_title for e in store.events("review.ingested")] == ["Acme Kettle 1.7 L", None]


async def test_ingest_publishes_nothing_when_the_transaction_fails() -> None:
    store = FakeStore()
    parts = wire_ingest(lambda: FakeUnitOfWork(store, "ingest", reviews=FakeReviewRepository()))
    with pytest.raises(RuntimeError):
        async with parts.dependencies.unit_of_work() as uow:
            await ingest_reviews(uow, "acme", [submission("v1")])
            raise RuntimeError("after the handler")
    assert store.events() == [] and store.rollbacks == 1


# classifier


class FixedClassifier:
    """Classifies every review as one cause, counting the model calls."""

    def __init__(self, cause: str = "logistics") -> None:
        self.cause, self.calls = cause, 0

    def classify_many(self, texts: list) -> list:
        self.calls += 1
        return [factories.classification(self.cause) for _ in texts]


async def test_classifier_classifies_each_new_version_once_and_announces_spikes() -> None:
    store, classifications = FakeStore(), FakeClassificationRepository()
    asin = ("demo", "US", factories.ASIN)
    insights = FakeInsightRepository({asin: (Counter({"product_quality": 10}), Counter({"logistics": 6}))})
    classifier = FixedClassifier()
    parts = wire_classifier(
        lambda: FakeUnitOfWork(store, "classifier", classifications=classifications, insights=insights), classifier)
    subscription, on_returns = parts.subscriptions
    assert (subscription.topic, on_returns.topic) == (REVIEWS_INGESTED, RETURNS_INGESTED)
    review = factories.review()
    first = event("review.ingested", ReviewIngested(result="created", review=review))
    repeat_of_first = event("review.ingested", ReviewIngested(result="created", review=review))
    await subscription.handler([first, first])
    await subscription.handler([first, repeat_of_first])
    classified = store.events("review.classified")
    assert len(classified) == 1 and isinstance(classified[0].payload, ReviewClassified)
    assert classified[0].payload.classification.primary_cause == "logistics"
    assert [p.caused_by for p in store.published if p.event.event_type == "review.classified"] == [first]
    assert list(classifications.rows) == [(review.review_key, 1, 0)]
    assert classifier.calls == 2, "one model call per batch"
    [spike] = store.events("cause.spiked")
    assert (spike.payload.cause, spike.key) == ("logistics", f"demo:US:{factories.ASIN}")


async def test_a_cause_correction_is_the_next_revision_stored_labelled_and_published_once() -> None:
    store, classifications, labels = FakeStore(), FakeClassificationRepository(), FakeLabelRepository()
    parts = wire_classifier(lambda: FakeUnitOfWork(store, "classifier", classifications=classifications,
                                                   insights=FakeInsightRepository(), labels=labels),
                            FixedClassifier("product_quality"))
    subscription, _ = parts.subscriptions
    review = factories.review()
    await subscription.handler([event("review.ingested", ReviewIngested(result="created", review=review))])
    async with parts.dependencies.unit_of_work() as uow:
        corrected = await correct_cause(uow, "demo", review.review_key, "logistics", ["expectations"], "agent-1")
    async with parts.dependencies.unit_of_work() as uow:
        repeated = await correct_cause(uow, "demo", review.review_key, "logistics", ["logistics", "expectations"],
                                       "agent-2")
    model, correction = store.events("review.classified")
    assert correction.payload.review == review and correction.key == review.review_key
    assert correction.payload.classification == corrected == repeated
    assert (corrected.classification_revision, corrected.labelled_by, corrected.primary_cause) == (
        1, "agent-1", "logistics")
    assert [(c.label, c.score) for c in corrected.causes] == [("logistics", 1.0), ("expectations", 1.0)]
    assert corrected.language == model.payload.classification.language
    assert set(classifications.rows) == {(review.review_key, 1, 0), (review.review_key, 1, 1)}
    assert [label for _, label in labels.labels] == [corrected]
    async with parts.dependencies.unit_of_work() as uow:
        with pytest.raises(NotFound):
            await correct_cause(uow, "other-tenant", review.review_key, "logistics", [], "agent-1")
        with pytest.raises(NotFound):
            await correct_cause(uow, "demo", "demo:US:product_review:NOSUCH", "logistics", [], "agent-1")


def return_event(reason: str, comment: str, n: int = 1) -> Event:
    line = ReturnIngested(marketplace="US", order_id="114-1234567-1234567", asin=factories.ASIN, sku="KTL-01",
                          returned_at=datetime.now(UTC), quantity=1, reason=reason, comment=comment)
    return event("return.ingested", line, key=f"demo:US:return:114-1234567-1234567:LPN{n}")


async def test_classifier_gives_each_return_line_its_cause_once_and_spikes_count_returned_units() -> None:
    store, returns = FakeStore(), FakeReturnClassificationRepository()
    asin = ("demo", "US", factories.ASIN)
    # No reviews at all: the spike comes from returned units alone.
    insights = FakeInsightRepository(return_windows={asin: (Counter({"preference": 10}), Counter({"logistics": 6}))})
    classifier = FixedClassifier("logistics")
    parts = wire_classifier(lambda: FakeUnitOfWork(store, "classifier", classifications=FakeClassificationRepository(),
                                                   insights=insights, returns=returns), classifier)
    _, on_returns = parts.subscriptions
    defective = return_event("DEFECTIVE", "Box was crushed", 1)
    unwanted = return_event("UNWANTED_ITEM", "Arrived two weeks late", 2)
    silent = return_event("UNWANTED_ITEM", "", 3)
    await on_returns.handler([defective, unwanted, silent])
    await on_returns.handler([defective])
    causes = {key: (row.primary_cause, row.decided_by) for key, row in returns.rows.items()}
    assert causes == {defective.key: ("product_quality", "reason"), unwanted.key: ("logistics", "comment"),
                      silent.key: ("preference", "reason")}
    assert store.events("review.classified") == [], "returns make no drafts"
    [spike] = store.events("cause.spiked")
    assert spike.payload.cause == "logistics"


# compliance


async def test_compliance_gates_each_classified_version_once() -> None:
    store, verdicts = FakeStore(), FakeVerdictRepository()
    parts = wire_compliance(lambda: FakeUnitOfWork(store, "compliance", verdicts=verdicts), NoSecondOpinion())
    [subscription] = parts.subscriptions
    assert subscription.topic == REVIEWS_CLASSIFIED
    assert isinstance(parts.dependencies.rule_model, NoSecondOpinion)
    review, classification = factories.review("seller_feedback"), factories.classification("logistics")
    events = [event("review.classified", ReviewClassified(review=review, classification=classification))
              for _ in range(2)]
    await subscription.handler(events)
    await subscription.handler(events)
    [gated] = store.events("review.gated")
    assert gated.payload.verdict == gate(review, classification)
    assert set(verdicts.rows) == {(review.review_key, 1, 0)}


async def test_compliance_gates_a_corrected_cause_of_the_same_version_again() -> None:
    store, verdicts = FakeStore(), FakeVerdictRepository()
    parts = wire_compliance(lambda: FakeUnitOfWork(store, "compliance", verdicts=verdicts), NoSecondOpinion())
    [subscription] = parts.subscriptions
    review = factories.review("seller_feedback")
    model = factories.classification("logistics")
    corrected = model.model_copy(update={"primary_cause": "seller_service", "classification_revision": 1,
                                         "labelled_by": "agent-1"})
    await subscription.handler([event("review.classified", ReviewClassified(review=review, classification=model))])
    correction = event("review.classified", ReviewClassified(review=review, classification=corrected))
    await subscription.handler([correction])
    await subscription.handler([event("review.classified", ReviewClassified(review=review, classification=corrected))])
    first, second = store.events("review.gated")
    assert (first.payload.classification, second.payload.classification) == (model, corrected)
    assert second.payload.verdict == gate(review, corrected)
    assert set(verdicts.rows) == {(review.review_key, 1, 0), (review.review_key, 1, 1)}


# responder


def responder(compliance: FakeComplianceClient | None = None):
    store, drafts, templates = FakeStore(), FakeDraftRepository(), FakeTemplateRepository()
    settings = FakeSettingsRepository()
    parts = wire_responder(lambda: FakeUnitOfWork(store, "responder", drafts=drafts, templates=templates,
                                                  settings=settings),
                           compliance or FakeComplianceClient(), FakeClassifierClient(), TemplateBook.defaults(),
                           upkeep_interval=0.01)
    return parts, store, drafts


def gated_event(version: int = 1, rating: int = 1, **review_fields) -> Event[ReviewGated]:
    review = factories.review("seller_feedback", version=version, rating=rating, **review_fields)
    return event("review.gated", factories.gated(review, factories.classification("logistics"),
                                                 factories.verdict(factories.action("contact_buyer"),
                                                                   factories.action("internal_ticket"))))


async def test_responder_drafts_a_gated_review_and_a_newer_version_supersedes_them() -> None:
    parts, store, drafts = responder()
    [subscription] = parts.subscriptions
    assert subscription.topic == REVIEWS_GATED
    v1, v2 = gated_event(1), gated_event(2)
    await subscription.handler([v1, v2, v1])
    states = sorted((d.review_version, d.channel, d.state) for d in drafts.drafts.values())
    assert states == [(1, "buyer_message", "superseded"), (1, "internal_ticket", "superseded"),
                      (2, "buyer_message", "ready"), (2, "internal_ticket", "ready")]
    assert Counter(e.event_type for e in store.events()) == {"draft.created": 4, "draft.superseded": 2}
    assert Counter(a["change"] for a in drafts.audits) == {"created": 4, "superseded": 2}


def corrected_event(revision: int, cause: str) -> Event[ReviewGated]:
    review = factories.review("seller_feedback", version=1, rating=1)
    classification = factories.classification(cause, classification_revision=revision, labelled_by="agent-1")
    return event("review.gated", factories.gated(review, classification,
                                                 factories.verdict(factories.action("contact_buyer"),
                                                                   factories.action("internal_ticket"))))


async def test_responder_replaces_open_drafts_when_a_correction_changes_the_cause_and_only_then() -> None:
    parts, store, drafts = responder()
    [subscription] = parts.subscriptions
    model, to_seller_service = gated_event(1), corrected_event(1, "seller_service")
    await subscription.handler([model])
    await subscription.handler([to_seller_service, model])
    await subscription.handler([corrected_event(1, "seller_service")])
    await subscription.handler([corrected_event(2, "seller_service")])
    states = sorted((d.classification_revision, d.cause, d.channel, d.state) for d in drafts.drafts.values())
    assert states == [(0, "logistics", "buyer_message", "superseded"), (0, "logistics", "internal_ticket", "superseded"),
                      (1, "seller_service", "buyer_message", "ready"),
                      (1, "seller_service", "internal_ticket", "ready")], "a repeat or the same cause again adds none"
    assert Counter(e.event_type for e in store.events()) == {"draft.created": 4, "draft.superseded": 2}
    assert Counter((e.payload.classification_revision, e.payload.cause) for e in store.events("draft.created")) == {
        (0, "logistics"): 2, (1, "seller_service"): 2}
    back_to_logistics = corrected_event(3, "logistics")
    await subscription.handler([back_to_logistics])
    assert Counter((d.classification_revision, d.state) for d in drafts.drafts.values()) == {
        (0, "superseded"): 2, (1, "superseded"): 2, (3, "ready"): 2}


async def test_responder_commands_check_edits_and_approvals_and_follow_the_lifecycle() -> None:
    compliance = FakeComplianceClient()
    parts, store, drafts = responder(compliance)
    await parts.subscriptions[0].handler([gated_event()])
    message = next(d for d in drafts.drafts.values() if d.channel == "buyer_message")
    ticket = next(d for d in drafts.drafts.values() if d.channel == "internal_ticket")
    deps = parts.dependencies

    edited = await edit_draft(deps, "demo", message.id, "We are sorry; a replacement is on its way.", "agent")
    assert (edited.state, edited.text) == ("ready", "We are sorry; a replacement is on its way.")
    compliance.refused_texts.add(edited.text)
    with pytest.raises(Conflict):
        await approve_draft(deps, "demo", message.id, "agent")
    assert drafts.drafts[message.id].state == "blocked"
    with pytest.raises(Conflict):
        await approve_draft(deps, "demo", ticket.id, "agent")
    sent = await move_draft(deps, "demo", ticket.id, "sent", "agent")
    assert sent.state == "sent"
    assert [e.event_type for e in store.events()][-3:] == ["draft.updated", "draft.checked", "draft.sent"]
    assert store.published[-1].event.payload.principal == "agent"


async def test_responder_upkeep_checks_pending_drafts_and_expires_old_buyer_messages() -> None:
    compliance = FakeComplianceClient()
    compliance.reachable = False
    parts, store, drafts = responder(compliance)
    await parts.subscriptions[0].handler([gated_event(order_completed_at=datetime.now(UTC) - timedelta(days=2))])
    assert {d.channel: d.state for d in drafts.drafts.values()} == {"buyer_message": "pending_check",
                                                                    "internal_ticket": "ready"}
    compliance.reachable = True
    [upkeep, _queue_metrics] = parts.background
    stopping = asyncio.Event()
    job = asyncio.create_task(upkeep(stopping))
    for _ in range(200):
        if all(d.state != "pending_check" for d in drafts.drafts.values()):
            break
        await asyncio.sleep(0.01)
    stopping.set()
    await job
    assert {d.channel: d.state for d in drafts.drafts.values()} == {"buyer_message": "ready",
                                                                    "internal_ticket": "ready"}
    message = next(d for d in drafts.drafts.values() if d.channel == "buyer_message")
    async with parts.dependencies.unit_of_work() as uow:
        assert await expire_drafts(uow, datetime.now(UTC)) == 0
        assert await expire_drafts(uow, datetime.now(UTC) + timedelta(days=30)) == 1
    assert drafts.drafts[message.id].state == "expired"
    assert [e.event_type for e in store.events()][-2:] == ["draft.checked", "draft.expired"]


def gauge(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"service": "responder", **labels})


async def test_responder_counts_its_open_queue_into_the_queue_gauges() -> None:
    parts, _, drafts = responder()
    await parts.subscriptions[0].handler([gated_event(), gated_event(external_id="114-0000000-0000002")])
    tomorrow, hour_ago = datetime.now(UTC) + timedelta(days=1), datetime.now(UTC) - timedelta(hours=1)
    drafts.drafts = {draft_id: replace(d, due_at=tomorrow) for draft_id, d in drafts.drafts.items()}
    waiting, sent = [d for d in drafts.drafts.values() if d.channel == "buyer_message"]
    drafts.drafts[waiting.id] = replace(waiting, due_at=hour_ago, updated_at=hour_ago)
    drafts.drafts[sent.id] = replace(sent, state="sent")

    [_upkeep, queue_metrics] = parts.background
    stopping = asyncio.Event()
    job = asyncio.create_task(queue_metrics(stopping))
    await asyncio.sleep(0.05)
    stopping.set()
    await job
    assert gauge("reviewops_queue_items", state="ready", channel="buyer_message") == 1, "a sent draft left the queue"
    assert gauge("reviewops_queue_items", state="ready", channel="internal_ticket") == 2
    assert gauge("reviewops_queue_items", state="blocked", channel="public_reply") == 0, "every open series exists"
    assert gauge("reviewops_queue_overdue") == 1
    assert 3590 < gauge("reviewops_queue_oldest_ready_seconds") < 3700
