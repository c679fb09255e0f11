"""Creating the schema, loading reference data, and preparing the embedded default on first use."""
from __future__ import annotations

from sqlalchemy import Engine, delete, func, insert, select, text

from data import agencies as agency_ref
from data import schema
from data.engine import has_schema
from data.reference_targets import TARGETS


def create_schema(engine: Engine, force: bool = False) -> None:
    """Create every table; with `force`, drop the existing ones first (data is lost)."""
    if force:
        schema.metadata.drop_all(engine)
    schema.metadata.create_all(engine)


def load_reference(engine: Engine) -> None:
    """(Re)load agencies, the rollup between boundary sets, and targets."""
    with engine.begin() as conn:
        conn.execute(delete(schema.agency_rollup))
        conn.execute(delete(schema.agencies))
        conn.execute(insert(schema.agencies), list(agency_ref.agency_rows()))
        conn.execute(insert(schema.agency_rollup), list(agency_ref.rollup_rows()))
        conn.execute(delete(schema.targets))
        conn.execute(insert(schema.targets), [
            {"metric": m, "scope": s, "value": v, "deadline": d, "source": src}
            for m, s, v, d, src in TARGETS])


def init_database(engine: Engine, demo: bool = False, force: bool = False) -> None:
    """Schema and reference data; with `demo`, also the illustrative demo dataset."""
    create_schema(engine, force=force)
    load_reference(engine)
    if demo:
        from data.demo import load_demo
        load_demo(engine)


def is_demo(engine: Engine) -> bool:
    """True when the loaded data is the illustrative demo dataset."""
    with engine.connect() as conn:
        v = conn.execute(select(schema.dataset_info.c.value).where(schema.dataset_info.c.key == "demo")).scalar()
    return v == "1"


def ensure_ready(engine: Engine, fill_demo: bool) -> bool:
    """Create and fill a database that has no schema yet; returns True if it did so."""
    if has_schema(engine):
        return False
    init_database(engine, demo=fill_demo)
    return True


def ensure_tables(engine: Engine) -> None:
    """Create any table of the schema that a database made by an earlier version lacks (none is altered)."""
    schema.metadata.create_all(engine, checkfirst=True)


def ping(engine: Engine) -> None:
    """Raise the driver's error when the database cannot be reached (one round trip)."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


_APPLIED = (select(func.count(), func.max(schema.import_log.c.id), func.max(schema.import_log.c.at))
            .where(schema.import_log.c.outcome == "applied"))
_FACTS = select(schema.dataset_info.c.key, schema.dataset_info.c.value).order_by(schema.dataset_info.c.key)


def data_stamp(engine: Engine) -> tuple:
    """What moves whenever the figures do: the applied imports (how many, the last one's id and time;
    an import writes its `import_log` row in the transaction that writes its rows) and the dataset's
    facts (`dataset_info`, rewritten by `init`). Two small queries on one connection (their
    statements built once); a server compares it on every run and forgets what it kept when it
    moved, whoever wrote: the command line, another worker, another machine."""
    with engine.connect() as conn:
        applied = conn.execute(_APPLIED).one()
        facts = conn.execute(_FACTS).all()
    return tuple(applied), tuple(tuple(r) for r in facts)


def dataset_facts(engine: Engine) -> dict:
    """First and last month with dossier data (None when empty) and whether it is the demo set."""
    with engine.connect() as conn:
        first, last = conn.execute(select(func.min(schema.dossiers.c.month),
                                          func.max(schema.dossiers.c.month))).one()
    return {"first_month": first, "last_month": last, "demo": is_demo(engine)}
