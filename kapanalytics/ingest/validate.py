"""Validation: every rule a row must pass before anything is stored, and the report of it.

The rules (each with its own message naming file, row, column, value, reason and fix):

- required: a required field is empty.
- type: a value is not of its field's type (text in an amount, 31.02.2024 as a date).
- duplicate_key: two rows of the file have the same key.
- unknown_reference: a row names an account that is neither stored nor created by the import.
- implausible_date: a date before 1900 or more than a year after today.
- negative_quantity: a negative quantity on a line not marked as a credit note.
- too_long: a text value longer than 10,000 characters (a quote never closed, a pasted
  document).
- currency: an invoice line in another currency than the database's (or, in an empty database,
  than most lines of the file), which would be added up as if it were the same money.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row row 2.
Structural problems (an unreadable or empty file, a header without rows, missing or duplicate
columns, a file of another table) reject the whole file.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.ingest import convert, dialect
from kapanalytics.ingest.convert import Params, Plan, Resolved
from kapanalytics.ingest.mapping import Mapping, ReaderOptions
from kapanalytics.ingest.presets import Preset, detect_table, load_mapping_file, load_preset
from kapanalytics.ingest.readers import (
    Source,
    SourceInfo,
    StructuralError,
    column_list,
    first_line,
    is_multiline_error,
    open_source,
    quote,
)
from kapanalytics.schema import CANONICAL_TABLES

EXAMPLES_PER_PROBLEM = 5
MAX_TEXT_CHARS = 10_000
EARLIEST_DATE = dt.date(1900, 1, 1)
PROBLEM_COLUMNS = ["rule", "column", "rows_affected", "fix"]
EXAMPLE_COLUMNS = ["file", "row", "column", "value", "reason", "fix", "rule"]
Progress = Callable[[float, str], None]


@dataclass
class ValidationReport:
    """What a dry run found: one row per rule and column in ``problems``, a few ``examples``.

    ``ok`` is True when the file can be imported without losing a row.
    """

    file_label: str
    target_table: str | None
    rows_in: int = 0
    rows_bad: int = 0
    structural_errors: list[str] = field(default_factory=list)
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))
    examples: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXAMPLE_COLUMNS))
    notes: list[str] = field(default_factory=list)
    source: SourceInfo | None = None
    mapping_name: str | None = None

    @property
    def ok(self) -> bool:
        return not self.structural_errors and self.rows_bad == 0

    def summary(self) -> str:
        """The report as plain text for the command line."""
        target = self.target_table or "?"
        if self.structural_errors:
            lines = [f"{self.file_label} cannot be imported into {target}:"]
            lines += [f"  - {error}" for error in self.structural_errors]
            return "\n".join(lines)
        lines = [
            f"{self.file_label} -> {target}: {self.rows_in} rows read, "
            f"{self.rows_bad} with problems."
        ]
        for problem in self.problems.itertuples(index=False):
            lines.append(
                f"  - {problem.rule} in {problem.column}: {_rows(problem.rows_affected)}. "
                f"Fix: {problem.fix}"
            )
            examples = self.examples[
                (self.examples["column"] == problem.column)
                & (self.examples["rule"] == problem.rule)
            ]
            for example in examples.itertuples(index=False):
                lines.append(f"      row {example.row}: {example.reason}")
        lines += [f"  Note: {note}" for note in self.notes]
        return "\n".join(lines)


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


@dataclass
class Prepared:
    """A file read, converted and checked; the typed and bad-row tables are temporary."""

    report: ValidationReport
    plan: Plan | None = None
    source: Source | None = None
    typed_table: str = ""
    bad_table: str = ""
    mapping_label: str = ""
    helper_tables: list[str] = field(default_factory=list)

    def close(self, con: duckdb.DuckDBPyConnection) -> None:
        temporary = {
            name: kind
            for name, kind in con.execute(
                "select table_name, 'table' from duckdb_tables() where temporary "
                "union all select view_name, 'view' from duckdb_views() where temporary"
            ).fetchall()
        }
        for name in (self.typed_table, self.bad_table, *self.helper_tables):
            if name in temporary:
                con.execute(f'drop {temporary[name]} "{name}"')
        if self.source is not None:
            self.source.close(con)


def choose_mappings(
    preset: str | None, mapping: Mapping | None, mapping_path: str | Path | None
) -> tuple[Preset | None, Mapping | None]:
    """Exactly one of the three ways to name a mapping; ConfigurationError otherwise."""
    given = [x for x in (preset, mapping, mapping_path) if x is not None]
    if len(given) != 1:
        raise ConfigurationError(
            "Name exactly one mapping: a preset (e.g. preset='generic_en'), a mapping file "
            "(mapping_path=...) or a Mapping object; "
            f"{'none was' if not given else 'several were'} given."
        )
    if preset is not None:
        return load_preset(preset), None
    if mapping_path is not None:
        return load_mapping_file(mapping_path), None
    if not isinstance(mapping, Mapping):
        raise ConfigurationError("mapping must be a kapanalytics.ingest.Mapping.")
    return None, mapping


def prepare(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: Mapping | None = None,
    mapping_path: str | Path | None = None,
    table: str | None = None,
    sheet: str | int | None = None,
    file_label: str | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Read, convert and check a file; the caller closes the result.

    Raises ConfigurationError for a broken mapping or an undecidable table; everything wrong
    with the file itself ends up in the report.
    """
    label = file_label or Path(path).name
    notify = progress or (lambda fraction, message: None)
    collection, chosen = choose_mappings(preset, mapping, mapping_path)
    if chosen is not None and table is not None and table != chosen.table:
        raise ConfigurationError(
            f"The mapping loads {chosen.table}, but table={table!r} was asked for."
        )
    if collection is not None and table is not None:
        chosen = collection.mapping_for(table)
    sheet_option = ReaderOptions(sheet=sheet)
    reader = (chosen.reader if chosen else collection.reader).merged(sheet_option)
    report = ValidationReport(label, chosen.table if chosen else table)
    prepared = Prepared(report)
    notify(0.05, f"Reading {label}")
    try:
        prepared.source = open_source(con, path, reader, label)
        report.source = prepared.source.info
        if chosen is None:
            chosen = (
                collection.mapping_for(None)
                if len(collection.mappings) == 1
                else detect_table(collection, prepared.source.columns)
            )
            table_reader = chosen.reader.merged(sheet_option)
            if table_reader != reader:
                prepared.source.close(con)
                reader = table_reader
                prepared.source = open_source(con, path, reader, label)
                report.source = prepared.source.info
        report.target_table = chosen.table
        report.mapping_name = collection.source if collection else chosen.name
        prepared.mapping_label = report.mapping_name
        missing = chosen.missing_fields()
        if missing:
            raise ConfigurationError(
                f"{chosen.name}: {chosen.table} needs {', '.join(missing)}; map each to a "
                "column, a constant or a derivation."
            )
        plan = _build_typed(con, prepared, chosen, reader, path, label)
        if report.rows_in == 0:
            raise StructuralError(
                f"{label} has a header but no data rows. Export the data again with its rows."
            )
        report.notes = [*plan.notes]
        notify(0.3, f"Validating {report.rows_in:,} rows of {label}")
        prepared.bad_table = f"_kap_bad_{uuid.uuid4().hex[:12]}"
        _find_bad_rows(con, plan, prepared.typed_table, prepared.bad_table)
        _summarise(con, prepared)
    except StructuralError as exc:
        report.structural_errors.append(str(exc))
    except BaseException:
        prepared.close(con)
        raise
    return prepared


