"""Analysis: what a layer run will make and cost (shapes, state, FLOPs, bytes), found on meta
tensors, on small real ones, or from the registry's closed form, before anything is built for real."""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn
from torch.utils._pytree import tree_leaves

from playground.records import TensorRecord
from playground.registry.draws import resolve_extra
from playground.registry.specs import Cost, LayerSpec, Params, Shape, SpecError
from playground.request.plan import Config
from playground.run.errors import first_line
from playground.run.snapshots import entries
from playground.run.summary import FlopTotal, counting_flops

FAST_ANALYSIS_BYTES = 1 << 20  # predicted size under which analysis runs on CPU, not meta


@dataclass(frozen=True)
class Analysis:
    output_shapes: tuple[Shape, ...]
    entries: tuple[TensorRecord, ...]
    flops: int
    memory_bytes: int
    largest: int = 0  # elements of the biggest tensor


def analyse(config: Config) -> Analysis:
    """Shapes, parameters, FLOPs and a memory bound, before anything is built for real.

    Attention and recurrent layers have a closed form in the registry (`LayerSpec.cost`):
    their traces are many small ops through Python (400 for a Transformer; an LSTM goes
    one time step at a time, 26 ms at its largest sizes), more than the rest of their
    update. Any other configuration the registry predicts to be small is traced on real
    CPU tensors (a throwaway module fed zeros): torch's meta kernels are Python and cost
    10-50x more than the real ones at these sizes. Everything else goes to meta, where a
    configuration of any size costs nothing to trace. All give the same counts
    (tests/test_registry.py checks them against each other).
    """
    if config.spec.cost is not None:
        return from_formula(config, config.spec.cost)
    device = "cpu" if predicted_bytes(config) <= FAST_ANALYSIS_BYTES else "meta"
    return _trace(config, device)


def from_formula(config: Config, cost_of: Callable[[Params, Shape], Cost]) -> Analysis:
    """The analysis from the registry alone, for layers with a closed-form cost: the same
    record a trace gives, in microseconds instead of 3-50 ms (tests hold the two together).
    `cost_of` is a registry rule, written for the full input (an unbatched one gets N = 1)."""
    spec, params, shape = config.spec, config.params, config.shape
    cost = cost_of(params, spec.full_shape(params, shape))
    entries = tuple(
        TensorRecord(e.name, tuple(e.shape), math.prod(e.shape), e.is_parameter, e.is_parameter)
        for e in spec.state_entries(params, shape)
    )
    return _analysis(
        config,
        input_layout(config),
        spec.output_shapes(params, shape),
        entries,
        cost.flops,
        4 * cost.numbers,
        cost.largest,
    )


def predicted_bytes(config: Config) -> int:
    """The registry's own size claim: parameters, inputs, outputs and the declared scratch."""
    spec, params, shape = config.spec, config.params, config.shape
    numbers = sum(math.prod(e.shape) for e in spec.state_entries(params, shape))
    numbers += sum(math.prod(s) for s in spec.output_shapes(params, shape))
    numbers += spec.scratch_numbers(params, shape)
    return 4 * numbers + sum(math.prod(s) * d.itemsize for s, d in input_layout(config).values())


def _trace(config: Config, device: str) -> Analysis:
    spec = config.spec
    layout = input_layout(config)
    try:
        with torch.device(device):
            module = spec.build(config.params)
            inputs = {name: torch.zeros(shape, dtype=dtype) for name, (shape, dtype) in layout.items()}
        # the same counting as a model's summary (fused kernels off): one count everywhere
        with counting_flops(Tally()) as counter:
            outputs = flatten(call_layer(spec, module, inputs))
    except SpecError:
        raise
    except Exception as e:  # torch raises many types for bad arguments; they all mean "refused"
        raise SpecError(
            guess_param(spec, str(e)),
            f"PyTorch refused this configuration: {first_line(e)}",
        ) from e
    shapes = tuple(tuple(o.shape) for o in outputs)
    return _analysis(config, layout, shapes, entries(module), int(counter.total), counter.bytes, counter.largest)


def _analysis(
    config: Config,
    layout: dict[str, tuple[Shape, torch.dtype]],
    shapes: tuple[Shape, ...],
    entries: tuple[TensorRecord, ...],
    flops: int,
    made: int,
    largest: int,
) -> Analysis:
    """The memory estimate: state and the bytes of every tensor the forward makes (`made`),
    both twice with backward on (gradients mirror them), and the inputs."""
    stored = sum(r.numel for r in entries) * 4
    feeds = sum(math.prod(shape) * dtype.itemsize for shape, dtype in layout.values())
    factor = 2 if config.backward else 1
    return Analysis(
        output_shapes=shapes,
        entries=entries,
        flops=flops,
        memory_bytes=factor * (stored + made) + feeds,
        largest=max(largest, *(math.prod(shape) for shape, _ in layout.values()), *(r.numel for r in entries), 0),
    )


def input_layout(config: Config) -> dict[str, tuple[Shape, torch.dtype]]:
    """Every tensor the forward needs, by name, with shape and dtype: meta and real agree."""
    spec, shape = config.spec, config.shape
    layout = {"x": (tuple(shape), _dtype(config.dist.value))}
    for extra in spec.extra_inputs:
        kind, _ = resolve_extra(extra.draw, config.dist.value, spec.full_shape(config.params, shape))
        layout[extra.name] = (spec.extra_shape(extra, config.params, shape), _dtype(kind))
    return layout


def _dtype(kind: str) -> torch.dtype:
    return torch.long if kind == "tokens" else torch.float32


def call_layer(spec: LayerSpec, module: nn.Module, inputs: dict[str, torch.Tensor]) -> Any:
    return module(*(inputs[name] for name in spec.call_args), **dict(spec.call_kwargs))


def flatten(output: Any) -> list[torch.Tensor]:
    return [t for t in tree_leaves(output) if isinstance(t, torch.Tensor)]


class Tally(FlopTotal):
    """FLOPs with torch's formulas, and the bytes of every tensor an op returns: an upper
    bound on activations. One dispatch mode, not two stacked: each op through Python once
    (a Transformer's trace is 400 ops)."""

    def __init__(self) -> None:
        super().__init__()
        self.bytes = 0
        self.largest = 0  # elements of the largest tensor any op made

    def counted(self, func: Any, out: Any) -> None:
        if getattr(func, "is_view", False):  # a view (t, transpose, expand) shares its input's memory
            return
        for t in tree_leaves(out):
            if isinstance(t, torch.Tensor):
                self.bytes += t.numel() * t.element_size()
                self.largest = max(self.largest, t.numel())


@contextmanager
def quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def guess_param(spec: LayerSpec, message: str) -> str | None:
    """Name the parameter torch's own message mentions, longest name first."""
    for name in sorted(spec.param_names, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", message):
            return name
    return None
