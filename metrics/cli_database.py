"""What every `python -m metrics` command does around its work: open the warehouse, and turn a bad
argument into one line and exit 2, an unreachable database into one line (password masked) and exit 1."""
from __future__ import annotations

import sys
from typing import Callable

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from data.engine import database_url, has_schema, make_engine
from i18n import t


def database_error(exc: SQLAlchemyError, lang: str) -> str:
    """One line naming the database (password masked) and the driver's first line of complaint."""
    url = make_url(database_url())
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if url.password:  # a URL quoted in the driver's message: mask it as in the URL we print
        reason = reason.replace(url.render_as_string(hide_password=False), url.render_as_string(hide_password=True))
        reason = reason.replace(f":{url.password}@", ":***@")
    return t("mn_db_unreachable", lang, url=url.render_as_string(hide_password=True), reason=reason)


def on_database(work: Callable[[Engine], int], lang: str) -> int:
    """Run `work(engine)` on the warehouse; errors become one line on stderr and an exit status."""
    engine = None
    try:
        engine = make_engine()
        if not has_schema(engine):
            raise RuntimeError(t("mn_no_schema", lang))
        return work(engine)
    except (KeyError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"error: {database_error(exc, lang)}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
