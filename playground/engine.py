"""The playground's one pipeline: validate -> analyse on meta -> build -> draw -> run -> report.

`run(state)` is a pure function of plain data in and plain data out, so the web server
can hand it to a worker process, tests can call it directly, and no gradio is imported.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import re
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils._pytree import tree_leaves

from . import codegen
from .device import pick_device, timed
from .draws import draw, resolve_extra
from .limits import LIMITS
from .printing import fast_printing
from .specs import Cost, Dist, Family, LayerSpec, Params, Shape, SpecError, get_spec
from .state import Config, State, resolve
from .summary import FlopTotal, LayerRecord, counting_flops

MAX_MEMORY_MB = LIMITS.max_memory_mb
MAX_ELEMENTS = LIMITS.max_elements
MAX_FLOPS = LIMITS.max_mflop * 1e6
BACKWARD_WORK = 3  # a backward pass costs about twice its forward: gradients of inputs and of weights
FAST_ANALYSIS_BYTES = 1 << 20  # predicted size under which analysis runs on CPU, not meta
PAGE_VALUES_CHARS = 20_000  # the page's panel of printed tensors shows this much at most
MAX_ARRAY_ELEMENTS = 1 << 18  # figures never need more; larger tensors are cut to leading samples
HISTOGRAM_BINS = 40
CURVE_POINTS = 201
CURVE_CHANNELS = 8  # curves of a per-channel sweep kept for the figure: eight lines stay readable
ROUNDING = 1e-5  # relative: train() and eval() of an LSTM differ by 3e-8 on oneDNN, the same sums in another order
# outputs that are probabilities, by module type: figures draw them on a fixed 0..1 scale
PROBABILITY_OUTPUTS: dict[type[nn.Module], tuple[str, ...]] = {
    nn.Softmax: ("output",),
    nn.Softmin: ("output",),
    nn.Sigmoid: ("output",),
    nn.MultiheadAttention: ("attn_weights",),
}
# layers whose train() zeroes entries and scales the survivors by 1 / (1 - p); AlphaDropout
# and FeatureAlphaDropout have a p too, but set dropped entries to a negative value instead
ZEROING_DROPOUT = (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d)
DROPOUT_MODULES = (*ZEROING_DROPOUT, nn.AlphaDropout, nn.FeatureAlphaDropout)


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorInfo:
    param: str | None
    message: str


@dataclass(frozen=True)
class TensorRecord:
    """One state_dict entry as the page lists it."""

    name: str
    shape: Shape
    numel: int
    requires_grad: bool
    is_parameter: bool
    alias_of: str | None = None  # the same tensor under an earlier name (tied parameters)
    axes: tuple[str, ...] = ()  # what each axis counts, by constructor argument ("out_features", ...), where known


@dataclass(frozen=True)
class Histogram:
    counts: np.ndarray
    edges: np.ndarray
    total: int = 0  # numbers in the whole tensor; counts cover fewer when the tensor was cut


@dataclass(frozen=True)
class ModeComparison:
    """The same input through the other mode, for layers whose train() and eval() differ."""

    other_mode: str
    other_output: np.ndarray
    note: str  # true of this configuration: why the modes differ, or why they do not
    stats: dict[str, np.ndarray] = field(default_factory=dict)
    max_difference: float = math.nan  # max |this mode's output - the other's|, NaN where incomparable
    dropout_p: float | None = None  # the rate of a layer that zeroes entries (Dropout, Dropout2d, ...)
    # float rounding: the two modes may run different kernels (oneDNN's RNNs) for the same sums
    tolerance: float = 0.0

    @property
    def identical(self) -> bool:
        """The same numbers up to float rounding (NaN, where incomparable, is not identical)."""
        return self.max_difference <= self.tolerance


@dataclass(frozen=True)
class Analysis:
    output_shapes: tuple[Shape, ...]
    entries: tuple[TensorRecord, ...]
    flops: int
    memory_bytes: int
    largest: int = 0  # elements of the biggest tensor


@dataclass(frozen=True)
class RunResult:
    """Everything the page and the API show, as plain data: no module, no live tensor."""

    ok: bool
    error: ErrorInfo | None = None
    state: dict[str, Any] = field(default_factory=dict)
    layer: str = ""
    family: str = ""
    module: str = ""
    input_shape: Shape = ()
    input_dims: tuple[str, ...] = ()
    outputs: tuple[tuple[str, Shape], ...] = ()
    params: tuple[TensorRecord, ...] = ()
    flops: int = 0
    memory_bytes: int = 0
    device: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    code: str = ""
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    histograms: dict[str, Histogram] = field(default_factory=dict)
    curves: dict[str, np.ndarray] = field(default_factory=dict)
    comparison: ModeComparison | None = None
    warnings: tuple[str, ...] = ()
    unprinted: int = 0  # tensors left out of `values` once a page's worth was printed
    # what the figures must know about the data and cannot read off it
    inputs: tuple[str, ...] = ("input",)  # `arrays` keys of every tensor the forward takes, in call order
    shapes: dict[str, Shape] = field(default_factory=dict)  # each array's full shape (arrays may be cut)
    elementwise: bool = False  # output and input share shape and meaning: draw them on one colour scale
    probabilities: tuple[str, ...] = ()  # outputs that are probabilities (softmax, sigmoid, attention)
    # model runs only (/run_model)
    summary: tuple[LayerRecord, ...] = ()
    model: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    ensemble: tuple[dict[str, Any], ...] = ()
    # an ensemble's members, each as a result of its own (the first is this one); not in the API
    members: tuple[RunResult, ...] = field(default=(), repr=False)

    @property
    def output_shape(self) -> Shape:
        return self.outputs[0][1] if self.outputs else ()

    @property
    def total_params(self) -> int:
        """As sum(p.numel() for p in module.parameters()): a tied tensor counts once."""
        return sum(p.numel for p in self.params if p.is_parameter and p.alias_of is None)

    @property
    def trainable_params(self) -> int:
        return sum(p.numel for p in self.params if p.is_parameter and p.requires_grad and p.alias_of is None)

    def to_api(self) -> dict[str, Any]:
        """The design's result object: what `/run_layer` returns as JSON."""
        if not self.ok:
            error = self.error or ErrorInfo(None, "unknown error")
            return {
                "ok": False,
                "error": {"param": error.param, "message": error.message},
            }
        return {
            "ok": True,
            "error": None,
            "state": self.state,
            "module": self.module,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "outputs": {name: list(shape) for name, shape in self.outputs},
            "params": [
                {
                    "name": p.name,
                    "shape": list(p.shape),
                    "numel": p.numel,
                    "requires_grad": p.requires_grad,
                    "kind": "parameter" if p.is_parameter else "buffer",
                    **({"alias_of": p.alias_of} if p.alias_of else {}),
                }
                for p in self.params
            ],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "flops": self.flops,
            "memory_bytes": self.memory_bytes,
            "device": self.device,
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
            "values": self.values,
            "warnings": list(self.warnings),
            "code": self.code,
            **self._model_api(),
        }

    def _model_api(self) -> dict[str, Any]:
        if not self.model:
            return {}
        return {
            "model": self.model,
            "summary": [row.to_api() for row in self.summary],
            "extras": self.extras,
            "ensemble": list(self.ensemble),
        }


