"""File imports, pure: encodings, headers, dates, the rows of each format (docs/imports.md)."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewops.common.errors import FieldError
from reviewops.ingest.domain.imports import (
    ImportFormat,
    MalformedFile,
    ReturnLines,
    check_jsonl,
    delimited_rows,
    detect_encoding,
    feedback_review,
    parse_date,
    read_header,
)
from reviewops.ingest.domain.reviews import Submission
from reviewops.ingest.handlers import ImportTally

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.mark.parametrize(("name", "marketplace", "encoding"), [
    ("feedback_us.tsv", "US", "utf-8"),
    ("feedback_uk_bom.csv", "UK", "utf-8-sig"),
    ("feedback_de_cp1252.csv", "DE", "windows-1252"),
    ("feedback_jp_sjis.tsv", "JP", "shift_jis"),
    # Kana decide Shift_JIS whatever the marketplace says.
    ("feedback_jp_sjis.tsv", "US", "shift_jis"),
])
def test_the_encoding_is_found_and_named(name: str, marketplace: str, encoding: str) -> None:
    assert detect_encoding((FIXTURES / name).read_bytes(), marketplace) == encoding


def test_windows_1252_text_that_also_decodes_as_shift_jis_stays_windows_1252() -> None:
    # "Qualität gut" in Windows-1252: 0xE4 and the next byte make a valid Shift_JIS kanji.
    data = "Date\tRating\nQualität gut\t2\n".encode("cp1252")
    data.decode("cp932")
    assert detect_encoding(data, "DE") == "windows-1252"


def test_utf16_with_its_mark_as_excel_writes_unicode_text() -> None:
    data = codecs.BOM_UTF16_LE + "Date\tRating\n".encode("utf-16-le")
    assert detect_encoding(data, "US") == "utf-16"


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Excel"),
    (b"abc\x81\x8d\x8f\x90\x9d", "not text"),
])
def test_a_file_that_is_not_text_is_refused(data: bytes, words: str) -> None:
    with pytest.raises(MalformedFile) as refused:
        detect_encoding(data, "US")
    assert refused.value.field == "file" and words in refused.value.message


def test_header_names_match_in_any_case_and_spacing_and_the_delimiter_is_found() -> None:
    data = (FIXTURES / "feedback_de_cp1252.csv").read_bytes()
    header = read_header(data, "windows-1252", ImportFormat.SELLER_FEEDBACK)
    assert header.delimiter == ";"
    assert {"date", "rating", "comments", "order id", "rater email", "arrived on time"} <= header.columns.keys()


def test_a_returns_report_sent_as_feedback_names_the_missing_columns_and_what_it_looks_like() -> None:
    data = (FIXTURES / "returns_us.tsv").read_bytes()
    with pytest.raises(MalformedFile) as refused:
        read_header(data, "utf-8", ImportFormat.SELLER_FEEDBACK)
    assert refused.value.field == "header"
    assert "date, rating, comments" in refused.value.message and "amazon-fba-returns" in refused.value.message


def test_a_reviews_csv_with_an_unknown_column_is_refused() -> None:
    with pytest.raises(MalformedFile, match="unknown columns buyer name"):
        read_header(b"kind,external_id,rating,body,created_at,buyer name\n", "utf-8", ImportFormat.REVIEWS_CSV)


def test_a_jsonl_file_must_start_with_an_object() -> None:
    check_jsonl(b'\n{"kind": "product_review"}\n', "utf-8")
    with pytest.raises(MalformedFile):
        check_jsonl(b"Date\tRating\n", "utf-8")


@pytest.mark.parametrize(("value", "marketplace", "expected"), [
    ("11/02/26", "US", datetime(2026, 11, 2, tzinfo=UTC)),
    ("11/02/26", "UK", datetime(2026, 2, 11, tzinfo=UTC)),
    ("25.11.2026", "DE", datetime(2026, 11, 25, tzinfo=UTC)),
    ("2026/11/20", "JP", datetime(2026, 11, 20, tzinfo=UTC)),
    ("2026-11-20T08:15:32+09:00", "JP", datetime(2026, 11, 19, 23, 15, 32, tzinfo=UTC)),
])
def test_dates_are_read_in_the_marketplace_style(value: str, marketplace: str, expected: datetime) -> None:
    assert parse_date(value, marketplace) == expected


@pytest.mark.parametrize("value", ["25/11/26", "yesterday", ""])
def test_dates_that_cannot_be_read_in_the_style_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value, "US")


def test_a_feedback_row_never_carries_the_raters_e_mail_and_keeps_the_answers() -> None:
    data = (FIXTURES / "feedback_us.tsv").read_bytes()
    rows = list(delimited_rows(data, "utf-8", read_header(data, "utf-8", ImportFormat.SELLER_FEEDBACK)))
    assert [row.row for row in rows] == list(range(2, 22))
    review, problems = feedback_review(rows[0].cells, "US", "MFN")
    assert not problems
    assert "example.com" not in repr(review)
    assert review == {
        "marketplace": "US", "kind": "seller_feedback", "external_id": "111-1007919-2104729",
        "order_id": "111-1007919-2104729", "rating": 1, "fulfillment": "MFN",
        "body": "Package never arrived and nobody answered my messages.",
        "created_at": datetime(2026, 11, 2, tzinfo=UTC),
        "feedback_answers": {"arrived_on_time": False, "customer_service": False},
    }


def test_a_feedback_rows_own_problems_name_its_columns() -> None:
    _, problems = feedback_review({"date": "31/12/26", "rating": "2", "order id": "111-1234567-1234567",
                                   "comments": "x", "arrived on time": "perhaps", "fulfillment": "drone"},
                                  "US", None)
    assert [column for column, _ in problems] == ["Date", "Fulfillment", "Arrived on Time"]


def test_returns_lines_are_named_by_licence_plate_else_numbered_per_order_and_sku() -> None:
    lines = ReturnLines("US")
    base = {"return date": "2026-11-20", "order id": "114-1234567-1234567", "sku": "KTL-01", "asin": "B0IMPKETL1",
            "quantity": "1", "reason": "defective"}
    first, _ = lines.line_of(base)
    second, _ = lines.line_of(base)
    plated, _ = lines.line_of({**base, "license plate number": "LPN1"})
    assert first and second and plated
    assert (first.line, second.line, plated.line) == ("KTL-01-1", "KTL-01-2", "LPN1")
    assert first.reason == "DEFECTIVE"
    again = ReturnLines("US")
    assert again.line_of(base)[0].line == "KTL-01-1"  # the same file names its lines the same


def test_a_bad_return_row_names_each_column() -> None:
    line, problems = ReturnLines("US").line_of({"return date": "soon", "order id": "", "sku": "S", "asin": "b0x",
                                                "quantity": "one", "reason": ""})
    assert line is None
    assert [column for column, _ in problems] == ["order-id", "asin", "quantity", "reason", "return-date"]


def test_an_import_counts_a_same_time_conflict_and_names_its_row() -> None:
    def submission(body: str) -> Submission:
        return Submission(marketplace="US", kind="product_review", external_id="R1", rating=2, body=body,
                          asin="B000000001", created_at=datetime(2026, 3, 1, tzinfo=UTC))

    tally = ImportTally()
    chunk = [(2, submission("first")), (3, [FieldError("Rating", "must be 1 to 5")]), (4, submission("second")),
             (5, submission("third"))]
    tally.add(chunk, ["conflict", "conflict", "created"])
    assert tally.counts == {"conflict": 2, "invalid": 1, "created": 1}
    assert [(error["row"], error["field"]) for error in tally.errors] == [(2, "updated_at"), (3, "Rating"),
                                                                           (4, "updated_at")]
