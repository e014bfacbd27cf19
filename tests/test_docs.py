"""docs/metrics.md and the metric catalogue describe the same metrics, and the docs name only
code that exists."""

from __future__ import annotations

import importlib
import re

import pytest

from kapanalytics import facts
from kapanalytics.metrics_catalog import FIELDS, UNITS, metric_definitions
from kapanalytics.store import PROJECT_ROOT

METRICS_DOC = PROJECT_ROOT / "docs" / "metrics.md"
# a metric's section: "### Any title (`key`)"
SECTION = re.compile(r"^###\s.*`([a-z0-9_]+)`", re.MULTILINE)
DOCUMENTED_MODULES = (
    "facts|staging|keyaccounts|filters|criteria|scoring|stability|selection_configs|portfolio"
    "|ratings|selection_view|abc"
    "|churn|retention|survival|lost|opportunities|winback|risk|risk_backtest"
    "|account360|touchpoints|powermap|orgchart|divisions|plans|plan_review|plan_export|plan_pptx"
)
CODE_REFERENCE = re.compile(rf"`({DOCUMENTED_MODULES})\.([A-Za-z_][A-Za-z0-9_]*)")


@pytest.fixture(scope="module")
def doc() -> str:
    return METRICS_DOC.read_text(encoding="utf-8")


def documented_keys(text: str) -> list[str]:
    return SECTION.findall(text)


def page_section(text: str, page: str) -> str:
    match = re.search(rf"^## {page}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"docs/metrics.md has no '## {page}' section"
    return match.group(1)


def test_every_catalogued_metric_has_a_section(doc):
    missing = set(metric_definitions()) - set(documented_keys(doc))
    assert not missing, f"add a '### ... (`key`)' section to docs/metrics.md for {missing}"


def test_every_documented_metric_is_catalogued(doc):
    extra = set(documented_keys(doc)) - set(metric_definitions())
    assert not extra, f"add {extra} to kapanalytics/metrics_catalog.py"


def test_no_metric_is_documented_twice(doc):
    keys = documented_keys(doc)
    assert len(keys) == len(set(keys))


def test_overview_kpis_are_documented_on_the_overview_in_order(doc):
    assert documented_keys(page_section(doc, "Overview")) == list(facts.OVERVIEW_KPIS)


@pytest.mark.parametrize("key", sorted(metric_definitions()))
def test_catalogue_entry_is_complete(key):
    entry = metric_definitions()[key]
    assert set(entry) == set(FIELDS)
    assert all(entry[name].strip() for name in FIELDS)
    assert entry["unit"] in UNITS
    assert entry["help_en"] != entry["help_de"], "the German help is still the English one"


def test_changing_the_returned_catalogue_does_not_change_the_next(doc):
    metric_definitions()["revenue"]["label_en"] = "changed"
    assert metric_definitions()["revenue"]["label_en"] == "Revenue"


def test_code_named_in_the_docs_exists(doc):
    references = set(CODE_REFERENCE.findall(doc))
    assert references, "the docs name the functions that compute each number"
    for module_name, attribute in sorted(references):
        module = importlib.import_module(f"kapanalytics.{module_name}")
        assert hasattr(module, attribute), f"docs name {module_name}.{attribute}, which is gone"


def test_every_dimension_is_documented(doc):
    section = page_section(doc, "Overview")
    for dimension in facts.DIMENSIONS:
        assert f"`{dimension}`" in section
