"""Presets: mapping files shipped with the product, and choosing a file's target table.

A preset and a user's mapping file have one format (see docs/import.md): a name, a description,
reader options, and a ``[tables.<table>]`` section per canonical table it can load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kapanalytics.errors import ConfigurationError
from kapanalytics.ingest.mapping import (
    FieldSpec,
    Mapping,
    ReaderOptions,
    find_column,
    parse_toml_text,
)
from kapanalytics.ingest.readers import column_list
from kapanalytics.schema import CANONICAL_TABLES

PRESET_DIR = Path(__file__).resolve().parent / "presets"
FILE_KEYS = {"name", "description", "reader", "tables"}


@dataclass(frozen=True)
class PresetInfo:
    """What the preset list shows: name, description, the tables it maps."""

    name: str
    description: str
    tables: list[str]


@dataclass
class Preset:
    """A set of mappings, one per canonical table, that share reader options."""

    name: str
    description: str
    mappings: dict[str, Mapping]
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    source: str = ""
    """How the import log names it: the preset name, or the mapping file's name."""

    @property
    def tables(self) -> list[str]:
        return list(self.mappings)

    def info(self) -> PresetInfo:
        return PresetInfo(self.name, self.description, self.tables)

    def mapping_for(self, table: str | None) -> Mapping:
        """The mapping of ``table``; with None, the only one (else ConfigurationError)."""
        if table is None:
            if len(self.mappings) == 1:
                return next(iter(self.mappings.values()))
            raise ConfigurationError(
                f"{self.source or self.name} maps several tables ({', '.join(self.tables)}); "
                "say which one to load."
            )
        if table not in self.mappings:
            raise ConfigurationError(
                f"{self.source or self.name} has no mapping for {table!r}; it maps "
                f"{', '.join(self.tables)}."
            )
        return self.mappings[table]


def parse_mapping_file(text: str, where: str, source: str) -> Preset:
    """A :class:`Preset` from the text of a mapping file; ``where`` names it in errors."""
    data = parse_toml_text(text, where)
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise ConfigurationError(
            f"{where}: unknown key(s) {sorted(unknown)}; a mapping file has "
            f"{sorted(FILE_KEYS)} at the top."
        )
    tables = data.get("tables")
    if not isinstance(tables, dict) or not tables:
        raise ConfigurationError(
            f"{where} maps no table; add a [tables.<table>.fields] section, e.g. "
            '[tables.accounts.fields] with account_id = "Customer ID".'
        )
    name = str(data.get("name", source))
    reader = ReaderOptions.from_dict(data.get("reader", {}), where)
    mappings = {}
    for table, body in tables.items():
        if table not in CANONICAL_TABLES:
            raise ConfigurationError(
                f"{where}: there is no table {table!r}; the tables are "
                f"{', '.join(CANONICAL_TABLES)}."
            )
        mappings[table] = Mapping.from_table_dict(table, body, reader, source, where)
    return Preset(name, str(data.get("description", "")), mappings, reader, source)


def load_mapping_file(path: str | Path) -> Preset:
    """A user's mapping file (same format as a preset)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"The mapping file {path} cannot be read: {exc}.") from exc
    return parse_mapping_file(text, f"mapping file {path.name}", f"mapping {path.name}")


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.toml"))


def load_preset(name: str) -> Preset:
    """The shipped preset ``name`` (see :func:`list_presets`)."""
    if not re.fullmatch(r"[a-z0-9_]+", name or "") or name not in preset_names():
        raise ConfigurationError(
            f"There is no preset {name!r}; the presets are {', '.join(preset_names())}."
        )
    path = PRESET_DIR / f"{name}.toml"
    return parse_mapping_file(path.read_text(encoding="utf-8"), f"preset {name}", name)


def list_presets() -> list[PresetInfo]:
    """Every shipped preset, by name."""
    return [load_preset(name).info() for name in preset_names()]


def required_columns_present(mapping: Mapping, columns: list[str]) -> list[str]:
    """The required fields whose source column is missing from ``columns`` (empty: it fits).

    A required field with a constant, a derivation, a generator or a default needs no column.
    """
    missing = []
    for name in mapping.schema.required_fields:
        spec = mapping.fields.get(name)
        if spec is None or not spec.columns:
            continue
        if spec.derive or spec.constant is not None or spec.default is not None:
            continue
        if find_column(spec.columns, columns) is None:
            missing.append(name)
    return missing


def columns_used(mapping: Mapping, columns: list[str]) -> list[str]:
    """The file's columns that the mapping would read."""
    used = []
    for spec in [*mapping.fields.values(), *mapping.account_fields.values()]:
        found = find_column(spec.columns, columns)
        if found is not None and found not in used:
            used.append(found)
    return used