def failure(error: SpecError) -> RunResult:
    return RunResult(ok=False, error=ErrorInfo(error.param, error.message))


# --- the pipeline --------------------------------------------------------------------------


def run(state: State, device: torch.device | None = None, values_chars: int | None = None) -> RunResult:
    """Never raises for bad input: a refusal comes back as `ok=False` with the field named.

    `values_chars` stops printing tensors once that much text is printed: the page shows
    PAGE_VALUES_CHARS, and a Transformer's 70 tensors took 8 ms to print, most of its update.
    The API prints every tensor."""
    device = device or pick_device()
    timings: dict[str, float] = {}
    try:
        start = time.perf_counter()
        config = resolve(state)
        with _quiet():  # the real run below reports torch's warnings once
            analysis = analyse(config)
        check_budget(config, analysis)
        timings["analyse"] = (time.perf_counter() - start) * 1e3
        return with_warnings(lambda: execute(config, analysis, device, timings, values_chars))
    except SpecError as e:
        return failure(e)


def with_warnings(run_once: Callable[[], RunResult]) -> RunResult:
    """Run, and attach each warning torch gave once (first line): the page shows them.
    Tensors are printed by the fast printer meanwhile (the same text as torch's)."""
    with warnings.catch_warnings(record=True) as caught, fast_printing():
        warnings.simplefilter("always")
        result = run_once()
    notes = tuple(dict.fromkeys(str(w.message).split("\n")[0] for w in caught))
    return dataclasses.replace(result, warnings=notes)


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
        _input_layout(config),
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
    return 4 * numbers + sum(math.prod(s) * d.itemsize for s, d in _input_layout(config).values())


