"""The benchmark's data behind every page: a function for each page of the navigation, and each
runs on the demo company, computed and through the pages' cache."""

from __future__ import annotations

import pytest

from benchmarks import page_data
from benchmarks.page_data import PAGES, navigation_paths
from kapanalytics.store import connect


@pytest.fixture(scope="module")
def demo(demo_db_template):
    con = connect(demo_db_template, read_only=True)
    yield con, page_data.sidebar(con)
    con.close()


def test_every_page_of_the_navigation_has_its_data_function():
    # a new page in dashboard.py must get its function in benchmarks/page_data.py
    assert list(PAGES) == navigation_paths()


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_data_runs_on_the_demo_company(demo, page):
    con, filters = demo
    assert filters is not None
    PAGES[page](con, filters)


def test_the_pages_data_runs_through_the_pages_cache(demo):
    from benchmarks.run import CachedRunner

    con, filters = demo
    cache, asked = CachedRunner(), []

    class Counting(page_data.Runner):
        def query(self, con, func, *args, **kwargs):
            asked.append(func.__qualname__)
            return cache.query(con, func, *args, **kwargs)

    with page_data.through(Counting()):
        page_data.overview(con, filters)
    assert "overview_kpis" in asked
    # the block restores the direct runner
    assert type(page_data._runner) is page_data.Runner
