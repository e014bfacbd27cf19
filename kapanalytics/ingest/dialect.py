"""Sniffing a text file's dialect: encoding, delimiter, header row, number and date formats.

Everything here works on a sample (the first few hundred kilobytes), so it costs the same for a
ten-line file and a ten-million-line one. The reader options of a mapping always win over what
is sniffed; sniffing only fills the gaps.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

SAMPLE_BYTES = 256 * 1024
DELIMITER_CANDIDATES = (";", ",", "\t", "|")
WHITESPACE = "whitespace"
"""The delimiter name for columns separated by runs of blanks (fixed-width-like text exports)."""

_NUMBER_COMMA_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+)?,\d+-?$")
_NUMBER_POINT_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?\.\d+-?$")


@dataclass(frozen=True)
class DateStats:
    """Counts that decide a column's date format; gathered in Python or in SQL alike."""

    iso: int = 0
    dotted: int = 0
    slashed: int = 0
    compact: int = 0
    max_first: int | None = None
    max_second: int | None = None
    short_year: bool = False


def read_sample(path: str, size: int = SAMPLE_BYTES) -> bytes:
    """The first ``size`` bytes of the file."""
    with open(path, "rb") as handle:
        return handle.read(size)


# The first bytes of files that are often saved with a .csv name by mistake.
BINARY_SIGNATURES = {
    b"\x1f\x8b": "a gzip archive: unpack it first",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"7z\xbc\xaf": "a 7-Zip archive: unpack it first",
    b"Rar!": "a RAR archive: unpack it first",
    b"SQLite format 3": "an SQLite database",
}


def binary_kind(sample: bytes) -> str | None:
    """What a file that is not text holds ("a PDF document", "binary data"), or None for text.

    Text in UTF-16 has NUL bytes too, so a UTF-16 BOM means text. Otherwise any NUL byte, or
    more than one control character in a hundred, means the file is no delimited text.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for signature, kind in BINARY_SIGNATURES.items():
        if sample.startswith(signature):
            return kind
    if b"\x00" in sample:
        return "binary data"
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
    if sample and controls * 100 > len(sample):
        return "binary data"
    return None


def detect_encoding(sample: bytes) -> str:
    """The Python codec name of the sample: utf-8-sig, utf-16, utf-8 or cp1252.

    A BOM decides; otherwise text that decodes as UTF-8 is UTF-8 (a cp1252 file with umlauts
    practically never does), and anything else is taken as cp1252, the Windows default of
    German and English office software.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: a multi-byte character cut at the sample's end is not an error
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_sample(sample: bytes, encoding: str) -> str:
    """The sample as text, without a character cut at its end."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(sample, final=False)


def sample_lines(text: str, limit: int = 200) -> list[str]:
    """The sample's first complete lines (the last one may be cut, so it is dropped)."""
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    return lines[:limit]


