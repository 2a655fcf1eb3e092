"""The console in a real browser (Debian's headless chromium driven by Playwright, no download):
an agent types a violation into a draft that holds a character outside the Basic Multilingual
Plane, sees it marked over exactly that phrase before saving, fixes it, and approves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from reviewops.devstack.stack import Stack
from tests.support.stack import make_key
from tests.e2e.conftest import Client, review, settled, wait_until

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CLEAN = "Dear customer of the 𠮷 Store, we are very sorry the blender failed. A replacement ships today."
VIOLATION = " We will refund you if you remove your review."


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium (make test installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def test_an_agent_sees_a_violation_marked_as_typed_fixes_it_and_approves(
    page: Page, services: Stack, tenant: str, tmp_path: Path
) -> None:
    key = make_key(services, [tenant])
    client = Client(services, key)
    review_key = client.post("ingest", "/v1/reviews", json=review()).json()["review_key"]
    items = wait_until(lambda: (lambda xs: xs if settled(xs) else [])(
        [i for i in client.queue() if i["review_key"] == review_key]))
    draft_id = next(i["id"] for i in items if i["channel"] == "buyer_message")
    assert client.http.patch(client.url("responder", f"/v1/drafts/{draft_id}"), json={"text": CLEAN}).status_code == 200

    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}"))
    page.on("requestfailed", lambda request: problems.append(f"failed {request.url}"))
    page.goto(services.profile.url("responder") + "/console")
    page.fill("#key", key)
    page.click("#login button[type=submit]")
    page.click(f'#queue tr[data-id="{draft_id}"]')
    editor = page.locator("#draft-text")
    expect(editor).to_have_value(CLEAN)

    editor.click()
    editor.press("Control+End")
    page.keyboard.type(VIOLATION, delay=15)
    mark = page.locator('#marks mark[data-rule="request_change_or_remove"]')
    try:
        expect(mark).to_have_count(1, timeout=10_000)
    except AssertionError:
        page.screenshot(path=str(tmp_path / "console-failure.png"))
        raise AssertionError(f"status {page.locator('#status').text_content()!r}; {problems}") from None

    # What compliance says about the same text, in code points, is what the page must mark.
    typed = CLEAN + VIOLATION
    truth = client.post("responder", "/v1/checks", json={"text": typed, "channel": "buyer_message",
                                                           "language": "en"}).json()
    expected = next(v for v in truth["violations"] if v["rule"] == "request_change_or_remove")
    assert list(typed)[expected["start"]:expected["end"]] == list(expected["text"])
    expect(mark).to_have_text(expected["text"])
    assert expected["text"] in VIOLATION
    # Under the violation, the fix in the message's language (compliance's explanations).
    fix = page.locator('#violations li[data-rule="request_change_or_remove"] .fix')
    expect(fix).to_have_text(f" {expected['fix']}")
    assert expected["fix"] and expected["reason"]
    assert page.locator("#draft-state").get_attribute("data-state") == "ready", "nothing was saved while typing"

    for _ in VIOLATION:
        editor.press("Backspace")
    expect(page.locator("#marks mark")).to_have_count(0, timeout=10_000)
    page.click("#save")
    expect(page.locator("#status")).to_have_text("Draft ready")
    page.click("#approve")
    expect(page.locator("#draft-state")).to_have_attribute("data-state", "approved")

    approved = client.get("responder", f"/v1/drafts/{draft_id}").json()
    current = client.get("compliance", "/v1/policies").json()["policy_version"]
    assert (approved["state"], approved["text"], approved["policy_version"]) == ("approved", CLEAN, current)
