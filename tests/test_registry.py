"""Every registry row checked against torch itself.

The registry predicts output shapes and `state_dict` layouts without running anything
(the page shows them before the forward, the meta analysis relies on the same rules),
and its constraints decide what the API accepts. Both are claims about torch, so torch
is the oracle here: build the real module, feed it what the engine would feed it, and
compare. The "other valid settings" half does the same away from the defaults, where
shape arithmetic (padding, dilation, ceil_mode, bidirectional, proj_size...) goes wrong.
"""

from __future__ import annotations

import inspect
import itertools
import math
import random
import re
import warnings
from types import MappingProxyType
from typing import Any

import pytest
import torch
from helpers import examples
from torch import nn
from torch.utils._pytree import tree_leaves

from playground.registry.specs import REGISTRY, Family, LayerSpec, ParamSpec, SpecError
from playground.request.plan import resolve
from playground.request.state import InputState, State
from playground.run import cost, engine
from playground.ui.controls import NONE_HINT, help_text

CPU = torch.device("cpu")
NAMES = list(REGISTRY)

# Random settings stay small so that ~47 layers x several settings run in a few seconds:
# ints are drawn in [max(low, -INT_CAP), min(ui_max, high, INT_CAP)], free axes up to DIM_CAP.
INT_CAP = 16
DIM_CAP = 16
LAYER_COUNT_CAP = 2  # a Transformer with 6 + 6 blocks adds time and no new shape rule
WANTED = examples(8)  # accepted settings checked per layer
ATTEMPTS = 200  # candidates drawn per layer at most
MIN_ACCEPTED = 3  # fewer means the generator (or the registry) is refusing nearly everything


def _forward(config) -> tuple[nn.Module, dict[str, torch.Tensor], list[torch.Tensor]]:
    """What the engine does on CPU, written out: seed, build, draw, set the mode, call."""
    spec = config.spec
    with warnings.catch_warnings():
        # torch warns about, e.g., RNN dropout with one layer; a warning is not a refusal
        warnings.simplefilter("ignore")
        torch.manual_seed(config.seed)
        module = spec.build(config.params)
        inputs = engine.draw_inputs(config)
        module.train(config.mode == "train")
        raw = module(*[inputs[n] for n in spec.call_args], **dict(spec.call_kwargs))
    outputs = [t for t in tree_leaves(raw) if isinstance(t, torch.Tensor)]
    return module, inputs, outputs


def _check_against_torch(config) -> None:
    """The registry's predictions for this config equal what torch actually produced."""
    spec, params, shape = config.spec, config.params, config.shape
    module, inputs, outputs = _forward(config)

    assert tuple(inputs["x"].shape) == tuple(shape)
    assert [tuple(o.shape) for o in outputs] == [tuple(s) for s in spec.output_shapes(params, shape)]
    assert len(outputs) == len(spec.output_names), "outputs string disagrees with what forward returns"

    # read after the forward: LazyLinear only has real shapes once it has seen an input
    actual = [(k, tuple(v.shape)) for k, v in module.state_dict().items()]
    predicted = list(spec.state_entries(params, shape))
    assert [(e.name, tuple(e.shape)) for e in predicted] == actual
    parameters = dict(module.named_parameters())
    assert {e.name: e.is_parameter for e in predicted} == {e.name: e.name in parameters for e in predicted}
    _check_analyses(config)


def _check_analyses(config) -> None:
    """The fast analysis (real CPU tensors) counts what meta counts, and the registry's size
    claim, which decides between the two, bounds every tensor the trace makes."""
    spec, params, shape = config.spec, config.params, config.shape
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta, cpu = cost._trace(config, "meta"), cost._trace(config, "cpu")
    assert (cpu.output_shapes, cpu.entries, cpu.flops) == (meta.output_shapes, meta.entries, meta.flops)
    if spec.family is not Family.RECURRENT:  # C++ and meta lay out an RNN's steps differently
        assert (cpu.memory_bytes, cpu.largest) == (meta.memory_bytes, meta.largest)
    else:
        assert 0.5 <= cpu.memory_bytes / meta.memory_bytes <= 2
    claimed = [
        spec.scratch_numbers(params, shape),
        *(math.prod(s) for s in spec.output_shapes(params, shape)),
        *(math.prod(e.shape) for e in spec.state_entries(params, shape)),
        *(math.prod(s) for s, _ in cost.input_layout(config).values()),
    ]
    assert meta.largest <= max(claimed), "a spec whose biggest intermediate outgrows its outputs needs `scratch`"
    if spec.cost is not None:
        _check_formula(config, cpu)


FORMULA_MEMORY_TOLERANCE = 0.15  # bias=False, norm_first and gelu, left out of the formulas, move it less


