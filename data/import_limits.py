"""The limits an imported file must respect, with their defaults and the environment settings that change them.

| setting | default | meaning |
|---|---|---|
| `IMPORT_MAX_MB` | 50 | largest file accepted (checked before the file is read) |
| `IMPORT_MAX_TITLE` | 1000 | longest task title, in characters |
| `IMPORT_EARLIEST_MONTH` | 2010-01 | earliest month (and task assignment month) accepted |
| `IMPORT_LOCK_WAIT_S` | 60 | how long an import waits for another import to finish writing |
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from data.months import parse_month

MAX_PROBLEMS = 200
"""Problems listed (printed, returned and logged) for one refused file; the rest are counted."""

ROWS_PER_DUPLICATE = 5
"""Row numbers listed for one duplicated key; the rest are counted."""

MAX_XLSX_CELLS = 4_000_000
"""Largest rectangle of cells (rows × columns between the first and the last cell) an XLSX sheet may span."""

XLSX_UNZIP_RATIO = 20
"""An XLSX may unpack to at most this many times the file-size limit."""


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 50 * 1024 * 1024
    max_title: int = 1000
    earliest_month: str = "2010-01"
    lock_wait_s: float = 60.0

    @classmethod
    def from_env(cls, env=None) -> "ImportLimits":
        """The limits set in the environment (see the module docstring); a malformed setting is an error."""
        env = os.environ if env is None else env
        d = cls()
        try:
            return cls(
                max_bytes=int(float(env.get("IMPORT_MAX_MB", d.max_bytes / 1024 / 1024)) * 1024 * 1024),
                max_title=int(env.get("IMPORT_MAX_TITLE", d.max_title)),
                earliest_month=parse_month(env.get("IMPORT_EARLIEST_MONTH", d.earliest_month)),
                lock_wait_s=float(env.get("IMPORT_LOCK_WAIT_S", d.lock_wait_s)),
            )
        except ValueError as exc:
            raise ValueError(f"invalid import setting in the environment: {exc}") from None

    @property
    def max_size_text(self) -> str:
        return size_text(self.max_bytes)


def size_text(n: int) -> str:
    """A byte count for people, e.g. `200.0 MB`, `1.0 KB`, `512 B`."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"
