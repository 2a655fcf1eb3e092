"""Issue #7, item 6: buyer names, e-mail addresses, phone numbers and postal addresses never
appear in logs (at DEBUG too), metric labels or exported spans.

The services run at DEBUG, exporting spans to a receiver in this process. Reviews carry a
distinctive buyer's data in every free-text field, valid and invalid submissions alike, a
seller feedback report carries the buyer's e-mail as its Rater Email (never stored), a
poison record carries it onto a topic, and an agent edits a draft with the buyer's phone
number (which compliance refuses) and name. Then every log file, every /metrics page and every
exported span (names, attributes, events, links, resources) is searched for the data, as
written and normalised.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

import pytest

from reviewops.common.events.registry import REVIEWS_INGESTED
from reviewops.common.kafka.publisher import KafkaPublisher, OutboundRecord
from reviewops.devstack.stack import SERVICES
from reviewops.devstack.sync import run_sync
from tests.support.stack import make_key, unique, unique_order_id
from tests.e2e.conftest import Client, review, settled, wait_until
from tests.e2e.otlp import ObservedStack, observed

pytestmark = pytest.mark.e2e

__all__ = ["observed"]

NAME = "Ottoline Brackwater-Szymanski"
EMAIL = "ottoline.brackwater@example.net"
PHONE = "+1 (415) 555-0142"
ADDRESS = "42 Quillfeather Crescent, Marlowe Springs"
BUYER_DATA = (NAME, EMAIL, PHONE, ADDRESS)
BODY = (f"This is {NAME}. The kettle broke after a week. Write to {EMAIL} or call {PHONE}; "
        f"send the replacement to {ADDRESS}.")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# Each datum as written, lowercased, whitespace-squeezed and URL-encoded; name and address also
# in their parts, the e-mail's local part, the phone number as its digits.
NEEDLES = {
    _squeezed(variant)
    for datum in BUYER_DATA
    for variant in (datum, quote(datum), quote_plus(datum), datum.replace(" ", ""))
} | {_squeezed(part) for part in ("Brackwater", "Szymanski", "Quillfeather", "ottoline.brackwater")}
PHONE_DIGITS = ("4155550142", "415 555 0142")


def leaks(texts: Iterable[str]) -> set[str]:
    """The needles found in any of `texts`, compared lowercased and whitespace-squeezed, and the
    phone number found among any text's digits."""
    found = set()
    for text in texts:
        squeezed = _squeezed(text)
        found |= {needle for needle in NEEDLES if needle in squeezed}
        if PHONE_DIGITS[0] in _digits(text) or PHONE_DIGITS[1] in squeezed:
            found.add(PHONE)
    return found


def test_the_needles_find_the_buyer_data_however_it_is_written() -> None:
    assert leaks([f"{{\"body\": \"{NAME.upper()}\"}}"]) == {_squeezed(NAME)} | {"brackwater", "szymanski"}
    assert PHONE in leaks(["tel:+14155550142"])
    assert _squeezed(quote(EMAIL)) in leaks([quote(EMAIL)])
    assert not leaks(["reviews.ingested.v1 process", "POST /v1/reviews", "trace_id 4155550"])


def send_poison(observed: ObservedStack, tenant: str) -> None:
    """A record on reviews.ingested.v1 whose envelope is invalid and whose payload is the review."""
    value = (f'{{"event_type": "review.ingested", "schema_version": "1.0", "tenant_id": "{tenant}", '
             f'"payload": {{"body": "{BODY}", "title": "{NAME}"}}}}').encode()

    async def send() -> None:
        publisher = KafkaPublisher(observed.stack.bootstrap, client_id=unique("it-"))
        await publisher.start()
        try:
            await publisher.send_all([OutboundRecord(REVIEWS_INGESTED.name, f"{tenant}:US:x".encode(), value, [])])
        finally:
            await publisher.stop()

    run_sync(send())