def _build_typed(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    chosen: Mapping,
    reader: ReaderOptions,
    path: str | Path,
    label: str,
) -> Plan:
    """Resolve the mapping, detect the date formats and build the typed table.

    The file is read again where its sample misled: on one thread when a quoted value spans
    lines (DuckDB's parallel reader cannot split such a file), and as Windows text when a line
    past the sample is not UTF-8. Any other failure is a StructuralError naming the row.
    """
    prepared.typed_table = f"_kap_typed_{uuid.uuid4().hex[:12]}"
    retried: set[str] = set()
    while True:
        plan = convert.resolve(chosen, prepared.source, reader)
        prepared.plan = plan
        if "serial" in retried:
            prepared.source.params["src_parallel"] = False
        try:
            convert.detect_date_formats(con, plan)
            prepared.report.rows_in, prepared.helper_tables = convert.build_typed(
                con, plan, prepared.typed_table
            )
            return plan
        except duckdb.OutOfMemoryException:
            raise  # not the file's fault: the import says what to do (load.import_file)
        except duckdb.Error as exc:
            if is_multiline_error(exc) and "serial" not in retried:
                retried.add("serial")
            elif _is_encoding_error(exc) and reader.encoding is None and "cp1252" not in retried:
                # the sample looked like UTF-8, a later line is not: Windows text it is
                retried.add("cp1252")
                prepared.source.close(con)
                reader = reader.merged(ReaderOptions(encoding="cp1252"))
                prepared.source = open_source(con, path, reader, label)
                prepared.report.source = prepared.source.info
            else:
                raise StructuralError(_read_error_message(label, exc, prepared.source)) from exc


