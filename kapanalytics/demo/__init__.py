"""A seeded, deterministic demo company: a German B2B supplier of industrial components.

>>> from kapanalytics.store import connect
>>> from kapanalytics.demo import build_demo
>>> build_demo(connect(":memory:"), accounts=200).row_counts["accounts"]
200

``build_demo(con)`` replaces the database's data with the company: about 2,000 accounts in
DACH and the rest of Europe (groups with divisions abroad, prospects, lost and won-back
customers), five years of invoice lines with cost of goods and credit notes, contacts with
their power map, touchpoints, opportunities, ratings, key-account decisions and budgets.
The same seed gives the same company; nothing is dated after ``end_date``.

``write_samples(directory)`` writes small extracts of new customers to try the importer with;
see :mod:`kapanalytics.demo.samples` for the files and the preset each one needs.

The parts: :mod:`~kapanalytics.demo.portfolio` (accounts and the story of each
relationship), :mod:`~kapanalytics.demo.invoices` (products, invoices, lines),
:mod:`~kapanalytics.demo.crm` (contacts, touchpoints, opportunities, ratings),
:mod:`~kapanalytics.demo.planning` (key-account decisions, budgets),
:mod:`~kapanalytics.demo.build` (loading it all in one transaction).
"""

from kapanalytics.demo.build import DemoSummary, build_demo
from kapanalytics.demo.samples import write_samples

__all__ = ["DemoSummary", "build_demo", "write_samples"]
