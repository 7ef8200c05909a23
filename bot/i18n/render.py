"""Renders a response in a locale: translated text, formatted arguments (pure)."""

from __future__ import annotations

import string
from typing import Any

from bot.i18n import locales
from bot.i18n.args import format_arg
from bot.i18n.messages import RESPONSES


class RenderError(LookupError):
    """A response name with no catalog entry, or an argument the text needs is missing."""


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def render(
    name: str, locale: str | None, args: dict[str, Any], timezone: str | None = None
) -> dict[str, Any]:
    """`{"text": ..., "buttons": [...]}` for response `name` in `locale`."""
    response = RESPONSES.get(name)
    if response is None:
        raise RenderError(f"no response named {name!r} in bot/i18n/messages.py")
    babel_locale = locales.parse(locale)
    gettext = locales.translations(locales.catalog_for(locale)).gettext
    text = gettext(response.text)
    needed = placeholders(text)
    missing = needed - args.keys()
    if missing:
        raise RenderError(f"{name} needs {sorted(missing)}")
    values = {key: format_arg(args[key], babel_locale, timezone) for key in needed}
    message: dict[str, Any] = {"text": text.format(**values)}
    if response.buttons:
        message["buttons"] = [
            {"title": gettext(b.title), "payload": b.payload} for b in response.buttons
        ]
    return message
