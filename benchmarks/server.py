"""Server-side parts: one update split into its phases, its payload, the bare forward beside
it, the costliest configuration the controls reach, and the per-layer summary beside torchinfo."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch

from playground import budget, cost, draws, engine
from playground.device import pick_device, timed
from playground.limits import LIMITS
from playground.models import PRESETS
from playground.plan import ModelConfig, resolve
from playground.runner import RequestKind
from playground.specs import REGISTRY, LayerSpec, SpecError, by_family
from playground.state import InputState, State, state_from_dict
from playground.summary import collect
from playground.ui.present import present, present_model
from playground.worker import WorkerPool

from .common import median, percentile, timed_ms

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


# the analysis's figures turned into rough milliseconds on one core, to rank configurations:
# 10 GFLOP/s for the forward (the guard's work: FLOPs times the registry's slowdown), and
# reporting, shipping and drawing cost ~1 ms a MB
FLOPS_PER_MS = 1e7
BYTES_PER_MS = 1e6
MAX_CORNERS = 4096
TIMED_CANDIDATES = 6


# Slow kernels, timed beside the searched corners at their costliest that the work guard lets
# through (the corners have kernel 3 or 11): torch's CPU convolution in groups of 2 channels runs
# at 3-4 GFLOP/s on one thread, against 60-85 ungrouped (playground/specs/conv.py, SMALL_GROUPS)
SLOW_PATHS = (
    ("Conv2d, 16 groups of 2, costliest allowed", "Conv2d", {"in_channels": 32, "out_channels": 32, "groups": 16}),
    (
        "Conv2d, 16 groups of 2 in and 1 out, costliest allowed",
        "Conv2d",
        {"in_channels": 32, "out_channels": 16, "groups": 16},
    ),
)


def largest_state(spec: LayerSpec, fixed: dict[str, Any] | None = None, sweep: tuple[str, ...] = ()) -> State:
    """The costliest configuration the controls reach, among their corners: every integer
    slider at its default or its maximum (those in `sweep` at every value, those in `fixed` at
    theirs), every switch and choice each way, the free input axes at their maximum.

    Ranked by the analysis the app runs before a forward (the guard's work and bytes),
    skipping what the app refuses; then the best TIMED_CANDIDATES are ranked again with their
    forward timed on one thread, as a worker runs it, in place of the FLOPs: some kernels run
    far from their FLOPs (a transposed convolution's time follows its output). Every slider at
    its maximum is not the worst case: groups, stride and dilation at theirs make a
    convolution cheaper (that Conv2d is 0.07 GFLOP, the one with groups 1 and stride 1 9.7)."""
    fixed = fixed or {}
    sliders = [
        p
        for p in spec.params
        if p.kind in ("int", "int_or_choice") and not p.optional and p.ui_max and p.name not in fixed
    ]
    options = [
        (p.name, tuple(range(int(p.low or 0), int(p.ui_max) + 1)) if p.name in sweep else (p.default, int(p.ui_max)))
        for p in sliders
    ]
    options = [(name, tuple(dict.fromkeys(values))) for name, values in options]
    options += [(p.name, (False, True)) for p in spec.params if p.kind == "bool" and p.name not in fixed]
    options += [(p.name, p.choices) for p in spec.params if p.kind == "choice" and p.name not in fixed]
    ranked: list[tuple[float, float, State]] = []  # (estimated ms, of which the bytes' share, state)
    for values in itertools.islice(itertools.product(*(v for _, v in options)), MAX_CORNERS):
        params = fixed | {name: value for (name, _), value in zip(options, values, strict=True)}
        full = {**spec.defaults(), **params}
        try:
            shape = tuple(full[d.param] if d.param else d.ui_max for d in spec.dims(full))
            state = State(spec.name, params, InputState(shape))
            config = resolve(state)
            analysis = cost.analyse(config)
            budget.check_budget(config, analysis)
        except SpecError:
            continue
        moved = analysis.memory_bytes / BYTES_PER_MS
        ranked.append((budget.work(config, analysis) / FLOPS_PER_MS + moved, moved, state))
    if not ranked:
        return State(spec.name, fixed)
    ranked.sort(key=lambda row: row[0], reverse=True)
    with one_thread():
        timed = [
            (bare_forward_ms("layer", state.to_dict(), 3) + moved, state)
            for _, moved, state in ranked[:TIMED_CANDIDATES]
        ]
    return max(timed, key=lambda row: row[0])[1]


@contextmanager
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


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


def bare_forward_ms(kind: str, data: dict[str, Any], repeat: int) -> float:
    """The floor: the same module on the same input, forward only, in this process, on the
    device the workers use (timed with a sync there, as the engine times its own)."""
    device = pick_device()
    if kind == "layer":
        config = resolve(state_from_dict(data))
        torch.manual_seed(config.seed)
        module = config.spec.build(config.params).train(config.mode == "train").to(device)
        inputs = engine.draw_inputs(config)
        args = [inputs[name].to(device) for name in config.spec.call_args]

        def forward() -> Any:
            return module(*args)
    else:
        model_config = resolve(state_from_dict(data, "model"))
        torch.manual_seed(0)
        module = model_config.plans[0].build().eval()
        x = draws.draw(model_config.dist.value, model_config.shape, model_config.vocab)
        if not pinned_to_cpu(model_config):
            module, x = module.to(device), x.to(device)

        def forward() -> Any:
            return module(x)

    forward()
    return median([timed(device, forward)[1] for _ in range(repeat)])


def pinned_to_cpu(config: ModelConfig) -> bool:
    """The plain-list pitfall runs on the CPU wherever the app runs (engine.run):
    `.to(device)` cannot move layers torch does not know about."""
    return config.preset is not None and "pitfall" in config.preset.shows


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
    """The playground's per-layer summary of each preset beside torchinfo.summary, alternated, on the
    device the workers use (the plain-list pitfall on the CPU, as the app runs it)."""
    import torchinfo

    rows = []
    device = pick_device()
    for name in list(PRESETS)[:3] if sample else PRESETS:
        config = resolve(State(model=name))
        torch.manual_seed(0)
        model = config.plans[0].build().eval()
        x = draws.draw(config.dist.value, config.shape, config.vocab)
        on = torch.device("cpu") if pinned_to_cpu(config) else device
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
