"""docs/reliability.md states the figures the tests use, and every role and right it names."""

from __future__ import annotations

import re

from kapanalytics import access
from kapanalytics.store import PROJECT_ROOT
from tests import test_bad_input, test_concurrency, test_crash_recovery

DOC = (PROJECT_ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_figures_are_the_tests_own():
    files = len(test_bad_input.CASES)
    assert f"{files} files tried" in DOC
    for suffix in ("CSV", "Excel", "Parquet"):
        ending = {"CSV": ".csv", "Excel": ".xlsx", "Parquet": ".parquet"}[suffix]
        count = sum(c["file"].endswith(ending) for c in test_bad_input.CASES)
        assert f"{count} {suffix}" in DOC
    assert f"{test_crash_recovery.TRIALS} trials survived" in DOC
    assert f"{test_crash_recovery.LINES:,} lines" in DOC
    assert f"{test_concurrency.READERS} sessions read" in DOC


def test_every_role_and_every_kind_of_change_is_documented():
    for role in access.ROLES:
        assert f"| `{role}` |" in DOC
    for what in access.WRITES:
        words = access.WHAT_WORDS[what].split(" (")[0]
        assert what in DOC or words in DOC, what


def test_the_readme_says_how_to_turn_sign_in_on():
    assert "kap user add" in README
    assert "kap hash-password" in README
    assert re.search(r"\[docs/reliability\.md\]", README)