def import_reports(client: Client, tenant: str) -> None:
    """A seller feedback report whose Rater Email column is the buyer's address (a valid row, a row
    with a bad rating) and a file that is not of its format; the address is stored nowhere."""
    orders = [f"113-{random.randrange(10**6, 10**7)}-{random.randrange(10**6, 10**7)}" for _ in range(2)]
    report = ("Date\tRating\tComments\tResponse\tOrder ID\tRater Email\n"
              f"11/20/26\t2\t{NAME} here: the kettle broke.\t\t{orders[0]}\t{EMAIL}\n"
              f"11/21/26\t9\tBroke again.\t\t{orders[1]}\t{EMAIL}\n")
    params = {"format": "amazon-seller-feedback", "marketplace": "US", "fulfillment": "MFN"}
    accepted = client.post("ingest", "/v1/imports", content=report.encode(), params=params)
    assert accepted.status_code == 202, accepted.text
    job = wait_until(lambda: (found := client.get("ingest", f"/v1/imports/{accepted.json()['id']}").json())
                     ["state"] == "done" and found)
    assert (job["created"], job["invalid"]) == (1, 1) and EMAIL not in json.dumps(job)
    stored = client.get("ingest", f"/v1/reviews/{tenant}:US:seller_feedback:{orders[0]}")
    assert stored.status_code == 200 and EMAIL not in stored.text
    refused = client.post("ingest", "/v1/imports", content=f"Name\tEmail\n{NAME}\t{EMAIL}\n".encode(), params=params)
    assert refused.status_code == 422 and EMAIL not in refused.text


def test_buyer_data_stays_out_of_debug_logs_metrics_and_spans(observed: ObservedStack) -> None:
    tenant = unique("tenant-")
    client = Client(observed.stack, make_key(observed.stack, [tenant]))

    product = review(title=f"{NAME} says: broken", body=BODY)
    order_id = unique_order_id()
    feedback = review(kind="seller_feedback", external_id=order_id, order_id=order_id, fulfillment="MFN", title=NAME,
                      body=BODY, asin=None)
    created = [client.post("ingest", "/v1/reviews", json=item) for item in (product, feedback)]
    assert [response.status_code for response in created] == [201, 201], [r.text for r in created]
    keys = {response.json()["review_key"] for response in created}
    # Invalid submissions carry the data too: a bad rating, an unknown field, a broken item in a batch.
    assert client.post("ingest", "/v1/reviews", json={**review(body=BODY), "rating": 9}).status_code == 422
    assert client.post("ingest", "/v1/reviews", json={**review(body=BODY), "buyer_name": NAME}).status_code == 422
    batch = client.post("ingest", "/v1/reviews:batch", json={"items": [review(body=BODY, rating=0), review(body=BODY)]})
    assert batch.status_code == 200, batch.text
    send_poison(observed, tenant)
    import_reports(client, tenant)

    drafts = wait_until(lambda: (items := [i for i in client.queue() if i["review_key"] in keys])
                        and settled(items) and items, timeout=90)
    text_draft = next(item for item in drafts if item["channel"] == "buyer_message")

    # An agent's edit with the buyer's phone number: compliance flags it, nothing is saved.
    refused = client.http.patch(client.url("responder", f"/v1/drafts/{text_draft['id']}"),
                                json={"text": f"Hello, please call us back at {PHONE} about your kettle."})
    assert refused.status_code == 422, refused.text
    # The console's live check relays the same kind of text to compliance.
    checked = client.post("responder", "/v1/checks", json={"items": [
        {"text": f"Write to {EMAIL}", "channel": "buyer_message", "language": "en"}]})
    assert checked.status_code == 200, checked.text
    # An edit that passes, addressing the buyer by name.
    saved = client.http.patch(client.url("responder", f"/v1/drafts/{text_draft['id']}"),
                              json={"text": f"Dear {NAME}, we are sorry the kettle broke. We will make it right."})
    assert saved.status_code in (200, 422), saved.text

    metrics = {service: client.get(service, "/metrics").text for service in SERVICES}
    observed.stop()  # flushes the spans the services still hold, and logs their shutdown

    spans = observed.receiver.received()
    assert {span.service for span in spans} >= {f"reviewops-{name}" for name in SERVICES}
    logs = {service: observed.log_file(service).read_text("utf-8") for service in SERVICES}
    assert any('"level": "DEBUG"' in text for text in logs.values()), "the services ran at DEBUG"

    found = {f"{service} log": leaks(text.splitlines()) for service, text in logs.items()}
    found |= {f"{service} /metrics": leaks(text.splitlines()) for service, text in metrics.items()}
    for span in spans:
        if leaked := leaks(span.texts()):
            found.setdefault(f"span {span.service} {span.name}", set()).update(leaked)
    assert not {where: data for where, data in found.items() if data}
