"""Resolution: a State, checked against the registry's rules, with every default filled in,
becomes a plan the engine runs: a `Config` for a layer, a `ModelConfig` for a model.

One `resolve` for both, so a refusal reads the same in the Layer Lab, the builder and the API.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from playground.limits import LIMITS
from playground.registry.models import PRESETS, RANDOM_INPUTS, ModelPlan, Preset, random_plans, stackable
from playground.registry.specs import Dist, LayerSpec, Shape, SpecError, get_spec
from playground.registry.specs.base import IMAGE_DISTS
from playground.request.state import (
    InputState,
    RandomSpec,
    StackLayer,
    State,
    Subject,
    Values,
    check_known,
    check_uses,
    shape_of,
)


@dataclass(frozen=True)
class Config:
    """A state with every default filled in and every rule checked: what the engine runs."""

    spec: LayerSpec
    params: Mapping[str, Any]
    shape: Shape
    dist: Dist
    seed: int
    mode: str
    backward: bool
    scale: float = 1
    shift: float = 0
    values: Values | None = None
    after: tuple[Config, ...] = ()  # earlier runs of the same stream, replayed before this one
    calls: int = 1
    prints: tuple[str, ...] = ()

    def to_state(self) -> State:
        return State(
            layer=self.spec.name,
            params=MappingProxyType(dict(self.params)),
            input=InputState(
                tuple(self.shape),
                self.dist.value,
                self.seed,
                self.scale,
                self.shift,
                self.values,
                tuple(earlier.to_state() for earlier in self.after),
            ),
            mode=self.mode,
            backward=self.backward,
            calls=self.calls,
            prints=self.prints,
        )


@dataclass(frozen=True)
class ModelConfig:
    """Everything resolved: the plans to build, and the input to feed them."""

    state: State
    plans: tuple[ModelPlan, ...]
    shape: Shape
    dist: Dist
    vocab: int
    preset: Preset | None
    # each plan's layers as the Layer Lab resolves them, for a plan that is a stack (a custom
    # module's forward is its own code: none); what the model's budget adds up
    layers: tuple[tuple[Config, ...], ...] = ()

    @property
    def shapes(self) -> tuple[Shape, ...]:
        """A stack's predicted shapes, input first (a custom module's: the input's only)."""
        walked = self.layers[0] if self.layers else ()
        return (tuple(self.shape), *(c.spec.output_shapes(c.params, c.shape)[0] for c in walked))

    @property
    def cpu_only(self) -> bool:
        """The plain-list pitfall: `.to(device)` cannot move layers torch does not know about."""
        return self.preset is not None and "pitfall" in self.preset.shows

    @property
    def args(self) -> Mapping[str, Any]:
        """A preset's constructor arguments, every one of them (none for a stack or an ensemble)."""
        return self.plans[0].kwargs if self.preset is not None else MappingProxyType({})

    def to_state(self) -> State:
        """The state as it ran: the input and a preset's arguments every default resolved to."""
        given = dataclasses.replace(self.state.input, shape=tuple(self.shape), dist=self.dist.value)
        params = self.args if self.preset is not None else self.state.params
        return dataclasses.replace(self.state, params=params, input=given)


Plan = Config | ModelConfig


def resolve(state: State, user_input: bool = True) -> Plan:
    """Fill defaults, pick a fitting input, then check every rule of the registry, for a
    layer or a model; nothing is built. `user_input=False` is for a shape that a previous
    layer produced (a builder stack): the limits on what a person may type do not apply to
    it, the layer's own rules do."""
    if state.kind is Subject.LAYER:
        return _resolve_layer(state, user_input)
    return _resolve_model(state)


