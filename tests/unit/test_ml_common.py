"""The model plumbing both services share (reviewops.common.ml): n-gram scoring equal to
scikit-learn's, artifacts that are data, the sentence encoder and its cache, and joining labels to
corpus texts by id and hash."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from reviewops.common.ml.artifacts import load_artifact, save_artifact
from reviewops.common.ml.encoder import DIMENSIONS, SentenceEncoder
from reviewops.common.ml.ngrams import CharNgrams
from reviewops.common.ml.training_support import MissingCorpus, join_corpus, text_sha256

TEXTS = [
    "It stopped working after two days.", "Arrived late and the box was crushed", "説明書が日本語ではない",
    "质量太差了，用了一天就坏了", "Die Anleitung ist unverständlich.", "Le colis est arrivé en retard",
    "El vendedor no contesta", "", "   ", "tabs\tand\n\nblank  lines", "ÄÖÜ ß İstanbul", "𠮷野家で",
]


@pytest.mark.parametrize("sizes", [(1, 4), (2, 3)])
def test_ngram_projection_equals_scikit_learns_transform(sizes):
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=sizes, min_df=1, sublinear_tf=True).fit(TEXTS[:7])
    weights = np.random.default_rng(7).normal(size=(len(vectorizer.vocabulary_), 3))
    ngrams = CharNgrams(dict(vectorizer.vocabulary_), vectorizer.idf_, sizes)
    assert np.allclose(ngrams.project(TEXTS, weights), vectorizer.transform(TEXTS) @ weights, rtol=0, atol=1e-9)


def test_ngrams_survive_a_save_and_load(tmp_path: Path):
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True).fit(TEXTS[:7])
    ngrams = CharNgrams(dict(vectorizer.vocabulary_), vectorizer.idf_, (1, 4))
    save_artifact(tmp_path / "m.npz", {"sizes": [1, 4]}, {"grams": ngrams.grams_array(), "idf": ngrams.idf})
    header, arrays = load_artifact(tmp_path / "m.npz")
    loaded = CharNgrams.from_arrays(arrays["grams"], arrays["idf"], header["sizes"])
    weights = np.eye(len(ngrams.vocabulary))[:, :5]
    assert np.array_equal(loaded.project(TEXTS, weights), ngrams.project(TEXTS, weights))


def test_an_artifact_is_the_same_bytes_for_the_same_model(tmp_path: Path):
    arrays = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "names": np.array(["a", "b"])}
    save_artifact(tmp_path / "one.npz", {"version": "x"}, arrays)
    save_artifact(tmp_path / "two.npz", {"version": "x"}, arrays)
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()


def test_an_artifact_holds_no_pickles(tmp_path: Path):
    with pytest.raises(ValueError):
        save_artifact(tmp_path / "bad.npz", {}, {"objects": np.array([{"a": 1}], dtype=object)})


def test_a_broken_artifact_raises(tmp_path: Path):
    (tmp_path / "broken.npz").write_bytes(b"not a zip")
    with pytest.raises(Exception):
        load_artifact(tmp_path / "broken.npz")
    with pytest.raises(FileNotFoundError):
        load_artifact(tmp_path / "missing.npz")


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    loaded = SentenceEncoder(cache_size=4)
    loaded.load()
    return loaded


def test_the_encoder_gives_normalised_vectors_that_carry_meaning_across_languages(encoder):
    vectors = encoder.encode(["The parcel never arrived.", "Das Paket ist nie angekommen.", "This lipstick smells nice."])
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_cache_returns_the_same_vectors_and_counts_hits(encoder):
    first = encoder.encode(["Thank you for your order.", "We are sorry."])
    hits = encoder.cache_hits
    again = encoder.encode(["We are sorry.", "Thank you for your order.", "We are sorry."])
    assert encoder.cache_hits - hits == 3
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])


def test_the_cache_keeps_only_its_size_and_still_answers_a_larger_batch(encoder):
    texts = [f"Sentence number {n}." for n in range(7)]
    vectors = encoder.encode(texts)
    assert vectors.shape == (7, DIMENSIONS)
    assert len(encoder._cache) <= 4
    assert np.allclose(encoder.encode(texts[-1:])[0], vectors[-1])


def test_an_empty_batch_has_no_rows(encoder):
    assert encoder.encode([]).shape == (0, DIMENSIONS)


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_labels_join_their_texts_by_id_and_hash_and_name_what_is_unusable(tmp_path: Path):
    corpus = _write(tmp_path / "c.jsonl", [
        {"id": "r1", "body": "fine text"}, {"id": "r2", "body": "edited since"}, {"id": "r3", "body": "held out"},
    ])
    labels = [
        {"id": "r1", "sha256": text_sha256("fine text"), "primary": "other"},
        {"id": "r2", "sha256": text_sha256("the original"), "primary": "other"},
        {"id": "r3", "sha256": text_sha256("held out"), "primary": "other"},
        {"id": "r4", "sha256": text_sha256("gone"), "primary": "other"},
    ]
    joined, report = join_corpus(labels, [corpus], lambda row: (row["body"],), lambda text: text == "held out")
    assert [row["id"] for row in joined] == ["r1"] and joined[0]["body"] == "fine text"
    assert (report.missing, report.changed, report.held_out) == (["r4"], ["r2"], ["r3"])


def test_a_missing_corpus_is_named(tmp_path: Path):
    with pytest.raises(MissingCorpus, match="not on this machine"):
        join_corpus([], [tmp_path / "absent.jsonl"], lambda row: (row["body"],), lambda text: False)
