"""The playground's whole state as data: frozen dataclasses, the strict JSON codec of the
API, the lenient URL codec of share links, and resolution against the registry.

Strict and lenient on purpose: an API caller wants to know exactly which field was
wrong, while a person opening an old link wants a page, with a note on what was dropped.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .limits import LIMITS
from .specs import Dist, LayerSpec, Shape, SpecError, get_spec

VERSION = 1
MODES = ("train", "eval")
DEFAULT_MODE = "train"  # torch's own: a freshly built module is in train mode
MAX_SEED = 2**63 - 1
MAX_JSON_CHARS = int(LIMITS.max_json_chars)  # a real state is a few hundred characters
DEFAULT_SEED = 42


@dataclass(frozen=True)
class InputState:
    shape: Shape | None = None  # None: a shape that fits the parameters
    dist: str | None = None  # None: the layer's default distribution
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class State:
    layer: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    input: InputState = InputState()
    mode: str = DEFAULT_MODE
    backward: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "v": VERSION,
            "layer": self.layer,
            "params": dict(self.params),
        }
        data["input"] = {
            "shape": list(self.input.shape) if self.input.shape else None,
            "dist": self.input.dist,
        }
        data["input"]["seed"] = self.input.seed
        data.update(mode=self.mode, backward=self.backward)
        return data


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

    def to_state(self) -> State:
        return State(
            layer=self.spec.name,
            params=MappingProxyType(dict(self.params)),
            input=InputState(tuple(self.shape), self.dist.value, self.seed),
            mode=self.mode,
            backward=self.backward,
        )


# --- strict JSON ---------------------------------------------------------------------------

TOP_KEYS = ("v", "layer", "params", "input", "mode", "backward")
INPUT_KEYS = ("shape", "dist", "seed")


def state_from_json(text: Any) -> State:
    """Parse the API's JSON string; every refusal names the field it is about."""
    return state_from_dict(read_json(text))


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


def state_from_dict(data: Any) -> State:
    check_envelope(data, TOP_KEYS)
    spec = get_spec(data.get("layer"))
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise SpecError("params", f"params must be an object, got {type(params).__name__}")
    check_known(params, spec.param_names, "", what=f"parameter of {spec.name}")
    coerced = {name: spec.param(name).coerce(value) for name, value in params.items()}
    inputs, mode, backward = parse_run(data)
    return State(layer=spec.name, params=MappingProxyType(coerced), input=inputs, mode=mode, backward=backward)


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
    backward = data.get("backward", False)
    if not isinstance(backward, bool):
        raise SpecError("backward", f"backward must be true or false, got {backward!r}")
    inputs = InputState(
        shape=parse_shape(raw_input.get("shape")),
        dist=parse_dist(raw_input.get("dist")),
        seed=parse_seed(raw_input.get("seed", DEFAULT_SEED)),
    )
    return inputs, mode, backward


def check_known(data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str, what: str = "field") -> None:
    for key in data:
        if key not in allowed:
            raise SpecError(
                f"{prefix}{key}",
                f"unknown {what} {prefix}{key!s}; expected one of: {', '.join(allowed) or 'none'}",
            )


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


# --- resolution --------------------------------------------------------------------------


def resolve(state: State, user_input: bool = True) -> Config:
    """Fill defaults, pick a fitting input, then check every rule of the registry.

    `user_input=False` is for a shape that a previous layer produced (a builder stack): the
    limits on what a person may type do not apply to it, the layer's own rules do."""
    spec = get_spec(state.layer)
    params = spec.defaults()
    # the page builds States without the JSON parser: every value is checked here as well
    check_known(state.params, spec.param_names, "", what=f"parameter of {spec.name}")
    params.update({name: spec.param(name).coerce(value) for name, value in state.params.items()})
    shape = state.input.shape if state.input.shape is not None else spec.default_shape(params)
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
    broken = spec.broken_rule(params, tuple(shape))
    if broken:
        raise SpecError(*broken)
    return Config(
        spec,
        MappingProxyType(params),
        tuple(shape),
        dist,
        state.input.seed,
        state.mode,
        state.backward,
    )


# --- URL query ---------------------------------------------------------------------------


def state_to_query(state: State) -> str:
    """A short, self-describing query: only what differs from the defaults, so links stay readable."""
    spec = get_spec(state.layer)
    pairs: list[tuple[str, str]] = [("layer", spec.name)]
    for name, value in state.params.items():
        if value != spec.param(name).default:
            pairs.append((name, _query_value(value)))
    if state.input.shape is not None:
        pairs.append(("shape", "x".join(map(str, state.input.shape))))
    if state.input.dist is not None:
        pairs.append(("dist", state.input.dist))
    if state.input.seed != DEFAULT_SEED:
        pairs.append(("seed", str(state.input.seed)))
    if state.mode != DEFAULT_MODE:
        pairs.append(("mode", state.mode))
    if state.backward:
        pairs.append(("backward", "1"))
    return urlencode(pairs)


def _query_value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def state_from_query(query: str | Mapping[str, str]) -> tuple[State, list[str]]:
    """Never raises: whatever cannot be read is left at its default and listed as ignored."""
    items = dict(parse_qsl(query)) if isinstance(query, str) else dict(query)
    ignored: list[str] = []
    try:
        spec = get_spec(items.pop("layer", "Linear"))
    except SpecError:
        ignored.append("layer")
        spec = get_spec("Linear")
    params: dict[str, Any] = {}
    shape = dist = None
    seed, mode, backward = DEFAULT_SEED, DEFAULT_MODE, False
    for key, raw in items.items():
        try:
            if key in spec.param_names:
                params[key] = spec.param(key).coerce(_parse_query_value(spec.param(key).kind, raw))
            elif key == "shape":
                shape = parse_shape([int(part) for part in raw.split("x")])
            elif key == "dist":
                dist = parse_dist(raw)
            elif key == "seed":
                seed = parse_seed(int(raw))
            elif key == "mode" and raw in MODES:
                mode = raw
            elif key == "backward" and raw in ("0", "1"):
                backward = raw == "1"
            else:
                ignored.append(key)
        except (SpecError, ValueError, KeyError):
            ignored.append(key)
    state = State(
        spec.name,
        MappingProxyType(params),
        InputState(shape, dist, seed),
        mode,
        backward,
    )
    try:
        resolve(state)
    except SpecError as e:
        # the pieces were readable one by one but do not fit together: keep the layer only
        ignored.append(e.param or "state")
        state = State(spec.name, input=InputState(seed=seed), mode=mode, backward=backward)
    return state, ignored


def _parse_query_value(kind: str, raw: str) -> Any:
    if kind == "choice":  # 'none' is a real choice of reduction, not a missing value
        return raw
    if raw == "none":
        return None
    if kind == "bool":
        return {"1": True, "0": False, "true": True, "false": False}[raw.lower()]
    if kind == "int" or (kind == "int_or_choice" and raw.lstrip("-").isdigit()):
        return int(raw)
    if kind == "float":
        value = float(raw)
        return value if math.isfinite(value) else raw
    return raw
