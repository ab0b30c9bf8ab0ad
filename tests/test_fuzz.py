"""Property tests of the public API's functions: whatever a caller sends, the answer is clean.

Why: `/run_layer` and `/run_model` take arbitrary JSON from anyone. A state the registry
accepts must run and give the shapes torch gives; a state it refuses must be refused with
the offending field named, so that a client can fix it; and nothing may escape as an
exception: the engine turns one into "PyTorch failed on this ...", which would hide a bug of ours,
so no answer here may read that.

Everything runs in this process on the CPU: the API is given a runner that does what a worker
does (parse the plain dict again, run the engine).
Hypothesis is derandomized, so CI runs the same few thousand cases every time.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
import torch
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn
from torch.utils._pytree import tree_leaves

from playground import records
from playground.isolation.runner import RequestKind
from playground.registry.draws import draw as draw_tensor
from playground.registry.models import PRESETS, RANDOM_INPUTS, random_plans, stackable
from playground.registry.specs import REGISTRY, Dist, LayerSpec, ParamSpec, SpecError
from playground.request.plan import resolve
from playground.request.ranges import CLASSES, RANGE_NAMES, RANGES, Draw
from playground.request.state import (
    INPUT_KEYS,
    LAYER_KEYS,
    MAX_ENSEMBLE,
    MAX_SEED,
    MAX_STACK,
    MODES,
    RANDOM_FAMILIES,
    InputState,
    State,
    state_from_dict,
)
from playground.run import engine
from playground.ui.api import Api

CPU = torch.device("cpu")
TOP = ("v", "layer", "params", "input", "mode", "backward")
LAYER_FIELDS = frozenset({*TOP, "input.shape", "input.dist", "input.seed"})
MODEL_FIELD = re.compile(
    r"(v|model|model\.(preset|layers|random)|input|input\.(shape|dist|seed)|mode|backward"
    r"|random\.(family|count|seed)|layers\[\d+\](\.[\s\S]*)?)"  # an unknown key is named as it was sent
)
# refusals about the whole state rather than one field, by the start of their message
WHOLE_STATE = {
    "the state must be": "not a JSON string or object",
    "the state is not valid JSON": "not JSON",
    "this configuration would need about": "budget",
    "this configuration makes a tensor of": "budget",
    "this stack would need about": "budget",
    "PyTorch refused this configuration": "torch refused",
    "PyTorch raised an error in this model": "torch refused",
}
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


class CpuRunner:
    """A worker's job in this process: the plain dict is parsed again, as the worker does."""

    def run(self, kind: RequestKind, payload: Any) -> records.RunResult:
        return engine.run(state_from_dict(payload), CPU)

    def close(self) -> None:
        pass


api = Api(CpuRunner())


def refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} in the API's answer")


def answer(function: Any, payload: Any) -> dict[str, Any]:
    """Call the API function and read its answer as a strict client would (no NaN)."""
    text = function(payload)
    assert isinstance(text, str)
    result = json.loads(text, parse_constant=refuse_constant)
    assert isinstance(result["ok"], bool)
    if not result["ok"]:
        error = result["error"]
        assert isinstance(error["message"], str)
        assert error["message"].strip()
        assert not error["message"].startswith("PyTorch failed"), error  # an exception escaped a check of ours
        assert error["param"] is None or isinstance(error["param"], str)
    return result


def whole_state_category(result: dict[str, Any]) -> str:
    """A refusal without a field must be one of the few whole-state kinds, never anything else."""
    message = result["error"]["message"]
    for prefix, category in WHOLE_STATE.items():
        if message.startswith(prefix):
            return category
    if re.fullmatch(r"the state is [\d,]+ characters; the limit is [\d,]+", message):
        return "too long"
    raise AssertionError(f"a refusal names no field and is no whole-state problem: {message!r}")


def has_nonfinite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(has_nonfinite(v) for v in value.values())
    if isinstance(value, list):
        return any(has_nonfinite(v) for v in value)
    return False


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def accepts(p: ParamSpec, value: Any) -> bool:
    """The registry's declared range for one parameter, read from the spec: the parser's oracle."""
    if value is None:
        return p.optional
    if p.axes and isinstance(value, list):  # JSON's form of a tuple: one value per spatial axis
        return len(value) == len(p.axes) and all(accepts(replace(p, axes=()), v) and is_int(v) for v in value)
    if p.kind == "bool":
        return isinstance(value, bool)
    if p.kind == "choice" or (p.kind == "int_or_choice" and isinstance(value, str)):
        return isinstance(value, str) and value in p.choices
    if p.kind in ("int", "int_or_choice"):
        number: float = value if is_int(value) else math.nan
    elif isinstance(value, bool) or not isinstance(value, int | float):
        return False
    else:
        try:
            number = float(value)
        except OverflowError:
            return False
    return math.isfinite(number) and p.low <= number <= p.high  # type: ignore[operator]


