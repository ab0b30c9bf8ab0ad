"""The playground's whole state as data, for a layer and a model alike: frozen dataclasses and
the strict JSON codec of the API and the workers. Resolution against the registry is
`plan.resolve`; the lenient codec of share links is `link`.

Strict here on purpose: an API caller wants to know exactly which field was wrong (a link,
read by a person, is lenient instead: see `link`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from playground.limits import LIMITS
from playground.records import Mode, Subject
from playground.registry.specs import Dist, LayerSpec, Shape, SpecError, get_spec
from playground.request.ranges import CLASSES, DEFAULT_CLASSES, RANGE_NAMES, check_ranges, family_range

VERSION = 1
MODES = tuple(Mode)
DEFAULT_MODE = Mode.TRAIN  # torch's own: a freshly built module is in train mode
MAX_SEED = 2**63 - 1
MAX_JSON_CHARS = int(LIMITS.max_json_chars)  # a real state is a few hundred characters
DEFAULT_SEED = 42
MAX_STACK = int(LIMITS.max_stack)  # layers in a builder stack
MAX_ENSEMBLE = int(LIMITS.max_ensemble)
DEFAULT_ENSEMBLE = 4  # models in a random ensemble when the state names no count
RANDOM_FAMILIES = ("dense", "conv", "recurrent")


@dataclass(frozen=True)
class InputState:
    shape: Shape | None = None  # None: a shape that fits the parameters
    dist: str | None = None  # None: the layer's default distribution
    seed: int = DEFAULT_SEED
    # `draw * scale + shift`, as a notebook writes `torch.rand(1, 4, 4) * 20 + 5`
    scale: float = 1
    shift: float = 0
    # a tensor typed by hand instead of a draw (nested lists, as `torch.tensor` takes them)
    values: Values | None = None
    # earlier layer runs that drew from the same seeded stream before this one, replayed in
    # order: how a notebook's later cells continue the stream its first cell seeded
    after: tuple[State, ...] = ()

    @property
    def drawn(self) -> bool:
        """Whether the input comes from the random stream (a typed tensor does not)."""
        return self.values is None


@dataclass(frozen=True)
class StackLayer:
    layer: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # the place of an earlier layer whose very module this one is (tied: one weight, two places);
    # `layer` and `params` then repeat that layer's, for the shape walk
    same_as: int | None = None


@dataclass(frozen=True)
class RandomSpec:
    family: str
    seed: int
    count: int
    # the ranges set, as (name, value) pairs in the family's order (see `ranges`); only those
    # that differ from the family's defaults, so that a state written without them is equal
    ranges: tuple[tuple[str, Any], ...] = ()

    def value(self, name: str) -> Any:
        """A range as the draws use it: the one set, else the family's default."""
        given = dict(self.ranges)
        if name in given:
            return given[name]
        return DEFAULT_CLASSES if name == CLASSES else family_range(self.family, name).default

    def ranges_dict(self) -> dict[str, Any]:
        """The ranges set, as JSON writes them."""
        return {name: list(value) if isinstance(value, tuple) else value for name, value in self.ranges}


Values = tuple[Any, ...]  # nested tuples of numbers: a typed tensor, frozen
Model = str | tuple[StackLayer, ...] | RandomSpec  # a preset's name, a builder stack, a random ensemble