def _check_formula(config, traced: cost.Analysis) -> None:
    """A closed-form cost stands in for the trace: the same shapes, entries and FLOPs, a
    memory estimate close to the trace's, and a largest tensor no smaller than any it makes."""
    formula = cost.from_formula(config, config.spec.cost)
    assert (formula.output_shapes, formula.entries, formula.flops) == (
        traced.output_shapes,
        traced.entries,
        traced.flops,
    )
    ratio = formula.memory_bytes / traced.memory_bytes
    assert abs(ratio - 1) <= FORMULA_MEMORY_TOLERANCE, (
        f"memory: formula {formula.memory_bytes}, trace {traced.memory_bytes}"
    )
    assert formula.largest >= traced.largest


# --- defaults ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_defaults_match_torch(name):
    config = resolve(State(name))
    assert config.spec is REGISTRY[name]
    _check_against_torch(config)


# --- other valid settings ----------------------------------------------------------------


def _random_value(rng: random.Random, spec: LayerSpec, p: ParamSpec) -> Any:
    """A value inside the declared range: the registry must answer for every one of them."""
    if rng.random() < 0.3:
        return p.default  # leaving some at default makes combined constraints pass more often
    if p.optional and rng.random() < 0.25:
        return None
    if p.kind == "bool":
        return rng.random() < 0.5
    if p.kind == "choice":
        return rng.choice(p.choices)
    if p.kind == "int_or_choice" and rng.random() < 0.3:
        return rng.choice(p.choices)
    if p.kind in ("int", "int_or_choice"):
        cap = LAYER_COUNT_CAP if p.name.startswith("num_") and p.name.endswith("layers") else INT_CAP
        low = int(p.low) if p.low is not None else -cap
        high = int(min(v for v in (p.ui_max, p.high) if v is not None))
        return rng.randint(max(low, -cap), max(max(low, -cap), min(high, cap)))
    low = float(p.low if p.low is not None else -10.0)
    high = float(min(v for v in (p.ui_max, p.high) if v is not None))
    return rng.uniform(low, high)


def _random_state(rng: random.Random, spec: LayerSpec) -> State:
    params = {p.name: _random_value(rng, spec, p) for p in spec.params}
    merged = {**spec.defaults(), **params}
    shape = None
    if rng.random() < 0.7:
        dims = spec.dims(merged)
        if spec.optional_axis is not None and rng.random() < 0.3:  # unbatched, or BatchNorm1d's (N, C)
            dims = tuple(d for d in dims if d.name != spec.optional_axis.name)
        shape = tuple(merged[d.param] if d.param else rng.randint(d.low, min(d.ui_max, d.high, DIM_CAP)) for d in dims)
    dist = rng.choice(spec.dists).value
    return State(
        spec.name,
        MappingProxyType(params),
        InputState(shape, dist, rng.randrange(2**31)),
        rng.choice(("train", "eval")),
        rng.random() < 0.3,
    )


def _accepted_states(name: str) -> list[State]:
    """Deterministic per layer (seeded by the name) so a failure reproduces exactly."""
    spec = REGISTRY[name]
    rng = random.Random(f"registry:{name}")
    accepted: list[State] = []
    for _ in range(ATTEMPTS):
        state = _random_state(rng, spec)
        # every drawn value is inside its ParamSpec range, so coerce must take it as is
        for key, value in state.params.items():
            assert spec.param(key).coerce(value) == value
        try:
            resolve(state)
        except SpecError as e:
            assert e.param is not None and e.message, "a refusal must name what it is about"
            continue
        accepted.append(state)
        if len(accepted) == WANTED:
            break
    return accepted


@pytest.mark.parametrize("name", NAMES)
def test_other_valid_settings_match_torch(name):
    """Whatever the registry accepts, torch runs, and it comes out as the registry predicted."""
    states = _accepted_states(name)
    assert len(states) >= min(MIN_ACCEPTED, WANTED), f"only {len(states)} random settings of {name} were accepted"
    for state in states:
        config = resolve(state)
        try:
            _check_against_torch(config)
        except AssertionError:
            raise
        except Exception as e:  # torch refused a setting the registry accepted
            pytest.fail(f"torch refused an accepted {name} setting {state}: {type(e).__name__}: {e}")
        # the engine (meta analysis, budget, real run) must agree as well
        result = engine.run(state, CPU)
        assert result.ok, f"{state} -> {result.error}"
        assert [s for _, s in result.outputs] == list(config.spec.output_shapes(config.params, config.shape))


RECURRENT = [spec.name for spec in REGISTRY.values() if spec.family is Family.RECURRENT]


