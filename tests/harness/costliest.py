"""The costliest configuration the controls reach, searched among their corners and ranked by
the analysis the app runs before a forward, then by timing the best few. The benchmark times
updates at these configurations; the tests check that the search finds the worst case."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch

from playground.registry import draws
from playground.registry.specs import LayerSpec, SpecError
from playground.request.plan import resolve
from playground.request.state import InputState, State, state_from_dict
from playground.run import budget, cost, engine
from playground.run.device import pick_device, timed

from .stats import median

# the analysis's figures turned into rough milliseconds on one core, to rank configurations:
# 10 GFLOP/s for the forward (the guard's work: FLOPs times the registry's slowdown), and
# reporting, shipping and drawing cost ~1 ms a MB
FLOPS_PER_MS = 1e7
BYTES_PER_MS = 1e6
MAX_CORNERS = 4096
TIMED_CANDIDATES = 6


# Slow kernels, timed beside the searched corners at their costliest that the work guard lets
# through (the corners have kernel 3 or 11): torch's CPU convolution in groups of 2 channels runs
# at 3-4 GFLOP/s on one thread, against 60-85 ungrouped (playground/registry/specs/conv.py, SMALL_GROUPS)
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
    ranked = ranked_corners(spec, fixed, sweep)
    if not ranked:
        return State(spec.name, fixed)
    with one_thread():
        timed = [
            (bare_forward_ms("layer", state.to_dict(), 3) + moved, state)
            for _, moved, state in ranked[:TIMED_CANDIDATES]
        ]
    return max(timed, key=lambda row: row[0])[1]


_RANKED: dict[tuple[str, tuple[tuple[str, Any], ...], tuple[str, ...]], list[tuple[float, float, State]]] = {}


def ranked_corners(
    spec: LayerSpec, fixed: dict[str, Any], sweep: tuple[str, ...] = ()
) -> list[tuple[float, float, State]]:
    """(estimated ms, of which the bytes' share, state) for every corner the app accepts,
    costliest first. Computed once per layer and arguments (the analysis of a layer's
    hundreds of corners takes seconds; the tests ask for the same ones several times)."""
    key = (spec.name, tuple(sorted(fixed.items())), sweep)
    if key not in _RANKED:
        _RANKED[key] = _rank_corners(spec, fixed, sweep)
    return list(_RANKED[key])


def _rank_corners(spec: LayerSpec, fixed: dict[str, Any], sweep: tuple[str, ...]) -> list[tuple[float, float, State]]:
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
    ranked: list[tuple[float, float, State]] = []
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
    ranked.sort(key=lambda row: row[0], reverse=True)
    return ranked


@contextmanager
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


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
        if not model_config.cpu_only:  # the plain-list pitfall stays on the CPU, as in the app
            module, x = module.to(device), x.to(device)

        def forward() -> Any:
            return module(x)

    forward()
    return median([timed(device, forward)[1] for _ in range(repeat)])
