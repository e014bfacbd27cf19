"""docs/import.md documents every mapping key, reader option, preset column and rule."""

from __future__ import annotations

import re

import pytest

from kapanalytics.ingest import list_presets, load_preset
from kapanalytics.ingest.mapping import READER_KEYS, SPEC_KEYS, TABLE_KEYS
from kapanalytics.ingest.presets import FILE_KEYS, parse_mapping_file
from kapanalytics.store import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "import.md").read_text(encoding="utf-8")
RULES = [
    "required",
    "type",
    "duplicate_key",
    "unknown_reference",
    "implausible_date",
    "negative_quantity",
    "too_long",
    "currency",
]


@pytest.mark.parametrize("key", sorted(READER_KEYS | SPEC_KEYS | TABLE_KEYS | FILE_KEYS))
def test_every_mapping_key_is_documented(key):
    assert f"`{key}`" in DOC, f"docs/import.md does not explain the mapping key {key}"


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_is_documented(rule):
    assert f"| `{rule}` |" in DOC


@pytest.mark.parametrize("name", [p.name for p in list_presets()])
def test_every_preset_and_its_columns_are_documented(name):
    heading = f"### `{name}`"
    assert heading in DOC
    section = DOC.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    for table, mapping in load_preset(name).mappings.items():
        assert f"**{table}**" in section
        for spec in [*mapping.fields.values(), *mapping.account_fields.values()]:
            for column in spec.columns:
                assert f"`{column.replace('|', chr(92) + '|')}`" in section, (name, column)


def test_the_example_mapping_file_is_valid():
    example = re.search(r"```toml\n(.*?)```", DOC, re.S).group(1)
    preset = parse_mapping_file(example, "docs example", "example")
    mapping = preset.mapping_for("transactions")
    assert mapping.create_missing_accounts
    assert mapping.missing_fields() == []