def _trace(config: Config, device: str) -> Analysis:
    spec = config.spec
    layout = _input_layout(config)
    try:
        with torch.device(device):
            module = spec.build(config.params)
            inputs = {name: torch.zeros(shape, dtype=dtype) for name, (shape, dtype) in layout.items()}
        # the same counting as a model's summary (fused kernels off): one count everywhere
        with counting_flops(_Tally()) as counter:
            outputs = _flatten(_call(spec, module, inputs))
    except SpecError:
        raise
    except Exception as e:  # torch raises many types for bad arguments; they all mean "refused"
        raise SpecError(
            _guess_param(spec, str(e)),
            f"PyTorch refused this configuration: {_first_line(e)}",
        ) from e
    shapes = tuple(tuple(o.shape) for o in outputs)
    return _analysis(config, layout, shapes, _entries(module), int(counter.total), counter.bytes, counter.largest)


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


def _passes(config: Config) -> int:
    return BACKWARD_WORK if config.backward else 1


def work(config: Config, analysis: Analysis) -> float:
    """What the work guard weighs: FLOPs, times BACKWARD_WORK with backward, times the
    registry's slowdown for configurations torch runs far below its usual rate."""
    return analysis.flops * _passes(config) * config.spec.slowdown(config.params).factor


def check_budget(config: Config, analysis: Analysis) -> None:
    limit = MAX_MEMORY_MB * 2**20
    if analysis.memory_bytes > limit:
        params = sum(r.numel for r in analysis.entries if r.is_parameter)
        raise SpecError(
            None,
            f"this configuration would need about {_mb(analysis.memory_bytes)} "
            f"({params:,} parameters); the limit is {_mb(limit)} (PLAYGROUND_MAX_MEMORY_MB)",
        )
    if work(config, analysis) > MAX_FLOPS:
        # the memory guard lets through a small tensor convolved with a large kernel (a Conv3d
        # with kernel 11 is 589 GFLOP, half a minute on one core): refused here, not timed out
        flops = analysis.flops * _passes(config)
        slowdown = config.spec.slowdown(config.params)
        counted = f", counted {slowdown.factor} times ({slowdown.reason})" if slowdown.factor > 1 else ""
        raise SpecError(
            None,
            f"this configuration needs about {flops / 1e6:,.0f} million FLOPs"
            f"{' (forward and backward)' if config.backward else ''}{counted}; the limit is "
            f"{MAX_FLOPS / 1e6:,.0f} million (PLAYGROUND_MAX_MFLOP), so that every update answers at once",
        )
    if analysis.largest > MAX_ELEMENTS:
        raise SpecError(
            None,
            f"this configuration makes a tensor of {analysis.largest:,} numbers; the limit is {MAX_ELEMENTS:,.0f} "
            "(PLAYGROUND_MAX_ELEMENTS)",
        )