def detect_table(preset: Preset, columns: list[str]) -> Mapping:
    """The mapping of ``preset`` that fits a file with these ``columns``.

    Fitting means every required field finds its column; among fitting mappings the one that
    reads most of the file's columns wins (an invoice file also holds a customer number, but
    the transactions mapping uses more of its columns than the accounts mapping). No fit or a
    tie raises ConfigurationError listing the candidates and the columns found.
    """
    fitting = [
        (len(columns_used(m, columns)), m)
        for m in preset.mappings.values()
        if not required_columns_present(m, columns)
    ]
    found = column_list(columns)
    if not fitting:
        raise ConfigurationError(
            f"No table of {preset.source or preset.name} fits this file: each mapping misses a "
            f"required column. Columns found: {found}. Candidates: "
            + "; ".join(
                f"{t} needs {', '.join(_required_sources(m))}" for t, m in preset.mappings.items()
            )
            + ". Choose the table and a mapping that names the file's columns."
        )
    best = max(score for score, _ in fitting)
    winners = [m for score, m in fitting if score == best]
    if len(winners) > 1:
        raise ConfigurationError(
            f"This file fits several tables of {preset.source or preset.name} equally well: "
            f"{', '.join(m.table for m in winners)}. Columns found: {found}. Say which table "
            "to load."
        )
    return winners[0]


def _required_sources(mapping: Mapping) -> list[str]:
    names = []
    for name in mapping.schema.required_fields:
        spec = mapping.fields.get(name)
        if spec is not None and spec.columns and spec.constant is None and not spec.derive:
            names.append(spec.columns[0])
    return names


def suggest_fields(table: str, columns: list[str]) -> dict[str, FieldSpec]:
    """Field specs guessed for ``columns`` from every preset's mapping of ``table``.

    The field's own name matches too ("account_id" or "Account Id" for account_id). Specs are
    copied with their value maps and formats, so a "Stage" column brings its stage -> status
    map along; constants are not copied (they describe another company's data).
    """
    if table not in CANONICAL_TABLES:
        raise ConfigurationError(
            f"There is no table {table!r}; the tables are {', '.join(CANONICAL_TABLES)}."
        )
    suggested: dict[str, FieldSpec] = {}
    taken: set[str] = set()
    for field_name in CANONICAL_TABLES[table].field_names:
        own = find_column((field_name, field_name.replace("_", " ")), columns)
        if own is not None and own not in taken:
            suggested[field_name] = FieldSpec(columns=(own,))
            taken.add(own)
    for preset_name in preset_names():
        mapping = load_preset(preset_name).mappings.get(table)
        if mapping is None:
            continue
        for field_name, spec in mapping.fields.items():
            if field_name in suggested or not spec.columns:
                continue
            found = find_column(spec.columns, columns)
            # a column feeds one field, except through a value map (status from the stage)
            if found is None or (found in taken and not spec.value_map):
                continue
            suggested[field_name] = FieldSpec(
                columns=(found,),
                date_format=spec.date_format,
                value_map=spec.value_map,
                default=spec.default,
                starts_with=spec.starts_with,
            )
            taken.add(found)
    amount_parts = "quantity" in suggested and "unit_price" in suggested
    if table == "transactions" and "net_amount" not in suggested and amount_parts:
        suggested["net_amount"] = FieldSpec(derive="quantity * unit_price")
    return suggested


def suggest_preset(columns: list[str]) -> str | None:
    """The shipped preset that fits a file with these ``columns`` best, or None.

    A preset fits when one of its mappings finds every required column; among fitting presets
    the one whose mapping reads most of the file's columns wins, ties going to the first name.
    The Data page preselects it; the user can always choose another.
    """
    best_name, best_score = None, 0
    for name in preset_names():
        for mapping in load_preset(name).mappings.values():
            if required_columns_present(mapping, columns):
                continue
            score = len(columns_used(mapping, columns))
            if score > best_score:
                best_name, best_score = name, score
    return best_name
