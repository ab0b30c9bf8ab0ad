"""The strict JSON codec of the playground's state, and resolution against the registry.

The JSON codec is the API's front door: it must refuse every malformed field and say which
one (`SpecError.param`), because a caller fixes exactly that field. Round trips matter
because a saved state has to rebuild the same run. (The lenient codec of share links, and
its round trips over the same hand-picked states, are tests/test_link.py's.)
"""

from __future__ import annotations

import json

import pytest
import torch

from playground.registry.specs import REGISTRY, SpecError
from playground.request.plan import Config, resolve
from playground.request.state import (
    DEFAULT_SEED,
    MAX_JSON_CHARS,
    MAX_SEED,
    InputState,
    State,
    state_from_dict,
    state_from_json,
)
from playground.run import engine

CPU = torch.device("cpu")
NAMES = list(REGISTRY)


def _parse(text: str) -> Config:
    """Parse then resolve: some refusals (a shape that does not fit) are only knowable against the spec."""
    return resolve(state_from_json(text))


def _j(**data) -> str:
    return json.dumps(data)


def _config_key(config: Config) -> tuple:
    """A Config as plain comparable data (its params are a read-only mapping)."""
    return (
        config.spec.name,
        tuple(sorted(config.params.items())),
        tuple(config.shape),
        config.dist,
        config.seed,
        config.mode,
        config.backward,
    )


# --- strict JSON: every refusal names its field ------------------------------------------------