def execute(
    config: Config,
    analysis: Analysis,
    device: torch.device,
    timings: dict[str, float],
    values_chars: int | None = None,
) -> RunResult:
    """The reproducibility contract: seed, build on CPU, draw on CPU, then move."""
    spec = config.spec

    def build() -> tuple[nn.Module, dict[str, torch.Tensor]]:
        torch.manual_seed(config.seed)
        module = spec.build(config.params)
        inputs = draw_inputs(config)
        module = module.to(device)
        inputs = {name: t.to(device) for name, t in inputs.items()}
        module.train(config.mode == "train")
        return module, inputs

    (module, inputs), timings["build"] = timed(device, build)
    if config.backward and inputs["x"].is_floating_point():
        inputs["x"].requires_grad_(True)
    before = Rewind.of(module) if spec.mode_note else None
    values = Printed(values_chars)
    start = time.perf_counter()
    values.add({_value_name(name): t for name, t in inputs.items()})  # before an in-place forward changes them
    printed_inputs = time.perf_counter() - start
    raw, timings["forward"] = timed(device, lambda: _call(spec, module, inputs))
    outputs = dict(zip(spec.output_names, _flatten(raw), strict=True))
    if config.backward:
        _, timings["backward"] = timed(device, lambda: _backward(outputs))
    start = time.perf_counter()
    values.add(outputs)
    values.add(module.state_dict(keep_vars=True))
    if config.backward:
        values.add({f"{name}.grad": p.grad for name, p in module.named_parameters() if p.grad is not None})
    arrays, histograms = _snapshots(inputs, outputs, module)
    axes = _axis_names(config)
    first = next(iter(outputs.values()))
    result = RunResult(
        ok=True,
        state=config.to_state().to_dict(),
        layer=spec.name,
        family=spec.family.value,
        module=repr(module),
        input_shape=tuple(config.shape),
        input_dims=tuple(d.name for d in spec.dims_for(config.params, config.shape)),
        outputs=tuple((name, tuple(t.shape)) for name, t in outputs.items()),
        params=tuple(dataclasses.replace(e, axes=axes.get(e.name, ())) for e in _entries(module)),
        flops=analysis.flops,
        memory_bytes=analysis.memory_bytes,
        device=str(device),
        timings_ms=timings,
        values=values.texts,
        unprinted=values.left_out,
        code=codegen.layer_code(config),
        arrays=arrays,
        histograms=histograms,
        curves=_curves(spec, module, config, device),
        comparison=_compare(spec, before.restore(module, config, device), inputs, config, first) if before else None,
        inputs=tuple(dict.fromkeys(_value_name(name) for name in spec.call_args)),
        shapes={name: tuple(t.shape) for name, t in _named_tensors(inputs, outputs, module).items()},
        elementwise=tuple(first.shape) == tuple(config.shape)
        and (spec.elementwise or spec.family in (Family.ACTIVATION, Family.DROPOUT)),
        probabilities=next(
            (
                tuple(n for n in names if n in outputs)
                for cls, names in PROBABILITY_OUTPUTS.items()
                if isinstance(module, cls)
            ),
            (),
        ),
    )
    timings["report"] = (time.perf_counter() - start + printed_inputs) * 1e3
    return result


# --- steps -----------------------------------------------------------------------------------


def _input_layout(config: Config) -> dict[str, tuple[Shape, torch.dtype]]:
    """Every tensor the forward needs, by name, with shape and dtype: meta and real agree."""
    spec, shape = config.spec, config.shape
    layout = {"x": (tuple(shape), _dtype(config.dist.value))}
    for extra in spec.extra_inputs:
        kind, _ = resolve_extra(extra.draw, config.dist.value, spec.full_shape(config.params, shape))
        layout[extra.name] = (spec.extra_shape(extra, config.params, shape), _dtype(kind))
    return layout


def draw_inputs(config: Config) -> dict[str, torch.Tensor]:
    """Draw in the exported code's order: the main input first, then each extra."""
    spec, shape = config.spec, config.shape
    bound = config.params[spec.vocab_param] if spec.vocab_param else 0
    inputs = {"x": draw(config.dist.value, shape, bound)}
    for extra in spec.extra_inputs:
        kind, extra_bound = resolve_extra(extra.draw, config.dist.value, spec.full_shape(config.params, shape))
        inputs[extra.name] = draw(kind, spec.extra_shape(extra, config.params, shape), extra_bound or bound)
    return inputs


def _dtype(kind: str) -> torch.dtype:
    return torch.long if kind == "tokens" else torch.float32


def _call(spec: LayerSpec, module: nn.Module, inputs: dict[str, torch.Tensor]) -> Any:
    return module(*(inputs[name] for name in spec.call_args), **dict(spec.call_kwargs))


def _flatten(output: Any) -> list[torch.Tensor]:
    return [t for t in tree_leaves(output) if isinstance(t, torch.Tensor)]


def _backward(outputs: dict[str, torch.Tensor]) -> None:
    first = next(iter(outputs.values()))
    if first.requires_grad:
        first.sum().backward()


def _value_name(name: str) -> str:
    return "input" if name == "x" else name


