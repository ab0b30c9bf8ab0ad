"""The slowest setting each transposed convolution's sliders allow, timed as a worker runs it
(one thread, forward and backward), with the work guard's verdict: the caps in
`playground/registry/specs/conv.py` (TRANSPOSED_CAPS) are chosen so that every row stays under ~30 ms.

    python -m benchmarks.convt_caps
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from typing import Any

import torch

from playground.registry.specs import REGISTRY, SpecError
from playground.registry.specs.conv import TRANSPOSED_CAPS
from playground.request.plan import resolve
from playground.request.state import InputState, State
from playground.run import budget, cost

REPEATS = 5


def corners(n: int) -> list[tuple[dict[str, Any], tuple[int, ...]]]:
    """The slider ends that make the biggest output, over groups from ungrouped to the slowest."""
    caps = TRANSPOSED_CAPS[n]
    out: list[tuple[dict[str, Any], tuple[int, ...]]] = []
    channels = caps.channels_max
    for groups, stride_dilation in itertools.product(
        sorted({1, 2, caps.groups_max // 2, caps.groups_max}),
        ((caps.stride_max, caps.dilation_max), (caps.stride_max, 1), (1, caps.dilation_max)),
    ):
        stride, dilation = stride_dilation
        params = {
            "in_channels": channels,
            "out_channels": channels,
            "kernel_size": caps.kernel_max,
            "stride": stride,
            "dilation": dilation,
            "output_padding": min(caps.output_padding_max, max(stride, dilation) - 1),
            "groups": groups,
        }
        out.append((params, (caps.batch_max, channels, *(caps.size_max,) * n)))
    return out


def time_one(name: str, params: dict[str, Any], shape: tuple[int, ...]) -> tuple[float, float, str]:
    """Median milliseconds of a forward alone and of a forward and a backward, and whether the
    guard lets it through."""
    state = State(name, params=params, input=InputState(shape))
    try:
        config = resolve(state)
        budget.check_budget(config, cost.analyse(config))
        verdict = "allowed"
    except SpecError as e:
        verdict = f"refused: {e.message[:60]}"
    spec = REGISTRY[name]
    module = spec.build({**spec.defaults(), **params})
    x = torch.randn(shape, requires_grad=True)
    forward, both = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        with torch.no_grad():
            module(x)
        forward.append((time.perf_counter() - start) * 1e3)
        start = time.perf_counter()
        module(x).sum().backward()
        both.append((time.perf_counter() - start) * 1e3)
    return statistics.median(forward), statistics.median(both), verdict


def main() -> None:
    torch.set_num_threads(1)
    for n in [int(a) for a in sys.argv[1:]] or [1, 2, 3]:
        name = f"ConvTranspose{n}d"
        if name not in REGISTRY:
            continue
        for params, shape in corners(n):
            forward, both, verdict = time_one(name, params, shape)
            print(f"{name} {shape} {params}: forward {forward:.1f} ms, with backward {both:.1f} ms, {verdict}")


if __name__ == "__main__":
    main()
