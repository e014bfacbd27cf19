"""Mappings: how the columns of one file become the fields of one canonical table.

A mapping is data (a TOML file users write and reuse, a preset shipped with the product, or a
dict the Data page builds). This module parses and checks it; ``convert.py`` turns it into SQL.
Every name a mapping uses is checked here against the canonical schema, so SQL built from a
mapping only ever quotes names that exist.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kapanalytics.errors import ConfigurationError
from kapanalytics.ingest.derive import derive_sql
from kapanalytics.schema import CANONICAL_TABLES, Table

GENERATORS = {
    # field -> generator names allowed for it
    ("transactions", "invoice_id"): ("account_day",),
    ("transactions", "line_no"): ("file_order",),
}
"""Fields a mapping may leave to the importer, and how the importer fills them."""

SPEC_KEYS = {
    "column",
    "constant",
    "derive",
    "generate",
    "format",
    "map",
    "default",
    "starts_with",
    "split",
}
READER_KEYS = {
    "delimiter",
    "encoding",
    "decimal",
    "thousands",
    "date_format",
    "ambiguous_dates",
    "skip_rows",
    "sheet",
    "header",
}
TABLE_KEYS = {
    "fields",
    "reader",
    "create_missing_accounts",
    "account_fields",
    "credit_notes_negative",
}


@dataclass(frozen=True)
class ReaderOptions:
    """How to read the file; None means "detect it".

    delimiter: ";", ",", "\\t", "|" or "whitespace". encoding: a Python codec name.
    decimal / thousands: number separators of text files. date_format: a strptime format used
    for every date field without its own. ambiguous_dates: "dmy" or "mdy", used when no value
    decides between 01/02 as day/month or month/day. skip_rows: lines above the header.
    sheet: spreadsheet sheet name or 0-based index. header: False when the file has none
    (columns are then called column1, column2, ...).
    """

    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    date_format: str | None = None
    ambiguous_dates: str | None = None
    skip_rows: int | None = None
    sheet: str | int | None = None
    header: bool | None = None

    @classmethod
    def from_dict(cls, values: dict[str, Any], where: str = "reader") -> ReaderOptions:
        unknown = set(values) - READER_KEYS
        if unknown:
            raise ConfigurationError(
                f"Unknown reader option(s) {sorted(unknown)} in {where}; "
                f"allowed are {sorted(READER_KEYS)}."
            )
        options = cls(**values)
        options.check(where)
        return options

    def check(self, where: str = "reader") -> None:
        """Raise ConfigurationError for values no reader understands."""
        if self.delimiter is not None and self.delimiter not in (";", ",", "\t", "|", "whitespace"):
            raise ConfigurationError(
                f"delimiter {self.delimiter!r} in {where} is not supported; use one of "
                "';', ',', '\\t', '|' or 'whitespace'."
            )
        if self.decimal is not None and self.decimal not in (",", "."):
            raise ConfigurationError(f"decimal in {where} must be ',' or '.'.")
        if self.thousands is not None and self.thousands not in (",", ".", " ", "'", ""):
            raise ConfigurationError(f"thousands in {where} must be '.', ',', ' ', \"'\" or ''.")
        if self.ambiguous_dates is not None and self.ambiguous_dates not in ("dmy", "mdy"):
            raise ConfigurationError(f"ambiguous_dates in {where} must be 'dmy' or 'mdy'.")
        if self.skip_rows is not None and (
            not isinstance(self.skip_rows, int) or self.skip_rows < 0
        ):
            raise ConfigurationError(f"skip_rows in {where} must be a whole number >= 0.")
        if self.date_format is not None:
            check_date_format(self.date_format, where)

    def merged(self, override: ReaderOptions) -> ReaderOptions:
        """These options with every option ``override`` sets replacing ours."""
        changes = {
            f.name: getattr(override, f.name)
            for f in fields(override)
            if getattr(override, f.name) is not None
        }
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def check_date_format(date_format: str, where: str) -> None:
    if not isinstance(date_format, str) or "%" not in date_format:
        raise ConfigurationError(
            f"date format {date_format!r} in {where} is not a strptime format; write e.g. "
            "'%d.%m.%Y' for 31.12.2024 or '%m/%d/%Y' for 12/31/2024."
        )


@dataclass(frozen=True)
class FieldSpec:
    """Where one canonical field's value comes from.

    columns: source columns, the first one present in the file is used. constant: a fixed value.
    derive: an arithmetic expression over other fields of the table (used when none of
    ``columns`` is present). generate: an importer-made value ("account_day" invoice ids,
    "file_order" line numbers). date_format: strptime format of this field. value_map: source
    value -> stored value, compared without regard to case and surrounding blanks. default:
    the value when the cell is empty (or, with a value map, when the value is not in it).
    starts_with: for yes/no fields, true when the source value starts with one of these.
    split: keep only the text before this separator ("123;456" -> "123").
    """

    columns: tuple[str, ...] = ()
    constant: Any = None
    derive: str | None = None
    generate: str | None = None
    date_format: str | None = None
    value_map: dict[str, Any] | None = None
    default: Any = None
    starts_with: tuple[str, ...] = ()
    split: str | None = None

    @classmethod
    def parse(cls, value: Any, where: str) -> FieldSpec:
        """A spec from its TOML/dict form: "Column", ["Col A", "Col B"] or an inline table."""
        if isinstance(value, FieldSpec):
            return value
        if isinstance(value, str):
            return cls(columns=(value,))
        if isinstance(value, list | tuple):
            return cls(columns=_strings(value, where))
        if not isinstance(value, dict):
            raise ConfigurationError(
                f"{where}: write a column name, a list of column names or an inline table, "
                f"not {value!r}."
            )
        unknown = set(value) - SPEC_KEYS
        if unknown:
            raise ConfigurationError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed are {sorted(SPEC_KEYS)}."
            )
        column = value.get("column", ())
        columns = (column,) if isinstance(column, str) else _strings(column, where)
        starts = value.get("starts_with", ())
        starts_with = (starts,) if isinstance(starts, str) else _strings(starts, where)
        value_map = value.get("map")
        if value_map is not None and not isinstance(value_map, dict):
            raise ConfigurationError(f"{where}: map must be a table of source value = value.")
        spec = cls(
            columns=columns,
            constant=value.get("constant"),
            derive=value.get("derive"),
            generate=value.get("generate"),
            date_format=value.get("format"),
            value_map={str(k): v for k, v in value_map.items()} if value_map else None,
            default=value.get("default"),
            starts_with=starts_with,
            split=value.get("split"),
        )
        if spec.split is not None and (not isinstance(spec.split, str) or not spec.split):
            raise ConfigurationError(f'{where}: split must be a separator such as ";".')
        if not (spec.columns or spec.constant is not None or spec.derive or spec.generate):
            raise ConfigurationError(
                f"{where}: say where the value comes from with column, constant, derive or "
                "generate."
            )
        return spec

    def to_toml_value(self) -> str:
        """The spec in TOML, as short as it can be written."""
        simple = self.constant is None and not (
            self.derive
            or self.generate
            or self.date_format
            or self.value_map
            or self.starts_with
            or self.split
            or self.default is not None
        )
        if simple and len(self.columns) == 1:
            return _toml_scalar(self.columns[0])
        if simple:
            return _toml_scalar(list(self.columns))
        parts = []
        if self.columns:
            column = self.columns[0] if len(self.columns) == 1 else list(self.columns)
            parts.append(f"column = {_toml_scalar(column)}")
        for key, value in (
            ("constant", self.constant),
            ("derive", self.derive),
            ("generate", self.generate),
            ("format", self.date_format),
            ("map", self.value_map),
            ("default", self.default),
            ("split", self.split),
        ):
            if value is not None:
                parts.append(f"{key} = {_toml_scalar(value)}")
        if self.starts_with:
            parts.append(f"starts_with = {_toml_scalar(list(self.starts_with))}")
        return "{ " + ", ".join(parts) + " }"


@dataclass
class Mapping:
    """One file onto one canonical table: a spec per field, reader options, table options.

    ``create_missing_accounts``: accounts named by the file's rows but not yet stored are
    created, with the fields of ``account_fields`` taken from each account's first row.
    ``credit_notes_negative``: on lines marked as credit notes, positive quantities and amounts
    are stored negative (ERP exports such as SAP's keep them positive and tell credit notes by
    the document type).
    """

    table: str
    fields: dict[str, FieldSpec]
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    name: str = "custom mapping"
    create_missing_accounts: bool = False
    account_fields: dict[str, FieldSpec] = field(default_factory=dict)
    credit_notes_negative: bool = False

    def __post_init__(self) -> None:
        self.check()

    @property
    def schema(self) -> Table:
        return CANONICAL_TABLES[self.table]

    @classmethod
    def from_dict(
        cls,
        table: str,
        fields: dict[str, Any],
        *,
        name: str = "custom mapping",
        create_missing_accounts: bool = False,
        account_fields: dict[str, Any] | None = None,
        credit_notes_negative: bool = False,
        reader: ReaderOptions | dict[str, Any] | None = None,
        **reader_options: Any,
    ) -> Mapping:
        """A mapping from ``{field: source column or spec}`` and reader options.

        Reader options come as ``reader`` (e.g. ``SourceInfo.reader_options()``, what
        ``read_preview`` detected) and as keywords, the keywords winning. Fields mapped to
        None or "" are left out.

        >>> m = Mapping.from_dict("products", {"product_id": "SKU", "name": "Title"}, delimiter=";")
        >>> m.fields["product_id"].columns
        ('SKU',)
        """
        where = f"mapping for {table}"
        base = (
            reader
            if isinstance(reader, ReaderOptions)
            else ReaderOptions.from_dict(reader or {}, where)
        )
        return cls(
            table=table,
            fields={
                k: FieldSpec.parse(v, f"{where}, field {k}")
                for k, v in fields.items()
                if v is not None and v != ""
            },
            reader=base.merged(ReaderOptions.from_dict(reader_options, where)),
            name=name,
            create_missing_accounts=create_missing_accounts,
            account_fields={
                k: FieldSpec.parse(v, f"{where}, account field {k}")
                for k, v in (account_fields or {}).items()
            },
            credit_notes_negative=credit_notes_negative,
        )

    @classmethod
    def from_table_dict(
        cls, table: str, body: dict[str, Any], reader: ReaderOptions, name: str, where: str
    ) -> Mapping:
        """A mapping from one ``[tables.<table>]`` section of a mapping file."""
        unknown = set(body) - TABLE_KEYS
        if unknown:
            raise ConfigurationError(
                f"{where}: unknown key(s) {sorted(unknown)} in [tables.{table}]; allowed are "
                f"{sorted(TABLE_KEYS)}."
            )
        if not isinstance(body.get("fields"), dict):
            raise ConfigurationError(f"{where}: [tables.{table}.fields] is missing.")
        table_reader = ReaderOptions.from_dict(body.get("reader", {}), f"{where}, {table}")
        return cls(
            table=table,
            fields={
                k: FieldSpec.parse(v, f"{where}, {table}.{k}") for k, v in body["fields"].items()
            },
            reader=reader.merged(table_reader),
            name=name,
            create_missing_accounts=bool(body.get("create_missing_accounts", False)),
            account_fields={
                k: FieldSpec.parse(v, f"{where}, {table} account field {k}")
                for k, v in body.get("account_fields", {}).items()
            },
            credit_notes_negative=bool(body.get("credit_notes_negative", False)),
        )

    @classmethod
    def from_toml(cls, path: str | Path, table: str | None = None) -> Mapping:
        """The mapping for ``table`` in a mapping file (the only one when it holds one)."""
        from kapanalytics.ingest.presets import load_mapping_file

        preset = load_mapping_file(path)
        return preset.mapping_for(table)

    @classmethod
    def suggest(cls, table: str, columns: list[str]) -> Mapping:
        """A first guess for a file with these ``columns``, from the presets' column names.

        Each field takes the spec of the first preset that maps it from one of the columns
        (with its value map and date format); fields left open stay out, for the user to map.
        """
        from kapanalytics.ingest.presets import suggest_fields

        return cls(table=table, fields=suggest_fields(table, columns), name="suggested mapping")

    def check(self) -> None:
        """Raise ConfigurationError when a name is not in the schema or a spec is unusable.

        Completeness is checked at import time (see :meth:`missing_fields`), so the Data page
        can hold a mapping the user is still filling in.
        """
        if self.table not in CANONICAL_TABLES:
            raise ConfigurationError(
                f"{self.name}: there is no table {self.table!r}; the tables are "
                f"{', '.join(CANONICAL_TABLES)}."
            )
        schema = self.schema
        unknown = [f for f in self.fields if f not in schema.field_names]
        if unknown:
            raise ConfigurationError(
                f"{self.name}: {self.table} has no field(s) {', '.join(unknown)}; its fields are "
                f"{', '.join(schema.field_names)}."
            )
        for name, spec in self.fields.items():
            self._check_spec(name, spec)
        if self.create_missing_accounts and "account_id" not in schema.references:
            raise ConfigurationError(
                f"{self.name}: create_missing_accounts needs a table with account_id; "
                f"{self.table} has none."
            )
        if self.credit_notes_negative and self.table != "transactions":
            raise ConfigurationError(f"{self.name}: credit_notes_negative is for transactions.")
        accounts = CANONICAL_TABLES["accounts"]
        for name, spec in self.account_fields.items():
            if name not in accounts.field_names or name == "account_id":
                raise ConfigurationError(
                    f"{self.name}: account_fields may name accounts fields other than "
                    f"account_id; {name!r} is not one."
                )
            if spec.derive or spec.generate:
                raise ConfigurationError(
                    f"{self.name}: account field {name} takes a column or a constant."
                )

    def source_column(self, field_name: str) -> str | None:
        """The (first) source column the field is read from, or None."""
        spec = self.fields.get(field_name)
        return spec.columns[0] if spec is not None and spec.columns else None

    def missing_fields(self) -> list[str]:
        """Required and key fields the mapping gives no source (importer-made ones aside)."""
        schema = self.schema
        missing = []
        for name in [*schema.required_fields, *schema.key]:
            generated = (self.table, name) in GENERATORS
            if name not in self.fields and not generated and name not in missing:
                missing.append(name)
        return missing

    def _check_spec(self, name: str, spec: FieldSpec) -> None:
        where = f"{self.name}, {self.table}.{name}"
        field_type = self.schema.field(name).type
        if spec.generate is not None:
            allowed = GENERATORS.get((self.table, name), ())
            if spec.generate not in allowed:
                raise ConfigurationError(
                    f"{where}: generate = {spec.generate!r} is not available here"
                    + (f"; use {', '.join(allowed)}." if allowed else ".")
                )
        if spec.derive is not None:
            _, used = derive_sql(spec.derive, where)
            for used_name in used:
                used_spec = self.fields.get(used_name)
                if used_spec is None or (used_spec.derive and not used_spec.columns):
                    raise ConfigurationError(
                        f"{where}: derive uses {used_name}, which the mapping takes from no "
                        "column or constant."
                    )
                if self.schema.field(used_name).type not in ("DOUBLE", "INTEGER"):
                    raise ConfigurationError(f"{where}: derive uses {used_name}, not a number.")
        if spec.date_format is not None:
            if field_type not in ("DATE", "TIMESTAMP"):
                raise ConfigurationError(f"{where}: format is for date fields only.")
            check_date_format(spec.date_format, where)
        if spec.starts_with and field_type != "BOOLEAN":
            raise ConfigurationError(f"{where}: starts_with is for yes/no fields only.")

    def source_columns(self) -> list[str]:
        """Every source column the mapping may use, in field order."""
        names = []
        for spec in [*self.fields.values(), *self.account_fields.values()]:
            names.extend(c for c in spec.columns if c not in names)
        return names

    def to_toml(self) -> str:
        """This mapping as a mapping file users can keep and pass to ``--mapping``."""
        lines = [f"name = {_toml_scalar(self.name)}", ""]
        reader = self.reader.as_dict()
        if reader:
            lines.append("[reader]")
            lines.extend(f"{k} = {_toml_scalar(v)}" for k, v in reader.items())
            lines.append("")
        lines.append(f"[tables.{self.table}]")
        if self.create_missing_accounts:
            lines.append("create_missing_accounts = true")
        if self.credit_notes_negative:
            lines.append("credit_notes_negative = true")
        lines.append("")
        lines.append(f"[tables.{self.table}.fields]")
        lines.extend(f"{k} = {spec.to_toml_value()}" for k, spec in self.fields.items())
        if self.account_fields:
            lines.append("")
            lines.append(f"[tables.{self.table}.account_fields]")
            lines.extend(f"{k} = {s.to_toml_value()}" for k, s in self.account_fields.items())
        return "\n".join(lines) + "\n"


def parse_toml_text(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{where} is not valid TOML: {exc}.") from exc


def _strings(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ConfigurationError(f"{where}: expected a list of column names, got {values!r}.")
    return tuple(values)


def _toml_scalar(value: Any) -> str:
    """One TOML value: string, number, boolean, list or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f"{_toml_scalar(k)} = {_toml_scalar(v)}" for k, v in value.items())
            + " }"
        )
    raise ConfigurationError(f"{value!r} cannot be written to a mapping file.")


def normalize_column(name: str) -> str:
    """A header compared without regard to case, and with blanks, underscores and hyphens alike,
    so "Account ID", "account_id" and "Account-Id" name the same column."""
    return " ".join(re.sub(r"[_\-]", " ", str(name)).split()).casefold()


def find_column(candidates: tuple[str, ...] | list[str], columns: list[str]) -> str | None:
    """The file column for the first candidate present, matched exactly, then loosely.

    Loose matching ignores case and blanks, since the same export tool writes "Account ID"
    in one version and "Account Id " in another.
    """
    for candidate in candidates:
        if candidate in columns:
            return candidate
    loose = {normalize_column(c): c for c in columns}
    for candidate in candidates:
        found = loose.get(normalize_column(candidate))
        if found is not None:
            return found
    return None