def _is_encoding_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "unicode" in text or "utf-8" in text or "utf8" in text


def _read_error_message(label: str, exc: duckdb.Error, source: Source) -> str:
    """The reader's error in the user's words: which row, what is wrong there, what to do."""
    full = str(exc)
    text = first_line(exc)
    info = source.info
    line = re.search(r"CSV Error on Line: (\d+)", full)
    delimiter = {"\t": "tab", dialect.WHITESPACE: "blanks"}.get(
        info.delimiter or ",", repr(info.delimiter)
    )
    if line:
        row = f"row {line.group(1)}"
        fields = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", full)
        if fields:
            expected, found = fields.groups()
            original = re.search(r"Original Line: (.*)", full)
            if original and info.delimiter and info.delimiter != dialect.WHITESPACE:
                # DuckDB counts up to the first field too many; the line itself tells all
                found = str(max(int(found), len(dialect.split_line(original[1], info.delimiter))))
            return (
                f"{label} cannot be read: {row} has {found} fields where the header has "
                f"{expected} ({column_list(info.columns)}), with the delimiter {delimiter}. "
                f"Put values that contain {delimiter} in double quotes, or check that every "
                "row uses the same delimiter, then import again."
            )
        if "unterminated quote" in full:
            return (
                f'{label} cannot be read: {row} opens a double quote (") that is never '
                "closed. Close the quote in that row (a quote inside a value is written twice: "
                '""), or remove it, then import again.'
            )
        if "Maximum line size" in full:
            return (
                f"{label} cannot be read: {row} is longer than the 2 MB a row may have, "
                "usually because a double quote in it is never closed. Close the quote, or "
                "shorten the value, then import again."
            )
        text = f"{row}: {text}"
    hint = "Check that the delimiter and quoting are the same in every row."
    if _is_encoding_error(exc):
        hint = "Set encoding = \"cp1252\" (or the file's encoding) in the mapping's [reader]."
    return f"{label} cannot be read ({info.format}): {text}. {hint}"


def validate_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: Mapping | None = None,
    mapping_path: str | Path | None = None,
    table: str | None = None,
    sheet: str | int | None = None,
    file_label: str | None = None,
) -> ValidationReport:
    """The dry run: what an import of ``path`` would find. Changes nothing."""
    prepared = prepare(
        con,
        path,
        preset=preset,
        mapping=mapping,
        mapping_path=mapping_path,
        table=table,
        sheet=sheet,
        file_label=file_label,
    )
    prepared.close(con)
    return prepared.report


# --- the row rules ---------------------------------------------------------------------------


