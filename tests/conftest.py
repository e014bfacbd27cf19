"""Shared fixtures: a fresh database per test, and the real data sets beside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kapanalytics.store import PROJECT_ROOT, connect

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture
def con():
    """A fresh in-memory kapanalytics database with the schema created."""
    connection = connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file of the test's own."""
    return tmp_path / "kap.duckdb"


def shared_data_file(*parts: str) -> Path:
    """A file of ../shared/data; skips the test outside CI when the folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI must run with shared/ beside the project.")
        pytest.skip(f"{path} is not here (the shared data folder sits beside the project)")
    return path
