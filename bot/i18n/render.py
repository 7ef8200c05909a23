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
    """`{"text": ..., "buttons": [...]}` for response `name` in `locale`.

    `args["choices"]`, for responses with a `choice` template, is a list of
    `{"payload": str, "args": {...}}`: buttons whose titles are built at run time.
    """
    response = RESPONSES.get(name)
    if response is None:
        raise RenderError(f"no response named {name!r} in bot/i18n/messages.py")
    babel_locale = locales.parse(locale)
    gettext = locales.translations(locales.catalog_for(locale)).gettext

    def fill(template: str, values: dict[str, Any]) -> str:
        text = gettext(template)
        missing = placeholders(text) - values.keys()
        if missing:
            raise RenderError(f"{name} needs {sorted(missing)}")
        return text.format(
            **{
                key: format_arg(values[key], babel_locale, timezone, gettext)
                for key in placeholders(text)
            }
        )

    message: dict[str, Any] = {"text": fill(response.text, args)}
    buttons = [{"title": gettext(b.title), "payload": b.payload} for b in response.buttons]
    if response.choice is not None:
        buttons += [
            {"title": fill(response.choice, c.get("args", {})), "payload": c["payload"]}
            for c in args.get("choices", [])
        ]
    if buttons:
        message["buttons"] = buttons
    return message
