"""Importing CRM and ERP extracts: read, map, validate and load them atomically.

>>> from kapanalytics.ingest import import_file
>>> result = import_file(con, "orders.csv", preset="generic_de")  # doctest: +SKIP
>>> result.rows_loaded  # doctest: +SKIP
1200

See docs/import.md for formats, mapping files, presets and validation rules.
"""

from __future__ import annotations

from kapanalytics.ingest.load import ImportResult, import_file, import_history, quarantine_rows
from kapanalytics.ingest.mapping import FieldSpec, Mapping, ReaderOptions
from kapanalytics.ingest.presets import (
    Preset,
    PresetInfo,
    list_presets,
    load_preset,
    suggest_preset,
)
from kapanalytics.ingest.readers import SourceInfo, read_preview, sheet_names
from kapanalytics.ingest.validate import ValidationReport, validate_file

__all__ = [
    "FieldSpec",
    "ImportResult",
    "Mapping",
    "Preset",
    "PresetInfo",
    "ReaderOptions",
    "SourceInfo",
    "ValidationReport",
    "import_file",
    "import_history",
    "list_presets",
    "load_preset",
    "quarantine_rows",
    "read_preview",
    "sheet_names",
    "suggest_preset",
    "validate_file",
]