def split_line(line: str, delimiter: str) -> list[str]:
    """One line split into fields, honouring double quotes."""
    if delimiter == WHITESPACE:
        return line.split()
    try:
        return next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    except csv.Error:
        # a stray line break or NUL inside the line: split it plainly, the reader will say more
        return line.split(delimiter)


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter that gives most lines the same number (> 1) of fields.

    Preamble lines (a report title) and a ragged last line do not disturb it, because the
    most common field count is what counts, not every line's. Columns separated by runs of
    blanks give :data:`WHITESPACE`.
    """
    best, best_score = ",", (0, 0)
    candidates = [line for line in lines if line.strip()]
    for delimiter in DELIMITER_CANDIDATES:
        counts = Counter(len(split_line(line, delimiter)) for line in candidates)
        counts.pop(1, None)
        if not counts:
            continue
        fields, lines_with = counts.most_common(1)[0]
        score = (lines_with, fields)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score[0] == 0:
        # blank-separated only when nearly every line splits into the same number of fields;
        # a one-column file whose header has a blank in it ("Record ID") is no such file
        counts = Counter(len(line.split()) for line in candidates)
        fields, lines_with = counts.most_common(1)[0] if counts else (1, 0)
        if fields > 1 and lines_with >= 0.8 * len(candidates):
            return WHITESPACE
    return best


def detect_header_row(lines: list[str], delimiter: str) -> int:
    """The 0-based index of the header line among ``lines``.

    The header is the first line with the file's usual number of fields, most of them
    non-empty and not numbers: report titles and blank lines above it are skipped.
    """
    rows = [split_line(line, delimiter) for line in lines]
    counts = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
    if len(counts) > 1:
        counts.pop(1, None)  # title lines have one field; the table has more
    if not counts:
        return 0
    usual = max(counts.items(), key=lambda item: (item[1], item[0]))[0]
    for index, row in enumerate(rows):
        if len(row) != usual:
            continue
        filled = [cell.strip() for cell in row if cell.strip()]
        texts = [cell for cell in filled if not _looks_like_value(cell)]
        if len(filled) >= max(1, usual // 2) and len(texts) >= len(filled) / 2:
            return index
    return 0


def _looks_like_value(cell: str) -> bool:
    """True for numbers and dates, which a header does not consist of."""
    return bool(re.fullmatch(r"[-+]?[\d.,/: ]+-?", cell))


def detect_number_format(rows: list[list[str]], delimiter: str) -> tuple[str, str]:
    """(decimal, thousands) separators seen in the data rows.

    "12,5" or "1.234,56" vote for a decimal comma, "2.55" or "1,234.56" for a decimal point;
    "1.234" or "1,234" say nothing. Without votes a semicolon-separated file is taken as
    German-style (decimal comma), any other as decimal point.
    """
    comma_votes = point_votes = 0
    for row in rows:
        for cell in row:
            value = cell.strip()
            # "1,234" or "1.234" alone is ambiguous; a thousands group next to the other
            # separator ("1.234,5") or a fraction of other than three digits decides
            if _NUMBER_COMMA_DECIMAL.match(value):
                if "." in value or not re.search(r",\d{3}-?$", value):
                    comma_votes += 1
            elif _NUMBER_POINT_DECIMAL.match(value) and (
                "," in value or not re.search(r"\.\d{3}-?$", value)
            ):
                point_votes += 1
    if comma_votes > point_votes or (comma_votes == point_votes == 0 and delimiter == ";"):
        return ",", "."
    return ".", ","


def date_stats(values: list[str]) -> DateStats:
    """The :class:`DateStats` of some text values (the SQL twin lives in convert.py)."""
    iso = dotted = slashed = compact = 0
    firsts: list[int] = []
    seconds: list[int] = []
    short_year = False
    for raw in values:
        value = raw.strip()
        if re.match(r"\d{4}-\d{1,2}-\d{1,2}", value):
            iso += 1
        elif re.fullmatch(r"\d{8}", value):
            compact += 1
        else:
            match = re.match(r"(\d{1,2})([./])(\d{1,2})[./](\d{2,4})\b", value)
            if not match:
                continue
            if match.group(2) == ".":
                dotted += 1
            else:
                slashed += 1
            firsts.append(int(match.group(1)))
            seconds.append(int(match.group(3)))
            short_year = short_year or len(match.group(4)) == 2
    return DateStats(
        iso=iso,
        dotted=dotted,
        slashed=slashed,
        compact=compact,
        max_first=max(firsts) if firsts else None,
        max_second=max(seconds) if seconds else None,
        short_year=short_year,
    )


def choose_date_format(stats: DateStats, ambiguous_dates: str = "dmy") -> tuple[str | None, bool]:
    """(strptime format, ambiguous) for a column with these :class:`DateStats`.

    ISO (2024-12-31) and compact (20241231) need no guess. For 31.12.2024 and 12/31/2024 a
    first part above 12 means day first, a second part above 12 means month first; when no
    value decides, ``ambiguous_dates`` ("dmy" or "mdy") does and ``ambiguous`` is True.
    Returns (None, False) when no value looks like a date.
    """
    styles = {
        "iso": stats.iso,
        "dotted": stats.dotted,
        "slashed": stats.slashed,
        "compact": stats.compact,
    }
    style, count = max(styles.items(), key=lambda item: item[1])
    if count == 0:
        return None, False
    if style == "iso":
        return "%Y-%m-%d", False
    if style == "compact":
        return "%Y%m%d", False
    separator = "." if style == "dotted" else "/"
    year = "%y" if stats.short_year else "%Y"
    ambiguous = False
    if stats.max_first is not None and stats.max_first > 12:
        day_first = True
    elif stats.max_second is not None and stats.max_second > 12:
        day_first = False
    else:
        # a dotted date is day-first by every convention that writes dots
        day_first = style == "dotted" or ambiguous_dates == "dmy"
        ambiguous = style != "dotted"
    parts = ["%d", "%m"] if day_first else ["%m", "%d"]
    return separator.join([*parts, year]), ambiguous


def date_format_candidates(date_format: str) -> list[str]:
    """The formats tried in turn for a field: the date alone, with a time, and ISO as well.

    ISO is always accepted since spreadsheet date cells and Parquet timestamps arrive as ISO
    text, whatever the file's own format is.
    """
    formats = [
        date_format,
        f"{date_format} %H:%M",
        f"{date_format} %H:%M:%S",
    ]
    iso_formats = (
        "%Y-%m-%d",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M:%S.%f",  # timestamps written by DuckDB, e.g. when ratings were saved
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
    )
    for iso in iso_formats:
        if iso not in formats:
            formats.append(iso)
    return formats
