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
    LOG_SOFTMAX = "log_softmax"  # log-probabilities over the classes (axis 1, or 0 unbatched): NLLLoss's input


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
    # the spatial axes, by name, that a tuple gives one value each (Conv2d's kernel_size (3, 5)
    # is 3 along H and 5 along W); empty: an integer only
    axes: tuple[str, ...] = ()

    def coerce(self, value: Any) -> Any:
        """Check one value strictly: the API refuses what torch would silently accept."""
        if value is None:
            if self.optional:
                return None
            raise SpecError(self.name, f"{self.name} is required (got null)")
        if self.axes and isinstance(value, (list, tuple)):
            return self._per_axis(value)
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
                per_axis = f" or a list of {len(self.axes)} (one per axis {', '.join(self.axes)})" if self.axes else ""
                raise SpecError(self.name, f"{self.name} must be an integer{per_axis}, got {_short(value)}")
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

    def _per_axis(self, values: list[Any] | tuple[Any, ...]) -> tuple[int, ...]:
        """A list (JSON) or tuple of one integer per spatial axis, each in the int's own range;
        kept as a tuple even when its entries are equal, since torch prints what it is given
        (`MaxPool2d((3, 3))` shows `kernel_size=(3, 3)`, `MaxPool2d(3)` shows `kernel_size=3`)."""
        n = len(self.axes)
        if len(values) != n:
            raise SpecError(
                self.name,
                f"{self.name} must be an integer or a list of {n} integer{'s' if n > 1 else ''}, "
                f"one per axis ({', '.join(self.axes)}); got {_short(values)}",
            )
        for axis, value in zip(self.axes, values, strict=True):
            if isinstance(value, bool) or not isinstance(value, int):
                raise SpecError(self.name, f"{self.name} along {axis} must be an integer, got {_short(value)}")
            if self.low is not None and value < self.low:
                raise SpecError(self.name, f"{self.name} along {axis} must be >= {_fmt(self.low)}, got {value}")
            if self.high is not None and value > self.high:
                raise SpecError(self.name, f"{self.name} along {axis} must be <= {_fmt(self.high)}, got {value}")
        return tuple(values)

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
class OptionalAxis:
    """An input axis that torch lets a caller leave out: the batch axis N of an unbatched input
    (Conv2d takes (C, H, W), an LSTM (L, H_in)), or L of BatchNorm1d's (N, C).

    The registry's rules (shapes, state, cost, constraints) are written once, for the full
    input; without the axis, LayerSpec feeds them the axis at size 1 and takes it out again
    from every output, at the index `outputs(params)` gives for each (None: that output has no
    such axis, as a reduced loss has no batch)."""

    name: str
    outputs: Callable[[Params], tuple[int | None, ...]] = lambda p: (0,)


