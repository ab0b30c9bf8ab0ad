"""The costliest configurations the benchmark times (harness.costliest): the search among the
controls' corners must find the worst case the app accepts, not every slider at its maximum."""

from __future__ import annotations

from typing import Any

import pytest
from harness import costliest
from harness.costliest import BYTES_PER_MS, FLOPS_PER_MS, SLOW_PATHS, largest_state

from playground.registry.specs import REGISTRY, conv
from playground.request.plan import resolve
from playground.request.state import InputState, State
from playground.run import budget, cost


def test_largest_configuration_is_the_costliest_corner_the_app_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every slider at its maximum makes a Conv2d cheap (16 groups, stride 4, dilation 4):
    the benchmark's worst case must be at least as costly by the app's own analysis, and
    one that the app runs, not refuses. Timing is taken out, so that the analysis decides."""
    spec = REGISTRY["Conv2d"]
    every_max = {p.name: int(p.ui_max) for p in spec.params if p.kind in ("int", "int_or_choice")}
    shape = (8, every_max["in_channels"], 64, 64)

    def analysed(state: State) -> tuple[float, float]:
        config = resolve(state)
        analysis = cost.analyse(config)
        budget.check_budget(config, analysis)  # raises for a refused one
        return analysis.flops, budget.work(config, analysis) / FLOPS_PER_MS + analysis.memory_bytes / BYTES_PER_MS

    monkeypatch.setattr(costliest, "bare_forward_ms", lambda kind, data, repeat: 0.0)
    worst, every = largest_state(spec), State("Conv2d", every_max, InputState(shape))
    assert analysed(worst)[0] > 5 * analysed(every)[0]  # in FLOPs
    assert analysed(worst)[1] > analysed(every)[1]  # in the ranking, which counts slow groups more
    assert worst.params["groups"] == 1


def test_largest_configuration_keeps_the_slowest_of_the_best_ranked_once_timed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Some kernels run far from their FLOPs: among the best-ranked corners, the one whose
    forward is slowest when timed is the one the benchmark keeps."""
    timed: list[dict[str, Any]] = []

    def bare_forward_ms(kind: str, data: dict[str, Any], repeat: int) -> float:
        timed.append(data)
        return 1000.0 if len(timed) == 3 else 0.0

    monkeypatch.setattr(costliest, "bare_forward_ms", bare_forward_ms)
    chosen = costliest.largest_state(REGISTRY["Conv2d"])
    assert len(timed) == costliest.TIMED_CANDIDATES
    assert chosen.to_dict() == timed[2]


@pytest.mark.parametrize("row", range(2))
def test_slow_paths_are_timed_where_the_work_guard_lets_them_through(row: int) -> None:
    """Groups of 2 channels run several times slower than their FLOPs say; the benchmark
    times them at their costliest that the guard accepts, which sits near its limit."""
    _, name, fixed = SLOW_PATHS[row]
    state = largest_state(REGISTRY[name], fixed, sweep=("kernel_size",))
    assert state.params.items() >= fixed.items()
    config = resolve(state)
    analysis = cost.analyse(config)
    budget.check_budget(config, analysis)  # raises for a refused one
    assert budget.work(config, analysis) == conv.SMALL_GROUPS * analysis.flops
    assert budget.work(config, analysis) > budget.MAX_FLOPS / 2
