"""What a run hands to the renderers: plain, frozen data, no torch.

The figures, the report and the page import only this module (and numpy), so the
renderers load in a fraction of a second and cannot reach into a live module: whatever a
figure needs to know about a run is a typed field here, filled in by the engine, which
alone sees the tensors.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Shape = tuple[int, ...]
QUANTILES = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
PAGE_VALUES_CHARS = 20_000  # the page's panel of printed tensors shows this much at most
# what a FLOP count covers, in the words the page and the API docs use
FLOPS_COUNTED = (
    "forward pass only; matrix products, convolutions and attention, as torch.utils.flop_counter "
    "counts them with oneDNN off and attention on its math kernel (a fused CPU kernel, such as "
    "oneDNN's LSTM, counts 0 there): element-wise work (activations, normalisation, pooling, "
    "losses) is not counted"
)


class Mode(enum.StrEnum):
    """torch's two modes; a str, so a state's JSON and the page's radio read it as written."""

    TRAIN = "train"
    EVAL = "eval"

    @property
    def other(self) -> Mode:
        return Mode.EVAL if self is Mode.TRAIN else Mode.TRAIN


class Subject(enum.StrEnum):
    """What a state runs; the names are the JSON's keys ("layers" is a builder stack). Here, not
    in the state's module, because a renderer reads it off `RunResult.model["kind"]` without torch."""

    LAYER = "layer"
    PRESET = "preset"
    STACK = "layers"
    RANDOM = "random"


class RowKind(enum.StrEnum):
    """What a summary row stands for: a module's call (torchinfo's rows), or a call a forward
    makes to a torch function between its modules (F.relu, torch.flatten), listed on request."""

    MODULE = "module"
    CALL = "call"


class Source(enum.Enum):
    """Where a snapshot comes from: what a figure calls it and which panel draws it."""

    DATA = "data"  # an input or an output of the forward
    PARAMETER = "parameter"
    GRADIENT = "gradient"  # of a parameter, or of the input


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
    name: str = ""  # the tensor's: "input", "output", a parameter's name
    source: Source = Source.DATA
    shape: Shape = ()  # the whole tensor's
    kept: int = 0  # numbers binned from: the leading samples the maps show, at most `total`

    @property
    def label(self) -> str:
        return f"gradient of {self.name}" if self.source is Source.GRADIENT else self.name


@dataclass(frozen=True)
class ModeComparison:
    """The same input through the other mode, for layers whose train() and eval() differ."""

    other_mode: Mode
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


WHOLE_MODEL = "(the model)"  # how the page names the model itself, whose named_modules() name is ""


@dataclass(frozen=True)
class InsideParameter:
    """One parameter of the submodule looked into, as a notebook prints it."""

    name: str  # under the submodule, as its named_parameters() gives it ("weight", "0.bias")
    access: str  # how code reaches it from `model`: "model[2].weight"
    type: str  # its class, qualified: "torch.nn.parameter.Parameter"
    shape: Shape
    requires_grad: bool
    grad: str | None  # repr(p.grad); None while no backward has left one

    def to_api(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "shape": list(self.shape),
            "requires_grad": self.requires_grad,
            "grad": self.grad,
        }


@dataclass(frozen=True)
class InsideRecord:
    """A submodule of a model, taken after the forward (and the backward, where one ran): its
    print, its state_dict as torch prints it, and each of its parameters. `printed` pairs each
    with the line of code that prints it, for the page and the exported script alike."""

    name: str  # as named_modules() gives it; "" for the model itself
    access: str  # how code reaches it: "model[2]", "model.linear2", "model"
    module: str  # print(submodule)
    state_dict: str  # print(submodule.state_dict()): an OrderedDict of detached tensors
    parameters: tuple[InsideParameter, ...] = ()
    left_out: int = 0  # parameters past the page's bound, not listed (the state_dict has them all)

    @property
    def label(self) -> str:
        return self.name or WHOLE_MODEL

    def printed(self) -> tuple[tuple[str, str], ...]:
        """(a line of code, what it prints), in the exported script's order."""
        lines = [(f"print({self.access})", self.module), (f"print({self.access}.state_dict())", self.state_dict)]
        for p in self.parameters:
            lines += [
                (f"print(type({p.access}))", f"<class '{p.type}'>"),
                (
                    f"print({p.access}.shape, {p.access}.requires_grad)",
                    f"torch.Size({list(p.shape)}) {p.requires_grad}",
                ),
                (f"print({p.access}.grad)", "None" if p.grad is None else p.grad),
            ]
        return tuple(lines)

    def to_api(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "access": self.access,
            "module": self.module,
            "state_dict": self.state_dict,
            "parameters": [p.to_api() for p in self.parameters],
            "left_out": self.left_out,
        }


