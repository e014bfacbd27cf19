"""Every word the user sees exists in English and German, and pages write no bare strings."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kapanalytics.i18n import LANGUAGES, TEXTS, t
from kapanalytics.store import PROJECT_ROOT

UI_FILES = [PROJECT_ROOT / "dashboard.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_both_languages_with_the_same_placeholders(key):
    english, german = TEXTS[key]
    assert english.strip(), f"{key} has no English text"
    assert german.strip(), f"{key} has no German text"
    assert _placeholders(english) == _placeholders(german), key


def test_t_fills_placeholders_in_the_chosen_language():
    assert t("sidebar.database", "en", path="x.duckdb") == "Database: x.duckdb"
    assert t("sidebar.database", "de", path="x.duckdb") == "Datenbank: x.duckdb"


def test_unknown_key_names_the_file_to_add_it_to():
    with pytest.raises(KeyError, match="kapanalytics/texts/"):
        t("no.such.key", "en")


def test_languages_are_english_and_german():
    assert LANGUAGES == ("en", "de")


def _literal_keys(source: str) -> set[str]:
    return set(re.findall(r"""\bT\(\s*["']([a-z0-9_.]+)["']""", source))


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_pages_only_use_keys_that_exist(path: Path):
    missing = _literal_keys(path.read_text()) - set(TEXTS)
    assert not missing, f"{path.name} uses texts that i18n.py lacks: {sorted(missing)}"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_pages_pass_no_bare_string_to_a_streamlit_element(path: Path):
    """The first argument of st.title(...), st.button(...) etc. is never a string literal."""
    tree = ast.parse(path.read_text())
    bare = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        if not isinstance(func, ast.Attribute):
            continue
        owner = func.value
        is_streamlit = isinstance(owner, ast.Name) and owner.id == "st"
        is_streamlit = is_streamlit or isinstance(owner, ast.Attribute) and owner.attr == "sidebar"
        first = node.args[0]
        if is_streamlit and isinstance(first, ast.Constant) and isinstance(first.value, str):
            if func.attr in {"Page", "set_page_config"}:
                continue  # a file path and the browser tab's product name
            bare.append(f"line {node.lineno}: st.{func.attr}({first.value!r})")
    assert not bare, f"{path.name} writes bare strings: {bare}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_column_labels_are_unique_so_tables_can_show_them(lang):
    labels = [t(key, lang) for key in TEXTS if key.startswith("col.")]
    duplicates = {label for label in labels if labels.count(label) > 1}
    assert not duplicates, f"column labels used twice in {lang}: {duplicates}"
