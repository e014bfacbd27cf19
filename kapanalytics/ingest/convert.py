"""From a source file's columns to a canonical table's typed fields, in SQL.

``resolve`` decides for every field where its value comes from (a column of this file, a
constant, a derivation, an importer-made value, or nothing), and refuses a file whose columns do
not fit. ``build_typed`` then writes one ``create temp table ... as select`` that reads the file
once and holds, per row: ``_row``, every field of the table typed, the trimmed source text of
each value that did not convert (``_raw_<field>``, NULL where it did, for messages), and
the fields of accounts to create (``_acct_<field>``). Validation and loading work on that table.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from kapanalytics.ingest import dialect
from kapanalytics.ingest.derive import derive_sql
from kapanalytics.ingest.mapping import FieldSpec, Mapping, ReaderOptions, find_column
from kapanalytics.ingest.readers import Source, StructuralError, column_list, quote
from kapanalytics.schema import CANONICAL_TABLES

NUMERIC_TYPES = (
    "DOUBLE",
    "FLOAT",
    "REAL",
    "DECIMAL",
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "UBIGINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
)
TEMPORAL_TYPES = ("DATE", "TIMESTAMP")
TRUE_WORDS = ("1", "-1", "true", "t", "yes", "y", "x", "ja", "j", "wahr")
FALSE_WORDS = ("0", "false", "f", "no", "n", "nein", "falsch")
DATE_SAMPLE_ROWS = 1_000_000


@dataclass
class Resolved:
    """Where one field's value comes from in this file.

    kind: "column", "constant", "derive", "generate" or "empty". label: what messages call the
    source (the column's name, or the derivation). has_raw: the typed table keeps the source
    text, because converting it can fail.
    """

    name: str
    type: str
    kind: str
    spec: FieldSpec | None = None
    column: str | None = None
    label: str = ""
    has_raw: bool = False
    date_format: str | None = None


@dataclass
class Plan:
    """A mapping resolved against one file: what ``build_typed`` turns into SQL."""

    mapping: Mapping
    source: Source
    reader: ReaderOptions
    fields: dict[str, Resolved]
    account_fields: dict[str, Resolved]
    notes: list[str] = field(default_factory=list)
    text_refs: dict[str, str] = field(default_factory=dict)
    """Source column -> its name in the text layer (trimmed text, or the typed value)."""

    @property
    def table(self) -> str:
        return self.mapping.table


class Params:
    """Named query parameters: ``add`` returns the placeholder for a value."""

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self.values: dict[str, Any] = dict(initial or {})
        self._counter = itertools.count()

    def add(self, value: Any, cast: str | None = None) -> str:
        name = f"p{next(self._counter)}"
        self.values[name] = value
        return f"cast(${name} as {cast})" if cast else f"${name}"


def resolve(mapping: Mapping, source: Source, reader: ReaderOptions) -> Plan:
    """Decide each field's source; StructuralError when required columns are missing."""
    schema = mapping.schema
    resolved: dict[str, Resolved] = {}
    missing_required: list[tuple[str, FieldSpec]] = []
    notes: list[str] = []
    for f in schema.fields:
        spec = mapping.fields.get(f.name)
        if spec is None:
            generator = {"invoice_id": "account_day", "line_no": "file_order"}
            if mapping.table == "transactions" and f.name in generator:
                spec = FieldSpec(generate=generator[f.name])
            elif mapping.table == "transactions" and f.name == "is_credit_note":
                # unmarked lines are no credit notes; a NULL would drop out of "not is_credit_note"
                resolved[f.name] = Resolved(f.name, f.type, "constant", FieldSpec(constant=False))
                continue
            else:
                resolved[f.name] = Resolved(f.name, f.type, "empty")
                continue
        item = _resolve_field(f.name, f.type, spec, source)
        if item is None:
            if f.required or f.name in schema.key:
                missing_required.append((f.name, spec))
                continue
            if len(spec.columns) == 1:
                # a preset lists alternatives, most of them absent from any one file;
                # a single named column that is missing is worth a word
                notes.append(f"{spec.columns[0]} is not in the file; {f.name} is left empty.")
            item = Resolved(f.name, f.type, "empty", spec)
        resolved[f.name] = item
    if missing_required:
        raise StructuralError(_missing_columns_message(mapping, source, missing_required))
    accounts = CANONICAL_TABLES["accounts"]
    account_fields = {}
    for name, spec in mapping.account_fields.items():
        item = _resolve_field(name, accounts.field(name).type, spec, source)
        if item is not None:
            account_fields[name] = item
    plan = Plan(mapping, source, reader, resolved, account_fields, notes)
    return plan


def _resolve_field(name: str, type_: str, spec: FieldSpec, source: Source) -> Resolved | None:
    column = find_column(spec.columns, source.columns) if spec.columns else None
    if column is not None:
        source_type = source.types.get(column, "VARCHAR")
        text_source = source_type == "VARCHAR"
        # a Parquet float can be NaN, infinite or (for a whole-number field) fractional:
        # keeping its value lets the message say so instead of calling the cell empty
        float_source = source_type.startswith(("DOUBLE", "FLOAT", "REAL"))
        return Resolved(
            name,
            type_,
            "column",
            spec,
            column,
            label=column,
            has_raw=(text_source and type_ != "VARCHAR")
            or (float_source and type_ in ("DOUBLE", "INTEGER")),
        )
    if spec.derive:
        return Resolved(name, type_, "derive", spec, label=f"{name} = {spec.derive}")
    if spec.constant is not None:
        return Resolved(name, type_, "constant", spec, label=name)
    if spec.generate:
        return Resolved(name, type_, "generate", spec, label=f"{name} (made by the importer)")
    if spec.default is not None:
        return Resolved(name, type_, "constant", FieldSpec(constant=spec.default), label=name)
    return None


def _missing_columns_message(
    mapping: Mapping, source: Source, missing: list[tuple[str, FieldSpec]]
) -> str:
    """Either "a required column is missing" or, when little fits, "this is another table"."""
    label = source.info.file
    column_specs = [s for s in mapping.fields.values() if s.columns]
    found = [s for s in column_specs if find_column(s.columns, source.columns) is not None]
    columns = column_list(source.columns)
    used = {find_column(s.columns, source.columns) for s in found}
    delimiter = source.info.delimiter
    if len(source.columns) == 1 and source.info.format == "csv":
        # one column whose name holds another delimiter: the file is separated by that one
        other = next(
            (d for d in dialect.DELIMITER_CANDIDATES if d != delimiter and d in source.columns[0]),
            None,
        )
        if other is not None:
            shown = {"\t": "tab"}.get(other, repr(other))
            return (
                f"{label}: the header row is read as the single column {source.columns[0]!r} "
                f"because the delimiter is set to {delimiter!r}, but the file seems separated "
                f"by {shown}. Set delimiter = {other!r} in the mapping's [reader], or leave "
                "the delimiter out so that it is detected."
            )
    if len(used) * 2 < len(source.columns):
        # most of the file's columns mean nothing to this mapping: it holds another table
        return (
            f"{label} does not look like a file for the table {mapping.table} "
            f"({mapping.name}): the mapping reads {len(used)} of its {len(source.columns)} "
            f"columns. Columns found: {columns}. Expected columns such as "
            f"{', '.join(s.columns[0] for s in column_specs[:8])}. Check that you chose the "
            "right table and mapping for this file."
        )
    parts = [
        f"column {' or '.join(repr(c) for c in spec.columns)} (for {name}, required)"
        for name, spec in missing
    ]
    return (
        f"{label} misses {'; '.join(parts)}. Columns found: {columns}. Add the column to the "
        "export, or map the field to the column that holds it."
    )


def detect_date_formats(con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """Fill in the date format of every text date field that has none, from its values.

    One query over (a sample of up to a million rows of) the file gathers the counts that
    :func:`dialect.choose_date_format` decides on.
    """
    explicit = plan.reader.date_format
    todo = []
    for item in [*plan.fields.values(), *plan.account_fields.values()]:
        if item.kind != "column" or item.type not in TEMPORAL_TYPES or not item.has_raw:
            continue
        item.date_format = (item.spec.date_format if item.spec else None) or explicit
        if item.date_format is None and item.column not in [t.column for t in todo]:
            todo.append(item)
    if not todo:
        return
    aggregates = []
    for index in range(len(todo)):
        c = f"trim(c{index})"
        aggregates += [
            f"count(*) filter (where regexp_matches({c}, '^\\d{{4}}-\\d{{1,2}}-\\d{{1,2}}'))",
            f"count(*) filter (where regexp_matches({c}, '^\\d{{1,2}}\\.\\d{{1,2}}\\.\\d{{2,4}}'))",
            f"count(*) filter (where regexp_matches({c}, '^\\d{{1,2}}/\\d{{1,2}}/\\d{{2,4}}'))",
            f"count(*) filter (where regexp_matches({c}, '^\\d{{8}}$'))",
            f"max(try_cast(regexp_extract({c}, '^(\\d{{1,2}})[./]\\d{{1,2}}[./]', 1) as integer))",
            f"max(try_cast(regexp_extract({c}, '^\\d{{1,2}}[./](\\d{{1,2}})[./]', 1) as integer))",
            f"bool_or(regexp_matches({c}, '^\\d{{1,2}}[./]\\d{{1,2}}[./]\\d{{2}}\\b'))",
        ]
    picked = ", ".join(f"{quote(item.column)} as c{i}" for i, item in enumerate(todo))
    sql = (
        f"with src as ({plan.source.sql}), "
        f"picked as (select {picked} from src limit {DATE_SAMPLE_ROWS}) "
        f"select {', '.join(aggregates)} from picked"
    )
    row = con.execute(sql, plan.source.params).fetchone()
    default_order = plan.reader.ambiguous_dates or "dmy"
    for index, item in enumerate(todo):
        values = row[index * 7 : index * 7 + 7]
        stats = dialect.DateStats(
            *(v or 0 for v in values[:4]), values[4], values[5], bool(values[6])
        )
        date_format, ambiguous = dialect.choose_date_format(stats, default_order)
        date_format = date_format or "%Y-%m-%d"
        for other in [*plan.fields.values(), *plan.account_fields.values()]:
            if other.column == item.column and other.date_format is None:
                other.date_format = date_format
        plan.source.info.date_formats[item.column] = date_format
        if plan.source.info.date_format is None:
            plan.source.info.date_format = date_format
        if ambiguous:
            plan.source.info.date_ambiguous = True
            note = (
                f"No date in {item.column} has a day above 12, so day and month cannot be told "
                f"apart; read as {date_format} (ambiguous_dates = '{default_order}'). Set "
                "date_format in the mapping if that is wrong."
            )
            plan.source.info.notes.append(note)
            plan.notes.append(note)


def build_typed(
    con: duckdb.DuckDBPyConnection, plan: Plan, table_name: str
) -> tuple[int, list[str]]:
    """Create the temporary typed relation ``table_name`` (a table or a view).

    Returns the number of rows read and the helper tables made for it, which the caller drops
    after the view.
    """
    params = Params(plan.source.params)
    by_position = plan.source.scan_sql is not None
    # each source column is trimmed once, in its own layer: DuckDB does not share the
    # repeated sub-expressions of one select, and ten million rows notice
    texts: list[str] = []
    if by_position:
        columns = ", ".join(quote(c) for c in plan.source.columns)
        texts.append(f"coalesce({columns}) is null as _empty")
    else:
        texts.append("_row")
    used = [i.column for i in [*plan.fields.values(), *plan.account_fields.values()] if i.column]
    for index, column in enumerate(dict.fromkeys(used)):
        alias = f"_t{index}"
        plan.text_refs[column] = alias
        if plan.source.types.get(column, "VARCHAR") == "VARCHAR":
            texts.append(f"{_text(column)} as {alias}")
        else:
            texts.append(f"{quote(column)} as {alias}")
    first: list[str] = ["_empty" if by_position else "_row"]
    second: list[str] = ["_empty" if by_position else "_row"]
    for item in plan.fields.values():
        first.append(f"{_first_layer(item, plan, params)} as {quote(item.name)}")
        if item.kind == "generate" and item.spec.generate == "file_order":
            continue
        final_value = _second_layer(item)
        second.append(f"{final_value} as {quote(item.name)}")
        if item.has_raw:
            # the source text is kept only where it did not convert: copying every value
            # of ten million rows costs more than all the conversions together
            text = plan.text_refs[item.column]
            second.append(
                f"(case when {final_value} is null then {text} end) as {quote('_raw_' + item.name)}"
            )
    first.extend(
        dict.fromkeys(f"{plan.text_refs[i.column]}" for i in plan.fields.values() if i.has_raw)
    )
    for item in plan.account_fields.values():
        first.append(f"{_first_layer(item, plan, params)} as {quote('_acct_' + item.name)}")
        second.append(quote("_acct_" + item.name))
    final = "*" + _final_replacements(plan)
    numbered = [
        i for i in plan.fields.values() if i.kind == "generate" and i.spec.generate == "file_order"
    ]
    # file order within each invoice: the first line of an invoice is line 1
    line_numbers = "".join(
        ', cast(row_number() over (partition by "invoice_id" order by _row) as integer)'
        f" as {quote(item.name)}"
        for item in numbered
    )
    base = f"{table_name}_base" if by_position else table_name
    sql = (
        f'create temp table "{base}" as '
        f"with src as ({plan.source.scan_sql if by_position else plan.source.sql}), "
        f"texts as (select {', '.join(texts)} from src), "
        f"first_layer as (select {', '.join(first)} from texts), "
        f"second_layer as (select {', '.join(second)} from first_layer) "
        f"select {final}{'' if by_position else line_numbers} from second_layer"
    )
    con.execute(sql, params.values)
    helpers = []
    if by_position:
        # the base table holds the file's rows in file order, so rowid says which row it was
        numbered_rows = (
            f"select rowid + {int(plan.source.row_offset)} as _row, * exclude (_empty) "
            f'from "{base}" where not _empty'
        )
        if line_numbers:
            con.execute(
                f'create temp table "{table_name}" as select *{line_numbers} from ({numbered_rows})'
            )
            con.execute(f'drop table "{base}"')
        else:
            con.execute(f'create temp view "{table_name}" as {numbered_rows}')
            helpers.append(base)
    return con.execute(f'select count(*) from "{table_name}"').fetchone()[0], helpers


def _final_replacements(plan: Plan) -> str:
    """A ``replace (...)`` clause for rules that need the other fields' final values."""
    replacements = []
    if plan.table == "transactions" and plan.mapping.credit_notes_negative:
        for name in ("quantity", "net_amount", "cost_amount"):
            column = quote(name)
            replacements.append(
                f'(case when coalesce("is_credit_note", false) and {column} > 0 '
                f"then -{column} else {column} end) as {column}"
            )
    if plan.table == "opportunities":
        # probabilities come as 0..1 or as percent (Salesforce's "Probability (%)": 75)
        replacements.append(
            '(case when "probability" > 1 then "probability" / 100 else "probability" end)'
            ' as "probability"'
        )
    return f" replace ({', '.join(replacements)})" if replacements else ""


def _text(column: str) -> str:
    """The trimmed text of a source column, NULL when empty."""
    return f"nullif(trim(cast({quote(column)} as varchar)), '')"


def _first_layer(item: Resolved, plan: Plan, params: Params) -> str:
    """The SQL for a field read from the file, typed (numbers as DOUBLE until layer two)."""
    working_type = "DOUBLE" if item.type == "INTEGER" else item.type
    if item.kind == "empty" or item.kind == "derive" or item.kind == "generate":
        return f"cast(null as {working_type})"
    spec = item.spec
    if item.kind == "constant":
        return params.add(spec.constant, working_type)
    column_type = plan.source.types.get(item.column, "VARCHAR")
    ref = plan.text_refs[item.column]
    plain = not (spec.value_map or spec.starts_with or spec.split or spec.default is not None)
    if column_type != "VARCHAR" and plain:
        typed = _from_typed_column(ref, column_type, item)
        if typed is not None:
            return typed
    text = ref
    if column_type != "VARCHAR":
        text = f"nullif({_typed_as_text(ref, column_type)}, '')"
    if spec.split:
        text = f"nullif(trim(split_part({text}, {params.add(spec.split)}, 1)), '')"
    if item.type == "BOOLEAN" and spec.starts_with:
        tests = " or ".join(f"starts_with({text}, {params.add(s)})" for s in spec.starts_with)
        default = params.add(spec.default, "BOOLEAN") if spec.default is not None else "false"
        return f"case when {text} is null then {default} when {tests} then true else false end"
    if spec.value_map:
        whens = " ".join(
            f"when {params.add(k.strip().lower())} then {params.add(_map_text(v))}"
            for k, v in spec.value_map.items()
        )
        if spec.default is not None:
            fallback = params.add(_map_text(spec.default))
        elif item.type == "BOOLEAN":
            fallback = "'false'"  # a yes/no map names the yes values; the rest are no
        else:
            fallback = text
        # "case lower(x) when ...": lower(x) is computed once per row, where "case when
        # lower(x) = ..." computes it once per key; an empty value matches no key either
        text = f"(case lower({text}) {whens} else {fallback} end)"
    elif spec.default is not None:
        text = f"coalesce({text}, {params.add(_map_text(spec.default))})"
    return _parse_text(text, item, plan, params)


def _map_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parse_text(text: str, item: Resolved, plan: Plan, params: Params) -> str:
    """Text to the field's type; NULL where it does not parse (validation reports those)."""
    if item.type == "VARCHAR":
        # exports (this one's too) write text that starts like a formula after an apostrophe,
        # so that spreadsheets show it as text; the value is what follows the apostrophe
        formula = _any_equal(
            f"substr({text}, 2, 1)", ["'='", "'+'", "'-'", "'@'", "chr(9)", "chr(13)"]
        )
        text = (
            f"(case when starts_with({text}, chr(39)) and {formula} "
            f"then substr({text}, 2) else {text} end)"
        )
        if item.name.endswith("_id"):
            # ids written by a spreadsheet as 12346.0 are the id 12346
            return (
                f"(case when {text} like '%.0' then regexp_replace({text}, "
                f"'^(-?[0-9]+)\\.0+$', '\\1') else {text} end)"
            )
        return text
    if item.type in ("DOUBLE", "INTEGER"):
        decimal, thousands = number_separators(plan)
        number = text
        misplaced = "false"
        if thousands:
            number = f"replace({number}, {params.add(thousands)}, '')"
            # a thousands separator counts only between groups of three digits: "1,234.56"
            # in a decimal-comma file, or "12.5" there, is no number rather than 1.23456 or 125
            grouped = rf"[-+]?\d{{1,3}}({re.escape(thousands)}\d{{3}})+({re.escape(decimal)}\d*)?-?"
            misplaced = (
                f"(contains({text}, {params.add(thousands)}) "
                f"and not regexp_full_match({text}, {params.add(grouped)}))"
            )
        if decimal != ".":
            number = f"replace({number}, {params.add(decimal)}, '.')"
        # SAP and other ERPs write negative numbers with a trailing minus: 1.234,50-
        return (
            f"(case when {misplaced} then null "
            f"when {text} like '%-' then -try_cast(rtrim({number}, '-') as DOUBLE) "
            f"else try_cast({number} as DOUBLE) end)"
        )
    if item.type == "BOOLEAN":
        # one "case lower(x) when": neither an IN list (see _any_equal) nor lower(x) per word
        words = " ".join(
            [f"when '{w}' then true" for w in TRUE_WORDS]
            + [f"when '{w}' then false" for w in FALSE_WORDS]
        )
        return f"(case lower({text}) {words} end)"
    formats = dialect.date_format_candidates(item.date_format or "%Y-%m-%d")
    parsed = f"try_strptime({text}, {params.add(formats, 'VARCHAR[]')})"
    return f"cast({parsed} as DATE)" if item.type == "DATE" else parsed


def _any_equal(value: str, choices: list[str]) -> str:
    """SQL: ``value`` equals one of the SQL literals ``choices`` (NULL when ``value`` is).

    Written as ORed comparisons, not ``IN (...)``: DuckDB answers an IN list of constants with
    a join against the list, which at ten million rows costs seconds per use; the comparisons
    cost a fraction of that.
    """
    return "(" + " or ".join(f"{value} = {choice}" for choice in choices) + ")"


def number_separators(plan: Plan) -> tuple[str, str]:
    """(decimal, thousands) of text numbers; only CSV files have their own.

    Spreadsheet and Parquet numbers arrive as numbers (or as text written from them with a
    decimal point), so a German preset's decimal comma must not touch them.
    """
    if plan.source.info.format != "csv":
        return ".", ""
    decimal = plan.reader.decimal or plan.source.info.decimal or "."
    thousands = plan.reader.thousands
    if thousands is None:
        thousands = plan.source.info.thousands or ""
    if thousands == decimal:
        thousands = ""
    return decimal, thousands


def _typed_as_text(column: str, column_type: str) -> str:
    """A typed (Parquet) column as text; whole floats without ".0" so ids stay ids."""
    if column_type.startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        return (
            f"(case when {column} = trunc({column}) and abs({column}) < 1e15 "
            f"then cast(cast({column} as bigint) as varchar) else cast({column} as varchar) end)"
        )
    return f"cast({column} as varchar)"


def _from_typed_column(column: str, column_type: str, item: Resolved) -> str | None:
    """The SQL for a typed (Parquet) column, or None to go through text."""
    numeric = column_type.startswith(NUMERIC_TYPES)
    temporal = column_type.startswith(TEMPORAL_TYPES)
    if item.type == "VARCHAR":
        return _typed_as_text(column, column_type)
    if item.type in ("DOUBLE", "INTEGER") and numeric:
        return f"cast({column} as DOUBLE)"
    if item.type in TEMPORAL_TYPES and temporal:
        return f"cast({column} as {item.type})"
    if item.type == "BOOLEAN" and column_type == "BOOLEAN":
        return column
    if item.type == "BOOLEAN" and numeric:
        return f"({column} <> 0)"
    return None


def _second_layer(item: Resolved) -> str:
    """Final types: whole numbers checked, infinities dropped, derivations computed."""
    name = quote(item.name)
    if item.kind == "derive":
        expression, _ = derive_sql(item.spec.derive)
        value = f"cast({expression} as DOUBLE)"
        if item.type == "INTEGER":
            return f"(case when {value} = trunc({value}) then cast({value} as INTEGER) end)"
        return f"(case when isfinite({value}) then {value} end)"
    if item.kind == "generate":
        # DOMAIN: where an extract has no invoice id, an account's lines of one day are one
        # invoice; the id says which account and day it stands for
        return "(\"account_id\" || '-' || strftime(\"invoice_date\", '%Y%m%d'))"
    if item.type == "INTEGER":
        return (
            f"(case when {name} = trunc({name}) and abs({name}) < 2147483648 "
            f"then cast({name} as INTEGER) end)"
        )
    if item.type == "DOUBLE":
        return f"(case when isfinite({name}) then {name} end)"
    return name


def today() -> dt.date:
    """Today; a function so tests can hold the clock."""
    return dt.date.today()
