"""The state of a model run, the strict JSON codec of `/run_model`, and its resolution.

`"model"` is one of `{"preset": name}`, `{"layers": [{"layer": ..., "params": {...}}, ...]}`
or `{"random": {"family": ..., "seed": ..., "count": ...}}`; input, mode and backward are
read as in a layer state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .limits import LIMITS
from .models import (
    MAX_ENSEMBLE,
    MAX_STACK,
    PRESETS,
    RANDOM_FAMILIES,
    RANDOM_INPUTS,
    ModelPlan,
    Preset,
    RandomSpec,
    StackLayer,
    random_plans,
    stack_shapes,
)
from .specs import Dist, Shape, SpecError, get_spec
from .state import (
    DEFAULT_MODE,
    VERSION,
    InputState,
    check_envelope,
    check_known,
    parse_run,
    parse_seed,
    read_json,
)

MAX_MODEL_MB = LIMITS.max_model_mb  # a builder stack's parameters and activations, predicted before building
MODEL_KEYS = ("v", "model", "input", "mode", "backward")
KINDS = ("preset", "layers", "random")


@dataclass(frozen=True)
class ModelState:
    model: Any  # a preset name (str), a tuple of StackLayer, or a RandomSpec
    input: InputState = field(default_factory=InputState)
    mode: str = DEFAULT_MODE
    backward: bool = False

    @property
    def kind(self) -> str:
        if isinstance(self.model, str):
            return "preset"
        return "random" if isinstance(self.model, RandomSpec) else "layers"

    def to_dict(self) -> dict[str, Any]:
        shape = list(self.input.shape) if self.input.shape else None
        return {
            "v": VERSION,
            "model": self.model_dict(),
            "input": {"shape": shape, "dist": self.input.dist, "seed": self.input.seed},
            "mode": self.mode,
            "backward": self.backward,
        }

    def model_dict(self) -> dict[str, Any]:
        if isinstance(self.model, str):
            return {"preset": self.model}
        if isinstance(self.model, RandomSpec):
            return {"random": {"family": self.model.family, "seed": self.model.seed, "count": self.model.count}}
        return {"layers": [{"layer": item.layer, "params": dict(item.params)} for item in self.model]}


@dataclass(frozen=True)
class ModelConfig:
    """Everything resolved: the plans to build, and the input to feed them."""

    state: ModelState
    plans: tuple[ModelPlan, ...]
    shape: Shape
    dist: Dist
    vocab: int
    preset: Preset | None
    shapes: tuple[Shape, ...] = ()  # a stack's predicted shapes, input first

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "model": self.state.model_dict(),
            "input": {"shape": list(self.shape), "dist": self.dist.value, "seed": self.state.input.seed},
            "mode": self.state.mode,
            "backward": self.state.backward,
        }


def model_state_from_json(text: Any) -> ModelState:
    return model_state_from_dict(read_json(text))


def model_state_from_dict(data: Any) -> ModelState:
    check_envelope(data, MODEL_KEYS)
    model = data.get("model")
    if not isinstance(model, dict) or len(model) != 1 or next(iter(model)) not in KINDS:
        raise SpecError("model", 'model must be one of {"preset": ...}, {"layers": [...]} or {"random": {...}}')
    kind, value = next(iter(model.items()))
    inputs, mode, backward = parse_run(data)
    parsed = {"preset": _preset_name, "layers": _stack, "random": lambda v: _random(v, inputs.seed)}[kind](value)
    return ModelState(parsed, inputs, mode, backward)


def _preset_name(value: Any) -> str:
    if not isinstance(value, str) or value not in PRESETS:
        raise SpecError("model.preset", f"unknown preset {value!r}; choose one of: {', '.join(PRESETS)}")
    return str(value)


def _stack(value: Any) -> tuple[StackLayer, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_STACK:
        raise SpecError("model.layers", f"model.layers must be a list of 1 to {MAX_STACK} layers")
    layers = []
    for index, item in enumerate(value):
        where = f"layers[{index}]"
        if not isinstance(item, dict):
            raise SpecError(where, f"{where} must be an object with 'layer' and 'params'")
        check_known(item, ("layer", "params"), f"{where}.")
        try:
            spec = get_spec(item.get("layer"))
        except SpecError as e:
            raise SpecError(f"{where}.layer", e.message) from e
        params = item.get("params", {})
        if not isinstance(params, dict):
            raise SpecError(f"{where}.params", f"{where}.params must be an object")
        check_known(params, spec.param_names, f"{where}.", what=f"parameter of {spec.name}")
        coerced = {}
        for name, raw in params.items():
            try:
                coerced[name] = spec.param(name).coerce(raw)
            except SpecError as e:
                raise SpecError(f"{where}.{name}", e.message) from e
        layers.append(StackLayer(spec.name, MappingProxyType(coerced)))
    return tuple(layers)


def _random(value: Any, seed: int) -> RandomSpec:
    if not isinstance(value, dict):
        raise SpecError("model.random", "model.random must be an object with 'family', 'seed' and 'count'")
    check_known(value, ("family", "seed", "count"), "random.")
    family = value.get("family")
    if family not in RANDOM_FAMILIES:
        raise SpecError("random.family", f"random.family must be one of {', '.join(RANDOM_FAMILIES)}; got {family!r}")
    count = value.get("count", 4)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ENSEMBLE:
        raise SpecError("random.count", f"random.count must be an integer in [1, {MAX_ENSEMBLE}], got {count!r}")
    try:
        architecture_seed = parse_seed(value.get("seed", seed))
    except SpecError as e:
        raise SpecError("random.seed", e.message.replace("input.seed", "random.seed")) from e
    return RandomSpec(family, architecture_seed, count)


def resolve_model(state: ModelState) -> ModelConfig:
    """Pick the input, check that it fits, and predict sizes before anything is built."""
    if state.kind == "preset":
        preset = PRESETS[state.model]
        shape = _fitting(state.input.shape, preset.input_shape, free_axes=(0,))
        dist = _model_dist(state.input.dist, preset.dist, shape)
        return ModelConfig(state, (preset.plan,), shape, dist, preset.vocab, preset)
    if state.kind == "random":
        spec: RandomSpec = state.model
        default_shape, default_dist = RANDOM_INPUTS[spec.family]
        shape = _fitting(state.input.shape, default_shape, free_axes=tuple(range(len(default_shape))))
        if spec.family == "conv" and min(shape[2:]) < 2:
            raise SpecError("input.shape", f"a random convolutional model needs maps of at least 2x2, got {shape}")
        dist = _model_dist(state.input.dist, default_dist, shape)
        return ModelConfig(state, random_plans(spec, shape), shape, dist, 0, None)
    layers: tuple[StackLayer, ...] = state.model
    first = get_spec(layers[0].layer)
    first_params = {**first.defaults(), **layers[0].params}
    shape = state.input.shape or first.default_shape(first_params)
    dist = _model_dist(state.input.dist, first.default_dist, shape, allowed=first.dists)
    plan = ModelPlan("stack", layers=layers)
    shapes = stack_shapes(layers, shape)
    vocab = first_params[first.vocab_param] if first.vocab_param else 0
    return ModelConfig(state, (plan,), tuple(shape), dist, vocab, None, tuple(shapes))


def _fitting(given: Shape | None, default: Shape, free_axes: tuple[int, ...]) -> Shape:
    """A preset fixes its feature axes; only the batch (or sequence) axis may change."""
    if given is None:
        return tuple(default)
    if len(given) != len(default):
        raise SpecError(
            "input.shape", f"this model takes a {len(default)}-d input like {list(default)}, got {list(given)}"
        )
    for axis, (size, expected) in enumerate(zip(given, default, strict=True)):
        if not 1 <= size <= 4096:
            raise SpecError("input.shape", f"input axis {axis} must be in [1, 4096], got {size}")
        if axis not in free_axes and size != expected:
            raise SpecError("input.shape", f"input axis {axis} must be {expected} for this model, got {size}")
    if math.prod(given) > 2**24:
        raise SpecError("input.shape", f"the input would hold {math.prod(given):,} numbers; the limit is {2**24:,}")
    return tuple(given)


def _model_dist(given: str | None, default: Dist, shape: Shape, allowed: tuple[Dist, ...] | None = None) -> Dist:
    dist = Dist(given) if given else default
    allowed = _allowed_dists(default, shape, allowed)
    if dist not in allowed:
        raise SpecError(
            "input.dist", f"this model takes input.dist in: {', '.join(d.value for d in allowed)}; got {dist.value!r}"
        )
    return dist


def _allowed_dists(default: Dist, shape: Shape, allowed: tuple[Dist, ...] | None) -> tuple[Dist, ...]:
    """A model fed token ids takes only tokens; a float model takes every float draw, and a
    sample image only where the input is a batch of maps (N, C, H, W) or one unbatched (C, H, W)."""
    if allowed is None:
        allowed = (Dist.TOKENS,) if default is Dist.TOKENS else tuple(d for d in Dist if d is not Dist.TOKENS)
    return tuple(d for d in allowed if d is not Dist.IMAGE or len(shape) in (3, 4))


def accepted_dists(state: ModelState) -> tuple[Dist, ...]:
    """The input distributions this model takes with its input shape (its default when none is
    given), by the rules resolve_model applies: the page offers exactly these."""
    if state.kind == "preset":
        preset = PRESETS[state.model]
        return _allowed_dists(preset.dist, state.input.shape or preset.input_shape, None)
    if state.kind == "random":
        shape, default = RANDOM_INPUTS[state.model.family]
        return _allowed_dists(default, state.input.shape or shape, None)
    first = get_spec(state.model[0].layer)
    shape = state.input.shape or first.default_shape({**first.defaults(), **state.model[0].params})
    return _allowed_dists(first.default_dist, shape, first.dists)
