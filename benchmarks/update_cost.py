"""Server-side cost of one page update, and the bytes it sends, for every layer's defaults.

One update is what a slider move costs the server: engine.run (analyse, build, forward,
report), then the figures and text of `present`, serialised as gradio sends them
(`fig.to_json()` for each plot). Run: `python -m benchmarks.update_cost [--repeat N] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import torch

from playground import engine
from playground.specs import REGISTRY, by_family
from playground.state import State
from playground.ui.app import warm_up
from playground.ui.present import present


def payload_bytes(outputs: list[Any]) -> int:
    """What gradio puts on the wire for these outputs: plot JSON strings and text, as JSON."""
    total = 0
    for value in outputs:
        figure = getattr(value, "value", value)
        if hasattr(figure, "to_json"):
            total += len(json.dumps({"type": "plotly", "plot": figure.to_json()}))
        elif isinstance(value, (str, dict, list)):
            total += len(json.dumps(value))
        elif isinstance(getattr(value, "value", None), str):
            total += len(json.dumps(value.value))
    return total


def measure(layer: str, repeat: int) -> dict[str, Any]:
    times, sizes = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        result = engine.run(State(layer))
        outputs = present(result, None)
        size = payload_bytes(outputs)
        times.append((time.perf_counter() - start) * 1e3)
        sizes.append(size)
    return {"layer": layer, "median_ms": statistics.median(times), "bytes": max(sizes), "timings": result.timings_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(1)
    warm_up()
    rows = {name: measure(name, args.repeat) for name in REGISTRY}
    print(f"torch threads 1, device {engine.pick_device()}, {args.repeat} updates per layer, medians\n")
    print("| family | layers | update median (ms): median / max over layers | payload KB: median / max |")
    print("|---|---:|---|---|")
    for family, specs in by_family().items():
        ms = [rows[s.name]["median_ms"] for s in specs]
        kb = [rows[s.name]["bytes"] / 1024 for s in specs]
        print(
            f"| {family.value} | {len(specs)} | {statistics.median(ms):.1f} / {max(ms):.1f} "
            f"| {statistics.median(kb):.1f} / {max(kb):.1f} |"
        )
    print("\n| layer | update median (ms) | payload (KB) |\n|---|---:|---:|")
    for name, row in rows.items():
        print(f"| {name} | {row['median_ms']:.1f} | {row['bytes'] / 1024:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