@dataclass(frozen=True)
class State:
    """The whole of one run, for a layer (`layer` and `params`) or a model (`model`): the
    Layer Lab and the Model Builder, the API and the workers all pass this one record."""

    layer: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    input: InputState = InputState()
    mode: str = DEFAULT_MODE
    backward: bool = False
    model: Model | None = None
    # a model's summary also lists the calls its forward makes to torch functions (F.relu,
    # torch.flatten) between its modules; off, the rows are torchinfo's
    functional_calls: bool = False
    calls: int = 1  # the module called this many times on the same input (Dropout's masks differ)
    # reductions printed beside the tensors, as a notebook cell prints `x.mean()`
    prints: tuple[str, ...] = ()
    # a model's submodule to look inside, by its `named_modules()` name ("" the model itself)
    inside: str | None = None

    @property
    def kind(self) -> Subject:
        if self.model is None:
            return Subject.LAYER
        if isinstance(self.model, str):
            return Subject.PRESET
        return Subject.RANDOM if isinstance(self.model, RandomSpec) else Subject.STACK

    def to_dict(self) -> dict[str, Any]:
        if self.model is not None:
            subject: dict[str, Any] = {"model": self.model_dict()}
        else:
            subject = {"layer": self.layer, "params": dict(self.params)}
        data = {
            "v": VERSION,
            **subject,
            "input": self.input_dict(),
            "mode": str(self.mode),
            "backward": self.backward,
        }
        if self.functional_calls:  # only where it is used, as `calls` below
            data["functional_calls"] = True
        if self.calls != 1:  # only where it is used: the schema every client knows stays as it was
            data["calls"] = self.calls
        if self.prints:
            data["prints"] = list(self.prints)
        if self.inside is not None:
            data["inside"] = self.inside
        return data

    def input_dict(self) -> dict[str, Any]:
        given = self.input
        data: dict[str, Any] = {
            "shape": list(given.shape) if given.shape else None,
            "dist": given.dist,
            "seed": given.seed,
        }
        if given.scale != 1 or given.shift != 0:
            data |= {"scale": given.scale, "shift": given.shift}
        if given.values is not None:
            data["values"] = as_lists(given.values)
        if given.after:
            data["after"] = [earlier.to_dict() for earlier in given.after]
        return data

    def model_dict(self) -> dict[str, Any]:
        if isinstance(self.model, str):  # a preset; its constructor arguments, if any, are `params`
            return {"preset": self.model, **({"args": dict(self.params)} if self.params else {})}
        if isinstance(self.model, RandomSpec):
            spec = self.model
            return {"random": {"family": spec.family, "seed": spec.seed, "count": spec.count, **spec.ranges_dict()}}
        return {
            "layers": [
                {"same_as": item.same_as}
                if item.same_as is not None
                else {"layer": item.layer, "params": dict(item.params)}
                for item in self.model or ()
            ]
        }


# --- strict JSON ---------------------------------------------------------------------------

LAYER_KEYS = ("v", "layer", "params", "input", "mode", "backward", "calls", "prints")
REDUCTIONS = ("mean", "sum", "std", "min", "max")  # what `prints` may ask of a tensor, as `x.mean()`
MODEL_KEYS = ("v", "model", "input", "mode", "backward", "inside", "functional_calls")
MAX_INSIDE_CHARS = 200  # a submodule's qualified name: a deep one is well under this
INPUT_KEYS = ("shape", "dist", "seed", "scale", "shift", "values", "after")
MAX_CALLS = 2  # twice shows what changes from call to call; more adds nothing to see
MAX_VALUES = 256  # numbers typed by hand: a small tensor a person can read
MAX_AFTER = 8  # earlier runs replayed before this one: a lesson's cells
MAX_SCALE = 1e6
MODEL_KINDS = (Subject.PRESET, Subject.STACK, Subject.RANDOM)


def state_from_json(text: Any, subject: str | None = None) -> State:
    """Parse a state's JSON string; every refusal names the field it is about. `subject`
    ("layer" or "model") is what the endpoint runs; none: whichever the state holds."""
    return state_from_dict(read_json(text), subject)


def read_json(text: Any) -> Any:
    """The JSON text of any state, bounded: not a string, too long, not JSON or NaN are refused."""
    if not isinstance(text, str):
        raise SpecError(None, f"the state must be a JSON string, got {type(text).__name__}")
    if len(text) > MAX_JSON_CHARS:
        raise SpecError(None, f"the state is {len(text):,} characters; the limit is {MAX_JSON_CHARS:,}")
    try:
        return json.loads(text, parse_constant=refuse_constant)
    except (ValueError, RecursionError) as e:
        raise SpecError(None, f"the state is not valid JSON: {e}") from e


def refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def state_from_dict(data: Any, subject: str | None = None) -> State:
    """The one strict parser: the envelope, then the subject (a layer or a model), then the
    fields every run shares (input, mode, backward)."""
    if subject is None:
        subject = "model" if isinstance(data, dict) and "model" in data else "layer"
    check_envelope(data, MODEL_KEYS if subject == "model" else LAYER_KEYS)
    inputs, mode, backward = parse_run(data)
    if subject == "model":
        if inputs.values is not None or inputs.after:
            field_name = "input.values" if inputs.values is not None else "input.after"
            raise SpecError(field_name, f"{field_name} is for a layer run; a model draws its input")
        model = _parse_model(data.get("model"), inputs.seed)
        inside = _parse_inside(data.get("inside"), model)
        functional_calls = data.get("functional_calls", False)
        if not isinstance(functional_calls, bool):
            raise SpecError("functional_calls", f"functional_calls must be true or false, got {functional_calls!r}")
        return State(
            input=inputs,
            mode=mode,
            backward=backward,
            model=model,
            params=_preset_args(data["model"]),
            inside=inside,
            functional_calls=functional_calls,
        )
    spec = get_spec(data.get("layer"))
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise SpecError("params", f"params must be an object, got {type(params).__name__}")
    check_known(params, spec.param_names, "", what=f"parameter of {spec.name}")
    coerced = {name: spec.param(name).coerce(value) for name, value in params.items()}
    calls, prints = data.get("calls", 1), data.get("prints", [])
    check_uses(spec, calls, prints)
    return State(
        layer=spec.name,
        params=MappingProxyType(coerced),
        input=inputs,
        mode=mode,
        backward=backward,
        calls=calls,
        prints=tuple(prints),
    )


def check_uses(spec: LayerSpec, calls: Any, prints: Any) -> None:
    """How a layer run is used beyond its one call: `calls` and `prints`, checked against the layer."""
    if isinstance(calls, bool) or not isinstance(calls, int) or not 1 <= calls <= MAX_CALLS:
        raise SpecError("calls", f"calls must be an integer in [1, {MAX_CALLS}], got {calls!r}")
    if calls > 1 and len(spec.output_names) > 1:
        raise SpecError(
            "calls", f"{spec.name} gives several tensors; calling it again is offered for one-output layers"
        )
    allowed = [f"{t}.{r}()" for t in ("input", *spec.output_names) for r in REDUCTIONS]
    if not isinstance(prints, list | tuple) or len(prints) > len(allowed) or any(p not in allowed for p in prints):
        raise SpecError("prints", f"prints must be a list of: {', '.join(allowed)}; got {list(prints)!r}")


def _parse_model(model: Any, seed: int) -> Model:
    """One kind of model, and `args` only beside a preset (its constructor arguments: see `_preset_args`)."""
    kinds = [key for key in model if key in MODEL_KINDS] if isinstance(model, dict) else []
    if len(kinds) != 1 or any(key not in (*MODEL_KINDS, PRESET_ARGS) for key in model):
        raise SpecError(
            "model", 'model must be one of {"preset": ..., "args": {...}}, {"layers": [...]} or {"random": {...}}'
        )
    kind, value = kinds[0], model[kinds[0]]
    if kind == Subject.PRESET:
        return _preset_name(value)
    if PRESET_ARGS in model:
        raise SpecError(f"model.{PRESET_ARGS}", f"model.args goes with model.preset only, not with model.{kind}")
    return _stack(value) if kind == Subject.STACK else _random(value, seed)


PRESET_ARGS = "args"


