"""Time to build a briefing pack, charts included: a national pack and a province pack.

    python bench/bench_briefing.py [--reps N] [--formats pptx,docx,pdf,xlsx]

Builds its own demo warehouse in a temporary SQLite file, then times `briefing.build.build` for
10/2026 nationwide and for one province (Lâm Đồng), split into gathering the numbers (metrics and
findings) and rendering the files (charts through kaleido and Chromium, then the four formats).
Prints the median of `--reps` runs (default 3) beside the goals (15 s and 10 s), the CPU count and
the load average; no assertions.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.build import FORMATS, parse_formats, render  # noqa: E402
from briefing.content import gather  # noqa: E402
from data.database import init_database  # noqa: E402
from data.engine import make_engine  # noqa: E402
from metrics.periods import Period  # noqa: E402
from metrics.scope import Scope  # noqa: E402

CASES = (("national", Scope.national(), 15.0), ("province 68 (Lâm Đồng)", Scope.of_agency("68"), 10.0))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args()
    formats = parse_formats(args.formats)
    period = Period.month("2026-10")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite")
        init_database(engine, demo=True, force=True)
        print(f"cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f} formats={','.join(formats)} reps={args.reps}")
        print(f"{'pack':<26}{'gather s':>10}{'render s':>10}{'total s':>10}{'goal s':>8}")
        for name, scope, goal in CASES:
            runs = []
            for _ in range(args.reps):
                t0 = time.perf_counter()
                pack = gather(engine, period, scope)
                t1 = time.perf_counter()
                render(pack, formats)
                t2 = time.perf_counter()
                runs.append((t1 - t0, t2 - t1, t2 - t0))
            g, r, total = (statistics.median(x[i] for x in runs) for i in range(3))
            print(f"{name:<26}{g:>10.2f}{r:>10.2f}{total:>10.2f}{goal:>8.0f}")
        engine.dispose()


if __name__ == "__main__":
    main()
