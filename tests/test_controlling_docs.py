"""The controlling pages' metrics are documented where they are shown, in step with the code."""

from __future__ import annotations

import importlib
import re
from dataclasses import asdict

import pytest

from kapanalytics.controlling_metrics import CONTROLLING_METRICS
from kapanalytics.criteria import catalogue_entries
from kapanalytics.metrics_catalog import _DEFINITIONS
from kapanalytics.profitability import CostRates
from tests.test_docs import METRICS_DOC, documented_keys, page_section

CONTROLLING_SECTIONS = (
    "ABC analysis",
    "Share of wallet and white space",
    "Profitability and cost to serve",
    "Budget vs actual",
)
CODE_REFERENCE = re.compile(
    r"`(abc|potential|profitability|budget|controlling_exports)\.([A-Za-z_][A-Za-z0-9_]*)"
)


@pytest.fixture(scope="module")
def doc() -> str:
    return METRICS_DOC.read_text(encoding="utf-8")


def test_controlling_metrics_are_documented_in_the_controlling_sections(doc):
    documented = {
        key for page in CONTROLLING_SECTIONS for key in documented_keys(page_section(doc, page))
    }
    assert documented == set(CONTROLLING_METRICS)


def test_controlling_keys_do_not_overwrite_other_metrics():
    clashes = set(CONTROLLING_METRICS) & (set(_DEFINITIONS) | set(catalogue_entries()))
    assert not clashes, f"these keys are defined elsewhere already: {clashes}"


def test_code_named_in_the_controlling_docs_exists(doc):
    references = set(CODE_REFERENCE.findall(doc))
    assert len(references) > 20
    for module_name, attribute in sorted(references):
        module = importlib.import_module(f"kapanalytics.{module_name}")
        assert hasattr(module, attribute), f"docs name {module_name}.{attribute}, which is gone"


def test_the_documented_default_rates_are_the_codes(doc):
    section = page_section(doc, "Profitability and cost to serve")
    stated = dict(
        re.findall(
            r"(visit|meeting|event|call|email|complaint|service case|invoice)"
            r" (\d+)",
            section,
        )
    )
    defaults = {
        ("service case" if k == "service" else k): v for k, v in asdict(CostRates()).items()
    }
    assert {k: float(v) for k, v in stated.items()} == defaults
