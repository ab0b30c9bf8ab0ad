"""The benchmark suite: `python -m benchmarks.run [--smoke] [--out DIR] [--parts ...] [--device cpu|cuda]`.

Runs every part, writes `results.json` and `results.md` under DIR (default
benchmarks/results/) and prints the Markdown. `--smoke` runs a few iterations of each
part and checks no target: CI runs it so that the suite never rots.

The feel part (benchmarks/feel.py) launches a minimal gradio app (benchmarks/minimal_app.py)
beside ours and times, in the same browser, alternated: page load to the first plot, a
slider click to the output plot redrawn against the minimal app's no-op click, and the
output plot's redraws a second while a slider's thumb is dragged.

`--device` sets PLAYGROUND_DEVICE for the whole run, so the torch work of every part runs
there: the workers' engine runs (server part) and the launched app's workers (http,
concurrency, memory, browser, feel parts), the bare forward and the summary beside torchinfo (in
this process), each GPU timing synchronised. The rest of an update (the hop to the worker,
figures, serialisation, HTTP) stays on the CPU, as in the app; memory counts host memory
only. Without it the app's own choice holds (PLAYGROUND_DEVICE, else cuda > mps > cpu).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import torch

from playground.run.device import pick_device
from tests.harness.app import ROOT, running_app, use_device

from . import browser, feel, http, minimal_app, server

PARTS = ("server", "summary", "http", "concurrency", "memory", "browser", "feel")
TARGETS = {
    "update_default_ms": 15.0,
    "update_largest_ms": 60.0,
    "round_trip_ratio": 2.0,
    "payload_kb": 150.0,
    "browser_extra_ms": 60.0,
    "builder_stack_ms": 300.0,  # Add or Remove in the builder, click to printed model (median)
    "summary_ratio": 1.0,
    "p95_32_clients_ms": 1000.0,
    "memory_growth_mb": 50.0,
    # the speed a person feels, against the minimal gradio app measured in the same run (feel.py)
    "load_ratio": 1.2,  # navigation start to the first plot drawn, ours / minimal app's (medians)
    "slider_ratio": 1.6,  # slider click to the output plot redrawn / the minimal app's no-op click
    "drag_redraws_per_s": 6.0,  # at least: output plot redraws while a slider's thumb is dragged
}
AT_LEAST = {"drag_redraws_per_s"}  # met at or above the limit; every other target at or below


def run(smoke: bool, parts: tuple[str, ...]) -> dict[str, Any]:
    repeat = 3 if smoke else 15
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "device": str(pick_device()),
            **({"gpu": torch.cuda.get_device_name()} if pick_device().type == "cuda" else {}),
        },
        "smoke": smoke,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    torch.set_num_threads(1)
    if "server" in parts:
        pool = server.start_pool()
        try:
            results["server_default"] = server.server_updates(repeat, largest=False, pool=pool, sample=smoke)
            results["server_largest"] = server.server_updates(max(2, repeat // 3), True, pool, sample=smoke)
        finally:
            pool.close()
    if "summary" in parts:
        results["summary"] = server.summary_vs_torchinfo(repeat, sample=smoke)
    if {"http", "concurrency", "memory", "browser", "feel"} & set(parts):
        with running_app() as (url, pid):
            if "http" in parts:
                results["round_trips"] = http.round_trips(url, repeat * 2)
            if "concurrency" in parts:
                results["concurrency"] = [
                    http.concurrency(url, clients, 2 if smoke else 6, time_limit_s=20 if smoke else 60)
                    for clients in (1, 8, 32)
                ]
            if "memory" in parts:
                first, total = (20, 60) if smoke else (100, 2000)
                results["memory"] = http.memory(url, pid, first, total, time_limit_s=60 if smoke else 240)
            if "browser" in parts:
                results["browser"] = browser.browser_round_trips(url, 3 if smoke else 15)
                results["builder_stack"] = browser.stack_round_trips(url, 3 if smoke else 15)
            if "feel" in parts:  # the minimal app runs only now: its idle server would load the other parts
                with running_app(args=minimal_app.LAUNCH_ARGS) as (minimal_url, _):
                    results["feel"] = feel.feel(url, minimal_url, smoke)
    results["targets"] = check_targets(results)
    return results


def check_targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the worst measured value against it."""
    checks = []

    def add(name: str, measured: float | None, limit: float, worst: str) -> None:
        if measured is not None:
            ok = measured >= limit if name in AT_LEAST else measured <= limit
            checks.append({"target": name, "limit": limit, "measured": measured, "worst": worst, "ok": ok})

    for key, target in (("server_default", "update_default_ms"), ("server_largest", "update_largest_ms")):
        rows = [row for row in r.get(key, []) if "median_ms" in row]
        if rows:
            worst = max(rows, key=lambda row: row["median_ms"])
            add(target, worst["median_ms"], TARGETS[target], worst["config"])
    sized = [row for key in ("server_default", "server_largest") for row in r.get(key, []) if "payload_bytes" in row]
    if sized:
        worst = max(sized, key=lambda row: row["payload_bytes"])
        add("payload_kb", worst["payload_bytes"] / 1024, TARGETS["payload_kb"], worst["config"])
    if r.get("round_trips"):
        worst = max(r["round_trips"], key=lambda row: row["ratio"])
        add("round_trip_ratio", worst["ratio"], TARGETS["round_trip_ratio"], worst["layer"])
    if r.get("browser"):
        worst = max(r["browser"], key=lambda row: row["update_ms"] - 2 * row["noop_ms"])
        add("browser_extra_ms", worst["update_ms"] - 2 * worst["noop_ms"], TARGETS["browser_extra_ms"], worst["case"])
    if r.get("builder_stack"):
        worst = max(r["builder_stack"], key=lambda row: row["update_ms"])
        add("builder_stack_ms", worst["update_ms"], TARGETS["builder_stack_ms"], worst["case"])
    if r.get("feel"):
        f = r["feel"]
        add("load_ratio", f["load"]["ratio"], TARGETS["load_ratio"], "first plot")
        slowest = max(f["sliders"], key=lambda row: row["ratio"])
        add("slider_ratio", slowest["ratio"], TARGETS["slider_ratio"], slowest["case"])
        fewest = min(f["drags"], key=lambda row: row["redraws_per_s"])
        add("drag_redraws_per_s", fewest["redraws_per_s"], TARGETS["drag_redraws_per_s"], fewest["case"])
    if r.get("summary"):
        worst = max(r["summary"], key=lambda row: row["ratio"])
        add("summary_ratio", worst["ratio"], TARGETS["summary_ratio"], worst["preset"])
    for row in r.get("concurrency", []):
        if row["clients"] == 32:
            add(
                "p95_32_clients_ms",
                row["p95_ms"] if not row["errors"] else float("inf"),
                TARGETS["p95_32_clients_ms"],
                "32",
            )
    if r.get("memory"):
        add(
            "memory_growth_mb",
            r["memory"]["growth_mb"],
            TARGETS["memory_growth_mb"],
            f"{r['memory']['updates']} updates",
        )
    return checks


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        f"Run {r['started']}{' (smoke: a few iterations, targets not meaningful)' if r['smoke'] else ''}: "
        f"{m['cores']} cores, {m['device']}{' (' + m['gpu'] + ')' if m.get('gpu') else ''}, torch {m['torch']}, "
        f"Python {m['python']}. Medians.",
        "",
    ]
    if r.get("targets"):
        lines += ["| target | limit | measured (worst case) | met |", "|---|---:|---|---|"]
        for t in r["targets"]:
            limit = f"at least {t['limit']:g}" if t["target"] in AT_LEAST else f"{t['limit']:g}"
            lines.append(
                f"| {t['target']} | {limit} | {t['measured']:.2f} ({t['worst']}) | {'yes' if t['ok'] else 'no'} |"
            )
        lines.append("")
    for key, title in (
        ("server_default", "Server update, defaults"),
        ("server_largest", "Server update, costliest configuration the controls reach (its state is in the JSON)"),
    ):
        rows = r.get(key)
        if not rows:
            continue
        lines += [
            f"**{title}** (ms; one update = worker call + figures + serialisation; report = printing the "
            "tensors, binning, code)",
            "",
            "| config | median | p90 | analyse | build | forward | report | hop | figures | serialise | bare fwd "
            "| payload KB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            if "refused" in row:
                lines.append(f"| {row['config']} | refused: {row['refused'][:70]} ||||||||||")
                continue
            p = row["phases_ms"]
            lines.append(
                f"| {row['config']} | {row['median_ms']:.1f} | {row['p90_ms']:.1f} "
                f"| {p['analyse']:.1f} | {p['build']:.1f} "
                f"| {p['forward']:.2f} | {p['report']:.1f} | {p['worker hop']:.1f} | {p['figures']:.1f} "
                f"| {p['serialise']:.1f} "
                f"| {row['bare_forward_ms']:.3f} | {row['payload_bytes'] / 1024:.1f} |"
            )
        lines.append("")
    if r.get("summary"):
        lines += [
            "**Per-layer summary vs torchinfo** (ms)",
            "",
            "| preset | playground | with FLOPs | torchinfo | ratio | ratio with FLOPs |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {s['preset']} | {s['playground_ms']:.2f} | {s['playground_with_flops_ms']:.2f} "
            f"| {s['torchinfo_ms']:.2f} "
            f"| {s['ratio']:.2f} | {s['ratio_with_flops']:.2f} |"
            for s in r["summary"]
        ]
        lines.append("")
    if r.get("round_trips"):
        lines += ["**Raw HTTP round trip** (ms)", "", "| layer | /run_layer | no-op | ratio |", "|---|---:|---:|---:|"]
        lines += [
            f"| {t['layer']} | {t['run_layer_ms']:.1f} | {t['noop_ms']:.1f} | {t['ratio']:.2f} |"
            for t in r["round_trips"]
        ]
        lines.append("")
    if r.get("concurrency"):
        lines += [
            "**Concurrent clients** (mixed updates, raw HTTP)",
            "",
            "| clients | ok | busy | errors | updates/s | p50 ms | p95 ms |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {c['clients']} | {c['ok']} | {c['busy']} | {c['errors']} | {c['throughput_per_s']:.1f} "
            f"| {c['p50_ms']:.0f} | {c['p95_ms']:.0f} |"
            for c in r["concurrency"]
        ]
        lines.append("")
    if r.get("memory"):
        mem = r["memory"]
        lines += [
            f"**Memory**: app and workers {mem['rss_after_first_mb']:.0f} MB after {mem['first']} updates, "
            f"{mem['rss_after_all_mb']:.0f} MB after {mem['updates']} ({mem['growth_mb']:+.1f} MB).",
            "",
        ]
    if r.get("browser"):
        lines += ["**Browser round trip** (ms)", "", "| case | update | no-op event |", "|---|---:|---:|"]
        lines += [f"| {b['case']} | {b['update_ms']:.0f} | {b['noop_ms']:.0f} |" for b in r["browser"]]
        lines.append("")
    if r.get("builder_stack"):
        lines += ["**Builder stack** (ms, click to printed model)", "", "| case | median |", "|---|---:|"]
        lines += [f"| {b['case']} | {b['update_ms']:.0f} |" for b in r["builder_stack"]]
        lines.append("")
    if r.get("feel"):
        lines += feel_markdown(r["feel"])
    return "\n".join(lines)


def feel_markdown(f: dict[str, Any]) -> list[str]:
    load = f["load"]
    lines = [
        "**Feel, beside a minimal gradio app** (ms, medians, alternated in one run; `benchmarks/minimal_app.py`)",
        "",
        "| what | ours | minimal app | ratio | our page's no-op | n each |",
        "|---|---:|---:|---:|---:|---:|",
        f"| page load to first plot (fresh loads) | {load['ours_ms']:.0f} | {load['minimal_ms']:.0f} "
        f"| {load['ratio']:.2f} | | {load['n']} |",
    ]
    lines += [
        f"| slider click to output plot redrawn: {s['case']} (minimal: no-op click to text) | {s['update_ms']:.0f} "
        f"| {s['noop_ms']:.0f} | {s['ratio']:.2f} | {s['our_noop_ms']:.0f} | {s['n']} |"
        for s in f["sliders"]
    ]
    lines += [
        "",
        "**Dragging a slider's thumb end to end** (medians of n drags; the output plot's redraws while the "
        "button is down)",
        "",
        "| slider | drag ms | values passed | redraws | redraws/s | redraws after release | release to last "
        "redraw ms | n |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {d['case']} | {d['drag_ms']:.0f} | {d['values']:.0f} | {d['redraws']:.0f} | {d['redraws_per_s']:.1f} "
        f"| {d['after_release']:.0f} | {d['settle_ms']:.0f} | {d['n']} |"
        for d in f["drags"]
    ]
    lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few iterations, no thresholds (CI)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated subset of {', '.join(PARTS)}")
    parser.add_argument(
        "--device", choices=("cpu", "cuda"), help="where the torch work runs (default: the app's own choice)"
    )
    args = parser.parse_args()
    if args.device:
        try:
            use_device(args.device)
        except ValueError as e:
            parser.error(str(e))
    parts = tuple(p for p in args.parts.split(",") if p)
    results = run(args.smoke, parts)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    report = markdown(results)
    (args.out / "results.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
