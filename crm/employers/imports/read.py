"""Reading an uploaded CSV or XLSX file into its header and data rows, and recognising the
columns by their Finnish, English or Swedish names."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from crm.employers.imports.plan import COLUMNS, ImportFileError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
EXTENSIONS = ("csv", "xlsx")
_PARENTHESES = re.compile(r"\(.*?\)")


def file_extension(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in EXTENSIONS:
        raise ImportFileError(_("Choose a .csv or .xlsx file."))
    return ext


def _unreadable() -> ImportFileError:
    return ImportFileError(
        _("The file could not be read: save it as an Excel workbook (.xlsx) or as CSV (UTF-8).")
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# What a damaged or hostile workbook raises while openpyxl reads it. openpyxl parses with
# defusedxml (a dependency), so a DTD with entities (external files, "billion laughs") raises
# one of defusedxml's errors, which are ValueErrors, instead of being expanded.
_BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    ElementTree.ParseError,
)


def _read_xlsx(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable() from None
    if unpacked > MAX_UNPACKED_BYTES:  # a "zip bomb" would fill the memory
        raise ImportFileError(_("The workbook is too large: split it into smaller files."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _BROKEN_WORKBOOK:
        raise _unreadable() from None
    try:
        sheet = workbook.active or workbook.worksheets[0]
        sheet.reset_dimensions()  # files from other tools often state wrong dimensions
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except _BROKEN_WORKBOOK:
        raise _unreadable() from None
    finally:
        workbook.close()


# Windows-1252 decodes nearly any bytes, so a file in another 8-bit encoding (DOS cp437, Mac
# Roman) would come out as mojibake: "H„rk„tie", "HŠrkŠtie". Its letters then turn into
# cp1252's punctuation and symbols (0x80 to 0x9F) inside words; real text has those only between
# words (quotes, dashes) or as an apostrophe.
_MOJIBAKE = re.compile(
    r"(?<=[^\W\d_])[\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2018\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a"
    r"\u20ac\u2122](?=[^\W\d_])"
)


# Another alphabet's 8-bit encoding (Cyrillic cp1251, Greek) decodes as runs of accented Latin
# letters that no Finnish, Swedish or English word has ("Ïðèìåð" for "Пример").
_OTHER_ALPHABET = re.compile(
    "[%s]{3}" % "".join(chr(c) for c in range(0xC0, 0x100) if chr(c) not in "ÄÅÖäåöÉéÜü×÷")  # noqa: UP031
)


def _unknown_encoding() -> ImportFileError:
    return ImportFileError(
        _(
            "The characters of the file could not be recognised (it is neither UTF-8 nor "
            "Windows-1252): save it as CSV UTF-8 or as an Excel workbook (.xlsx)."
        )
    )


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]  # cp1252: Excel's "CSV (semicolon)" on Windows
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # UTF-16 without its byte-order mark, or a binary file
        if encoding == "cp1252" and (_MOJIBAKE.search(text) or _OTHER_ALPHABET.search(text)):
            raise _unknown_encoding()
        return text
    raise _unknown_encoding() if b"\x00" not in data else _unreadable()


def _delimiter(text: str) -> str:
    """The separator of the header line: Finnish Excel writes ";", others "," or tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])  # ties go to ";" (listed first)
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for cells in reader:
            yield [cell.strip() for cell in cells]
    except csv.Error:
        raise _unreadable() from None


def read_table(data: bytes, ext: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with their spreadsheet row numbers (blank rows left out)."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    rows = _read_xlsx(data) if ext == "xlsx" else _read_csv(data)
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=1):
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        body.append((number, cells))
        if len(body) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it into smaller files.")
                % {"max": MAX_ROWS}
            )
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not body:
        raise ImportFileError(_("The file has no rows below the column names."))
    return header, body


def _header_key(text: str) -> str:
    return "".join(ch for ch in _PARENTHESES.sub("", text).casefold() if ch.isalnum())


_SYNONYMS = {
    _header_key(name): column for column, names in COLUMNS.items() for name in names.split("|")
}


def map_columns(header: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column positions and headers of the recognised fields, and the headers not recognised."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    for index, text in enumerate(header):
        column = _SYNONYMS.get(_header_key(text))
        if column and column not in positions:
            positions[column] = index
            headers[column] = text
        elif text:
            unknown.append(text)
    if "name" not in positions:
        raise ImportFileError(
            _(
                "No name column found: the first row must name the columns, "
                "e.g. Nimi, Y-tunnus, Kunta."
            )
        )
    return positions, headers, unknown