def _resolve_layer(state: State, user_input: bool) -> Config:
    spec = get_spec(state.layer)
    params = spec.defaults()
    # the page builds States without the JSON parser: every value is checked here as well
    check_known(state.params, spec.param_names, "", what=f"parameter of {spec.name}")
    params.update({name: spec.param(name).coerce(value) for name, value in state.params.items()})
    shape = state.input.shape if state.input.shape is not None else spec.default_shape(params)
    if state.input.values is not None:  # a typed tensor is the input: its shape is the one checked
        typed = shape_of(state.input.values)
        if state.input.shape is not None and tuple(state.input.shape) != typed:
            raise SpecError("input.values", f"input.values has shape {list(typed)}, but input.shape is {list(shape)}")
        shape = typed
    if spec.any_rank:  # element-wise: any shape torch takes, each axis within the free-axis limit
        dims = tuple(dataclasses.replace(spec.dims(params)[-1], name=f"#{i}", param=None) for i in range(len(shape)))
    elif len(shape) in spec.ranks(params):  # the full input, or one without its optional axis
        dims = spec.dims_for(params, shape)
    else:
        raise SpecError("input.shape", f"{spec.name} takes {spec.rank_text(params)}, got {list(shape)}")
    for size, dim in zip(shape, dims, strict=True):
        if isinstance(size, bool) or not isinstance(size, int):
            raise SpecError("input.shape", f"input.shape must hold integers, got {size!r}")
        if dim.param is not None and size != params[dim.param]:
            raise SpecError(
                "input.shape",
                f"input axis {dim.name} is {size} but {dim.param} is {params[dim.param]}: they must match",
            )
        # a tied axis obeys its parameter's range; a shape a layer made has no typing limit
        if dim.param is None and not dim.low <= size <= (
            dim.high if user_input else size
        ):  # a tied axis obeys its parameter's range
            raise SpecError(
                "input.shape",
                f"input axis {dim.name} must be in [{dim.low}, {dim.high}], got {size}",
            )
    dist = Dist(state.input.dist) if state.input.dist else spec.default_dist
    if dist not in spec.dists:
        allowed = ", ".join(d.value for d in spec.dists)
        raise SpecError(
            "input.dist",
            f"{spec.name} takes input.dist in: {allowed}; got {dist.value!r}",
        )
    if dist is Dist.TOKENS:  # ids index the embedding's rows: scaled or shifted they are other ids, or none
        for name, value, plain in (("scale", state.input.scale, 1), ("shift", state.input.shift, 0)):
            if value != plain:
                raise SpecError(
                    f"input.{name}",
                    f"token ids are rows of the embedding and are not scaled or shifted; got {name} {value!r}",
                )
    broken = spec.broken_rule(params, tuple(shape))
    if broken:
        raise SpecError(*broken)
    check_uses(spec, state.calls, state.prints)  # the page and links build States without the parser
    if state.input.values is not None and dist is Dist.TOKENS:
        _check_tokens(state.input.values, params[spec.vocab_param] if spec.vocab_param else None)
    return Config(
        spec,
        MappingProxyType(params),
        tuple(shape),
        dist,
        state.input.seed,
        state.mode,
        state.backward,
        state.input.scale,
        state.input.shift,
        state.input.values,
        _earlier(state.input.after, user_input),
        state.calls,
        state.prints,
    )


def _earlier(after: tuple[State, ...], user_input: bool) -> tuple[Config, ...]:
    configs = []
    for index, earlier in enumerate(after):
        try:
            configs.append(_resolve_layer(earlier, user_input))
        except SpecError as e:
            raise SpecError(f"input.after[{index}].{e.param}" if e.param else f"input.after[{index}]", e.message) from e
    return tuple(configs)


def _check_tokens(values: Values, vocab: int | None) -> None:
    """Token ids typed by hand: whole numbers the embedding has rows for."""
    flat = list(_flatten(values))
    if any(not isinstance(v, int) for v in flat):
        raise SpecError("input.values", "token ids must be whole numbers")
    if vocab is not None and not all(0 <= v < vocab for v in flat):
        raise SpecError("input.values", f"token ids must be in [0, {vocab - 1}] (num_embeddings is {vocab})")


def _flatten(values: Any) -> Iterator[Any]:
    if isinstance(values, tuple):
        for item in values:
            yield from _flatten(item)
    else:
        yield values


def _resolve_model(state: State) -> ModelConfig:
    """Pick the input, check that it fits, and predict sizes before anything is built."""
    if state.kind is Subject.PRESET:
        preset = PRESETS[state.model]
        # a preset's constructor arguments are its params (the page builds States without the
        # JSON parser: they are checked here as well); its input's axes follow them
        args = preset.with_defaults(state.params)
        shape = _fitting(state.input.shape, preset.input_shape_with(args), free_axes=(0,))
        dist = _model_dist(state.input.dist, preset.dist, shape)
        return ModelConfig(state, (preset.plan_with(args),), shape, dist, preset.vocab_with(args), preset, ((),))
    if state.kind is Subject.RANDOM:
        spec: RandomSpec = state.model
        default_shape, default_dist = RANDOM_INPUTS[spec.family]
        shape = _fitting(state.input.shape, default_shape, free_axes=tuple(range(len(default_shape))))
        if spec.family == "conv" and min(shape[2:]) < 2:
            raise SpecError("input.shape", f"a random convolutional model needs maps of at least 2x2, got {shape}")
        dist = _model_dist(state.input.dist, default_dist, shape)
        plans = random_plans(spec, shape)
        walked = tuple(() if p.factory else tuple(stack_configs(p.layers, shape, state.backward)) for p in plans)
        return ModelConfig(state, plans, shape, dist, 0, None, walked)
    layers: tuple[StackLayer, ...] = state.model
    first = get_spec(layers[0].layer)
    first_params = {**first.defaults(), **layers[0].params}
    shape = state.input.shape or stack_default_shape(layers)
    dist = _model_dist(state.input.dist, first.default_dist, shape, allowed=first.dists)
    configs = tuple(stack_configs(layers, shape, state.backward))
    vocab = first_params[first.vocab_param] if first.vocab_param else 0
    return ModelConfig(state, (ModelPlan("stack", layers=layers),), tuple(shape), dist, vocab, None, (configs,))


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
        allowed = (Dist.TOKENS,) if default is Dist.TOKENS else IMAGE_DISTS  # every float draw
    return tuple(d for d in allowed if d is not Dist.IMAGE or len(shape) in (3, 4))