def _parse_inside(value: Any, model: Model) -> str | None:
    """A submodule's qualified name, checked here for its type only: which names exist is known
    once the model is built (the engine refuses an unknown one, listing those it has). An
    ensemble holds several models, so `inside` would not say which one: refused."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_INSIDE_CHARS:
        raise SpecError(
            "inside",
            f'inside must be a submodule\'s name as named_modules() gives it ("" for the model itself), '
            f"a string of at most {MAX_INSIDE_CHARS} characters; got {value!r:.80}",
        )
    if isinstance(model, RandomSpec) and model.count > 1:
        raise SpecError(
            "inside",
            f"inside looks into one model, and this ensemble holds {model.count}: set random.count to 1 "
            "to look inside its model",
        )
    return value


def _preset_name(value: Any) -> str:
    from playground.registry.models import PRESETS  # the presets build torch modules: loaded when a preset is named

    if not isinstance(value, str) or value not in PRESETS:
        raise SpecError("model.preset", f"unknown preset {value!r}; choose one of: {', '.join(PRESETS)}")
    return str(value)


def _preset_args(model: dict[str, Any]) -> Mapping[str, Any]:
    """A preset's constructor arguments as given (`MLP`'s `hidden_size`), checked by name,
    type and range; they travel as the state's `params`, as a layer's do."""
    from playground.registry.models import PRESETS

    if PRESET_ARGS not in model:
        return MappingProxyType({})
    return MappingProxyType(PRESETS[model[Subject.PRESET]].check_args(model[PRESET_ARGS]))


def _stack(value: Any) -> tuple[StackLayer, ...]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_STACK:
        raise SpecError("model.layers", f"model.layers must be a list of 1 to {MAX_STACK} layers")
    layers = []
    for index, item in enumerate(value):
        where = f"layers[{index}]"
        if not isinstance(item, dict):
            raise SpecError(where, f"{where} must be an object with 'layer' and 'params'")
        if "same_as" in item:
            layers.append(_tied(item, index, layers))
            continue
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


def _tied(item: dict[str, Any], index: int, earlier: list[StackLayer]) -> StackLayer:
    """`{"same_as": k}`: layer k again, the same module object, as a shared layer is placed twice."""
    where = f"layers[{index}]"
    check_known(item, ("same_as",), f"{where}.")
    target = item["same_as"]
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < index:
        raise SpecError(f"{where}.same_as", f"{where}.same_as must be the place of an earlier layer, 0 to {index - 1}")
    original = earlier[target]
    if original.same_as is not None:
        raise SpecError(f"{where}.same_as", f"layer {target} is itself layer {original.same_as} again: name that one")
    return StackLayer(original.layer, original.params, same_as=target)


def _random(value: Any, seed: int) -> RandomSpec:
    """The family, the architecture seed, the count and the ranges the draws are made from (see `ranges`)."""
    if not isinstance(value, dict):
        raise SpecError("model.random", "model.random must be an object with 'family', 'seed' and 'count'")
    check_known(value, ("family", "seed", "count", *RANGE_NAMES, CLASSES), "random.")
    family = value.get("family")
    if family not in RANDOM_FAMILIES:
        raise SpecError("random.family", f"random.family must be one of {', '.join(RANDOM_FAMILIES)}; got {family!r}")
    count = value.get("count", DEFAULT_ENSEMBLE)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ENSEMBLE:
        raise SpecError("random.count", f"random.count must be an integer in [1, {MAX_ENSEMBLE}], got {count!r}")
    try:
        architecture_seed = parse_seed(value.get("seed", seed))
    except SpecError as e:
        raise SpecError("random.seed", e.message.replace("input.seed", "random.seed")) from e
    given = {key: item for key, item in value.items() if key not in ("family", "seed", "count")}
    return RandomSpec(family, architecture_seed, count, check_ranges(family, given))


def check_envelope(data: Any, keys: tuple[str, ...]) -> None:
    """What every state is wrapped in, layer or model: an object of known keys, this version."""
    if not isinstance(data, dict):
        raise SpecError(None, f"the state must be a JSON object, got {type(data).__name__}")
    check_known(data, keys, "")
    version = data.get("v", VERSION)
    if isinstance(version, bool) or version != VERSION or not isinstance(version, int):
        raise SpecError("v", f"v must be {VERSION}, got {version!r}")


def parse_run(data: dict[str, Any]) -> tuple[InputState, str, bool]:
    """The fields a layer state and a model state share: the input, the mode, backward."""
    raw_input = data.get("input", {})
    if not isinstance(raw_input, dict):
        raise SpecError("input", f"input must be an object, got {type(raw_input).__name__}")
    check_known(raw_input, INPUT_KEYS, "input.")
    mode = data.get("mode", DEFAULT_MODE)
    if mode not in MODES:
        raise SpecError("mode", f"mode must be 'train' or 'eval', got {mode!r}")
    mode = Mode(mode)
    backward = data.get("backward", False)
    if not isinstance(backward, bool):
        raise SpecError("backward", f"backward must be true or false, got {backward!r}")
    values = parse_values(raw_input.get("values"))
    shape = parse_shape(raw_input.get("shape"))
    if values is not None and shape is not None and shape != shape_of(values):
        given = f"input.shape {list(shape)} is not the shape of input.values, {list(shape_of(values))}"
        raise SpecError("input.shape", given)
    inputs = InputState(
        shape=shape_of(values) if values is not None else shape,
        dist=parse_dist(raw_input.get("dist")),
        seed=parse_seed(raw_input.get("seed", DEFAULT_SEED)),
        scale=parse_number(raw_input.get("scale", 1), "input.scale"),
        shift=parse_number(raw_input.get("shift", 0), "input.shift"),
        values=values,
        after=parse_after(raw_input.get("after", [])),
    )
    return inputs, mode, backward


def parse_number(value: Any, where: str) -> float:
    """A finite number within reach of float32 arithmetic; an integer stays one (`* 20`, as typed)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) <= MAX_SCALE:
        raise SpecError(where, f"{where} must be a number in [-{MAX_SCALE:g}, {MAX_SCALE:g}], got {value!r}")
    return value