@dataclass
class Check:
    """One rule on one field: rows where ``condition`` holds are bad."""

    rule: str
    column: str
    condition: str
    value: str
    reason: str
    fix: str
    source: str = "t"


def _find_bad_rows(con: duckdb.DuckDBPyConnection, plan: Plan, typed: str, bad: str) -> None:
    """Create the temporary table ``bad``: one row per (data row, problem)."""
    params = Params()
    checks = [
        *_required_checks(plan, params),
        *_type_checks(plan, params),
        *_date_checks(plan, params),
        *_quantity_checks(plan, params),
        *_duplicate_checks(plan, params, typed),
        *_reference_checks(plan, params),
        *_length_checks(plan, params),
        *_currency_checks(con, plan, params, typed),
    ]
    selects = [
        f"select _row, {params.add(c.rule)} as rule, {params.add(c.column)} as column_name, "
        f"cast({c.value} as varchar) as value, {c.reason} as reason, {params.add(c.fix)} as fix "
        f"from {c.source if c.source != 't' else quote(typed)} t where {c.condition}"
        for c in checks
    ]
    empty = (
        "select cast(null as bigint) as _row, '' as rule, '' as column_name, '' as value, "
        "'' as reason, '' as fix where false"
    )
    sql = f'create temp table "{bad}" as ' + " union all ".join([*selects, empty])
    con.execute(sql, params.values)


def _concat(params: Params, *parts: str | tuple[str]) -> str:
    pieces = [p[0] if isinstance(p, tuple) else params.add(p) for p in parts]
    return "concat(" + ", ".join(pieces) + ")"


def _required_checks(plan: Plan, params: Params) -> list[Check]:
    schema = CANONICAL_TABLES[plan.table]
    checks = []
    for item in plan.fields.values():
        if item.name not in schema.required_fields and item.name not in schema.key:
            continue
        if item.kind == "column":
            empty = f"{quote(item.name)} is null"
            if item.has_raw:
                empty += f" and {quote('_raw_' + item.name)} is null"
            checks.append(
                Check(
                    "required",
                    item.label,
                    empty,
                    "''",
                    _concat(
                        params,
                        f"{item.label} is empty, but every row of {plan.table} needs {item.name}",
                    ),
                    f"Fill in {item.label} in this row, or leave the row out of the file.",
                )
            )
        elif item.kind == "derive":
            checks.append(
                Check(
                    "required",
                    item.label,
                    f"{quote(item.name)} is null",
                    "''",
                    _concat(
                        params,
                        f"{item.name} cannot be computed as {item.spec.derive}: "
                        "a value it needs is empty or not a number",
                    ),
                    f"Fill in the values {item.spec.derive} uses, or add a column with "
                    f"{item.name}.",
                )
            )
    return checks


def _type_checks(plan: Plan, params: Params) -> list[Check]:
    checks = []
    decimal, thousands = convert.number_separators(plan)
    for item in plan.fields.values():
        if not item.has_raw:
            continue
        raw = quote("_raw_" + item.name)
        what, fix = _type_words(item, decimal)
        if item.type in ("DOUBLE", "INTEGER") and plan.source.info.format == "csv":
            # mixed formats in one file fail here: say which separators the file was read with
            what += f" (read with decimal {decimal!r}" + (
                f" and thousands {thousands!r})" if thousands else ")"
            )
        checks.append(
            Check(
                "type",
                item.label,
                f"{raw} is not null",
                raw,
                _concat(params, '"', (raw,), f'" in {item.label} is not {what}'),
                fix,
            )
        )
    return checks