REFUSED = [
    # top level
    pytest.param(_j(layer="Linear", colour="red"), "colour", id="unknown-top-key"),
    pytest.param(_j(layer="Nope"), "layer", id="unknown-layer"),
    pytest.param(_j(params={}), "layer", id="missing-layer"),
    pytest.param(_j(layer=3), "layer", id="layer-not-string"),
    pytest.param(_j(layer="linear"), "layer", id="layer-wrong-case"),
    pytest.param(_j(v=2, layer="Linear"), "v", id="future-version"),
    pytest.param(_j(v="1", layer="Linear"), "v", id="version-string"),
    pytest.param(_j(layer="Linear", mode="test"), "mode", id="bad-mode"),
    pytest.param(_j(layer="Linear", mode=None), "mode", id="null-mode"),
    pytest.param(_j(layer="Linear", backward="yes"), "backward", id="backward-string"),
    pytest.param(_j(layer="Linear", backward=1), "backward", id="backward-int"),
    # params
    pytest.param(_j(layer="Linear", params=[4, 3]), "params", id="params-not-object"),
    pytest.param(_j(layer="Linear", params={"nope": 1}), "nope", id="unknown-param"),
    pytest.param(_j(layer="Linear", params={"hidden_size": 1}), "hidden_size", id="other-layers-param"),
    pytest.param(_j(layer="Linear", params={"in_features": "4"}), "in_features", id="string-for-int"),
    pytest.param(_j(layer="Linear", params={"in_features": True}), "in_features", id="true-for-int"),
    pytest.param(_j(layer="Linear", params={"in_features": 1.5}), "in_features", id="float-for-int"),
    pytest.param(_j(layer="Linear", params={"in_features": 4.0}), "in_features", id="integral-float-for-int"),
    pytest.param(_j(layer="Linear", params={"in_features": None}), "in_features", id="null-for-required"),
    pytest.param(_j(layer="Linear", params={"bias": "x"}), "bias", id="string-for-bool"),
    pytest.param(_j(layer="Linear", params={"bias": 1}), "bias", id="int-for-bool"),
    pytest.param(_j(layer="Linear", params={"in_features": 0}), "in_features", id="below-low"),
    pytest.param(
        _j(layer="Linear", params={"out_features": int(REGISTRY["Linear"].param("out_features").high) + 1}),
        "out_features",
        id="above-high",
    ),
    pytest.param(_j(layer="Dropout", params={"p": 1.5}), "p", id="float-above-high"),
    pytest.param(_j(layer="Dropout", params={"p": -0.1}), "p", id="float-below-low"),
    pytest.param(_j(layer="Dropout", params={"p": "0.5"}), "p", id="string-for-float"),
    pytest.param('{"layer": "ELU", "params": {"alpha": 1e400}}', "alpha", id="float-overflows-to-inf"),
    pytest.param(_j(layer="RNN", params={"nonlinearity": "sigmoid"}), "nonlinearity", id="bad-choice"),
    pytest.param(_j(layer="Conv2d", params={"padding": "full"}), "padding", id="bad-int-or-choice"),
    pytest.param(_j(layer="Conv2d", params={"padding": True}), "padding", id="bool-for-int-or-choice"),
    # input
    pytest.param(_j(layer="Linear", input=[1, 4]), "input", id="input-not-object"),
    pytest.param(_j(layer="Linear", input={"size": [1, 4]}), "input.size", id="unknown-input-key"),
    pytest.param(_j(layer="Linear", input={"shape": [1, 2, 4]}), "input.shape", id="shape-wrong-rank"),
    pytest.param(_j(layer="Linear", input={"shape": [1, 5]}), "input.shape", id="shape-not-tied"),
    pytest.param(
        _j(layer="Linear", params={"in_features": 6}, input={"shape": [2, 4]}),
        "input.shape",
        id="shape-not-tied-to-given-param",
    ),
    pytest.param(_j(layer="Linear", input={"shape": [0, 4]}), "input.shape", id="shape-zero"),
    pytest.param(_j(layer="Linear", input={"shape": [-1, 4]}), "input.shape", id="shape-negative"),
    pytest.param(_j(layer="Linear", input={"shape": [5000, 4]}), "input.shape", id="shape-above-high"),
    pytest.param(_j(layer="Linear", input={"shape": []}), "input.shape", id="shape-empty"),
    pytest.param(_j(layer="Linear", input={"shape": [1] * 7}), "input.shape", id="shape-rank-7"),
    pytest.param(_j(layer="Linear", input={"shape": "1x4"}), "input.shape", id="shape-string"),
    pytest.param(_j(layer="Linear", input={"shape": [1.0, 4]}), "input.shape", id="shape-float"),
    pytest.param(_j(layer="Linear", input={"shape": [True, 4]}), "input.shape", id="shape-bool"),
    pytest.param(_j(layer="Linear", input={"dist": "tokens"}), "input.dist", id="tokens-for-linear"),
    pytest.param(_j(layer="BCELoss", input={"dist": "normal"}), "input.dist", id="normal-for-bce"),
    pytest.param(_j(layer="Embedding", input={"dist": "uniform"}), "input.dist", id="floats-for-embedding"),
    pytest.param(_j(layer="Linear", input={"dist": "image"}), "input.dist", id="image-for-linear"),
    pytest.param(_j(layer="Linear", input={"dist": "gaussian"}), "input.dist", id="unknown-dist"),
    pytest.param(_j(layer="Linear", input={"dist": 1}), "input.dist", id="dist-not-string"),
    pytest.param(_j(layer="Linear", input={"seed": -1}), "input.seed", id="seed-negative"),
    pytest.param(_j(layer="Linear", input={"seed": MAX_SEED + 1}), "input.seed", id="seed-too-big"),
    pytest.param(_j(layer="Linear", input={"seed": True}), "input.seed", id="seed-bool"),
    pytest.param(_j(layer="Linear", input={"seed": 1.5}), "input.seed", id="seed-float"),
    pytest.param(_j(layer="Linear", input={"seed": "42"}), "input.seed", id="seed-string"),
    pytest.param(_j(layer="Linear", input={"seed": None}), "input.seed", id="seed-null"),
    # cross-field rules of the registry
    pytest.param(_j(layer="Conv2d", params={"groups": 4, "in_channels": 6}), "in_channels", id="groups"),
    pytest.param(_j(layer="Flatten", params={"start_dim": 3, "end_dim": 1}), "start_dim", id="flatten-order"),
    # not a state at all (no field to name)
    pytest.param("[1, 2]", None, id="json-array"),
    pytest.param("3", None, id="json-number"),
    pytest.param('"Linear"', None, id="json-string"),
    pytest.param("null", None, id="json-null"),
    pytest.param("{layer: Linear}", None, id="not-json"),
    pytest.param("", None, id="empty"),
    pytest.param('{"layer": "ELU", "params": {"alpha": NaN}}', None, id="nan-literal"),
    pytest.param('{"layer": "ELU", "params": {"alpha": Infinity}}', None, id="infinity-literal"),
    pytest.param('{"layer": "ELU", "params": {"alpha": -Infinity}}', None, id="minus-infinity-literal"),
    pytest.param("[" * 10_000 + "]" * 10_000, None, id="deep-nesting"),
    pytest.param(" " * (MAX_JSON_CHARS + 1), None, id="oversize"),
]


@pytest.mark.parametrize(("text", "param"), REFUSED)
def test_strict_json_refuses_and_names_the_field(text, param):
    with pytest.raises(SpecError) as info:
        _parse(text)
    assert info.value.param == param
    assert info.value.message
    # the engine turns the same refusal into data for the API, never an exception
    if param is not None and text.startswith("{"):
        try:
            state = state_from_json(text)
        except SpecError:
            return
        result = engine.run(state, CPU)
        assert not result.ok
        assert result.to_api() == {"ok": False, "error": {"param": param, "message": result.error.message}}


