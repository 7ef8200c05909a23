"""Crisis lines per market, from crisis_resources.yml (pure after the first read)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from bot.i18n import locales

DEFAULT_PATH = Path(__file__).with_name("crisis_resources.yml")


class ResourcesError(ValueError):
    """The resources file is malformed: refuse to start rather than give a wrong number."""


@dataclass(frozen=True)
class CrisisLine:
    names: Mapping[str, str]  # catalog (en, zh_Hans) → name
    phone: str
    text: bool
    always_open: bool

    def name(self, catalog: str) -> str:
        return self.names.get(catalog) or self.names[locales.SOURCE]


@dataclass(frozen=True)
class Market:
    code: str
    emergency: str
    lines: tuple[CrisisLine, ...]


def _line(market: str, raw: Any) -> CrisisLine:
    if not isinstance(raw, dict):
        raise ResourcesError(f"{market}: each line must be a mapping")
    names = raw.get("name")
    phone = raw.get("phone")
    if not isinstance(names, dict) or not isinstance(names.get(locales.SOURCE), str):
        raise ResourcesError(f"{market}: every line needs a name with an `en` entry")
    if not isinstance(phone, str) or not phone.strip():
        raise ResourcesError(f"{market}: every line needs a phone number (as a string)")
    return CrisisLine(
        MappingProxyType({str(k): str(v) for k, v in names.items()}),
        phone.strip(),
        bool(raw.get("text", False)),
        bool(raw.get("always_open", False)),
    )


@cache
def load_resources(path: Path = DEFAULT_PATH) -> Mapping[str, Market]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    markets = data.get("markets") if isinstance(data, dict) else None
    if not isinstance(markets, dict) or not markets:
        raise ResourcesError(f"{path}: expected a non-empty `markets` mapping")
    out: dict[str, Market] = {}
    for code, raw in markets.items():
        if not isinstance(raw, dict) or not isinstance(raw.get("emergency"), str):
            raise ResourcesError(f"{code}: needs an `emergency` number (as a string)")
        lines = tuple(_line(code, line) for line in raw.get("lines") or ())
        if not lines:
            raise ResourcesError(f"{code}: needs at least one line")
        out[str(code).upper()] = Market(str(code).upper(), raw["emergency"], lines)
    return MappingProxyType(out)


def market_for(locale: str | None) -> str | None:
    """The market of a debtor locale: its territory (en_GB → GB); None when it has none."""
    if not locale:
        return None
    try:
        territory = Locale.parse(locale).territory
    except (ValueError, UnknownLocaleError):
        return None
    return territory.upper() if territory else None