@pytest.mark.parametrize("name", RECURRENT)
def test_recurrent_formulas_equal_the_trace_on_every_branch(name):
    """Unlike attention's, the recurrent formulas claim the trace's memory exactly: every
    branch their code takes (bias, batch_first with and without a copy, both directions,
    dropout between layers and at p = 1, projection) against a real trace."""
    spec = REGISTRY[name]
    grid = itertools.product(
        (True, False),  # bias
        (False, True),  # batch_first
        (False, True),  # bidirectional
        ((1, 0.0), (2, 0.5), (3, 1.0)),  # num_layers, dropout
        (0, 3) if "proj_size" in spec.param_names else (0,),
        ((5, 3), (1, 3), (4, 1)),  # L, N
    )
    for bias, batch_first, bidirectional, (layers, dropout), proj, (length, n) in grid:
        params = {"input_size": 6, "hidden_size": 7, "num_layers": layers, "dropout": dropout}
        params |= {"bias": bias, "batch_first": batch_first, "bidirectional": bidirectional}
        if proj:
            params["proj_size"] = proj
        state = State(name, params, InputState((n, length, 6) if batch_first else (length, n, 6)))
        config = resolve(state)
        traced, formula = cost._trace(config, "cpu"), cost.from_formula(config, spec.cost)
        assert (formula.flops, formula.memory_bytes) == (traced.flops, traced.memory_bytes), state
        assert formula.largest >= traced.largest, state


# --- declarations --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_param_declarations_are_coherent(name):
    spec = REGISTRY[name]
    assert len(set(spec.param_names)) == len(spec.param_names), "a parameter is declared twice"
    for p in spec.params:
        assert p.coerce(p.default) == p.default
        assert p.help.strip(), f"{name}.{p.name} has no help text"
        assert p.help.startswith(p.name), f"{name}.{p.name} help must start with the name: {p.help!r}"
        if p.low is not None and p.high is not None:
            assert p.low <= p.high
        if p.ui_max is not None and p.high is not None:
            assert p.ui_max <= p.high, "the slider must not offer what the API refuses"
        if p.kind == "choice":
            assert p.default in p.choices
    # every parameter is a real keyword of the torch constructor (of the wrapped layer's, for those it takes)
    spec.build(spec.defaults())


@pytest.mark.parametrize("name", NAMES)
def test_dims_are_coherent(name):
    spec = REGISTRY[name]
    params = spec.defaults()
    dims = spec.dims(params)
    for d in dims:
        if d.param is not None:
            assert d.param in spec.param_names, f"{name} axis {d.name} is tied to unknown {d.param}"
        assert d.low <= d.default <= d.high
        assert d.ui_max <= d.high
    assert len({d.name for d in dims}) == len(dims)
    assert spec.default_dist in spec.dists
    assert spec.vocab_param is None or spec.vocab_param in spec.param_names
    # tied axes follow their parameter in the default shape
    shape = spec.default_shape(params)
    for size, d in zip(shape, dims, strict=True):
        if d.param is not None:
            assert size == params[d.param]


# --- constraint messages name the parameter ------------------------------------------------


def _torch_refuses(config_state: State) -> bool:
    """Build and run the same setting without the registry: does torch itself say no?"""
    spec = REGISTRY[config_state.layer]
    params = {**spec.defaults(), **config_state.params}
    shape = config_state.input.shape or spec.default_shape(params)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = spec.build(params)
            x = torch.randn(shape)
            module(*[x] * len(spec.call_args))
    except Exception:
        return True
    return False


REFUSALS = [
    pytest.param(State("Conv2d", params={"groups": 4, "in_channels": 6}), "in_channels", "divisible", id="groups"),
    pytest.param(State("Conv2d", params={"padding": "same", "stride": 2}), "padding", "stride", id="same-stride"),
    pytest.param(
        State("Conv2d", params={"kernel_size": 11}, input=InputState(shape=(1, 1, 8, 8))),
        "kernel_size",
        "larger than the padded input",
        id="kernel-too-big",
    ),
    pytest.param(
        State("MultiheadAttention", params={"embed_dim": 10, "num_heads": 3}),
        "embed_dim",
        "divisible",
        id="heads",
    ),
    pytest.param(
        State("LSTM", params={"proj_size": 16, "hidden_size": 16}),
        "proj_size",
        "smaller than hidden_size",
        id="proj-size",
    ),
    pytest.param(
        State("LSTM", params={"proj_size": 20, "hidden_size": 16}),
        "proj_size",
        "smaller than hidden_size",
        id="proj-size-larger",
    ),
]