UNBATCHED = OptionalAxis("N")  # batch first in the input and in the one output


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
class Wrapped:
    """The layer a wrapper is built around, as torch's docs build it: TransformerEncoder stacks
    copies of the `encoder_layer` it is given, so the registry builds that layer first from the
    parameters named here and passes it as `arg`; the other parameters are the wrapper's own."""

    arg: str
    cls: type[nn.Module]
    params: tuple[str, ...]


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
    # how many channels an element-wise layer's curve is swept over: 1 sweeps a 1-d tensor (one
    # curve); more sweep (points, channels), torch's channel axis 1, one curve a channel, for a
    # layer whose parameters are per channel (PReLU with num_parameters > 1 refuses a 1-d input)
    curve_channels: Callable[[Params], int] = lambda p: 1
    mode_note: str = ""  # what differs between train() and eval(), if anything
    is_loss: bool = False
    vocab_param: str | None = None  # token ids are drawn below this parameter's value
    any_rank: bool = False  # takes any input shape (element-wise layers); input_dims is only the default
    optional_axis: OptionalAxis | None = None  # an axis of input_dims torch also takes the input without
    wraps: Wrapped | None = None  # built around another layer, made from some of the parameters

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

    def changed(self, params: Params) -> dict[str, Any]:
        """What was set away from the defaults: a description names these and means the rest."""
        return {name: value for name, value in params.items() if value != self.param(name).default}

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(n.strip(" ()") for n in self.outputs.split(","))

    def dims(self, params: Params) -> tuple[Dim, ...]:
        return self.input_dims(params)

    def default_shape(self, params: Params) -> Shape:
        return tuple(params[d.param] if d.param else d.default for d in self.dims(params))

    # --- shapes as given: the full input, or one without its optional axis ------------------
    # predict_output, predict_state, scratch, cost and constraints are rules for the full
    # input; the methods below take the shape a person gave and apply them.

    def ranks(self, params: Params) -> tuple[int, ...]:
        """The input ranks torch takes (any_rank layers take any; resolve handles those)."""
        full = len(self.dims(params))
        return (full, full - 1) if self.optional_axis is not None else (full,)

    def rank_text(self, params: Params) -> str:
        """What the input must look like, in words: 'a 4-d input (N, C, H, W) or a 3-d one without N (C, H, W)'."""
        dims = self.dims(params)
        text = f"a {len(dims)}-d input ({', '.join(d.name for d in dims)})"
        if self.optional_axis is None:
            return text
        kept = [d.name for d in dims if d.name != self.optional_axis.name]
        return f"{text} or a {len(kept)}-d one without {self.optional_axis.name} ({', '.join(kept)})"

    def _dropped(self, params: Params, shape: Shape) -> int | None:
        """Where the optional axis is missing from `shape` (its index in the full input), if it is."""
        if self.optional_axis is None or self.any_rank:
            return None
        dims = self.dims(params)
        if len(shape) != len(dims) - 1:
            return None
        return [d.name for d in dims].index(self.optional_axis.name)

    def dims_for(self, params: Params, shape: Shape) -> tuple[Dim, ...]:
        """The axes `shape` really has: the result's input_dims, the exported code's comment.
        None (empty) for an any-rank layer's input of another rank than its default: no name fits."""
        dims, index = self.dims(params), self._dropped(params, shape)
        if self.any_rank and len(shape) != len(dims):
            return ()
        return dims if index is None else dims[:index] + dims[index + 1 :]

    def full_shape(self, params: Params, shape: Shape) -> Shape:
        """The shape with a missing optional axis put back at size 1: what the rules are written for."""
        index = self._dropped(params, shape)
        return tuple(shape) if index is None else (*shape[:index], 1, *shape[index:])

    def _without_axis(self, params: Params, shape: Shape, outputs: tuple[Shape, ...]) -> tuple[Shape, ...]:
        if self._dropped(params, shape) is None or self.optional_axis is None:
            return outputs
        axes = self.optional_axis.outputs(params)
        return tuple(
            out if axis is None else (*out[:axis], *out[axis + 1 :]) for out, axis in zip(outputs, axes, strict=True)
        )

    def output_shapes(self, params: Params, shape: Shape) -> tuple[Shape, ...]:
        full = self.full_shape(params, shape)
        return self._without_axis(params, shape, tuple(tuple(o) for o in self.predict_output(params, full)))

    def state_entries(self, params: Params, shape: Shape) -> tuple[StateEntry, ...]:
        return self.predict_state(params, self.full_shape(params, shape))

    def scratch_numbers(self, params: Params, shape: Shape) -> int:
        return self.scratch(params, self.full_shape(params, shape))

    def broken_rule(self, params: Params, shape: Shape) -> tuple[str, str] | None:
        """The first constraint `shape` and `params` break, as (parameter, message)."""
        full = self.full_shape(params, shape)
        for rule in self.constraints:
            broken = rule(params, full)
            if broken:
                return broken
        return None

    def extra_shape(self, extra: ExtraInput, params: Params, shape: Shape) -> Shape:
        """An extra input is laid out as the main one: without its batch when the main one has none."""
        index = self._dropped(params, shape)
        full = tuple(extra.shape(params, self.full_shape(params, shape)))
        return full if index is None else (*full[:index], *full[index + 1 :])

    def split_kwargs(self, params: Params) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the wrapped layer's constructor arguments, the layer's own); the first is empty
        unless the layer `wraps` another."""
        kwargs = self.to_kwargs(params)
        if self.wraps is None:
            return {}, kwargs
        inner = {name: kwargs.pop(name) for name in self.wraps.params}
        return inner, kwargs

    def build(self, params: Params) -> nn.Module:
        """The module, as the exported code builds it: a wrapped layer first, then the wrapper
        (it draws its weights in the same order, so a seed gives the same numbers)."""
        inner, own = self.split_kwargs(params)
        if self.wraps is None:
            return self.cls(**own)
        return self.cls(**{self.wraps.arg: self.wraps.cls(**inner)}, **own)
