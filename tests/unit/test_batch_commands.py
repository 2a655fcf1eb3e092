"""The batch commands users and evaluators run, as they run them: no service, JSON lines in and out."""

from __future__ import annotations

import json
import subprocess
import sys


def run(module: str, command: str, lines: list[str]) -> tuple[int, list[dict]]:
    done = subprocess.run([sys.executable, "-m", module, command, "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


def test_classify_answers_every_line_in_order_and_bad_lines_with_an_error():
    lines = [
        json.dumps({"id": "a", "title": "Broken", "body": "It stopped working after two days.", "rating": 1}),
        json.dumps({"id": "b", "body": "Das Paket kam eine Woche zu spät und der Karton war zerdrückt.", "rating": 2}),
        "this is not json",
        json.dumps({"id": "d", "title": "no body"}),
        json.dumps({"id": "e", "body": "x" * 60_000}),
        json.dumps({"id": "f", "body": "😀😀😀"}),
        json.dumps({"id": "g", "body": "\u0000\u0001\u0002"}),
    ]
    status, results = run("reviewops.classifier", "classify", lines)
    assert status == 1, "bad lines are reported and the exit status says so"
    assert [r["id"] for r in results] == ["a", "b", None, "d", "e", "f", "g"]
    good = results[0]
    assert set(good) >= {"primary_cause", "causes", "language", "detected_language", "removal_signals"}
    assert good["primary_cause"] == "product_quality" and good["language"] == "en"
    assert results[1]["primary_cause"] == "logistics" and results[1]["detected_language"] == "de"
    assert "stopped_working" in {a["aspect"] for a in good["aspects"]}
    assert {a["aspect"] for a in results[1]["aspects"]} == {"late", "damaged_in_transit"}
    assert {f["fact"] for f in results[1]["facts_given"]} == {"order_problem"}
    assert "not valid JSON" in results[2]["error"]
    assert results[3]["error"].startswith("body")
    assert results[4]["error"].startswith("body")
    for junk in results[5:]:
        assert (junk["primary_cause"], junk["language"], junk["detected_language"]) == ("other", "und", "und")


def test_check_answers_every_line_with_the_verdict_or_an_error():
    lines = [
        json.dumps({"id": 1, "text": "Sorry about the delay; a replacement ships today.", "channel": "buyer_message",
                    "language": "en", "context": {"buyer_language": "en"}, "expected": {"ignored": True}}),
        json.dumps({"id": 2, "text": "We refund you in full if you delete your review.", "channel": "buyer_message"}),
        json.dumps({"id": 3, "text": "hi", "channel": "fax"}),
    ]
    status, results = run("reviewops.compliance", "check", lines)
    assert status == 1
    assert [r["id"] for r in results] == [1, 2, 3]
    assert results[0]["allowed"] is True and results[0]["policy_version"]
    assert results[1]["allowed"] is False
    assert {"incentive_for_review", "request_change_or_remove"} <= {v["rule"] for v in results[1]["violations"]}
    assert results[2]["allowed"] is False and results[2]["error"].startswith("channel")
