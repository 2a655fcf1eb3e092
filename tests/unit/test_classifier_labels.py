"""Human labels as classification revisions (domain/labels.py): causes, scores, what is carried over."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from reviewops.classifier.__main__ import main
from reviewops.classifier.adapters.labels_client import exported_labels
from reviewops.classifier.domain.labels import HUMAN_SCORE, human_causes, relabelled, repeats_label
from reviewops.classifier.ml.data import HUMAN_LABEL_SPLIT, load_human_labels
from reviewops.classifier.ml.model import MODEL_PATH
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


def export_line(key: str, revision: int, cause: str, body: str = "It came a week late.") -> str:
    return json.dumps({"review_key": key, "review_version": 1, "classification_revision": revision,
                       "marketplace": "US", "kind": "product_review", "rating": 2, "title": "", "body": body,
                       "language": "en", "primary_cause": cause, "causes": [cause], "labelled_by": "agent"})


def test_exported_labels_train_once_per_review_version_as_their_latest_revision(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join([export_line("t:US:product_review:A", 1, "product_quality"),
                               export_line("t:US:product_review:A", 2, "logistics"),
                               export_line("t:US:product_review:B", 1, "expectations", body="HELD OUT TEXT")]) + "\n")
    [example] = load_human_labels(path, is_held_out=lambda text: text == "HELD OUT TEXT")
    assert (example.primary, example.item.body, example.split, example.real) == (
        "logistics", "It came a week late.", HUMAN_LABEL_SPLIT, False)


def test_training_on_labels_never_writes_over_the_shipped_model(tmp_path: Path, capsys) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text(export_line("t:US:product_review:A", 1, "logistics") + "\n")
    for extra in ([], ["--model", str(MODEL_PATH), "--card", str(tmp_path / "card.json")]):
        with pytest.raises(SystemExit) as refused:
            main(["train", "--extra-labels", str(labels), *extra])
        assert refused.value.code == 2
        assert "never over, the shipped one" in capsys.readouterr().err


def test_the_export_follows_the_cursor_to_the_last_page_with_the_tenant_and_key() -> None:
    pages = {None: {"items": [{"n": 1}, {"n": 2}], "next_cursor": "c2"}, "c2": {"items": [{"n": 3}], "next_cursor": None}}
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers["authorization"], request.headers["x-tenant-id"], request.url.params.get("limit")))
        return httpx.Response(200, json=pages[request.url.params.get("cursor")])

    rows = list(exported_labels("http://classifier", "k1", "acme", transport=httpx.MockTransport(answer)))
    assert rows == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert seen == [("Bearer k1", "acme", "500")] * 2