@pytest.mark.parametrize(("state", "param", "fragment"), REFUSALS)
def test_constraint_names_the_parameter(state, param, fragment):
    with pytest.raises(SpecError) as info:
        resolve(state)
    assert info.value.param == param
    assert fragment in info.value.message
    assert str(info.value) == info.value.message
    # the registry refuses these because torch does, not out of caution
    assert _torch_refuses(state)


def test_registry_names_are_torch_classes():
    """A registry name is the torch class it builds, so links and exported code agree on it."""
    for name, spec in REGISTRY.items():
        assert spec.name == name
        assert spec.cls.__name__ == name
        assert getattr(nn, name) is spec.cls
    # every chapter of the course has at least one layer in the menu
    assert {spec.family for spec in REGISTRY.values()} == set(type(next(iter(REGISTRY.values())).family))


def _largest_tied_values() -> list[tuple[str, str, int, str | None, str]]:
    """(layer, parameter, its high, the refused field, the message) for every tied parameter whose
    declared maximum cannot be used at all because the axis it sizes stops earlier."""
    refused = []
    for name, spec in REGISTRY.items():
        for dim in spec.dims(spec.defaults()):
            if dim.param is None or spec.param(dim.param).high is None:
                continue
            high = int(spec.param(dim.param).high)
            try:
                resolve(State(name, params={dim.param: high}))
            except SpecError as e:
                if e.param == "input.shape":
                    refused.append((name, dim.param, high, e.param, e.message))
    return refused


def test_tied_parameters_reach_their_declared_high():
    """ParamSpec.high is what the API promises to accept (the memory budget is meant to be the real
    limit); a tied axis with a lower ceiling silently takes that promise back."""
    assert _largest_tied_values() == []


def test_same_padding_with_even_kernel_is_accepted_where_torch_accepts_it():
    state = State(
        "Conv1d",
        params={"in_channels": 1, "out_channels": 1, "kernel_size": 2, "padding": "same"},
        input=InputState(shape=(1, 1, 1)),
    )
    assert not _torch_refuses(state)  # torch pads 0 left, 1 right and returns length 1
    config = resolve(state)
    _check_against_torch(config)


# --- defaults are torch's own ----------------------------------------------------------------

REQUIRED = object()  # torch's constructor has no default: the registry must pick a value

# Where the registry's default differs from torch's, and why; every other default is torch's.
NOT_TORCH_DEFAULTS = {
    # torch's 2048-wide feed-forward block would be 99% of a 16-wide layer's parameters and of
    # its plots; d_model and nhead, which torch requires, are the registry's small choices
    ("TransformerEncoderLayer", "dim_feedforward"),
    ("TransformerDecoderLayer", "dim_feedforward"),
    # torch's defaults make a 44M-parameter Transformer (512 wide, 8 heads, 6 + 6 layers, 2048
    # wide feed-forward): its forward alone is over the work budget (PLAYGROUND_MAX_MFLOP)
    ("Transformer", "d_model"),
    ("Transformer", "nhead"),
    ("Transformer", "num_encoder_layers"),
    ("Transformer", "num_decoder_layers"),
    ("Transformer", "dim_feedforward"),
    ("TransformerEncoder", "dim_feedforward"),  # as its encoder layer's
    ("TransformerDecoder", "dim_feedforward"),  # as its decoder layer's
}


def torch_default(spec: LayerSpec, name: str) -> Any:
    """The value torch gives `name` when the caller leaves it out (REQUIRED where it must be given).

    Read from the constructor's signature, walking up the classes (LSTM's own __init__ takes
    *args); where no signature names it (RNN's nonlinearity, read from **kwargs), from a module
    built with only the required arguments. A parameter of the layer a wrapper is built around
    (TransformerEncoder's d_model) is that layer's."""
    owner = spec.wraps.cls if spec.wraps is not None and name in spec.wraps.params else spec.cls
    for cls in owner.__mro__:
        parameters = inspect.signature(cls.__init__).parameters if "__init__" in vars(cls) else {}
        if name in parameters:
            default = parameters[name].default
            return REQUIRED if default is inspect.Parameter.empty else default
    required = {}
    for cls in owner.__mro__:
        if "__init__" not in vars(cls):
            continue
        for parameter in inspect.signature(cls.__init__).parameters.values():
            if parameter.default is inspect.Parameter.empty and parameter.name in spec.param_names:
                required[parameter.name] = spec.param(parameter.name).default
    return getattr(owner(**required), name)


def same_default(torch_value: Any, registry_value: Any) -> bool:
    """Torch's default for `activation` is the function F.relu, which the registry names "relu"."""
    if callable(torch_value) and isinstance(registry_value, str):
        return torch_value.__name__ == registry_value
    return type(torch_value) is type(registry_value) and torch_value == registry_value


