"""File imports (DESIGN.md: File imports): recognise a file's encoding and layout, and turn each of
its rows into what POST /v1/reviews takes (a review's fields) or into a return line.

Pure: bytes in, plain values out; the validation, identity and version rules of reviews are the
ones every review goes through (handlers and api/schemas.py), not repeated here. docs/imports.md
documents the layouts, the encodings tried and the date styles.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any


class ImportFormat(StrEnum):
    SELLER_FEEDBACK = "amazon-seller-feedback"
    FBA_RETURNS = "amazon-fba-returns"
    REVIEWS_CSV = "reviews-csv"
    REVIEWS_JSONL = "reviews-jsonl"


class MalformedFile(Exception):
    """The file as a whole cannot be imported (not text, no header, another format): nothing is stored."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- Encodings -----------------------------------------------------------------------------------

# Encoding names as the job reports them, and the codec each decodes with. Shift_JIS is decoded as
# cp932, Windows' Shift_JIS (what Seller Central JP and Excel write), a superset of JIS X 0208.
_CODECS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "shift_jis": "cp932",
           "windows-1252": "cp1252"}
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_CHUNK = 1 << 20


def codec_of(encoding: str) -> str:
    return _CODECS[encoding]


def _decodes(data: bytes, codec: str, look_for: re.Pattern[str] | None = None) -> tuple[bool, bool]:
    """Whether all of `data` decodes strictly, and whether the text has `look_for`; in chunks, so
    that a 50 MB file is not copied as a whole."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    found = False
    try:
        for start in range(0, len(data), _CHUNK):
            text = decoder.decode(data[start:start + _CHUNK], final=start + _CHUNK >= len(data))
            found = found or bool(look_for and look_for.search(text))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, False
    return True, found


def detect_encoding(data: bytes, marketplace: str) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its mark, Shift_JIS or Windows-1252,
    in this order (docs/imports.md says why this order and no detection library).

    Shift_JIS is taken when the file decodes as Shift_JIS and holds kana, or the marketplace is JP:
    many Windows-1252 texts also decode as Shift_JIS (an accented letter and the next byte read
    as one kanji), but no Western text turns into kana."""
    if not data.strip():
        raise MalformedFile("file", "the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        if data.startswith(b"PK\x03\x04"):
            raise MalformedFile("file", "an Excel workbook or another zip file: save the sheet as "
                                        "tab-delimited text or CSV and import that")
        if b"\x00" in data[:65536]:
            raise MalformedFile("file", "a binary file, not text")
        if _decodes(data, "utf-8")[0]:
            return "utf-8"
        decodes, has_kana = _decodes(data, "cp932", _KANA)
        if decodes and (has_kana or marketplace == "JP"):
            return "shift_jis"
        if _decodes(data, "cp1252")[0]:
            return "windows-1252"
        raise MalformedFile("file", "not text in UTF-8, UTF-16, Shift_JIS or Windows-1252")
    if not _decodes(data, codec_of(encoding))[0]:
        raise MalformedFile("file", f"the file starts with a {encoding} byte-order mark but does not decode as it")
    return encoding


def text_of(data: bytes, encoding: str) -> io.TextIOWrapper:
    """The file as a text stream, decoded as it is read; newlines are left to the CSV reader."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=codec_of(encoding), newline="")


# --- Layouts -------------------------------------------------------------------------------------


def header_name(cell: str) -> str:
    """A header cell as the layouts name it: any case, spaces, hyphens and underscores alike."""
    return " ".join(re.split(r"[\s_\-]+", cell.strip().strip('"').strip().lower()))


@dataclass(frozen=True)
class Layout:
    """The columns of a delimited format: required and optional, by their normalised names, and
    how a review or return field is named to the user in errors."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    unknown_columns_allowed: bool
    # Aliases: other names real files use for a column.
    aliases: dict[str, str] = field(default_factory=dict)


FEEDBACK = Layout(
    required=("date", "rating", "comments", "order id"),
    optional=("response", "rater email", "arrived on time", "item as described", "customer service",
              "fulfillment"),
    unknown_columns_allowed=True,
    aliases={"fulfilment": "fulfillment", "fulfillment channel": "fulfillment", "fulfilled by": "fulfillment",
             "your response": "response", "comment": "comments", "order number": "order id"},
)
RETURNS = Layout(
    required=("return date", "order id", "sku", "asin", "quantity", "reason"),
    optional=("fnsku", "product name", "fulfillment center id", "detailed disposition", "status",
              "license plate number", "customer comments"),
    unknown_columns_allowed=True,
)
REVIEW_FIELDS = ("marketplace", "kind", "external_id", "rating", "title", "body", "created_at", "updated_at",
                 "deleted", "asin", "order_id", "fulfillment", "language", "verified_purchase",
                 "order_completed_at")
REVIEWS = Layout(
    required=("kind", "external id", "rating", "body", "created at"),
    optional=tuple(header_name(name) for name in REVIEW_FIELDS if header_name(name) not in
                   ("kind", "external id", "rating", "body", "created at")),
    unknown_columns_allowed=False,
)
LAYOUTS = {ImportFormat.SELLER_FEEDBACK: FEEDBACK, ImportFormat.FBA_RETURNS: RETURNS,
           ImportFormat.REVIEWS_CSV: REVIEWS}


@dataclass(frozen=True)
class Header:
    """The file's columns: its delimiter and, per known column, its index."""

    delimiter: str
    columns: dict[str, int]
    width: int


def _first_record(text: io.TextIOBase) -> str:
    for line in text:
        if line.strip():
            return line
    return ""


def read_header(data: bytes, encoding: str, import_format: ImportFormat) -> Header:
    """The header of a delimited file, checked against its format; MalformedFile when it is not one."""
    layout = LAYOUTS[import_format]
    first = _first_record(text_of(data, encoding))
    if not first:
        raise MalformedFile("header", "the file has no header row")
    best: tuple[int, str, list[str]] | None = None
    for delimiter in ("\t", ",", ";"):
        cells = [header_name(cell) for cell in next(csv.reader([first], delimiter=delimiter))]
        names = [layout.aliases.get(cell, cell) for cell in cells]
        known = sum(name in layout.required or name in layout.optional for name in names)
        if best is None or known > best[0]:
            best = (known, delimiter, names)
    assert best is not None
    _, delimiter, names = best
    missing = [name for name in layout.required if name not in names]
    if missing:
        other = _other_format(names, import_format)
        hint = f"; it looks like {other}" if other else ""
        raise MalformedFile("header", f"the header row lacks the columns {', '.join(missing)} of {import_format}{hint}")
    if not layout.unknown_columns_allowed:
        unknown = [name for name in names if name and name not in layout.required and name not in layout.optional]
        if unknown:
            raise MalformedFile("header", f"unknown columns {', '.join(unknown)}: the header names review "
                                          f"fields ({', '.join(REVIEW_FIELDS)})")
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name:
            columns.setdefault(name, index)
    return Header(delimiter, columns, len(names))


def _other_format(names: list[str], import_format: ImportFormat) -> str | None:
    for other, layout in LAYOUTS.items():
        if other is not import_format and all(name in names for name in layout.required):
            return f"a {other} file"
    return None


@dataclass(frozen=True)
class FileRow:
    """One data row: its row number (the header is row 1, as a spreadsheet counts) and its cells by
    column name, or the problem that makes the row unreadable."""

    row: int
    cells: dict[str, str]
    problem: str | None = None


def delimited_rows(data: bytes, encoding: str, header: Header) -> Iterator[FileRow]:
    """Every data row after the header, blank rows skipped (but counted, as a spreadsheet does)."""
    reader = csv.reader(text_of(data, encoding), delimiter=header.delimiter)
    number = 0
    seen_header = False
    for record in reader:
        number += 1
        if not any(cell.strip() for cell in record):
            continue
        if not seen_header:
            seen_header = True
            continue
        if len(record) > header.width and any(cell.strip() for cell in record[header.width:]):
            yield FileRow(number, {}, f"{len(record)} cells, more than the header's {header.width}: "
                                      "a delimiter inside an unquoted cell?")
            continue
        yield FileRow(number, {name: record[index].strip() if index < len(record) else ""
                               for name, index in header.columns.items()})


def jsonl_rows(data: bytes, encoding: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON value or the JSONDecodeError) for every non-blank line."""
    for number, line in enumerate(text_of(data, encoding), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, error


def check_jsonl(data: bytes, encoding: str) -> None:
    """A JSON-lines file whose first line is not a JSON object is not one at all."""
    for _, value in jsonl_rows(data, encoding):
        if not isinstance(value, dict):
            raise MalformedFile("file", "the first line is not a JSON object: not a JSON-lines file of reviews")
        return
    raise MalformedFile("file", "the file has no lines")


# --- Values --------------------------------------------------------------------------------------

# Marketplaces whose reports write dates month first (MM/DD/YY); the others write day first, except
# Japan's year-first dates, which read the same either way.
MONTH_FIRST_MARKETPLACES = frozenset({"US", "CA"})
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[ T].*)?$")


def parse_date(value: str, marketplace: str) -> datetime:
    """A report's date as a UTC time: ISO 8601 with a time and offset as written; a date alone as
    midnight UTC, read MM/DD/YY on month-first marketplaces and DD/MM/YY elsewhere, YYYY/MM/DD anywhere."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    match = _NUMERIC_DATE.match(value)
    if not match:
        raise ValueError("not a date")
    first, second, third = match.groups()
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    else:
        month, day = (int(first), int(second)) if marketplace in MONTH_FIRST_MARKETPLACES else (int(second), int(first))
        year = int(third) + (2000 if len(third) <= 2 else 0)
    return datetime.combine(date(year, month, day), time(), UTC)


_YES = {"yes", "y", "true", "1", "ja", "oui", "sí", "si", "sì", "はい"}
_NO = {"no", "n", "false", "0", "nein", "non", "いいえ"}


def parse_yes_no(value: str) -> bool | None:
    """Yes or no in the report's language; empty is unanswered (None)."""
    folded = value.strip().lower()
    if not folded or folded in ("-", "n/a", "na"):
        return None
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError("must be Yes or No")


_FULFILLMENT = {"afn": "AFN", "amazon": "AFN", "fba": "AFN", "mfn": "MFN", "merchant": "MFN", "seller": "MFN",
                "fbm": "MFN"}


def _integer_or_text(value: str) -> int | str:
    """An integer cell as an int; anything else as written, for the review rules to refuse."""
    stripped = value.strip()
    return int(stripped) if re.fullmatch(r"[+-]?\d{1,9}", stripped) else stripped


RowProblems = list[tuple[str, str]]  # (column, message)


def feedback_review(cells: dict[str, str], marketplace: str,
                    default_fulfillment: str | None) -> tuple[dict[str, Any], RowProblems]:
    """A feedback report row as the fields POST /v1/reviews takes, and the problems only the file
    can have (dates, yes/no). The rater's e-mail column is never read."""
    problems: RowProblems = []
    order_id = cells.get("order id", "")
    review: dict[str, Any] = {
        "marketplace": marketplace, "kind": "seller_feedback", "external_id": order_id, "order_id": order_id,
        "rating": _integer_or_text(cells.get("rating", "")), "body": cells.get("comments", ""),
    }
    try:
        review["created_at"] = parse_date(cells.get("date", ""), marketplace)
    except ValueError as error:
        problems.append(("Date", f"{error}: {'MM/DD/YY' if marketplace in MONTH_FIRST_MARKETPLACES else 'DD/MM/YY'} "
                                 f"or YYYY-MM-DD expected for {marketplace}"))
    written = cells.get("fulfillment", "")
    if written:
        fulfillment = _FULFILLMENT.get(written.lower())
        if fulfillment is None:
            problems.append(("Fulfillment", "must be AFN (Amazon) or MFN (merchant)"))
        review["fulfillment"] = fulfillment
    else:
        review["fulfillment"] = default_fulfillment
    answers = {}
    for column, name, shown in (("arrived on time", "arrived_on_time", "Arrived on Time"),
                                ("item as described", "item_as_described", "Item as Described"),
                                ("customer service", "customer_service", "Customer Service")):
        try:
            answer = parse_yes_no(cells.get(column, ""))
        except ValueError as error:
            problems.append((shown, str(error)))
            continue
        if answer is not None:
            answers[name] = answer
    if answers:
        review["feedback_answers"] = answers
    return review, problems


# A review field, as the user of each format knows it: errors name the file's own column.
FEEDBACK_COLUMNS = {"external_id": "Order ID", "order_id": "Order ID", "rating": "Rating", "body": "Comments",
                    "created_at": "Date", "fulfillment": "fulfillment", "marketplace": "marketplace"}

_BOOLEAN_FIELDS = ("deleted", "verified_purchase")


def csv_review(cells: dict[str, str], marketplace: str) -> tuple[dict[str, Any], RowProblems]:
    """A reviews-csv row as the fields POST /v1/reviews takes: empty cells are left out, integers and
    yes/no cells become numbers and booleans, and the marketplace defaults to the import's."""
    problems: RowProblems = []
    review: dict[str, Any] = {}
    for column, value in cells.items():
        name = column.replace(" ", "_")
        if value == "":
            continue
        if name == "rating":
            review[name] = _integer_or_text(value)
        elif name in _BOOLEAN_FIELDS:
            try:
                review[name] = parse_yes_no(value)
            except ValueError as error:
                problems.append((name, str(error)))
        else:
            review[name] = value
    review.setdefault("marketplace", marketplace)
    if review["marketplace"] != marketplace:
        problems.append(("marketplace", f"must be {marketplace}, the import's marketplace"))
    return review, problems


def jsonl_review(value: Any, marketplace: str) -> tuple[Any, RowProblems]:
    """A reviews-jsonl line as POST /v1/reviews takes it, the marketplace defaulting to the import's."""
    if isinstance(value, json.JSONDecodeError):
        return None, [("line", f"not valid JSON: {value.msg}")]
    if not isinstance(value, dict):
        return None, [("line", "not a JSON object")]
    review = {"marketplace": marketplace, **value}
    if review["marketplace"] != marketplace:
        return review, [("marketplace", f"must be {marketplace}, the import's marketplace")]
    return review, []


@dataclass(frozen=True)
class ReturnLine:
    """One returned order line of a returns report, checked."""

    marketplace: str
    order_id: str
    line: str  # the license plate number, else {sku}-{n}
    asin: str | None
    sku: str
    returned_at: datetime
    quantity: int
    reason: str
    comment: str
    disposition: str | None
    status: str | None


_ORDER_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_ASIN = re.compile(r"^[A-Z0-9]{10}$")
_REASON = re.compile(r"^[A-Z0-9_]{1,64}$")


def return_key(tenant_id: str, line: ReturnLine) -> str:
    """`{tenant_id}:{marketplace}:return:{order_id}:{line}` (DESIGN.md: Returns)."""
    return f"{tenant_id}:{line.marketplace}:return:{line.order_id}:{line.line}"


class ReturnLines:
    """Turns a returns report's rows into return lines; numbers the lines without a license plate
    per order and SKU in file order ({sku}-1, {sku}-2, ...), so a re-import names them the same."""

    def __init__(self, marketplace: str) -> None:
        self.marketplace = marketplace
        self._seen: dict[tuple[str, str], int] = {}

    def line_of(self, cells: dict[str, str]) -> tuple[ReturnLine | None, RowProblems]:
        """The row as a return line, or the problems of its cells, each naming its column."""
        problems: RowProblems = []
        order_id, sku, asin = cells.get("order id", ""), cells.get("sku", ""), cells.get("asin", "")
        if not _ORDER_ID.match(order_id):
            problems.append(("order-id", "required: letters, digits, '.', '_' and '-'"))
        if not sku or len(sku) > 128:
            problems.append(("sku", "required, at most 128 characters"))
        if asin and not _ASIN.match(asin):
            problems.append(("asin", "must be 10 capital letters or digits"))
        quantity = _integer_or_text(cells.get("quantity", "") or "1")
        if not isinstance(quantity, int) or not 1 <= quantity <= 10_000:
            problems.append(("quantity", "must be a whole number from 1 to 10000"))
        reason = cells.get("reason", "").upper()
        if not _REASON.match(reason):
            problems.append(("reason", "required: the report's reason code, e.g. DEFECTIVE"))
        returned_at = None
        try:
            returned_at = parse_date(cells.get("return date", ""), self.marketplace)
        except ValueError as error:
            problems.append(("return-date", str(error)))
        comment = cells.get("customer comments", "")
        if "\x00" in comment or len(comment) > 50_000:
            problems.append(("customer-comments", "at most 50000 characters, no NUL"))
        if problems:
            return None, problems
        assert returned_at is not None and isinstance(quantity, int)
        plate = cells.get("license plate number", "")
        if not plate:
            number = self._seen.get((order_id, sku), 0) + 1
            self._seen[(order_id, sku)] = number
            plate = f"{sku}-{number}"
        return ReturnLine(
            marketplace=self.marketplace, order_id=order_id, line=plate, asin=asin or None, sku=sku,
            returned_at=returned_at, quantity=quantity, reason=reason, comment=comment,
            disposition=cells.get("detailed disposition") or None, status=cells.get("status") or None,
        ), []
