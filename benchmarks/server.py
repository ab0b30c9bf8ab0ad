"""Server-side parts: one update split into its phases, its payload, the bare forward beside
it, at each layer's defaults and at the costliest configuration the controls reach
(`harness.costliest`), and the per-layer summary beside torchinfo."""

from __future__ import annotations

import json
from typing import Any

import torch

from playground.isolation.runner import RequestKind
from playground.isolation.worker import WorkerPool
from playground.limits import LIMITS
from playground.registry import draws
from playground.registry.models import PRESETS
from playground.registry.specs import REGISTRY, by_family
from playground.request.plan import resolve
from playground.request.state import State
from playground.run.device import pick_device, timed
from playground.run.summary import collect
from playground.ui.present import present, present_model
from tests.harness.costliest import SLOW_PATHS, bare_forward_ms, largest_state
from tests.harness.stats import median, percentile, timed_ms

ENGINE_PHASES = ("analyse", "build", "forward", "backward", "report")


def wire_json(outputs: list[Any]) -> str:
    """What gradio sends for these outputs: each plot's JSON string, each text, each update
    dict, in one message."""

    def plain(value: Any) -> Any:
        if hasattr(value, "model_dump"):  # a figure already serialised (PlotData)
            return value.model_dump()
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    return json.dumps([plain(value) for value in outputs])


def configurations(largest: bool, sample: bool = False) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, kind, state as plain data) for every layer's defaults and every preset; with
    `sample`, the first layer of each family and a few presets (the CI smoke run)."""
    specs = list(REGISTRY.values())
    if sample:
        specs = [group[0] for group in by_family().values() if group]
    rows = [(s.name, "layer", (largest_state(s) if largest else State(s.name)).to_dict()) for s in specs]
    if largest and not sample:
        rows += [
            (label, "layer", largest_state(REGISTRY[name], fixed, sweep=("kernel_size",)).to_dict())
            for label, name, fixed in SLOW_PATHS
        ]
    if not largest:
        presets = list(PRESETS)[:3] if sample else list(PRESETS)
        rows += [(name, "model", State(model=name).to_dict()) for name in presets]
    return rows


def server_updates(repeat: int, largest: bool, pool: WorkerPool, sample: bool = False) -> list[dict[str, Any]]:
    rows = []
    for label, kind, data in configurations(largest, sample):
        totals, phases, sizes = [], {k: [] for k in (*ENGINE_PHASES, "worker hop", "figures", "serialise")}, []
        error = None
        for _ in range(repeat):
            # what the page asks for: its panel's worth of text
            result, hop_total = timed_ms(lambda data=data: pool.run(RequestKind.PAGE, data))
            if not result.ok:
                error = result.error.message if result.error else "refused"
                break
            render = present if kind == "layer" else present_model
            outputs, figures_ms = timed_ms(lambda result=result, render=render: render(result, None, None))
            wire, serialise_ms = timed_ms(lambda outputs=outputs: wire_json(outputs))
            engine_ms = sum(result.timings_ms.values())
            for phase in ENGINE_PHASES:
                phases[phase].append(result.timings_ms.get(phase, 0.0))
            phases["worker hop"].append(max(0.0, hop_total - engine_ms))
            phases["figures"].append(figures_ms)
            phases["serialise"].append(serialise_ms)
            totals.append(hop_total + figures_ms + serialise_ms)
            sizes.append(len(wire.encode()))
        row: dict[str, Any] = {"config": label, "kind": kind, "largest": largest, "state": data}
        if error:
            row["refused"] = error
        else:
            row |= {
                "median_ms": median(totals),
                "p90_ms": percentile(totals, 90),
                "phases_ms": {k: median(v) for k, v in phases.items()},
                "payload_bytes": max(sizes),
                "bare_forward_ms": bare_forward_ms(kind, data, repeat),
            }
        rows.append(row)
    return rows


def summary_vs_torchinfo(repeat: int, sample: bool = False) -> list[dict[str, Any]]:
    """The playground's per-layer summary of each preset beside torchinfo.summary, alternated."""
    import torchinfo

    rows = []
    device = pick_device()
    for name in list(PRESETS)[:3] if sample else PRESETS:
        config = resolve(State(model=name))
        torch.manual_seed(0)
        model = config.plans[0].build().eval()
        x = draws.draw(config.dist.value, config.shape, config.vocab)
        on = torch.device("cpu") if config.cpu_only else device  # as in the app
        model, x = model.to(on), x.to(on)
        model(x)  # lazy layers take their shapes before either tool looks
        same, full, theirs = [], [], []
        for _ in range(repeat + 1):  # alternated, so that machine noise hits all three alike
            same.append(timed(on, lambda m=model, x=x: collect(m, lambda m: m(x), count_flops=False))[1])
            full.append(timed(on, lambda m=model, x=x: collect(m, lambda m: m(x)))[1])
            # with input_data torchinfo leaves the model and the input where they are
            theirs.append(timed(on, lambda m=model, x=x: torchinfo.summary(m, input_data=[x], verbose=0))[1])
        same, full, theirs = same[1:], full[1:], theirs[1:]  # the first of each pays one-off costs
        rows.append(
            {
                "preset": name,
                "playground_ms": median(same),
                "playground_with_flops_ms": median(full),
                "torchinfo_ms": median(theirs),
                "ratio": median(same) / median(theirs),
                "ratio_with_flops": median(full) / median(theirs),
            }
        )
    return rows


def start_pool() -> WorkerPool:
    return WorkerPool(1, LIMITS.worker_memory_mb, LIMITS.timeout_s)
