"""`deploy/serve.sh --help`: the whole header comment, every option it takes, and nothing else."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "serve.sh"


def test_help_prints_the_whole_header_and_every_option():
    done = subprocess.run(["bash", str(SCRIPT), "--help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    header = []
    for line in SCRIPT.read_text().splitlines()[1:]:  # after the shebang, up to the first line of code
        if not line.startswith("#"):
            break
        header.append(re.sub(r"^# ?", "", line))
    assert done.stdout.splitlines() == header
    options = set(re.findall(r"--[a-z-]+", SCRIPT.read_text().split("\nwhile [ $# -gt 0 ]", 1)[1].split("\ndone", 1)[0]))
    assert options >= {"--workers", "--port", "--no-follow", "--ahead-older"}
    assert options - {"--help"} <= set(re.findall(r"--[a-z-]+", done.stdout))  # each one it takes is shown
    assert done.stdout.rstrip().endswith("(--no-follow: not; --ahead 0 turns this off too).")
