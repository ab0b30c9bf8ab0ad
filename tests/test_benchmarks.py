"""The benchmark suite in its smoke mode, run as CI runs it (`python -m benchmarks.run --smoke`):
every part runs and reports, so it never rots. It checks no speed target (those live in the
suite's full run, quoted in the README). The costliest configurations it times are checked
in-process by test_costliest.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.server, pytest.mark.e2e]


def test_smoke_run_writes_every_part(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    for key in (
        "server_default",
        "server_largest",
        "summary",
        "round_trips",
        "concurrency",
        "memory",
        "browser",
        "feel",
    ):  # every part
        assert results.get(key), f"{key} is missing from the smoke run"
    assert {t["target"] for t in results["targets"]} >= {
        "update_default_ms",
        "summary_ratio",
        "memory_growth_mb",
        "load_ratio",
        "slider_ratio",
        "drag_redraws_per_s",
    }
    feel = results["feel"]  # ours beside the minimal app, each side measured
    assert feel["load"]["ours_ms"] > 0 and feel["load"]["minimal_ms"] > 0
    assert all(min(row["update_ms"], row["noop_ms"], row["our_noop_ms"]) > 0 for row in feel["sliders"])
    assert all(row["drag_ms"] > 0 and row["values"] > 0 for row in feel["drags"])
    assert all(row["errors"] == 0 for row in results["concurrency"])
    markdown = (tmp_path / "results.md").read_text()
    assert "| target | limit |" in markdown
    assert markdown.strip() in run.stdout
