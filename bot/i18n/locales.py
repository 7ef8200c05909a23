"""Which catalog serves which debtor locale (pure)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SOURCE = "en"
SUPPORTED = ("en", "zh_Hans")
DEFAULT_LOCALE = "en_US"


def parse(locale: str | None) -> Locale:
    """A Babel locale for a debtor locale string, falling back to the default."""
    try:
        return Locale.parse(locale or DEFAULT_LOCALE)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LOCALE)


def catalog_for(locale: str | None) -> str:
    """The supported catalog for a locale: en_GB → en, zh_Hans_CN / zh_CN → zh_Hans."""
    parsed = parse(locale)
    if parsed.language == "zh":
        return "zh_Hans"
    return SOURCE


@cache
def translations(catalog: str) -> NullTranslations:
    if catalog == SOURCE:
        return NullTranslations()  # msgids are the English text
    loaded = Translations.load(str(LOCALES_DIR), [catalog], domain="messages")
    if not isinstance(loaded, Translations):
        raise FileNotFoundError(
            f"no compiled catalog for {catalog} in {LOCALES_DIR}: run `make catalogs`"
        )
    return loaded


_DEFAULT_FOR = {"en": "en_US", "zh": "zh_Hans_CN"}


def follow_language(current: str, home: str, text: str) -> str:
    """The conversation's locale after this message: the debtor's language leads.

    An explicit request ("English please", "说中文") or a message plainly written in the
    other language switches; neutral messages ("ok", "500") keep the current one. When
    switching back to the debtor's own language, their own locale (en_GB, say) returns.
    """
    from bot.parsing import detect_language, requested_language

    wanted = requested_language(text) or detect_language(text)
    if wanted is None or parse(current).language == wanted:
        return current
    return home if parse(home).language == wanted else _DEFAULT_FOR[wanted]
