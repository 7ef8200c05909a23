"""Sets translations in a .po file from a JSON object {msgid: msgstr} (translator's helper).

Usage: .venv/bin/python scripts/po_set.py bot/locales/zh_Hans/LC_MESSAGES/messages.po file.json
"""

from __future__ import annotations

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> None:
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    with open(json_path, encoding="utf-8") as f:
        updates: dict[str, str] = json.load(f)
    unknown = [msgid for msgid in updates if msgid not in catalog]
    if unknown:
        sys.exit(f"not in {po_path} (run `make i18n` first): {unknown}")
    for msgid, msgstr in updates.items():
        message = catalog[msgid]
        message.string = msgstr
        message.flags.discard("fuzzy")
    with open(po_path, "wb") as f:
        write_po(f, catalog, omit_header=False, width=100)


if __name__ == "__main__":
    main(*sys.argv[1:])