def good_seed(value: Any) -> bool:
    return is_int(value) and 0 <= value <= MAX_SEED


# --- strategies ---------------------------------------------------------------------------

SPECIAL = (0, -1, 1, 2, -(10**30), 10**30, 2**63, 2**63 - 1, -(2**63), 2**64, 0.5, 2.0, -0.0, 1e308, -1e308)
NONFINITE = (math.nan, math.inf, -math.inf)
JUNK = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(NONFINITE),
    st.integers(),
    st.floats(),
    st.text(max_size=10),
    st.none(),
    st.booleans(),
    st.lists(st.integers(-3, 3), max_size=4),
    st.recursive(
        st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
        max_leaves=8,
    ),
)
KEYS = st.text(min_size=1, max_size=8)
SHAPE_JUNK = st.one_of(
    JUNK,
    st.just([]),
    st.lists(st.integers(1, 3), min_size=7, max_size=9),
    st.lists(
        st.sampled_from((0, -1, -(10**30), 4097, 10**6, 10**30, 2.0, "2", None, True, [2])), min_size=1, max_size=5
    ),
    st.lists(st.integers(-2, 6), min_size=1, max_size=6),
)


def small_value(p: ParamSpec) -> st.SearchStrategy[Any]:
    """A value the registry accepts, kept small so that a run takes milliseconds."""
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "float":
        values = st.floats(p.low, p.high, allow_nan=False, allow_infinity=False)
    else:
        low = max(int(p.low), -12)  # type: ignore[arg-type]
        values = st.integers(low, min(int(p.high), max(low, 0) + 6))  # type: ignore[arg-type]
        if p.choices:
            values = values | st.sampled_from(p.choices)
    values = st.just(p.default) | values
    if p.axes:  # a list, as JSON gives a tuple: one value per spatial axis (Conv2d's kernel (3, 5))
        numbers = st.integers(max(int(p.low), 0), min(int(p.high), max(int(p.low), 0) + 4))  # type: ignore[arg-type]
        values = values | st.lists(numbers, min_size=len(p.axes), max_size=len(p.axes))
    return values | st.none() if p.optional else values


_PARAMS: dict[str, st.SearchStrategy[dict[str, Any]]] = {}


def small_params(spec: LayerSpec) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the layer's parameters, each at a small accepted value. One strategy per
    layer, built once: a strategy built inside a draw is validated again at every example."""
    if spec.name not in _PARAMS:
        _PARAMS[spec.name] = st.fixed_dictionaries({}, optional={p.name: small_value(p) for p in spec.params})
    return _PARAMS[spec.name]


@st.composite
def layer_states(draw: st.DrawFn, spec: LayerSpec) -> dict[str, Any]:
    """A state of `spec` in the registry's ranges; its parts may still not fit each other."""
    params = draw(small_params(spec))
    full = {**spec.defaults(), **params}
    data: dict[str, Any] = {"layer": spec.name}
    if params or draw(st.booleans()):
        data["params"] = params
    inputs: dict[str, Any] = {}
    if draw(st.booleans()):
        dims = spec.dims(full)
        if spec.optional_axis is not None and draw(st.booleans()):  # unbatched, or BatchNorm1d's (N, C)
            dims = tuple(d for d in dims if d.name != spec.optional_axis.name)
        rank = draw(st.integers(1, 4)) if spec.any_rank else len(dims)
        inputs["shape"] = [
            full[dim.param] if dim.param else draw(st.just(dim.default) | st.integers(1, 6))
            for dim in (dims if not spec.any_rank else (dims[-1],) * rank)
        ]
    if draw(st.booleans()):
        inputs["dist"] = draw(st.sampled_from([d.value for d in spec.dists]))
    if draw(st.booleans()):
        inputs["seed"] = draw(st.sampled_from((0, 42, MAX_SEED)) | st.integers(0, MAX_SEED))
    if inputs or draw(st.booleans()):
        data["input"] = inputs
    for key, values in (("mode", st.sampled_from(MODES)), ("backward", st.booleans()), ("v", st.just(1))):
        if draw(st.booleans()):
            data[key] = draw(values)
    return data


def bad_shape(spec: LayerSpec, data: dict[str, Any], shape: Any) -> bool:
    """Whether the registry must refuse this input.shape, whatever else the state says."""
    if not isinstance(shape, list) or not 1 <= len(shape) <= 6 or not all(is_int(s) for s in shape):
        return True
    full = {**spec.defaults(), **data.get("params", {})}
    dims = spec.dims(full)
    if spec.any_rank:
        return not all(dims[-1].low <= s <= dims[-1].high for s in shape)
    if len(shape) not in spec.ranks(full):  # the full input, or one without its optional axis (unbatched)
        return True
    dims = spec.dims_for(full, tuple(shape))
    return any(s != full[d.param] if d.param else not d.low <= s <= d.high for s, d in zip(shape, dims, strict=True))