def test_nan_and_infinity_are_refused_for_what_they_are():
    with pytest.raises(SpecError, match="NaN"):
        state_from_json('{"layer": "ELU", "params": {"alpha": NaN}}')
    with pytest.raises(SpecError, match="Infinity"):
        state_from_json('{"layer": "ELU", "params": {"alpha": Infinity}}')


def test_oversize_is_refused_before_parsing():
    """A valid state padded past the limit is still refused: size is checked first, by length."""
    text = _j(layer="Linear") + " " * MAX_JSON_CHARS
    with pytest.raises(SpecError, match="limit") as info:
        state_from_json(text)
    assert info.value.param is None
    # and just under the limit the same state is fine
    assert state_from_json(text[:MAX_JSON_CHARS]).layer == "Linear"


@pytest.mark.parametrize("value", [None, 42, b'{"layer": "Linear"}', {"layer": "Linear"}])
def test_state_from_json_wants_a_string(value):
    with pytest.raises(SpecError) as info:
        state_from_json(value)
    assert info.value.param is None


def test_huge_integer_for_a_float_param_is_a_spec_error():
    with pytest.raises(SpecError) as info:
        state_from_json('{"layer": "ELU", "params": {"alpha": 1' + "0" * 400 + "}}")
    assert info.value.param == "alpha"


@pytest.mark.parametrize("version", [True, 1.0])
def test_version_must_be_the_integer_one(version):
    with pytest.raises(SpecError) as info:
        state_from_json(json.dumps({"v": version, "layer": "Linear"}))
    assert info.value.param == "v"


def test_seed_bounds_are_inclusive():
    assert state_from_json(_j(layer="Linear", input={"seed": 0})).input.seed == 0
    assert state_from_json(_j(layer="Linear", input={"seed": MAX_SEED})).input.seed == MAX_SEED
    assert MAX_SEED == 2**63 - 1


def test_state_from_dict_accepts_what_json_accepts():
    data = {"layer": "Conv2d", "params": {"padding": "same", "groups": 1}, "input": {"seed": 3}}
    assert state_from_dict(data) == state_from_json(json.dumps(data))


def test_lstm_alone_resolves_and_runs():
    state = state_from_json('{"layer": "LSTM"}')
    config = resolve(state)
    assert dict(config.params) == REGISTRY["LSTM"].defaults()
    assert config.seed == DEFAULT_SEED and config.mode == "train" and not config.backward
    result = engine.run(state, CPU)
    assert result.ok, result.error
    assert [name for name, _ in result.outputs] == ["output", "h_n", "c_n"]


# --- round trips ------------------------------------------------------------------------------


def _non_default_states() -> list[State]:
    """Hand-picked states that use each codec feature: choices, None, bools, floats, shapes, dists."""
    return [
        State("Conv2d", params={"padding": "same", "bias": False, "in_channels": 2, "groups": 2}),
        State("Conv2d", params={"padding": 2, "padding_mode": "reflect"}, input=InputState((2, 1, 9, 7), "normal", 7)),
        State("Embedding", params={"padding_idx": 3, "max_norm": 1.5}, input=InputState((3, 2), "tokens", 0)),
        State("Embedding", params={"padding_idx": None, "max_norm": None}),
        State("LSTM", params={"num_layers": 2, "bidirectional": True, "proj_size": 4}, mode="eval", backward=True),
        State("RNN", params={"nonlinearity": "relu", "batch_first": True}, input=InputState((4, 6, 8), "arange", 1)),
        State("Dropout", params={"p": 0.125}, input=InputState(seed=MAX_SEED), mode="train"),
        State("Hardtanh", params={"min_val": -0.3, "max_val": 2.7}),
        State("BatchNorm1d", params={"eps": 1e-7, "momentum": 0.0}, input=InputState(dist="uniform")),
        State("Flatten", params={"start_dim": -3, "end_dim": 2}),
        State("CrossEntropyLoss", params={"reduction": "sum", "label_smoothing": 0.1}, backward=True),
        State("BCELoss", input=InputState(dist="zeros")),
        # one value per spatial axis: tuples, a one-axis tuple, and one whose entries are equal
        State("Conv2d", params={"kernel_size": (3, 5), "stride": (1, 2), "padding": (1, 0), "dilation": (2, 1)}),
        State("ConvTranspose3d", params={"kernel_size": (1, 2, 3), "stride": (2, 1, 1), "output_padding": (1, 0, 0)}),
        State("MaxPool2d", params={"kernel_size": (2, 2), "stride": None, "padding": (1, 0)}),
        State("AvgPool1d", params={"kernel_size": (3,), "stride": (2,)}),
    ]