@pytest.mark.parametrize("name", NAMES)
def test_defaults_are_torchs_own(name):
    """DESIGN: every default is torch's own where torch has one (a pool's stride is None, Softmax's
    dim is None); the exceptions are listed above with their reasons."""
    spec = REGISTRY[name]
    for p in spec.params:
        expected = torch_default(spec, p.name)
        if expected is REQUIRED or (name, p.name) in NOT_TORCH_DEFAULTS:
            continue
        assert same_default(expected, p.default), f"{name}.{p.name}: registry {p.default!r}, torch {expected!r}"
        if expected is None:
            assert p.optional, f"{name}.{p.name}: torch's default is None, so None must be accepted"
    for key in NOT_TORCH_DEFAULTS:
        if key[0] == name:  # an exception that no longer differs is stale
            assert not same_default(torch_default(spec, key[1]), spec.param(key[1]).default), key


def _default_in_help(p: ParamSpec) -> str | None:
    match = re.search(r"Default: (``[^`]*``|'[^']*'|[^\s,.;]+(?:\.\d+)?)", p.help)
    return match.group(1).strip("`") if match else None


@pytest.mark.parametrize("name", NAMES)
def test_help_states_the_real_default(name):
    """A help text's "Default: x" is the value a caller gets by leaving the parameter out."""
    for p in REGISTRY[name].params:
        stated = _default_in_help(p)
        if stated is None:
            continue
        if isinstance(p.default, bool) or p.default is None or isinstance(p.default, str):
            assert stated in (repr(p.default), str(p.default)), f"{name}.{p.name}: help says {stated}, is {p.default!r}"
        else:
            assert float(stated) == p.default, f"{name}.{p.name}: help says {stated}, is {p.default!r}"


@pytest.mark.parametrize("kind", ["MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d"])
def test_pool_stride_is_the_kernel_size_as_in_torch(kind):
    """`MaxPool2d(3)` strides by 3; the registry built `stride=2` before."""
    state = State(kind, params={"kernel_size": 3}, input=InputState(seed=0))
    result = engine.run(state, CPU)
    assert result.ok, result.error
    expected = getattr(nn, kind)(3)
    assert result.module == repr(expected)
    assert re.search(r"stride=\(?3", result.module)  # AvgPool1d prints tuples: stride=(3,)
    x = engine.draw_inputs(resolve(state))["x"]
    assert result.output_shape == tuple(expected(x).shape)
    assert f"nn.{kind}(kernel_size=3, padding=0" in result.code  # stride=None is left to torch


# --- inputs without an optional axis (unbatched, BatchNorm1d's (N, C)) ----------------------

OPTIONAL = [name for name, spec in REGISTRY.items() if spec.optional_axis is not None]


def _without_optional_axis(spec: LayerSpec, params: dict[str, Any], state: State | None = None) -> tuple[int, ...]:
    dims = spec.dims(params)
    full = spec.default_shape(params)
    assert spec.optional_axis is not None
    return tuple(size for size, d in zip(full, dims, strict=True) if d.name != spec.optional_axis.name)


def test_every_layer_torch_runs_unbatched_declares_it():
    """The layers torch 2.13 documents with an unbatched input (or, for BatchNorm1d, (N, C)), and
    only those: GroupNorm and BatchNorm2d read the first axis as N whatever the rank, Dropout2d
    reads a 3-d input as (N, C, L), and element-wise layers take any rank already."""
    assert set(OPTIONAL) == {
        *("Linear", "LazyLinear", "Bilinear", "Conv1d", "Conv2d", "Conv3d"),
        *("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"),
        *("MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool2d"),
        *("BatchNorm1d", "LayerNorm", "InstanceNorm2d", "RNN", "LSTM", "GRU", "Embedding"),
        *("MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer", "Transformer"),
        *("TransformerEncoder", "TransformerDecoder"),
        *("MSELoss", "L1Loss", "SmoothL1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss"),
    }
    assert REGISTRY["BatchNorm1d"].optional_axis.name == "L"
    assert all(REGISTRY[name].optional_axis.name == "N" for name in OPTIONAL if name != "BatchNorm1d")


ALTERNATIVES = [  # settings that move an output's batch axis, or drop it
    ("RNN", {"batch_first": True}),
    ("LSTM", {"batch_first": True, "bidirectional": True, "num_layers": 2, "proj_size": 4}),
    ("GRU", {"batch_first": True}),
    ("MultiheadAttention", {"batch_first": True, "add_bias_kv": True, "add_zero_attn": True}),
    ("TransformerEncoderLayer", {"batch_first": True}),
    ("TransformerDecoderLayer", {"batch_first": True}),
    ("Transformer", {"batch_first": True}),
    ("TransformerEncoder", {"batch_first": True}),
    ("TransformerDecoder", {"batch_first": True}),
    ("CrossEntropyLoss", {"reduction": "none"}),
    ("NLLLoss", {"reduction": "none"}),
    ("MSELoss", {"reduction": "none"}),
    ("BCEWithLogitsLoss", {"reduction": "sum"}),
]


