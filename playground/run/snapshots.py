"""What a run copies off torch into records: arrays cut to what a figure can use, histograms,
and the state_dict as rows. Copies, never views: later in-place updates must not rewrite them."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.records import Histogram, Source, TensorRecord

MAX_ARRAY_ELEMENTS = 1 << 18  # figures never need more; larger tensors are cut to leading samples
HISTOGRAM_BINS = 40


def value_name(name: str) -> str:
    return "input" if name == "x" else name


def entries(module: nn.Module) -> tuple[TensorRecord, ...]:
    """The state_dict as records; a tensor saved under two names (tied) is marked on the second."""
    parameters = {name for name, _ in module.named_parameters(remove_duplicate=False)}
    first_name: dict[int, str] = {}
    records = []
    for name, t in module.state_dict(keep_vars=True).items():
        shape = tuple(t.shape) if not isinstance(t, nn.parameter.UninitializedParameter) else ()
        alias = first_name.setdefault(id(t), name)
        records.append(
            TensorRecord(
                name,
                shape,
                math.prod(shape),
                bool(t.requires_grad),
                name in parameters,
                alias if alias != name else None,
            )
        )
    return tuple(records)


def data_tensors(inputs: dict[str, torch.Tensor], outputs: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The forward's inputs and outputs under the names the figures use: x is "input"."""
    return {value_name(n): t for n, t in inputs.items()} | outputs


@dataclass(frozen=True)
class Snapshots:
    """Every tensor a figure may draw, copied off the module, cut to MAX_ARRAY_ELEMENTS."""

    arrays: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]
    gradients: dict[str, np.ndarray]
    input_gradient: np.ndarray | None
    histograms: tuple[Histogram, ...]

    def fields(self) -> dict[str, Any]:
        """As RunResult's keyword arguments; not dataclasses.asdict, which deep-copies every array
        (the largest configurations' updates took a fifth longer with it)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def snapshots(inputs: dict[str, torch.Tensor], outputs: dict[str, torch.Tensor], module: nn.Module) -> Snapshots:
    """Histograms of the main input, the outputs, the weight and every gradient: binned from
    the same leading samples the maps show (a whole 33M-number input took 2 s to bin), and
    the figure says when it shows fewer numbers than the tensor holds."""
    histograms: list[Histogram] = []

    def keep(t: torch.Tensor, name: str, source: Source, binned: bool) -> np.ndarray:
        capped = cap(t.detach().float().cpu())
        if binned:
            histograms.append(
                dataclasses.replace(
                    _histogram(capped, t.numel()), name=name, source=source, shape=tuple(t.shape), kept=capped.numel()
                )
            )
        return capped.numpy()

    data = data_tensors(inputs, outputs)
    arrays = {n: keep(t, n, Source.DATA, n == "input" or n in outputs) for n, t in data.items() if t.numel()}
    parameters = [(n, p) for n, p in module.named_parameters() if p.numel()]
    weights = {n: keep(p, n, Source.PARAMETER, n == "weight") for n, p in parameters}
    gradients = {n: keep(p.grad, n, Source.GRADIENT, True) for n, p in parameters if p.grad is not None}
    x = inputs["x"]
    input_gradient = keep(x.grad, "input", Source.GRADIENT, True) if x.grad is not None and x.numel() else None
    return Snapshots(arrays, weights, gradients, input_gradient, tuple(histograms))


def cap(t: torch.Tensor) -> torch.Tensor:
    """Keep whole leading samples until the cap: a figure of sample 0 stays exact."""
    while t.numel() > MAX_ARRAY_ELEMENTS and t.dim() > 1 and t.shape[0] > 1:
        t = t[: max(1, t.shape[0] // 2)]
    if t.numel() > MAX_ARRAY_ELEMENTS:
        t = t.flatten()[:MAX_ARRAY_ELEMENTS]
    return t.clone()  # never a view of a live buffer or parameter


def _histogram(t: torch.Tensor, total: int) -> Histogram:
    """Counts of the finite values; `total` is the whole tensor's size."""
    finite = t.flatten()
    mask = torch.isfinite(finite)
    if not bool(mask.all()):  # selecting by the mask took 3.6 ms of 262k numbers: only when needed
        finite = finite[mask]
    if finite.numel() == 0:
        return Histogram(np.zeros(0), np.zeros(0), total)
    low, high = (float(v) for v in torch.aminmax(finite))
    if low == high:
        low, high = low - 0.5, high + 0.5
    counts, edges = torch.histogram(finite, bins=HISTOGRAM_BINS, range=(low, high))
    return Histogram(counts.numpy(), edges.numpy(), total)


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """A copy: on the CPU .numpy() shares memory, and later in-place updates (running
    statistics, renormalised embeddings) would rewrite what was recorded."""
    return t.detach().float().cpu().numpy().copy()