@dataclass(frozen=True)
class RunResult:
    """Everything the page and the API show, as plain data: no module, no live tensor."""

    ok: bool
    error: ErrorInfo | None = None
    state: dict[str, Any] = field(default_factory=dict)
    # the subject's layers and the parameters set away from the registry's defaults, in order: one
    # for a layer, one per layer of a builder stack, none for a preset or a random model; the
    # registry's defaults live with torch, so a renderer learns here which values are choices
    settings: tuple[tuple[str, dict[str, Any]], ...] = ()
    mode: Mode = Mode.TRAIN
    backward: bool = False
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
    arrays: dict[str, np.ndarray] = field(default_factory=dict)  # inputs and outputs, by name
    weights: dict[str, np.ndarray] = field(default_factory=dict)  # parameters, by name
    gradients: dict[str, np.ndarray] = field(default_factory=dict)  # of parameters, by name, after backward
    input_gradient: np.ndarray | None = None
    histograms: tuple[Histogram, ...] = ()
    curves: dict[str, np.ndarray] = field(default_factory=dict)
    comparison: ModeComparison | None = None
    warnings: tuple[str, ...] = ()
    unprinted: int = 0  # tensors left out of `values` once a page's worth was printed
    # what the figures must know about the data and cannot read off it
    inputs: tuple[str, ...] = ("input",)  # `arrays` keys of every tensor the forward takes, in call order
    shapes: dict[str, Shape] = field(default_factory=dict)  # each of `arrays`' full shape (arrays may be cut)
    elementwise: bool = False  # output and input share shape and meaning: draw them on one colour scale
    probabilities: tuple[str, ...] = ()  # outputs that are probabilities (softmax, sigmoid, attention)
    # model runs only (/run_model)
    summary: tuple[LayerRecord, ...] = ()
    model: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    ensemble: tuple[dict[str, Any], ...] = ()
    # a single model's submodules by their named_modules() names ("" the model itself), and the
    # one the state asked to look inside (`inside`), if any
    submodules: tuple[str, ...] = ()
    inside: InsideRecord | None = None
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
            "submodules": list(self.submodules),
            "inside": self.inside.to_api() if self.inside else None,
        }


@dataclass(frozen=True)
class LayerRecord:
    """One row of the summary. `params` counts a tensor once, where it first appears (the
    column adds up to the model's total); `params_with_children` and `trainable` count every
    parameter under the module, as torchinfo's num_params and trainable_params do, so a
    container's row shows what its children hold."""

    name: str
    type: str
    depth: int
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    params: int
    trainable: int
    mult_adds: int  # torchinfo's rule; a container's row adds up its leaves
    flops: int  # torch's FlopCounterMode, this call and everything inside it
    is_leaf: bool
    recursive: bool
    params_with_children: int = 0
    share: float = 0.0  # of the model's parameters
    output: np.ndarray | None = field(default=None, compare=False, repr=False)  # a sample, for figures
    kind: RowKind = RowKind.MODULE  # a call row's name spells the call, its type names the function

    @property
    def is_call(self) -> bool:
        """A row for a function the forward called, not for a module: no parameters, no module."""
        return self.kind is RowKind.CALL

    @property
    def quantiles(self) -> tuple[float, ...]:
        """Of the output's values, for the depth profile; from the kept sample, off the hot path."""
        if self.output is None or self.output.size == 0 or self.output.dtype.kind != "f":
            return ()
        finite = self.output[np.isfinite(self.output)]
        return tuple(float(q) for q in np.quantile(finite, QUANTILES)) if finite.size else ()

    def to_api(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "depth": self.depth,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "params": self.params,
            "params_with_children": self.params_with_children,
            "trainable": self.trainable,
            "mult_adds": self.mult_adds,
            "flops": self.flops,
            "share": round(self.share, 6),
            "recursive": self.recursive,
            "kind": str(self.kind),
        }


def refused(param: str | None, message: str) -> RunResult:
    return RunResult(ok=False, error=ErrorInfo(param, message))