@pytest.mark.parametrize(
    ("name", "params"), [(name, {}) for name in OPTIONAL] + ALTERNATIVES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_inputs_without_the_optional_axis_match_torch(name, params):
    """Conv2d takes (C, H, W), an LSTM (L, H_in), BatchNorm1d (N, C): the registry predicts what
    torch gives, the run names the axes it used, and each output is the full input's output
    with the axis taken out where the registry says it is (so its position is right too)."""
    spec = REGISTRY[name]
    merged = {**spec.defaults(), **params}
    shape = _without_optional_axis(spec, merged)
    state = State(name, params=params, input=InputState(shape, seed=3), mode="eval")
    config = resolve(state)
    _check_against_torch(config)
    result = engine.run(state, CPU)
    assert result.ok, result.error
    assert result.input_shape == shape
    assert result.input_dims == tuple(d.name for d in spec.dims(merged) if d.name != spec.optional_axis.name)
    assert f"# ({', '.join(result.input_dims)}) = {shape}" in result.code  # the exported code names them too
    # the same numbers as the full input with the axis at size 1, then the axis removed
    _, inputs, outputs = _forward(config)
    full = spec.full_shape(merged, shape)
    index = [d.name for d in spec.dims(merged)].index(spec.optional_axis.name)
    torch.manual_seed(3)  # as _forward: seed, build, draw (a lazy layer draws its weights after)
    module = spec.build(merged).eval()
    engine.draw_inputs(config)
    batched = {k: v.unsqueeze(index) for k, v in inputs.items()}
    assert tuple(batched["x"].shape) == full
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = module(*[batched[n] for n in spec.call_args], **dict(spec.call_kwargs))
    expected = [t for t in tree_leaves(raw) if isinstance(t, torch.Tensor)]
    for out, whole, axis in zip(outputs, expected, spec.optional_axis.outputs(merged), strict=True):
        torch.testing.assert_close(out, whole if axis is None else whole.squeeze(axis), rtol=1e-5, atol=1e-6)


def test_a_rank_torch_does_not_take_is_refused_with_both_shapes_named():
    with pytest.raises(SpecError) as info:
        resolve(State("Conv2d", input=InputState((32, 32))))
    assert info.value.param == "input.shape"
    assert "a 4-d input (N, C_in, H, W) or a 3-d one without N (C_in, H, W)" in info.value.message
    with pytest.raises(SpecError) as info:
        resolve(State("BatchNorm2d", input=InputState((4, 8, 8))))
    assert "takes a 4-d input (N, C, H, W), got" in info.value.message
    assert _torch_refuses(State("BatchNorm2d", input=InputState((4, 8, 8))))


def test_batchnorm1d_takes_the_features_of_a_linear_layer():
    """(N, C) is BatchNorm1d's everyday input (after a Linear); (C, L) is not an unbatched input:
    torch reads a 2-d input as (N, C) and refuses 8 channels for num_features 4."""
    config = resolve(State("BatchNorm1d", params={"num_features": 4}, input=InputState((16, 4))))
    _check_against_torch(config)
    with pytest.raises(SpecError) as info:
        resolve(State("BatchNorm1d", params={"num_features": 4}, input=InputState((4, 8))))
    assert info.value.param == "input.shape" and "num_features is 4" in info.value.message
    assert _torch_refuses(State("BatchNorm1d", params={"num_features": 4}, input=InputState((4, 8))))


# --- words: what each layer's texts say is true of that layer ---------------------------------


def _texts(spec: LayerSpec) -> dict[str, str]:
    """Every text the page shows about a layer, by where it comes from."""
    texts = {"summary": spec.summary, "formula": spec.formula}
    texts |= {f"param {p.name}": p.help for p in spec.params}
    texts |= {f"axis {d.name}": d.help for d in spec.dims(spec.defaults())}
    return texts


@pytest.mark.parametrize("name", NAMES)
def test_texts_fit_the_layers_dimensions(name):
    """Shared helpers wrote Conv2d's words for Conv1d and Conv3d ('channels of the input image',
    'square here') and 'H x W_out' in the 2-d formula: a layer without both H and W has no image
    and no square, a layer with D has no square, and no formula runs axes together."""
    spec = REGISTRY[name]
    axes = {d.name for d in spec.dims(spec.defaults())}
    for where, text in _texts(spec).items():
        if not {"H", "W"} <= axes:
            assert not re.search(r"\b(images?|square|pixels?)\b", text, re.IGNORECASE), (name, where, text)
        if "D" in axes:
            assert not re.search(r"\bsquare\b", text, re.IGNORECASE), (name, where, text)
    assert not re.search(r"\b[LDHW] x [LDHW]", spec.formula), spec.formula  # per axis, not 'H x W_out'


def _contained_types(spec: LayerSpec) -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {type(m).__name__ for m in spec.build(spec.defaults()).modules()}


@pytest.mark.parametrize("name", NAMES)
def test_parameter_help_names_no_other_layer(name):
    """A help text written for one layer and shared with another names the first ('Conv2d' in a
    pooling help): a parameter's help may name the layer itself or a layer it contains, no other."""
    spec = REGISTRY[name]
    allowed = _contained_types(spec) | {name}
    for p in spec.params:
        for other in REGISTRY:
            if other not in allowed:
                assert not re.search(rf"\b{other}\b", p.help), f"{name}.{p.name} names {other}: {p.help!r}"


def test_logsoftmax_says_log_probabilities_do_not_sum_to_one():
    """LogSoftmax's dim help said its entries sum to 1; their exponentials do."""
    text = REGISTRY["LogSoftmax"].param("dim").help
    assert "log-probabilities" in text and "exponentials sum to 1" in text


@pytest.mark.parametrize("name", NAMES)
def test_help_states_torchs_default_wherever_torch_has_one(name):
    """'Default: x' where the registry's default is torch's; "Torch's default: x" where it is
    not (NOT_TORCH_DEFAULTS), so a reader of the help knows what torch would do."""
    spec = REGISTRY[name]
    for p in spec.params:
        expected = torch_default(spec, p.name)
        if expected is REQUIRED:
            continue
        marker = "Torch's default: " if (name, p.name) in NOT_TORCH_DEFAULTS else "Default: "
        assert marker in p.help, f"{name}.{p.name}: {p.help!r} does not say {marker.strip()}"


# --- one value per spatial axis: non-square kernels, strides, paddings, dilations --------------

PER_AXIS = {name: [p for p in spec.params if p.axes] for name, spec in REGISTRY.items()}
PER_AXIS = {name: params for name, params in PER_AXIS.items() if params}
PER_AXIS_STATES = 24  # drawn per layer; about half resolve, the rest must be refused as torch refuses them


def _per_axis_value(rng: random.Random, p: ParamSpec) -> Any:
    """A tuple with (mostly) unequal entries in the slider's range, or now and then the int."""
    low = int(p.low or 0)
    high = int(min(p.ui_max or 4, 1 if p.name.endswith("padding") else 5))  # a pool pads at most half its window
    if p.optional and rng.random() < 0.2:
        return None
    if rng.random() < 0.2:
        return rng.randint(low, high)
    return tuple(rng.randint(low, high) for _ in p.axes)


def _per_axis_states(name: str) -> list[State]:
    """States of one layer with tuples in every per-axis parameter, over a non-square input
    (an axis swapped anywhere in a rule shows), deterministic per layer."""
    spec = REGISTRY[name]
    rng = random.Random(f"per-axis:{name}")
    states = []
    for _ in range(PER_AXIS_STATES):
        params = {p.name: _per_axis_value(rng, p) for p in PER_AXIS[name]}
        if "padding" in params and spec.param("padding").kind == "int_or_choice" and rng.random() < 0.25:
            params["padding"] = rng.choice(spec.param("padding").choices)
        if "padding_mode" in spec.param_names:  # reflect, replicate, circular pad a copy per axis
            params["padding_mode"] = rng.choice(spec.param("padding_mode").choices)
        merged = {**spec.defaults(), **params}
        spatial = (9, 12, 10)[-len(PER_AXIS[name][0].axes) :] if len(PER_AXIS[name][0].axes) > 1 else (13,)
        shape = (*spec.default_shape(merged)[: -len(spatial)], *spatial)
        states.append(State(name, MappingProxyType(params), InputState(shape, seed=rng.randrange(100))))
    return states


@pytest.mark.parametrize("name", list(PER_AXIS))
def test_tuples_per_axis_match_torch(name):
    """Kernel sizes, strides, paddings, dilations and output paddings given per axis: whatever
    the registry accepts, torch runs with the output and parameter shapes the registry predicts,
    and whatever it refuses, torch refuses too (its rules hold per axis)."""
    accepted = 0
    for state in _per_axis_states(name):
        try:
            config = resolve(state)
        except SpecError as e:
            assert e.param in REGISTRY[name].param_names, (state, e)
            assert _torch_refuses(state), f"the registry refused {state.params} ({e}); torch runs it"
            continue
        accepted += 1
        _check_against_torch(config)
    assert accepted >= PER_AXIS_STATES // 4, f"only {accepted} of {PER_AXIS_STATES} per-axis settings resolved"


@pytest.mark.parametrize("name", list(PER_AXIS))
def test_a_tuple_of_equal_entries_runs_as_the_int(name):
    """(3, 3) computes what 3 computes (the same shapes, parameters and numbers) and prints as
    torch prints the module built with (3, 3): Conv2d stores its kernel as a tuple either way,
    MaxPool2d keeps what it is given."""
    spec = REGISTRY[name]
    ints = {"kernel_size": 3, "stride": 2, "padding": 1}
    ints = {k: v for k, v in ints.items() if k in spec.param_names}
    n = len(spec.param("kernel_size").axes)
    tuples = {k: (v,) * n for k, v in ints.items()}
    as_int = engine.run(State(name, ints, InputState(seed=1)), CPU)
    as_tuple = engine.run(State(name, tuples, InputState(seed=1)), CPU)
    assert as_int.ok and as_tuple.ok, (as_int.error, as_tuple.error)
    assert as_tuple.output_shape == as_int.output_shape
    assert [(p.name, p.shape) for p in as_tuple.params] == [(p.name, p.shape) for p in as_int.params]
    assert as_tuple.values["output"] == as_int.values["output"]
    assert as_tuple.module == repr(spec.cls(**{**spec.defaults(), **tuples}))
    assert as_int.module == repr(spec.cls(**{**spec.defaults(), **ints}))


def test_a_3x5_kernel_is_a_3x5_convolution():
    """The course's example: Conv2d with kernel_size (3, 5) has 3 x 5 filters and shrinks H by 2
    and W by 4; the weight is (out_channels, in_channels / groups, 3, 5)."""
    state = State("Conv2d", {"in_channels": 2, "out_channels": 4, "kernel_size": (3, 5)}, InputState((1, 2, 10, 12)))
    result = engine.run(state, CPU)
    assert result.ok, result.error
    torch.manual_seed(42)
    layer = nn.Conv2d(2, 4, kernel_size=(3, 5))
    assert result.module == repr(layer)
    assert dict((p.name, p.shape) for p in result.params) == {k: tuple(v.shape) for k, v in layer.state_dict().items()}
    assert result.output_shape == tuple(layer(torch.zeros(1, 2, 10, 12)).shape)


@pytest.mark.parametrize(
    ("state", "param", "fragment"),
    [
        pytest.param(
            State("Conv2d", {"kernel_size": (3, 9)}, InputState((1, 1, 16, 8))),
            "kernel_size",
            "kernel_size 9 is larger than the padded input 8 along W",
            id="kernel-too-wide",
        ),
        pytest.param(
            State("Conv2d", {"padding": "same", "stride": (1, 2)}),
            "padding",
            "padding='same' needs stride 1 along every axis, got stride (1, 2)",
            id="same-stride",
        ),
        pytest.param(
            State("ConvTranspose2d", {"stride": (2, 1), "output_padding": (1, 1)}),
            "output_padding",
            "output_padding 1 must be smaller than stride 1 or dilation 1 along W",
            id="output-padding",
        ),
        pytest.param(
            State("MaxPool2d", {"kernel_size": (4, 2), "padding": (2, 2)}),
            "padding",
            "padding 2 must be at most half of kernel_size 2 along W",
            id="pool-padding",
        ),
        pytest.param(
            State("Conv2d", {"padding": (1, 4), "padding_mode": "reflect"}, InputState((1, 1, 8, 4))),
            "padding",
            "reflect padding 4 must be smaller than the input 4 along W",
            id="reflect",
        ),
    ],
)
def test_per_axis_rules_name_the_axis_torch_refuses(state, param, fragment):
    with pytest.raises(SpecError) as info:
        resolve(state)
    assert (info.value.param, fragment in info.value.message) == (param, True), info.value.message
    assert _torch_refuses(state)


@pytest.mark.parametrize("name", NAMES)
def test_the_none_hint_starts_a_sentence_of_its_own(name):
    """The page adds a sentence to an optional parameter's help: it follows a full stop
    (Softmax's dim read "...this implicit choice is deprecated Empty means None")."""
    for p in REGISTRY[name].params:
        if p.optional:
            text = help_text(p)
            assert re.search(rf"\w[).`]*[.?!] {re.escape(NONE_HINT)}$", text), f"{name}.{p.name}: {text!r}"