def _entries(module: nn.Module) -> tuple[TensorRecord, ...]:
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


def _axis_names(config: Config) -> dict[str, tuple[str, ...]]:
    """What each axis of each parameter counts, found from the registry's own shape formula:
    an axis that grows when a constructor argument grows by one is counted by that argument
    (grown by 4 for each: "4·hidden_size", an LSTM's four gates). Axes no argument moves
    (LazyLinear's in_features, taken from the input) stay unnamed rather than guessed.

    Remembered per layer, parameters and shape: a Transformer's formula, run once per integer
    argument, took 1.4 ms, and an update that changes only the seed or the mode runs it again."""
    try:
        return dict(_remembered_axis_names(config.spec.name, tuple(sorted(config.params.items())), config.shape))
    except TypeError:  # a parameter value that cannot be a key (a list): work it out each time
        return _find_axis_names(config.spec, dict(config.params), config.shape)


@functools.lru_cache(maxsize=64)
def _remembered_axis_names(
    layer: str, params: tuple[tuple[str, Any], ...], shape: Shape
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(_find_axis_names(get_spec(layer), dict(params), shape).items())


def _find_axis_names(spec: LayerSpec, params: dict[str, Any], shape: Shape) -> dict[str, tuple[str, ...]]:
    base = {e.name: e.shape for e in spec.predict_state(params, shape)}
    found: dict[str, list[list[str]]] = {name: [[] for _ in dims] for name, dims in base.items()}
    for p in spec.params:
        value = params.get(p.name)
        if p.kind not in ("int", "int_or_choice") or isinstance(value, bool) or not isinstance(value, int):
            continue
        try:
            moved = {e.name: e.shape for e in spec.predict_state({**params, p.name: value + 1}, shape)}
        except Exception:  # a formula may refuse the nudged value (a divisibility rule): no name from it
            continue
        for name, dims in base.items():
            other = moved.get(name, ())
            if len(other) != len(dims):
                continue
            for axis, (before, after) in enumerate(zip(dims, other, strict=True)):
                if after > before:
                    found[name][axis].append(p.name if after == before + 1 else f"{after - before}·{p.name}")
    return {name: tuple(" or ".join(by) for by in axes) for name, axes in found.items() if any(axes)}


def _named_tensors(
    inputs: dict[str, torch.Tensor], outputs: dict[str, torch.Tensor], module: nn.Module
) -> dict[str, torch.Tensor]:
    """Every tensor a figure may draw, under its `arrays` key."""
    named = {
        "input": inputs["x"],
        **{n: t for n, t in inputs.items() if n != "x"},
        **outputs,
    }
    for name, p in module.named_parameters():
        named[f"param:{name}"] = p
        if p.grad is not None:
            named[f"grad:{name}"] = p.grad
    if inputs["x"].grad is not None:
        named["grad:input"] = inputs["x"].grad
    return named


def _snapshots(
    inputs: dict[str, torch.Tensor], outputs: dict[str, torch.Tensor], module: nn.Module
) -> tuple[dict[str, np.ndarray], dict[str, Histogram]]:
    arrays: dict[str, np.ndarray] = {}
    histograms: dict[str, Histogram] = {}
    for name, t in _named_tensors(inputs, outputs, module).items():
        if t.numel() == 0:
            continue
        capped = _cap(t.detach().float().cpu())
        arrays[name] = capped.numpy()
        if name in ("input", "param:weight") or name in outputs or name.startswith("grad:"):
            # binned from the same leading samples the maps show: a whole 33M-number input
            # took 2 s to bin, and the figure says when it shows fewer numbers than the tensor
            histograms[name] = _histogram(capped, t.numel())
    return arrays, histograms


def _cap(t: torch.Tensor) -> torch.Tensor:
    """Keep whole leading samples until the cap: a figure of sample 0 stays exact."""
    while t.numel() > MAX_ARRAY_ELEMENTS and t.dim() > 1 and t.shape[0] > 1:
        t = t[: max(1, t.shape[0] // 2)]
    if t.numel() > MAX_ARRAY_ELEMENTS:
        t = t.flatten()[:MAX_ARRAY_ELEMENTS]
    return t.clone()  # never a view of a live buffer or parameter


def _histogram(t: torch.Tensor, total: int) -> Histogram:
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


def _curves(spec: LayerSpec, module: nn.Module, config: Config, device: torch.device) -> dict[str, np.ndarray]:
    """f(x) and f'(x) for activations; the loss and its gradient against one prediction for losses."""
    if spec.elementwise:
        channels = spec.curve_channels(config.params)
        line = torch.linspace(-5.0, 5.0, CURVE_POINTS, device=device)
        # (points,), or (points, channels) with the same sweep in every channel
        xs = (line if channels == 1 else line[:, None].repeat(1, channels)).requires_grad_(True)
        ys = module(xs)
        (grad,) = torch.autograd.grad(ys.sum(), xs)
        if channels == 1:
            return {"x": _np(line), "f": _np(ys), "df": _np(grad)}
        curves = {"x": _np(line), "f": _np(ys[:, :CURVE_CHANNELS]), "df": _np(grad[:, :CURVE_CHANNELS])}
        if channels > CURVE_CHANNELS:  # the figure says how many it leaves out
            curves["channels"] = np.array([channels], dtype=np.int64)
        return curves
    if spec.is_loss:
        return _loss_curve(spec, module, config, device)
    return {}


def _loss_curve(spec: LayerSpec, module: nn.Module, config: Config, device: torch.device) -> dict[str, np.ndarray]:
    """Sweep one prediction against a fixed target; the other entries are held where they make sense."""
    target_kind = spec.extra_inputs[0].draw
    low, high, target = (-6.0, 6.0, 1.0)
    if target_kind == "randn":
        low, high, target = -3.0, 3.0, 0.0
    elif Dist.NORMAL not in spec.dists:  # its input must already be a probability
        low, high = 1e-3, 1 - 1e-3
    xs = torch.linspace(low, high, CURVE_POINTS, device=device, requires_grad=True)
    scored = copy.deepcopy(module).to(device)
    scored.reduction = "none"  # one loss per point of the sweep
    if target_kind.startswith("randint"):
        # scores (x, 0, 0) for three classes with class 0 true: how confidence moves the loss
        logits = torch.stack([xs, torch.zeros_like(xs), torch.zeros_like(xs)], dim=1)
        losses = scored(logits, torch.zeros(CURVE_POINTS, dtype=torch.long, device=device))
    else:
        losses = scored(xs[:, None], torch.full((CURVE_POINTS, 1), target, device=device)).flatten()
    (grad,) = torch.autograd.grad(losses.sum(), xs)
    return {
        "x": _np(xs),
        "f": _np(losses),
        "df": _np(grad),
        "target": np.array([target], dtype=np.float32),
    }


@dataclass
class Printed:
    """Tensors as torch prints them, in order, until `budget` characters are printed (none:
    all of them); past it, only counted."""

    budget: int | None
    texts: dict[str, str] = field(default_factory=dict)
    size: int = 0
    left_out: int = 0

    def add(self, tensors: dict[str, torch.Tensor]) -> None:
        for name, t in tensors.items():
            if self.budget is not None and self.size >= self.budget:
                self.left_out += 1
                continue
            self.texts[name] = repr(t)
            self.size += len(self.texts[name])


@dataclass(frozen=True)
class Rewind:
    """The module as it was before its forward, for the other mode's run, without a deep copy
    (2.9 ms of a Transformer's update): a forward changes buffers (running statistics), which
    are small and saved here, and, for some layers, parameters in place, which rebuilding from
    the seed undoes. The comparison runs last: nothing reads the module after it."""

    buffers: dict[str, torch.Tensor]
    versions: tuple[int, ...]

    @classmethod
    def of(cls, module: nn.Module) -> Rewind:
        buffers = {name: b.detach().clone() for name, b in module.named_buffers()}
        return cls(buffers, tuple(p._version for p in module.parameters()))

    def restore(self, module: nn.Module, config: Config, device: torch.device) -> nn.Module:
        if tuple(p._version for p in module.parameters()) != self.versions:
            torch.manual_seed(config.seed)
            return config.spec.build(config.params).to(device)
        with torch.no_grad():
            for name, b in module.named_buffers():
                b.copy_(self.buffers[name])
        return module


def _compare(
    spec: LayerSpec,
    module: nn.Module,
    inputs: dict[str, torch.Tensor],
    config: Config,
    output: torch.Tensor,
) -> ModeComparison:
    other = "eval" if config.mode == "train" else "train"
    module.train(other == "train")
    stats: dict[str, np.ndarray] = {}
    running_mean = getattr(module, "running_mean", None)
    if isinstance(running_mean, torch.Tensor):
        x = inputs["x"].detach()
        names = [d.name for d in spec.dims_for(config.params, config.shape)]
        channels = names.index("C") if "C" in names else 1  # (C, H, W) unbatched: channels first
        axes = [d for d in range(x.dim()) if d != channels]  # every axis but channels
        stats = {
            "batch_mean": _np(x.mean(dim=axes)),
            "batch_var": _np(x.var(dim=axes, unbiased=False)),
            "running_mean": _np(running_mean),
            "running_var": _np(module.running_var),  # type: ignore[arg-type]
        }
    with torch.no_grad():
        other_output = _flatten(_call(spec, module, {k: v.detach() for k, v in inputs.items()}))[0]
    difference = _max_difference(output.detach(), other_output)
    largest = float(output.detach().float().abs().nan_to_num(0, 0, 0).max()) if output.numel() else 0.0
    tolerance = ROUNDING * max(1.0, largest)
    return ModeComparison(
        other,
        _cap(other_output.float().cpu()).numpy(),
        _mode_note(spec, module, stats, difference <= tolerance),
        stats,
        difference,
        float(module.p) if isinstance(module, ZEROING_DROPOUT) else None,
        tolerance,
    )


def _max_difference(a: torch.Tensor, b: torch.Tensor) -> float:
    """max |a - b| over the whole tensors; NaN in both places counts as equal; NaN if the
    shapes differ (nothing to compare)."""
    if a.shape != b.shape:
        return math.nan
    if a.numel() == 0:
        return 0.0
    a, b = a.float(), b.float()
    same = (a == b) | (torch.isnan(a) & torch.isnan(b))
    # a fill, not a masked select: selecting 2M numbers by mask took 110 ms of Dropout2d's update
    return float((a - b).abs_().masked_fill_(same, 0.0).nan_to_num_(nan=math.inf).max())


def _mode_note(spec: LayerSpec, module: nn.Module, stats: dict[str, np.ndarray], identical: bool) -> str:
    """The registry's note says what differs between the modes; shown only when it is true of
    this configuration. Where the modes agree, the note is the reason, when it is known."""
    if not identical:
        return spec.mode_note
    rates = [_dropout_rate(m) for m in module.modules()]
    rates = [r for r in rates if r is not None]
    normalises = any(isinstance(m, nn.modules.batchnorm._NormBase) for m in module.modules())
    if normalises and not stats:
        return (
            "No running statistics (track_running_stats=False): eval() normalises with the input's own "
            "statistics, as train() does."
        )
    if rates and not any(rates):
        return "Dropout is 0: train() drops nothing, so it computes what eval() does."
    if spec.mode_note.startswith("Only with"):  # the condition that is not met here
        return spec.mode_note
    if any(rates):
        return "This draw of the random mask dropped nothing."
    return ""


def _dropout_rate(module: nn.Module) -> float | None:
    """The rate at which a module drops in train(): its own dropout, or the one it applies inside."""
    if isinstance(module, DROPOUT_MODULES):
        return float(module.p)
    if isinstance(module, (nn.MultiheadAttention, nn.RNNBase)):
        return float(module.dropout)
    return None


def _np(t: torch.Tensor) -> np.ndarray:
    """A copy: on the CPU .numpy() shares memory, and later in-place updates (running
    statistics, renormalised embeddings) would rewrite what was recorded."""
    return t.detach().float().cpu().numpy().copy()


# --- analysis helpers ------------------------------------------------------------------------


class _Tally(FlopTotal):
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
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _guess_param(spec: LayerSpec, message: str) -> str | None:
    """Name the parameter torch's own message mentions, longest name first."""
    for name in sorted(spec.param_names, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", message):
            return name
    return None


def _first_line(e: BaseException) -> str:
    return (str(e).strip().split("\n")[0] or type(e).__name__)[:300]


def _mb(n: float) -> str:
    return f"{n / 2**30:,.1f} GB" if n >= 2**30 else f"{n / 2**20:,.1f} MB"
