"""The errors kapanalytics raises. Each message says what is wrong and what to do.

Pages show them with ``st.error``; the command line prints them without a traceback.
"""

from __future__ import annotations


class KapError(Exception):
    """Base of every error the library raises on purpose."""


class DatabaseLockedError(KapError):
    """Another process holds the database file for writing."""


class DatabaseCorruptError(KapError):
    """The database file cannot be opened as a kapanalytics database."""


class ConfigurationError(KapError):
    """A setting, mapping or parameter is invalid."""


class ImportRejectedError(KapError):
    """An import was refused; nothing was stored.

    ``report`` (a :class:`kapanalytics.ingest.validate.ValidationReport` or None) holds the
    problems found, with file, row, column, value, reason and fix for each example.
    """

    def __init__(self, message: str, report: object | None = None) -> None:
        super().__init__(message)
        self.report = report


class ImportOutOfMemoryError(KapError):
    """An import needed more memory than its limit allows; nothing of it was stored."""


class AccessDeniedError(KapError):
    """The signed-in user's role may not make this change; nothing was written."""


class EditConflictError(KapError):
    """Someone else saved the same record since it was loaded; nothing was overwritten."""