def _type_words(item: Resolved, decimal: str) -> tuple[str, str]:
    """(what the value should be, how to fix it) for a field's type."""
    if item.type in ("DOUBLE", "INTEGER"):
        whole = item.type == "INTEGER"
        example = "1234" if whole else ("1234,56" if decimal == "," else "1234.56")
        return (
            "a whole number" if whole else "a number",
            f"Write the number like {example}, without text or units; if the file uses "
            "other separators, set decimal and thousands in the mapping's [reader].",
        )
    if item.type in ("DATE", "TIMESTAMP"):
        date_format = item.date_format or "%Y-%m-%d"
        example = dt.date(2024, 12, 31).strftime(date_format)
        return (
            f"a valid date (read as {date_format}, e.g. {example})",
            f"Write a real calendar date like {example}, or set the column's date format in "
            'the mapping (format = "...") if the file writes dates otherwise.',
        )
    return (
        "yes or no",
        "Write yes/no, true/false, ja/nein or 1/0.",
    )


def _date_checks(plan: Plan, params: Params) -> list[Check]:
    checks = []
    latest = convert.today() + dt.timedelta(days=365)
    for item in plan.fields.values():
        if item.type not in ("DATE", "TIMESTAMP") or item.kind not in ("column", "constant"):
            continue
        name = quote(item.name)
        value = f"cast(cast({name} as date) as varchar)"
        early = params.add(EARLIEST_DATE, "DATE")
        late = params.add(latest, "DATE")
        checks.append(
            Check(
                "implausible_date",
                item.label,
                f"cast({name} as date) < {early} or cast({name} as date) > {late}",
                value,
                f"(case when cast({name} as date) < {early} then "
                + _concat(params, f"{item.label} holds ", (value,), ", before 1900")
                + " else "
                + _concat(params, f"{item.label} holds ", (value,), ", more than a year from today")
                + " end)",
                "Check the date in the source system; a typo in the year is the usual cause. "
                "A year written with two digits (24 for 2024) needs %y instead of %Y in the "
                "mapping's date format.",
            )
        )
    return checks


def _length_checks(plan: Plan, params: Params) -> list[Check]:
    checks = []
    for item in plan.fields.values():
        if item.type != "VARCHAR" or item.kind != "column":
            continue
        name = quote(item.name)
        length = f"format('{{:,}}', length({name}))"
        checks.append(
            Check(
                "too_long",
                item.label,
                # the byte length is cheap and bounds the character length from above
                f"strlen({name}) > {MAX_TEXT_CHARS} and length({name}) > {MAX_TEXT_CHARS}",
                f"left({name}, 40) || '...'",
                _concat(
                    params,
                    f"{item.label} holds ",
                    (length,),
                    f" characters, more than the {MAX_TEXT_CHARS:,} a text field keeps",
                ),
                "Check the row in the source: a value this long is usually a double quote "
                "that is never closed, or a document pasted into a cell. Shorten the value, or "
                "leave the column out of the mapping.",
            )
        )
    return checks


def _currency_checks(
    con: duckdb.DuckDBPyConnection, plan: Plan, params: Params, typed: str
) -> list[Check]:
    item = plan.fields.get("currency")
    if plan.table != "transactions" or item is None or item.kind != "column":
        return []
    most_common = (
        "select upper(currency) from {} where currency is not null "
        "group by upper(currency) order by count(*) desc, upper(currency) limit 1"
    )
    stored = con.execute(most_common.format("transactions")).fetchone()
    whose = "the amounts stored in this database are"
    if stored is None:
        stored = con.execute(most_common.format(quote(typed))).fetchone()
        whose = "most lines of this file are"
    if stored is None:
        return []
    reference = stored[0]
    return [
        Check(
            "currency",
            item.label,
            f'"currency" is not null and upper(trim("currency")) <> {params.add(reference)}',
            '"currency"',
            _concat(
                params,
                f"{item.label} is ",
                ('"currency"',),
                f", but {whose} in {reference}; amounts in different currencies would be "
                "added up as if they were the same money",
            ),
            f"Convert the amounts to {reference} in the source system before exporting (and "
            f"write {reference} as their currency), or import each currency into a database "
            "of its own (KAP_DB).",
        )
    ]


