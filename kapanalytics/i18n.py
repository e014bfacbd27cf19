"""Every word the user sees, in English and German.

Pages call ``t(key, lang)``; a key missing in either language is a test failure, and a page
that writes a bare string into a widget is too (tests/test_i18n.py). The texts themselves live
in ``kapanalytics/texts/``, one module per area of the app.
"""

from __future__ import annotations

from kapanalytics.texts import AREAS

LANGUAGES = ("en", "de")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}

# key -> (English, German), gathered from one module per area of the app (kapanalytics/texts/).
TEXTS: dict[str, tuple[str, str]] = {}
for _area in AREAS:
    _clash = TEXTS.keys() & _area.TEXTS.keys()
    if _clash:
        raise RuntimeError(f"Texts defined twice ({_area.__name__}): {sorted(_clash)}")
    TEXTS.update(_area.TEXTS)


def t(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` ('en' or 'de'), with ``{placeholders}`` filled."""
    try:
        english, german = TEXTS[key]
    except KeyError:
        raise KeyError(f"No text for '{key}'; add it to a module of kapanalytics/texts/") from None
    text = german if lang == "de" else english
    return text.format(**values) if values else text