def accepted_dists(state: State) -> tuple[Dist, ...]:
    """The input distributions this model takes with its input shape (its default when none is
    given), by the rules resolve_model applies: the page offers exactly these."""
    if state.kind is Subject.PRESET:
        preset = PRESETS[state.model]
        return _allowed_dists(preset.dist, state.input.shape or preset.input_shape_with(state.params), None)
    if state.kind is Subject.RANDOM:
        shape, default = RANDOM_INPUTS[state.model.family]
        return _allowed_dists(default, state.input.shape or shape, None)
    first = get_spec(state.model[0].layer)
    shape = state.input.shape or stack_default_shape(state.model)
    return _allowed_dists(first.default_dist, shape, first.dists)


# --- builder stacks ---------------------------------------------------------------------


def stack_default_shape(layers: tuple[StackLayer, ...]) -> Shape:
    """A stack's input when none is given: the default input of its first layer that needs a
    shape of its own. Layers that pass any shape through unchanged (an activation, Dropout)
    come first in a stack as often as anywhere, and their own default, (4, 8), would refuse
    the Linear(20, 64) after them that fixes the stack's input."""
    for item in layers:
        spec = get_spec(item.layer)
        params = {**spec.defaults(), **item.params}
        own = tuple(spec.default_shape(params))
        if not (spec.any_rank and tuple(spec.output_shapes(params, own)[0]) == own):
            return own
    spec = get_spec(layers[0].layer)
    return tuple(spec.default_shape({**spec.defaults(), **layers[0].params}))


def stack_shapes(layers: tuple[StackLayer, ...], shape: Shape) -> list[Shape]:
    """Walk the stack with the registry's shape rules; a mismatch names the layer and the fix."""
    configs = stack_configs(layers, shape)
    return [tuple(shape), *(c.spec.output_shapes(c.params, c.shape)[0] for c in configs)]


def stack_configs(layers: tuple[StackLayer, ...], shape: Shape, backward: bool = False) -> list[Config]:
    """Each layer of a stack resolved as the Layer Lab resolves one, on the shape the layer
    before it gives: what the shape walk checks and what the model's budget adds up."""
    shapes = [tuple(shape)]
    configs: list[Config] = []
    for index, item in enumerate(layers):
        spec = get_spec(item.layer)
        where = f"layers[{index}]"
        label = f"layer {index} ({spec.name})"
        if not stackable(spec.name):
            raise SpecError(f"{where}.layer", f"{label} cannot go in a Sequential: it takes or gives several tensors")
        params = {**spec.defaults(), **item.params}
        previous = shapes[-1]
        if len(previous) not in spec.ranks(params) and not spec.any_rank:
            hint = " Add a Flatten before it." if len(previous) > max(spec.ranks(params)) else ""
            raise SpecError(where, f"{label} takes {spec.rank_text(params)}; the previous output is {previous}.{hint}")
        # the axes the previous output really has: Linear -> BatchNorm1d gives (N, C), no L
        dims = spec.dims_for(params, previous)
        for axis, dim in enumerate(dims if not spec.any_rank else ()):
            if dim.param is not None and previous[axis] != params[dim.param]:
                source = "the input" if index == 0 else "the layer before it"
                raise SpecError(
                    f"{where}.{dim.param}",
                    f"{label} gets {previous} from {source}, so its {dim.param} must be {previous[axis]}; "
                    f"it is {params[dim.param]}",
                )
        if spec.vocab_param and index > 0:
            raise SpecError(
                f"{where}.layer",
                f"{label} looks up integer token ids, but the previous layer gives floats: put it first",
            )
        try:
            # the first layer's input is the one a person chose: the typing limits apply to it
            state = State(spec.name, MappingProxyType(dict(item.params)), InputState(previous), backward=backward)
            config = _resolve_layer(state, user_input=index == 0)
        except SpecError as e:
            # a refused input is the person's (first layer) or the previous layer's output
            if e.param and e.param.startswith("input"):
                param = e.param if index == 0 else where
            else:
                param = f"{where}.{e.param}" if e.param else where
            raise SpecError(param, f"{label}: {e.message}") from e
        shapes.append(spec.output_shapes(config.params, config.shape)[0])
        configs.append(config)
        if math.prod(shapes[-1]) > LIMITS.max_elements:
            raise SpecError(
                where,
                f"{label} would output {math.prod(shapes[-1]):,} numbers; the limit is {LIMITS.max_elements:,.0f}",
            )
    return configs