@st.composite
def broken_layer_states(draw: st.DrawFn, spec: LayerSpec) -> tuple[dict[str, Any], str | None]:
    """A layer state with one part broken, and the field that must be named (None where the
    new value may be acceptable after all)."""
    data = draw(layer_states(spec))
    kinds = ["unknown", "top", "shape", "dist", "seed"] + (["param"] * 3 if spec.params else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "param":
        p = draw(st.sampled_from(spec.params))
        edges = [v for v in (p.low, p.high) if v is not None]
        edges = [*edges, *(e - 1 for e in edges), *(e + 1 for e in edges)]
        value = draw(JUNK | st.sampled_from(edges or [0]))
        data["params"] = {**data.get("params", {}), p.name: value}
        return data, None if accepts(p, value) else p.name
    if kind == "unknown":
        where = draw(st.sampled_from(("", "params", "input")))
        allowed = {"": LAYER_KEYS, "params": spec.param_names, "input": INPUT_KEYS}[where]
        key = draw(KEYS.filter(lambda k: k not in allowed))
        if where:
            data[where] = {**data.get(where, {}), key: draw(JUNK)}
            return data, f"input.{key}" if where == "input" else key
        data[key] = draw(JUNK)
        return data, key
    if kind == "top":
        field = draw(st.sampled_from(TOP))
        value = draw(JUNK | st.sampled_from(("Linear", "train", "eval", 1, {}, "NoSuchLayer")))
        data[field] = value
        if field == "layer" and draw(st.booleans()):
            del data["layer"]
            return data, "layer"
        fine = {
            "v": is_int(value) and value == 1,
            "layer": isinstance(value, str) and value in REGISTRY,
            "params": isinstance(value, dict),
            "input": isinstance(value, dict),
            "mode": isinstance(value, str) and value in MODES,
            "backward": isinstance(value, bool),
        }[field]
        return data, None if fine else field
    inputs = data["input"] = dict(data.get("input", {}))
    if kind == "shape":
        inputs["shape"] = draw(SHAPE_JUNK)
        shape = inputs["shape"]
        return data, "input.shape" if shape is not None and bad_shape(spec, data, shape) else None
    if kind == "dist":
        inputs["dist"] = value = draw(JUNK | st.sampled_from([d.value for d in Dist]))
        allowed_dists = [d.value for d in spec.dists]
        fine = value is None or (isinstance(value, str) and value in allowed_dists)
        return data, None if fine else "input.dist"
    inputs["seed"] = value = draw(JUNK)
    return data, None if good_seed(value) else "input.seed"


# --- the oracle -----------------------------------------------------------------------------


def torch_forward(module: nn.Module, spec: LayerSpec, inputs: dict[str, torch.Tensor]) -> list[tuple[int, ...]]:
    with torch.no_grad():
        out = module(*(inputs[name] for name in spec.call_args), **dict(spec.call_kwargs))
    return [tuple(t.shape) for t in tree_leaves(out) if isinstance(t, torch.Tensor)]


def check_layer_ok(result: dict[str, Any]) -> None:
    """An accepted state: the echoed state is itself valid, and torch agrees on every shape."""
    config = resolve(state_from_dict(result["state"]))
    spec = config.spec
    outputs = [tuple(shape) for shape in result["outputs"].values()]
    assert outputs == [tuple(s) for s in spec.output_shapes(config.params, config.shape)]
    assert result["input_shape"] == list(config.shape)
    torch.manual_seed(config.seed)
    with warnings.catch_warnings():  # torch's advice (dropout with one layer) was the engine's to report
        warnings.simplefilter("ignore")
        module = spec.build(config.params)  # torch's own class, not the engine's copy
    module.train(config.mode == "train")
    assert torch_forward(module, spec, engine.draw_inputs(config)) == outputs
    assert result["total_params"] == sum(p.numel() for p in module.parameters())


def judge(
    result: dict[str, Any],
    must_name: str | None,
    named_ok: Any,
    counts: Counter[str],
    on_ok: Any,
) -> None:
    """The one property: accepted with torch's shapes, or refused naming the right field."""
    if must_name is not None:
        assert not result["ok"], f"accepted a state whose {must_name} is invalid"
        assert result["error"]["param"] == must_name, result["error"]
        counts["named as expected"] += 1
        return
    if result["ok"]:
        on_ok(result)
        counts["ok"] += 1
        return
    param = result["error"]["param"]
    if param is None:
        counts[whole_state_category(result)] += 1
    else:
        assert named_ok(param), result["error"]
        counts["named"] += 1


def report(counts: Counter[str], label: str) -> None:
    print(f"{label}: {dict(counts)}")


def present_keys(data: dict[str, Any]) -> set[str]:
    """Every key a state carries, as the parser would name it if it were unknown."""
    keys = {k for k in data if k not in TOP and k not in ("model",)}
    for where, prefix in (("params", ""), ("input", "input.")):
        if isinstance(data.get(where), dict):
            keys |= {prefix + k for k in data[where]}
    model = data.get("model")
    if isinstance(model, dict) and isinstance(model.get("random"), dict):
        keys |= {f"random.{k}" for k in model["random"]}
    return keys


def whole_state_share(counts: Counter[str]) -> float:
    refused = sum(n for k, n in counts.items() if k != "ok")
    loose = counts["budget"] + counts["torch refused"]
    return loose / refused if refused else 0.0


# --- layers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", list(REGISTRY))
def test_states_in_range_run_with_torch_shapes(layer: str) -> None:
    """States drawn inside the registry's ranges: each runs with torch's shapes or is refused
    by a rule that names its field; most of them run (else the strategy tests nothing)."""
    spec = REGISTRY[layer]
    counts: Counter[str] = Counter()

    @settings(FUZZ, max_examples=examples(20 if layer != "Transformer" else 8))
    @given(layer_states(spec))
    def run(data: dict[str, Any]) -> None:
        result = answer(api.run_layer, json.dumps(data))
        judge(result, None, lambda p: p in LAYER_FIELDS or p in spec.param_names, counts, check_layer_ok)

    run()
    report(counts, layer)
    assert counts["ok"] >= max(2, sum(counts.values()) // 4), counts
    assert whole_state_share(counts) <= 0.2, counts


@pytest.mark.parametrize("layer", list(REGISTRY))
def test_broken_states_are_refused_by_field(layer: str) -> None:
    """One part broken (junk, out of range, wrong type, unknown key, odd shape, bad dist or seed):
    a part the registry must refuse is refused naming exactly that field; anything else is
    accepted with torch's shapes or refused naming some real field. NaN and Infinity reach the
    parser as JSON text (refused as not JSON) and as Python floats (refused by field)."""
    spec = REGISTRY[layer]
    counts: Counter[str] = Counter()

    # Transformer draws half as many in CI (each run is slow); the fast lane draws as many as for
    # any layer: of five, the four `named as expected` needs hung on which literals of the
    # project's modules Hypothesis happened to draw from (it mixes them into its examples)
    @settings(FUZZ, max_examples=examples(60) if layer != "Transformer" else min(30, examples(60)))
    @given(broken_layer_states(spec))
    def run(case: tuple[dict[str, Any], str | None]) -> None:
        data, must_name = case
        result = answer(api.run_layer, json.dumps(data, allow_nan=True))
        if has_nonfinite(data):
            assert not result["ok"]
            assert whole_state_category(result) == "not JSON"
            counts["not JSON"] += 1
            try:
                state_from_dict(data)
            except SpecError as e:
                assert must_name is None or e.param == must_name, (e.param, e.message)
            else:
                assert must_name is None
            return
        allowed = LAYER_FIELDS | set(spec.param_names) | present_keys(data)
        judge(result, must_name, lambda p: p in allowed, counts, check_layer_ok)

    run()
    report(counts, layer)
    assert counts["named as expected"] >= examples(20), counts
    assert whole_state_share(counts) <= 0.15, counts


# --- models ---------------------------------------------------------------------------------


def model_dists(default: Dist, rank: int) -> list[str]:
    allowed = [Dist.TOKENS] if default is Dist.TOKENS else [d for d in Dist if d not in (Dist.TOKENS, Dist.LOG_SOFTMAX)]
    return [d.value for d in allowed if d is not Dist.IMAGE or rank in (3, 4)]


@st.composite
def stacks(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[int]]:
    """A builder stack whose tied sizes follow the previous layer, built with the registry's
    own shape rules; torch is the judge of whether they were right."""
    candidates = sorted(name for name in REGISTRY if stackable(name))
    first = REGISTRY[draw(st.sampled_from(candidates))]
    params = draw(small_params(first))
    layers = [{"layer": first.name, "params": params}]
    try:
        shape = list(resolve(State(first.name, params)).shape)
    except SpecError:
        return layers, list(first.default_shape({**first.defaults(), **params}))
    current = shape
    for _ in range(draw(st.integers(0, 3))):
        spec = REGISTRY[draw(st.sampled_from([n for n in candidates if not REGISTRY[n].vocab_param]))]
        params = draw(small_params(spec))
        full = {**spec.defaults(), **params}
        if not spec.any_rank and len(current) not in spec.ranks(full):
            continue
        for axis, dim in enumerate(() if spec.any_rank else spec.dims_for(full, tuple(current))):
            if dim.param:
                params[dim.param] = current[axis]
        try:
            config = resolve(State(spec.name, params, InputState(tuple(current))), user_input=False)
        except SpecError:
            continue
        layers.append({"layer": spec.name, "params": params})
        current = list(spec.output_shapes(config.params, config.shape)[0])
    return layers, shape


@st.composite
def random_ranges(draw: st.DrawFn, family: str) -> dict[str, Any]:
    """Some of a family's ranges, each anywhere it may be (sizes kept small: a fuzzed ensemble
    stays quick to build), and a classifier of a few outputs or none."""
    ranges: dict[str, Any] = {}
    for row in draw(st.sets(st.sampled_from(RANGES[family]))):
        if row.draw in (Draw.SPAN, Draw.DOUBLING, Draw.ODD):
            step = 2 if row.draw is Draw.ODD else 1
            ends = sorted(draw(st.integers(0, (min(row.high, 48) - row.low) // step)) for _ in range(2))
            ranges[row.name] = [int(row.low) + step * end for end in ends]
        elif row.numbers:
            ranges[row.name] = draw(st.lists(st.sampled_from((0.0, 0.1, 0.25, 0.5, 0.9)), min_size=1, unique=True))
        else:
            ranges[row.name] = draw(st.lists(st.sampled_from(row.choices), min_size=1, unique=True))
    if draw(st.booleans()):
        ranges[CLASSES] = draw(st.none() | st.integers(1, 12))
    return ranges


@st.composite
def model_states(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(("preset", "preset", "layers", "random")))
    data: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    if kind == "preset":
        preset = PRESETS[draw(st.sampled_from(sorted(PRESETS)))]
        data["model"] = {"preset": preset.name}
        if preset.args and draw(st.booleans()):  # small sizes: a fuzzed model stays quick to build
            chosen = draw(st.sets(st.sampled_from(preset.arg_names)))
            data["model"]["args"] = {name: draw(st.integers(1, 32)) for name in sorted(chosen)}
        shape, default = list(preset.input_shape_with(data["model"].get("args", {}))), preset.dist
        if draw(st.booleans()):
            shape[0] = draw(st.integers(1, 4))
            inputs["shape"] = shape
    elif kind == "random":
        family = draw(st.sampled_from(RANDOM_FAMILIES))
        random: dict[str, Any] = {"family": family}
        if draw(st.booleans()):
            random["seed"] = draw(st.integers(0, MAX_SEED))
        if draw(st.booleans()):
            random["count"] = draw(st.integers(1, 3))
        if draw(st.booleans()):
            random |= draw(random_ranges(family))
        data["model"] = {"random": random}
        default_shape, default = RANDOM_INPUTS[family]
        shape = list(default_shape)
        if draw(st.booleans()):
            shape = [draw(st.integers(2, 12)) for _ in shape]
            inputs["shape"] = shape
    else:
        layers, shape = draw(stacks())
        data["model"] = {"layers": layers}
        first = REGISTRY[layers[0]["layer"]]
        default = first.default_dist
        if draw(st.booleans()):
            inputs["shape"] = shape
    if draw(st.booleans()):
        if kind == "layers":
            first = REGISTRY[data["model"]["layers"][0]["layer"]]
            choices = [d.value for d in first.dists if d is not Dist.IMAGE or len(shape) == 4]
        else:
            choices = model_dists(default, len(shape))
        inputs["dist"] = draw(st.sampled_from(choices))
    if draw(st.booleans()):
        inputs["seed"] = draw(st.integers(0, MAX_SEED))
    if inputs or draw(st.booleans()):
        data["input"] = inputs
    choices = (("mode", st.sampled_from(MODES)), ("backward", st.booleans()), ("functional_calls", st.booleans()))
    for key, values in (*choices, ("v", st.just(1))):
        if draw(st.booleans()):
            data[key] = draw(values)
    return data


def torch_model(data: dict[str, Any]) -> tuple[list[nn.Module], tuple[int, ...], str, int]:
    """The models of a state as torch modules, with the input shape, dist and token bound."""
    state = state_from_dict(data, "model")
    model = data["model"]
    if "preset" in model:
        preset, args = PRESETS[model["preset"]], state.params
        shape = state.input.shape or preset.input_shape_with(args)
        return [preset.plan_with(args).build()], shape, preset.dist.value, preset.vocab_with(args)
    if "random" in model:
        shape, dist = RANDOM_INPUTS[model["random"]["family"]]
        shape = state.input.shape or shape
        return [plan.build() for plan in random_plans(state.model, shape)], shape, dist.value, 0
    modules = []
    for item in model["layers"]:
        spec = REGISTRY[item["layer"]]
        modules.append(spec.build({**spec.defaults(), **item["params"]}))
    first = REGISTRY[model["layers"][0]["layer"]]
    first_params = {**first.defaults(), **model["layers"][0]["params"]}
    shape = state.input.shape or resolve(state).shape  # a stack's default input: the plan's choice
    vocab = first_params[first.vocab_param] if first.vocab_param else 0
    return [nn.Sequential(*modules)], shape, first.default_dist.value, vocab


def check_model_ok(result: dict[str, Any]) -> None:
    """An accepted model: the echoed state is valid, and torch's forward gives the same shapes."""
    data = result["state"]
    assert state_from_dict(data, "model") is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models, shape, _, vocab = torch_model(data)
    assert tuple(result["input_shape"]) == tuple(shape)
    torch.manual_seed(data["input"]["seed"])
    x = draw_tensor(data["input"]["dist"], shape, vocab)
    shapes = []
    for model in models:
        model.train(data["mode"] == "train")
        with torch.no_grad():
            shapes.append(list(model(x).shape))
    assert result["output_shape"] == shapes[0]
    assert result["total_params"] == sum(p.numel() for p in models[0].parameters())
    if len(models) > 1:
        assert [member["output_shape"] for member in result["ensemble"]] == shapes


def test_models_in_range_run_with_torch_shapes() -> None:
    """Presets, builder stacks and random ensembles drawn inside their ranges."""
    counts: Counter[str] = Counter()

    @settings(FUZZ, max_examples=examples(150))
    @given(model_states())
    def run(data: dict[str, Any]) -> None:
        result = answer(api.run_model, json.dumps(data))
        judge(result, None, MODEL_FIELD.fullmatch, counts, check_model_ok)

    run()
    report(counts, "models in range")
    assert counts["ok"] >= sum(counts.values()) * 3 // 4, counts
    assert whole_state_share(counts) <= 0.05, counts


@st.composite
def broken_model_states(draw: st.DrawFn) -> tuple[dict[str, Any], str | None]:
    """A model state with one part broken, and the field that must be named (None where the
    new value may be acceptable after all)."""
    data = draw(model_states())
    model = data["model"]
    kind = next(iter(model))
    target = draw(st.sampled_from(("top", "unknown", "model", "shape", "dist", "seed")))
    if target == "top":
        field = draw(st.sampled_from(("v", "model", "input", "mode", "backward")))
        value = draw(JUNK | st.sampled_from(({"preset": "LeNet", "layers": []}, {"nope": 1}, 1, "train")))
        data[field] = value
        fine = {
            "v": is_int(value) and value == 1,
            "model": isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)) in ("preset", "layers", "random"),
            "input": isinstance(value, dict),
            "mode": isinstance(value, str) and value in MODES,
            "backward": isinstance(value, bool),
        }[field]
        return data, None if fine else field
    if target == "unknown":
        where = draw(st.sampled_from(("", "input")))
        key = draw(KEYS.filter(lambda k: k not in ("v", "model", "input", "mode", "backward", "shape", "dist", "seed")))
        if where:
            data["input"] = {**data.get("input", {}), key: 1}
            return data, f"input.{key}"
        data[key] = 1
        return data, key
    if target == "model":
        if kind == "preset":
            preset = PRESETS[model["preset"]]
            if preset.args and draw(st.booleans()):  # one constructor argument broken, the rest kept
                arg = draw(st.sampled_from(preset.args))
                data["model"] = {**model, "args": {**model.get("args", {}), arg.name: (value := draw(JUNK))}}
                data.get("input", {}).pop("shape", None)  # the input follows the arguments
                return data, None if accepts(arg, value) else f"model.args.{arg.name}"
            value = draw(JUNK | st.sampled_from(("", "lenet", "LeNet ", "NoSuchModel")))
            data["model"] = {"preset": value}
            return data, None if isinstance(value, str) and value in PRESETS else "model.preset"
        if kind == "random":
            random = dict(model["random"])
            part = draw(st.sampled_from(("family", "count", "seed", "unknown", "whole")))
            value = draw(JUNK | st.sampled_from((0, MAX_ENSEMBLE, MAX_ENSEMBLE + 1, "dense", "cnn")))
            if part == "whole":
                data["model"] = {"random": value}
                return data, None if isinstance(value, dict) else "model.random"
            if part == "unknown":
                key = draw(KEYS.filter(lambda k: k not in ("family", "count", "seed", *RANGE_NAMES, CLASSES)))
                random[key] = value
                data["model"] = {"random": random}
                return data, f"random.{key}"
            random[part] = value
            data["model"] = {"random": random}
            fine = {
                "family": isinstance(value, str) and value in RANDOM_FAMILIES,
                "count": is_int(value) and 1 <= value <= MAX_ENSEMBLE,
                "seed": good_seed(value),
            }[part]
            return data, None if fine else f"random.{part}"
        layers = [dict(item) for item in model["layers"]]
        index = draw(st.integers(0, len(layers) - 1))
        part = draw(st.sampled_from(("whole", "item", "layer", "params", "param", "unknown", "unstackable")))
        where = f"layers[{index}]"
        if part == "whole":
            value = draw(JUNK | st.just([]) | st.just([{"layer": "ReLU"}] * (MAX_STACK + 1)))
            data["model"] = {"layers": value}
            fine = isinstance(value, list) and 1 <= len(value) <= MAX_STACK
            return data, None if fine else "model.layers"
        if part == "item":
            layers[index] = value = draw(JUNK)
            data["model"] = {"layers": layers}
            return data, None if isinstance(value, dict) else where
        if part == "layer":
            layers[index]["layer"] = value = draw(JUNK | st.just("NoSuchLayer"))
            data["model"] = {"layers": layers}
            return data, None if isinstance(value, str) and value in REGISTRY else f"{where}.layer"
        if part == "params":
            layers[index]["params"] = value = draw(JUNK)
            data["model"] = {"layers": layers}
            return data, None if isinstance(value, dict) else f"{where}.params"
        if part == "unknown":
            key = draw(KEYS.filter(lambda k: k not in ("layer", "params")))
            layers[index][key] = 1
            data["model"] = {"layers": layers}
            return data, f"{where}.{key}"
        spec = REGISTRY[layers[index]["layer"]]
        if part == "param" and spec.params:
            p = draw(st.sampled_from(spec.params))
            layers[index]["params"] = {**layers[index].get("params", {}), p.name: (value := draw(JUNK))}
            data["model"] = {"layers": layers}
            return data, None if accepts(p, value) else f"{where}.{p.name}"
        layers[index] = {"layer": draw(st.sampled_from(sorted(n for n in REGISTRY if not stackable(n))))}
        data["model"] = {"layers": layers}
        data.get("input", {}).pop("dist", None)  # the input's dist is checked first, against layer 0
        # a stack is parsed whole before it is walked: the first unstackable layer is named
        first_bad = next(i for i, item in enumerate(layers) if not stackable(item["layer"]))
        return data, f"layers[{first_bad}].layer"
    inputs = data["input"] = dict(data.get("input", {}))
    if target == "shape":
        inputs["shape"] = value = draw(SHAPE_JUNK)
        if value is None:  # the model's own input
            return data, None
        structural = not isinstance(value, list) or not 1 <= len(value) <= 6 or not all(is_int(s) for s in value)
        if kind == "layers":
            return data, "input.shape" if structural else None
        default = (
            PRESETS[model["preset"]].input_shape_with(model.get("args", {}))
            if kind == "preset"
            else RANDOM_INPUTS[model["random"]["family"]][0]
        )
        free = (0,) if kind == "preset" else tuple(range(len(default)))
        bad = structural or len(value) != len(default)
        bad = bad or any(not 1 <= s <= 4096 or (i not in free and s != default[i]) for i, s in enumerate(value))
        bad = bad or math.prod(value) > 2**24
        bad = bad or (kind == "random" and model["random"]["family"] == "conv" and min(value[2:]) < 2)
        return data, "input.shape" if bad else None
    if target == "dist":
        inputs["dist"] = value = draw(JUNK | st.sampled_from([d.value for d in Dist]))
        inputs.pop("shape", None)
        if kind == "layers":
            first = REGISTRY[model["layers"][0]["layer"]]
            rank = len(first.default_shape({**first.defaults(), **model["layers"][0]["params"]}))
            allowed = [d.value for d in first.dists if d is not Dist.IMAGE or rank in (3, 4)]
        elif kind == "preset":
            preset = PRESETS[model["preset"]]
            allowed = model_dists(preset.dist, len(preset.input_shape))
        else:
            shape, default_dist = RANDOM_INPUTS[model["random"]["family"]]
            allowed = model_dists(default_dist, len(shape))
        fine = value is None or (isinstance(value, str) and value in allowed)
        return data, None if fine else "input.dist"
    inputs["seed"] = value = draw(JUNK)
    return data, None if good_seed(value) else "input.seed"


def test_broken_models_are_refused_by_field() -> None:
    """One part of a model state broken: the parser names it, and nothing escapes."""
    counts: Counter[str] = Counter()

    @settings(FUZZ, max_examples=examples(500))
    @given(broken_model_states())
    def run(case: tuple[dict[str, Any], str | None]) -> None:
        data, must_name = case
        result = answer(api.run_model, json.dumps(data, allow_nan=True))
        if has_nonfinite(data):
            assert not result["ok"]
            assert whole_state_category(result) == "not JSON"
            counts["not JSON"] += 1
            return
        keys = present_keys(data)
        judge(result, must_name, lambda p: MODEL_FIELD.fullmatch(p) or p in keys, counts, check_model_ok)

    run()
    report(counts, "broken models")
    assert counts["named as expected"] >= examples(250), counts
    assert whole_state_share(counts) <= 0.1, counts


# --- anything at all ------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(FUZZ, max_examples=examples(400))
@given(st.one_of(st.text(max_size=40), JSON_VALUES.map(lambda v: json.dumps(v, allow_nan=True)), JSON_VALUES))
def test_any_payload_gets_a_clean_answer(payload: Any) -> None:
    """Arbitrary text, JSON of any shape and non-string values: both endpoints answer with a
    refusal (never an exception), naming a field whenever the payload was a JSON object."""
    try:
        parsed = json.loads(payload, parse_constant=refuse_constant) if isinstance(payload, str) else None
    except (ValueError, RecursionError):
        parsed = None
    for function in (api.run_layer, api.run_model):
        result = answer(function, payload)
        assert not result["ok"], f"accepted {payload!r}"  # no valid state is ever drawn here
        if isinstance(parsed, dict):
            assert result["error"]["param"] is not None, result
        else:
            assert result["error"]["param"] is None, result
            assert whole_state_category(result) in ("not JSON", "not a JSON string or object")


DEEP = 10_000


@pytest.mark.parametrize(
    ("payload", "category"),
    [
        ("[" * DEEP + "]" * DEEP, "not JSON"),
        ('{"layer": ' + "[" * DEEP + "]" * DEEP + "}", "not JSON"),
        ('{"layer": "Linear", "params": {"in_features": ' + "9" * 5000 + "}}", "not JSON"),
        ('{"layer": "Linear", "params": {"in_features": NaN}}', "not JSON"),
        ('{"layer": "Linear", "params": {"in_features": -Infinity}}', "not JSON"),
        ('{"layer": "Linear"} trailing', "not JSON"),
        ("", "not JSON"),
        ("\x00", "not JSON"),
        ('"Linear"', "not a JSON string or object"),
        ("[]", "not a JSON string or object"),
        ("null", "not a JSON string or object"),
        ('{"layer": "' + "x" * 70_000 + '"}', "too long"),
        (12, "not a JSON string or object"),
        (None, "not a JSON string or object"),
        (b'{"layer": "Linear"}', "not a JSON string or object"),
        ({"layer": "Linear"}, "not a JSON string or object"),
    ],
    ids=lambda v: repr(v)[:30],
)
def test_pathological_payloads(payload: Any, category: str) -> None:
    """Deep nesting, a 5,000-digit number, NaN literals, oversize and non-string payloads are
    whole-state refusals, quickly, on both endpoints."""
    for function in (api.run_layer, api.run_model):
        result = answer(function, payload)
        assert not result["ok"]
        assert result["error"]["param"] is None
        assert whole_state_category(result) == category


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**30, -(10**30), 2.5, "3", None, [3], {"a": 3}])
def test_bad_numbers_as_python_values_are_named(value: Any) -> None:
    """In the server the page builds states without JSON: the dict parser names the field for
    values JSON text cannot even carry."""
    with pytest.raises(SpecError) as refused:
        state_from_dict({"layer": "Linear", "params": {"in_features": value}})
    assert refused.value.param == "in_features"
    with pytest.raises(SpecError) as refused:
        state_from_dict({"layer": "LeakyReLU", "params": {"negative_slope": value}})
    assert refused.value.param == "negative_slope"
    with pytest.raises(SpecError) as refused:
        state_from_dict({"model": {"random": {"family": "dense", "seed": value}}}, "model")
    assert refused.value.param == "random.seed"
    with pytest.raises(SpecError) as refused:
        state_from_dict({"layer": "Linear", "input": {"seed": value}})
    assert refused.value.param == "input.seed"


@pytest.mark.parametrize("layer", ["Softmax", "LogSoftmax"])
@pytest.mark.parametrize("dim", [1, -2])
def test_softmax_dim_beyond_the_input_rank_is_refused_by_field(layer: str, dim: int) -> None:
    """The minimal case the fuzzing found: dim is in the registry's range but a 1-d
    input has only axis 0 (-1); torch refuses it, so the API must, naming dim, without raising."""
    state = {"layer": layer, "params": {"dim": dim}, "input": {"shape": [8]}}
    with pytest.raises(IndexError):  # torch's own verdict
        getattr(torch.nn, layer)(dim=dim)(torch.randn(8))
    result = engine.run(state_from_dict(state), CPU)
    assert not result.ok
    assert result.error is not None
    assert result.error.param == "dim"


def test_the_api_takes_a_kernel_per_axis_and_names_a_bad_one():
    """Through the endpoint's own function: a list per spatial axis runs as torch's tuple; a list
    of the wrong length or with a bad entry is refused with the field named, never raised."""
    ran = answer(api.run_layer, json.dumps({"layer": "Conv2d", "params": {"kernel_size": [3, 5]}}))
    assert ran["ok"], ran["error"]
    torch.manual_seed(0)
    layer = nn.Conv2d(1, 6, kernel_size=(3, 5))
    assert ran["module"] == repr(layer)
    assert ran["output_shape"] == list(layer(torch.zeros(ran["input_shape"])).shape)
    assert [p["shape"] for p in ran["params"]] == [list(t.shape) for t in layer.state_dict().values()]
    for bad in ([3, 5, 7], [3], [3, 0], [3, "5"], [3, None]):
        refused = answer(api.run_layer, json.dumps({"layer": "Conv2d", "params": {"kernel_size": bad}}))
        assert not refused["ok"] and refused["error"]["param"] == "kernel_size", (bad, refused["error"])