def parse_values(value: Any) -> Values | None:
    """Nested lists of numbers, rectangular, at most MAX_VALUES of them, frozen as tuples."""
    if value is None:
        return None
    count = 0

    def freeze(item: Any, depth: int) -> Any:
        nonlocal count
        if isinstance(item, list):
            if not item or depth >= 6:
                raise SpecError("input.values", "input.values must be nested lists of 1 to 6 levels, none empty")
            return tuple(freeze(inner, depth + 1) for inner in item)
        if isinstance(item, bool) or not isinstance(item, int | float) or not abs(item) <= MAX_SCALE:
            bound = f"{MAX_SCALE:,.0f}"
            raise SpecError("input.values", f"input.values must hold numbers from -{bound} to {bound}, got {item!r}")
        count += 1
        if count > MAX_VALUES:
            raise SpecError("input.values", f"input.values holds more than {MAX_VALUES} numbers")
        return item

    if not isinstance(value, list):
        raise SpecError("input.values", f"input.values must be a list, got {type(value).__name__}")
    frozen = freeze(value, 0)
    shape_of(frozen)  # refuses a ragged nesting
    return frozen


def shape_of(values: Values) -> Shape:
    """The shape torch.tensor gives nested sequences, or a refusal for a ragged one."""
    if not isinstance(values, tuple):
        return ()
    inner = {shape_of(item) for item in values}
    if len(inner) != 1:
        raise SpecError("input.values", "input.values must be rectangular: every row the same length")
    return (len(values), *inner.pop())


def as_lists(values: Any) -> Any:
    return [as_lists(item) for item in values] if isinstance(values, tuple) else values


def parse_after(value: Any) -> tuple[State, ...]:
    """Earlier layer runs of the same stream: full layer states in order, one flat list (none
    continues another). Their own seeds are not used: the run's seed starts the stream."""
    if not isinstance(value, list) or len(value) > MAX_AFTER:
        raise SpecError("input.after", f"input.after must be a list of at most {MAX_AFTER} layer states")
    earlier = []
    for index, item in enumerate(value):
        where = f"input.after[{index}]"
        try:
            state = state_from_dict(item, "layer")
        except SpecError as e:
            raise SpecError(f"{where}.{e.param}" if e.param else where, e.message) from e
        if state.input.after:
            raise SpecError(f"{where}.input.after", "an earlier run cannot itself continue another: list them all")
        earlier.append(state)
    return tuple(earlier)


def check_known(data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str, what: str = "field") -> None:
    for key in data:
        if key not in allowed:
            expected = f"expected one of: {', '.join(allowed) or 'none'}"
            raise SpecError(f"{prefix}{key}", f"unknown {what} {prefix}{key!s}; {expected}")


def parse_shape(value: Any) -> Shape | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or len(value) > 6:
        raise SpecError(
            "input.shape",
            f"input.shape must be a list of 1 to 6 integers, got {value!r}",
        )
    for size in value:
        if isinstance(size, bool) or not isinstance(size, int):
            raise SpecError("input.shape", f"input.shape must hold integers, got {size!r}")
    return tuple(value)


def parse_dist(value: Any) -> str | None:
    if value is None:
        return None
    if value not in [d.value for d in Dist]:
        raise SpecError(
            "input.dist",
            f"input.dist must be one of {', '.join(d.value for d in Dist)}; got {value!r}",
        )
    return str(value)


def parse_seed(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise SpecError(
            "input.seed",
            f"input.seed must be an integer in [0, 2**63 - 1], got {value!r}",
        )
    return value