ROUND_TRIP_STATES = [pytest.param(State(name), id=name) for name in NAMES] + [
    pytest.param(s, id=f"{s.layer}-{i}") for i, s in enumerate(_non_default_states())
]


@pytest.mark.parametrize("state", ROUND_TRIP_STATES)
def test_json_round_trip(state):
    config = resolve(state)
    text = json.dumps(state.to_dict())
    assert _config_key(_parse(text)) == _config_key(config)
    # a resolved config written back out is a complete state that resolves to itself
    full = config.to_state()
    assert _config_key(_parse(json.dumps(full.to_dict()))) == _config_key(config)


def test_mode_defaults_to_train_as_a_fresh_torch_module():
    """DESIGN: the default mode is torch's own; nn.Module starts in training mode."""
    assert torch.nn.Linear(4, 3).training
    assert State("Linear").mode == "train"
    assert state_from_json('{"layer": "Linear"}').mode == "train"
    assert state_from_json('{"model": {"preset": "LeNet"}}', "model").mode == "train"


@pytest.mark.parametrize(
    ("data", "param"),
    [
        ({"layer": "Linear", "input": {":": 1}}, "input.:"),
        ({"model": {"layers": [{"": None}]}}, "layers[0]."),
        ({"model": {"layers": [{":": None}]}}, "layers[0].:"),
    ],
)
def test_an_unknown_key_is_named_as_it_was_sent(data, param):
    """Whatever the key (even "" or ":"), the refusal names it under its container, so that a
    client finds the very key it sent."""
    with pytest.raises(SpecError) as refused:
        state_from_dict(data)
    assert refused.value.param == param


# --- one value per spatial axis ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("layer", "value", "fragment"),
    [
        ("Conv2d", [3], "a list of 2 integers, one per axis (H, W); got [3]"),
        ("Conv2d", [3, 5, 7], "a list of 2 integers, one per axis (H, W); got [3, 5, 7]"),
        ("Conv3d", [3, 5], "a list of 3 integers, one per axis (D, H, W); got [3, 5]"),
        ("Conv1d", [3, 3], "a list of 1 integer, one per axis (L); got [3, 3]"),
        ("Conv2d", [3, 0], "kernel_size along W must be >= 1, got 0"),
        ("Conv2d", [70000, 3], "kernel_size along H must be <= 65536, got 70000"),
        ("Conv2d", [3, 2.5], "kernel_size along W must be an integer, got 2.5"),
        ("Conv2d", [True, 3], "kernel_size along H must be an integer, got True"),
        ("Conv2d", [[3], 5], "kernel_size along H must be an integer, got [3]"),
        ("Conv2d", ["3", 5], "kernel_size along H must be an integer, got '3'"),
        ("Conv2d", "3x5", "kernel_size must be an integer or a list of 2 (one per axis H, W), got '3x5'"),
        ("MaxPool2d", [2, None], "kernel_size along W must be an integer, got None"),
    ],
)
def test_a_per_axis_value_is_refused_by_field_and_axis(layer, value, fragment):
    """The API takes a list for a tuple (JSON has none), of exactly one integer per spatial axis,
    each in the integer's own range; anything else is refused with the field, and the axis, named."""
    with pytest.raises(SpecError) as refused:
        state_from_json(_j(layer=layer, params={"kernel_size": value}))
    assert refused.value.param == "kernel_size"
    assert fragment in refused.value.message
    # the same refusal inside a builder stack names the layer's place
    with pytest.raises(SpecError) as refused:
        state_from_dict({"model": {"layers": [{"layer": layer, "params": {"kernel_size": value}}]}})
    assert refused.value.param == "layers[0].kernel_size"


@pytest.mark.parametrize(
    ("layer", "param", "value"),
    [
        ("Conv2d", "padding", [1, -1]),
        ("ConvTranspose2d", "output_padding", [0, -1]),
        ("MaxPool2d", "stride", [0, 2]),
        ("MaxPool2d", "dilation", [1, 0]),
        ("Linear", "in_features", [4, 4]),  # no spatial axes: an integer only
        ("Conv2d", "groups", [1, 1]),  # a count of channel groups, not a window: an integer only
    ],
)
def test_every_per_axis_parameter_checks_each_entry(layer, param, value):
    with pytest.raises(SpecError) as refused:
        state_from_json(_j(layer=layer, params={param: value}))
    assert refused.value.param == param


def test_a_list_is_read_as_the_tuple_torch_takes():
    state = state_from_json(_j(layer="Conv2d", params={"kernel_size": [3, 5], "padding": [1, 2], "stride": 2}))
    assert dict(state.params) == {"kernel_size": (3, 5), "padding": (1, 2), "stride": 2}
    assert json.loads(json.dumps(state.to_dict()))["params"]["kernel_size"] == [3, 5]  # and written as a list
