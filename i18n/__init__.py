"""The interface's message catalogue: Vietnamese first, English available. `t(key, lang, **values)`.

Every module of this package defines `MESSAGES = {key: (Vietnamese, English)}` for one part of the
product; they are merged here, and a key may be defined in one module only."""
from __future__ import annotations

import importlib
import pkgutil

LANGS = ("vi", "en")


def _catalogue() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    owner: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, entry in getattr(module, "MESSAGES", {}).items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined in both {owner[key]} and {info.name}")
            merged[key] = entry
            owner[key] = info.name
    return merged, owner


MESSAGES, MESSAGE_MODULES = _catalogue()


def t(key: str, lang: str = "vi", **values) -> str:
    """The message for a key in a language, formatted with values; the key itself if unknown."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry[1] if lang == "en" else entry[0]
    return text.format(**values) if values else text


def name_of(row, lang: str) -> str:
    """An agency's (or any reference row's) name in the language: `name_vi` or `name_en`."""
    return row["name_en"] if lang == "en" else row["name_vi"]
