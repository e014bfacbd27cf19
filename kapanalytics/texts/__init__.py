"""The app's words, one module per area; ``kapanalytics.i18n`` joins them.

Each module holds ``TEXTS: dict[key, (English, German)]``. Keys start with the area's prefix
(``selection.``, ``controlling.`` ...) so two areas never define the same key.
"""

from kapanalytics.texts import access, accounts, controlling, core, retention, selection

AREAS = [core, controlling, retention, accounts, selection, access]