def _quantity_checks(plan: Plan, params: Params) -> list[Check]:
    quantity = plan.fields.get("quantity")
    if plan.table != "transactions" or quantity is None or quantity.kind == "empty":
        return []
    value = (
        '(case when "quantity" = trunc("quantity") then cast(cast("quantity" as bigint) as varchar)'
        ' else cast("quantity" as varchar) end)'
    )
    return [
        Check(
            "negative_quantity",
            quantity.label,
            '"quantity" < 0 and not coalesce("is_credit_note", false)',
            value,
            _concat(
                params,
                f"{quantity.label} is negative (",
                (value,),
                ") but the line is not marked as a credit note",
            ),
            "Mark credit notes in the mapping (is_credit_note, e.g. from the document type or "
            "an invoice number prefix), or correct the quantity.",
        )
    ]


def _duplicate_checks(plan: Plan, params: Params, typed: str) -> list[Check]:
    schema = CANONICAL_TABLES[plan.table]
    items = [plan.fields[k] for k in schema.key]
    if any(i.kind == "generate" and i.spec.generate == "file_order" for i in items):
        return []  # numbered in file order: two lines can never share a key
    keys = ", ".join(quote(i.name) for i in items)
    not_null = " and ".join(f"{quote(i.name)} is not null" for i in items)
    label = ", ".join(i.label for i in items)
    value = (
        "concat_ws(' / ', " + ", ".join(f"cast({quote(i.name)} as varchar)" for i in items) + ")"
    )
    # a grouped count finds the few repeated keys far faster than a window over every row
    source = (
        f"(select _row, {keys}, _copies, _first from {quote(typed)} "
        f"join (select {keys}, count(*) as _copies, min(_row) as _first from {quote(typed)} "
        f"where {not_null} group by all having count(*) > 1) using ({keys}))"
    )
    return [
        Check(
            "duplicate_key",
            label,
            "true",
            value,
            _concat(
                params,
                f"the key {label} = ",
                (value,),
                " appears ",
                ("cast(_copies as varchar)",),
                " times in the file (first in row ",
                ("cast(_first as varchar)",),
                ")",
            ),
            "Keep one row per key, or correct the ids so that each row has its own.",
            source=source,
        )
    ]


def _reference_checks(plan: Plan, params: Params) -> list[Check]:
    schema = CANONICAL_TABLES[plan.table]
    checks = []
    for field_name, target in schema.references.items():
        item = plan.fields.get(field_name)
        if item is None or item.kind == "empty":
            continue
        if plan.mapping.create_missing_accounts and target == "accounts":
            continue
        target_key = CANONICAL_TABLES[target].key[0]
        name = quote(field_name)
        checks.append(
            Check(
                "unknown_reference",
                item.label,
                f"{name} is not null and not exists (select 1 from {quote(target)} r "
                f"where r.{quote(target_key)} = t.{name})",
                name,
                _concat(
                    params,
                    f"{item.label} names the {target[:-1]} ",
                    (name,),
                    ", which is neither stored nor in this import",
                ),
                f"Import the {target} file first, correct the id, or set "
                "create_missing_accounts = true in the mapping to create such accounts.",
            )
        )
    return checks


def _summarise(con: duckdb.DuckDBPyConnection, prepared: Prepared) -> None:
    """Fill the report's problems, examples and bad-row count from the bad table."""
    report, bad = prepared.report, quote(prepared.bad_table)
    report.rows_bad = con.execute(f"select count(distinct _row) from {bad}").fetchone()[0]
    report.problems = con.execute(
        f"select rule, column_name as column, count(distinct _row) as rows_affected, "
        f"any_value(fix) as fix from {bad} group by rule, column_name order by min(_row), rule"
    ).df()
    examples = con.execute(
        f"select $file as file, _row as row, column_name as column, value, reason, fix, rule "
        f"from {bad} qualify row_number() over (partition by rule, column_name order by _row) "
        f"<= {EXAMPLES_PER_PROBLEM} order by _row, rule",
        {"file": report.file_label},
    ).df()
    report.examples = examples[EXAMPLE_COLUMNS].reset_index(drop=True)
