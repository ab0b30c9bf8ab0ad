"""The vocabulary of the registry: one `LayerSpec` per layer type, declared as data.

Everything that needs to know about a layer (controls, validation, the URL codec,
code export, the README table, the registry-wide tests) reads it from here, so a
layer's facts are written exactly once.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from torch import nn

Params = Mapping[str, Any]
Shape = tuple[int, ...]


class Family(enum.Enum):
    """Course chapters; the order here is the order of the layer menu."""

    LINEAR = "linear"
    CONV = "convolution"
    POOL = "pooling"
    NORM = "normalization"
    DROPOUT = "dropout"
    RECURRENT = "recurrent"
    EMBEDDING = "embedding"
    ATTENTION = "attention & transformer"
    ACTIVATION = "activation"
    LOSS = "loss"


class Dist(enum.Enum):
    """How the input tensor is drawn; each maps to one line of plain PyTorch."""

    NORMAL = "normal"
    UNIFORM = "uniform"
    ONES = "ones"
    ZEROS = "zeros"
    ARANGE = "arange"
    IMAGE = "image"
    TOKENS = "tokens"


FLOAT_DISTS = (Dist.NORMAL, Dist.UNIFORM, Dist.ONES, Dist.ZEROS, Dist.ARANGE)
IMAGE_DISTS = (*FLOAT_DISTS, Dist.IMAGE)

ParamKind = Literal["int", "float", "bool", "choice", "int_or_choice"]


class SpecError(ValueError):
    """A value refused by the registry; `param` is the offending field, for people and for the API."""

    def __init__(self, param: str | None, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class ParamSpec:
    """One constructor argument, by torch's own name.

    `ui_max` bounds the slider; `high` is the hard limit that the API accepts, so a
    caller can ask for more than the slider shows and meet the memory budget instead.
    """

    name: str
    kind: ParamKind
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    ui_max: float | None = None
    choices: tuple[str, ...] = ()
    optional: bool = False  # None is a valid value (torch's own default is None)
    step: float | None = None

    def coerce(self, value: Any) -> Any:
        """Check one value strictly: the API refuses what torch would silently accept."""
        if value is None:
            if self.optional:
                return None
            raise SpecError(self.name, f"{self.name} is required (got null)")
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise SpecError(self.name, f"{self.name} must be true or false, got {value!r}")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise SpecError(
                    self.name,
                    f"{self.name} must be one of {', '.join(self.choices)}; got {value!r}",
                )
            return value
        if self.kind == "int_or_choice" and isinstance(value, str):
            if value in self.choices:
                return value
            raise SpecError(
                self.name,
                f"{self.name} must be an integer or one of {', '.join(self.choices)}; got {value!r}",
            )
        if self.kind in ("int", "int_or_choice"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise SpecError(self.name, f"{self.name} must be an integer, got {_short(value)}")
            return self._bounded(value)
        # float
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError(self.name, f"{self.name} must be a number, got {value!r}")
        try:
            number = float(value)
        except OverflowError:  # an int with hundreds of digits
            raise SpecError(self.name, f"{self.name} is too large to be a float") from None
        if not math.isfinite(number):
            raise SpecError(self.name, f"{self.name} must be finite, got {value!r}")
        return self._bounded(number)

    def _bounded(self, value: float) -> Any:
        if self.low is not None and value < self.low:
            raise SpecError(self.name, f"{self.name} must be >= {_fmt(self.low)}, got {value}")
        if self.high is not None and value > self.high:
            raise SpecError(self.name, f"{self.name} must be <= {_fmt(self.high)}, got {value}")
        return value


def _short(value: Any) -> str:
    """A value as it can go into a message: a megabyte string must not come back whole."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class Dim:
    """One axis of the input. A tied axis follows a parameter (in_features, in_channels),
    so changing the parameter keeps the input valid; a free axis is a control of its own."""

    name: str
    param: str | None = None
    default: int = 1
    low: int = 1
    high: int = 4096
    ui_max: int = 64
    help: str = ""

    @property
    def free(self) -> bool:
        return self.param is None


