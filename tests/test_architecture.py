"""The layers' rules, checked on the source: imports point downward (pages → charts → metrics →
data), Streamlit only in app.py and pages/, no SQL built above metrics/, no private names imported
from another module, and no oversized page modules."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"data": 0, "metrics": 1, "charts": 2, "briefing": 3, "pages": 4, "app": 5}
PRODUCT = ("data", "metrics", "charts", "briefing", "pages", "i18n")
SQL_NAMES = {"select", "func", "text", "insert", "update", "delete", "and_", "or_", "case", "literal"}
PAGE_MAX_LINES = 220


def _sources() -> list[Path]:
    files = [ROOT / "app.py"] if (ROOT / "app.py").exists() else []
    for pkg in PRODUCT:
        files += sorted((ROOT / pkg).rglob("*.py"))
    return files


def _layer(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return "app" if rel.name == "app.py" and len(rel.parts) == 1 else rel.parts[0]


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names], node.lineno))
    return out


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_imports_point_downward_only():
    bad = []
    for path in _sources():
        layer = _layer(path)
        if layer not in LAYERS:
            continue
        for module, _, line in _imports(path):
            top = module.split(".")[0]
            if top in LAYERS and top != layer and LAYERS[top] >= LAYERS[layer]:
                bad.append(f"{_where(path, line)} ({layer}) imports {module}")
    assert not bad, "\n".join(bad)


def test_streamlit_only_in_app_and_pages():
    """Outside them, only the serving tools of deploy/ speak Streamlit's wire format (its message
    definitions, `streamlit.proto`), never its API."""
    deploy = sorted((ROOT / "deploy").rglob("*.py"))
    assert deploy, "deploy/ holds the serving tools"
    bad = [f"{_where(p, line)} imports {m}" for p in _sources() + deploy if _layer(p) not in ("app", "pages")
           for m, _, line in _imports(p) if m.split(".")[0] == "streamlit"
           and not (_layer(p) == "deploy" and m.startswith("streamlit.proto."))]
    assert not bad, "\n".join(bad)


def test_no_sql_above_metrics():
    bad = []
    for path in _sources():
        if _layer(path) not in ("charts", "pages", "app", "briefing"):
            continue
        for module, names, line in _imports(path):
            if module.split(".")[0] == "sqlalchemy" and (not names or SQL_NAMES & set(names)):
                bad.append(f"{_where(path, line)} imports {module} {names}")
    assert not bad, "\n".join(bad)


def test_no_private_names_imported_across_modules():
    bad = [f"{_where(p, line)} imports {n} from {m}" for p in _sources()
           for m, names, line in _imports(p) if m.split(".")[0] in PRODUCT
           for n in names if n.startswith("_") and not n.startswith("__")]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_page_modules_are_small(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= PAGE_MAX_LINES, f"{path.name} has {n} lines: logic is living in the wrong room"


NOT_DATA = {("pages/cached_reads.py", "engine_for"), ("pages/cached_reads.py", "_agencies"),
            ("pages/signin.py", "_tables_ready")}
"""Streamlit-cached functions that hold no figures: the engine, the reference agencies, the access tables made once."""


def _streamlit_cached(path: Path) -> list[ast.FunctionDef]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource"):
                    out.append(node)
    return out


def test_every_streamlit_cache_of_figures_takes_the_data_generation():
    """A result computed from data read before a change must not be served after it
    (`pages.memo.generation`): every st.cache_data / st.cache_resource function that holds figures
    takes the generation as its second argument."""
    checked = 0
    for path in sorted((ROOT / "pages").glob("*.py")):
        rel = str(path.relative_to(ROOT))
        for fn in _streamlit_cached(path):
            if (rel, fn.name) in NOT_DATA:
                continue
            args = [a.arg for a in fn.args.args]
            assert args[:2] == ["url", "gen"], f"{rel}: {fn.name}{tuple(args)} does not take the generation"
            checked += 1
    assert checked >= 8


def _piece_builders() -> dict[str, set[str]]:
    """Page module → the names of the functions its `piece(builder, ctx, ...)` calls build with."""
    out: dict[str, set[str]] = {}
    for path in sorted((ROOT / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and (
                    getattr(node.func, "attr", None) == "piece" or getattr(node.func, "id", None) == "piece"):
                first = node.args[0]
                name = first.id if isinstance(first, ast.Name) else getattr(first, "attr", None)
                if name:
                    out.setdefault(path.stem, set()).add(name)
    return out


def test_no_piece_builder_reads_meeting_mode():
    """Meeting mode shares the pieces of the same view outside it (`pages.view_pieces.piece`), so a
    builder must not depend on `ctx.meeting`."""
    builders = set().union(*_piece_builders().values())
    assert {"_map_parts", "_national_trend", "card_texts"} <= builders  # the scan finds them
    bad = []
    for path in _sources():
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.name in builders:
                bad += [_where(path, n.lineno) + f" {fn.name} reads .meeting" for n in ast.walk(fn)
                        if isinstance(n, ast.Attribute) and n.attr == "meeting"]
    assert not bad, "\n".join(bad)


def test_every_piece_builder_is_a_module_level_function():
    """Pieces are shared through the piece store (`pages.piece_store`), keyed on the builder's module
    and name: a builder defined inside a function would never be stored."""
    builders = set().union(*_piece_builders().values())
    top_level = {node.name for path in sorted((ROOT / "pages").glob("*.py"))
                 for node in ast.parse(path.read_text(encoding="utf-8")).body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    assert len(builders) >= 20 and not builders - top_level, sorted(builders - top_level)


def test_no_piece_builder_reads_who_is_signed_in():
    """A piece is shared by every session showing the view, and through the piece store by every
    worker: what it holds must not depend on the session or its signed-in user."""
    builders = set().union(*_piece_builders().values())
    bad = []
    for path in sorted((ROOT / "pages").glob("*.py")):
        for fn in ast.parse(path.read_text(encoding="utf-8")).body:
            # (a cached read of the same name elsewhere, under its decorator, is not a builder)
            if isinstance(fn, ast.FunctionDef) and fn.name in builders and not fn.decorator_list:
                bad += [_where(path, n.lineno) + f" {fn.name} reads {n.id if isinstance(n, ast.Name) else n.attr}"
                        for stmt in fn.body for n in ast.walk(stmt) if (isinstance(n, ast.Name) and n.id in ("signin", "roles", "st"))
                        or (isinstance(n, ast.Attribute) and n.attr in ("session_state", "user", "current"))]
    assert not bad, "\n".join(bad)
