"""The interface's message catalog: Vietnamese first, English available. `t(key, lang, **values)`."""
from __future__ import annotations

from i18n.messages import MESSAGES

LANGS = ("vi", "en")


def t(key: str, lang: str = "vi", **values) -> str:
    """The message for a key in a language, formatted with values; the key itself if unknown."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry[1] if lang == "en" else entry[0]
    return text.format(**values) if values else text
