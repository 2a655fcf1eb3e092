"""Human labels as classification revisions (domain/labels.py): causes, scores, what is carried over."""

from __future__ import annotations

from reviewops.classifier.domain.labels import HUMAN_SCORE, human_causes, relabelled, repeats_label
from reviewops.common.events.payloads import AspectSpan, CauseScore, SignalSpan
from tests.support import factories

MODEL = factories.classification(
    "product_quality", language="de",
    signals=[SignalSpan(signal="profanity", field="body", start=0, end=4, text="damn")],
    causes=[CauseScore(label="product_quality", score=0.61), CauseScore(label="logistics", score=0.3)],
    needs_review=True,
    aspects=[AspectSpan(aspect="dead_on_arrival", cause="product_quality", field="body", start=5, end=9, text="dead")],
)


def test_the_primary_comes_first_once_and_the_rest_keep_their_order() -> None:
    assert human_causes("logistics", []) == ["logistics"]
    assert human_causes("logistics", ["expectations", "logistics", "expectations"]) == ["logistics", "expectations"]
    assert human_causes("other", ["seller_service"]) == ["other", "seller_service"]


def test_a_correction_is_the_next_revision_by_its_principal_with_certain_causes() -> None:
    corrected = relabelled(MODEL, "logistics", ["product_quality"], "agent-7")
    assert corrected.primary_cause == "logistics"
    assert [(c.label, c.score) for c in corrected.causes] == [("logistics", HUMAN_SCORE), ("product_quality", 1.0)]
    assert (corrected.classification_revision, corrected.labelled_by, corrected.needs_review) == (1, "agent-7", False)
    again = relabelled(corrected, "seller_service", [], "agent-8")
    assert (again.classification_revision, again.labelled_by) == (2, "agent-8")


def test_what_a_person_did_not_correct_is_carried_over() -> None:
    corrected = relabelled(MODEL, "logistics", [], "agent-7")
    for kept in ("model_version", "language", "detected_language", "removal_signals", "aspects", "facts_given"):
        assert getattr(corrected, kept) == getattr(MODEL, kept), kept


def test_only_the_same_human_label_again_is_a_repeat() -> None:
    corrected = relabelled(MODEL, "logistics", ["expectations"], "agent-7")
    assert repeats_label(corrected, "logistics", ["expectations"])
    assert repeats_label(corrected, "logistics", ["logistics", "expectations"])
    assert not repeats_label(corrected, "logistics", [])
    assert not repeats_label(corrected, "expectations", ["logistics"])
    model_says_logistics = factories.classification("logistics")
    assert not repeats_label(model_says_logistics, "logistics", []), "confirming the model is a label too"