@dataclass(frozen=True)
class ExtraInput:
    """A second tensor the forward needs (Bilinear's x2, a decoder's memory, a loss target).

    `draw` is `"like"` (the main input's distribution), `"rand"`, `"randn"` or
    `"randint:<param>"` / `"randint:dim<i>"` for class indices below a bound.
    """

    name: str
    shape: Callable[[Params, Shape], Shape]
    draw: str
    comment: str


@dataclass(frozen=True)
class StateEntry:
    """One predicted `state_dict` entry: the registry's claim, checked against torch in tests."""

    name: str
    shape: Shape
    is_parameter: bool = True


Constraint = Callable[[Params, Shape], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Cost:
    """What a forward costs, from a formula instead of a trace: FLOPs as torch's flop counter
    counts them, the numbers in every tensor the forward makes (what the trace adds up for
    the memory estimate) and the largest of those tensors."""

    flops: int
    numbers: int
    largest: int


@dataclass(frozen=True)
class Slowdown:
    """How many times the work guard counts a configuration's FLOPs, and why (for its message)."""

    factor: int
    reason: str = ""


NO_SLOWDOWN = Slowdown(1)


@dataclass(frozen=True)
class LayerSpec:
    """One row of the registry: how to build, feed, call and predict a torch layer."""

    name: str
    family: Family
    cls: type[nn.Module]
    summary: str
    formula: str  # the shape rule, in PyTorch docstring style
    params: tuple[ParamSpec, ...]
    input_dims: Callable[[Params], tuple[Dim, ...]]
    predict_output: Callable[[Params, Shape], tuple[Shape, ...]]
    predict_state: Callable[[Params, Shape], tuple[StateEntry, ...]] = lambda p, s: ()
    # numbers in the biggest intermediate tensor, where it dwarfs inputs, outputs and
    # parameters (attention scores are N x heads x L x S): keeps big runs off the fast analysis
    scratch: Callable[[Params, Shape], int] = lambda p, s: 0
    # a closed form of the analysis, for layers whose trace costs more than their whole
    # update (a Transformer's is 400 ops through Python); tests/test_registry.py holds it
    # to the trace: FLOPs exactly, memory within a tolerance
    cost: Callable[[Params, Shape], Cost] | None = None
    # the work guard is a time budget counted in FLOPs, and some configurations run far below
    # torch's usual rate per FLOP: their FLOPs count this many times, for the reason given
    slowdown: Callable[[Params], Slowdown] = lambda p: NO_SLOWDOWN
    constraints: tuple[Constraint, ...] = ()
    dists: tuple[Dist, ...] = FLOAT_DISTS
    default_dist: Dist = Dist.NORMAL
    extra_inputs: tuple[ExtraInput, ...] = ()
    call_args: tuple[str, ...] = ("x",)  # names passed to forward, in order
    call_kwargs: tuple[tuple[str, Any], ...] = ()
    outputs: str = "output"  # how the result unpacks, as Python: "output, (h_n, c_n)"
    to_kwargs: Callable[[Params], dict[str, Any]] = field(default=lambda p: dict(p))
    elementwise: bool = False  # activations drawn as f(x) and f'(x)
    mode_note: str = ""  # what differs between train() and eval(), if anything
    is_loss: bool = False
    vocab_param: str | None = None  # token ids are drawn below this parameter's value
    any_rank: bool = False  # takes any input shape (element-wise layers); input_dims is only the default

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def param(self, name: str) -> ParamSpec:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(n.strip(" ()") for n in self.outputs.split(","))

    def dims(self, params: Params) -> tuple[Dim, ...]:
        return self.input_dims(params)

    def default_shape(self, params: Params) -> Shape:
        return tuple(params[d.param] if d.param else d.default for d in self.dims(params))

    def build(self, params: Params) -> nn.Module:
        return self.cls(**self.to_kwargs(params))
