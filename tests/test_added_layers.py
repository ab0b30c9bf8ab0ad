"""Layers added as one registry row each, checked against torch where the registry-wide tests
(tests/test_registry.py) reach only the defaults and a few random settings: every setting of
a grid, the slowdown rule the work guard applies, and what each layer draws."""

from __future__ import annotations

import itertools
import json
import warnings
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional

from playground.registry.specs import REGISTRY, SpecError
from playground.registry.specs.conv import SMALL_GROUPS
from playground.render import figures
from playground.request.plan import resolve
from playground.request.state import InputState, State
from playground.run import budget, cost, engine

CPU = torch.device("cpu")

# --- transposed convolutions, one factory for 1-d to 3-d -------------------------------------

TRANSPOSED = ["ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]


def _torch_transposed(n: int, params: dict[str, int], shape: tuple[int, ...]) -> tuple[int, ...] | None:
    """The output shape torch gives, or None where torch refuses the setting."""
    cls = getattr(nn, f"ConvTranspose{n}d")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return tuple(cls(**params)(torch.zeros(shape)).shape)
    except (RuntimeError, ValueError):
        return None


@pytest.mark.parametrize("name", TRANSPOSED)
def test_transposed_shape_rules_and_refusals_are_torchs(name):
    """Over a grid of strides, paddings, output paddings, dilations and groups: what the registry
    accepts has torch's output shape and weight shape, and what it refuses torch refuses."""
    n = int(name[-2])
    spec = REGISTRY[name]
    grid = itertools.product((1, 3), (1, 2, 3), (0, 2), (0, 1, 2), (1, 2), (1, 2))
    for kernel, stride, padding, output_padding, dilation, groups in grid:
        params = {"in_channels": 4, "out_channels": 2, "kernel_size": kernel, "stride": stride}
        params |= {"padding": padding, "output_padding": output_padding, "dilation": dilation, "groups": groups}
        shape = (2, 4, *(3,) * n)
        expected = _torch_transposed(n, params, shape)
        try:
            config = resolve(State(name, params=params, input=InputState(shape)))
        except SpecError:
            assert expected is None, f"{name} refused {params}, which torch runs"
            continue
        assert expected is not None, f"{name} accepted {params}, which torch refuses"
        assert spec.output_shapes(config.params, shape) == (expected,)
        weight = next(e for e in spec.state_entries(config.params, shape) if e.name == "weight")
        assert weight.shape == (4, 2 // groups, *(kernel,) * n)


@pytest.mark.parametrize("name", TRANSPOSED)
def test_transposed_small_groups_count_more_work_in_every_rank(name):
    """The transposed kernels' slowdown in small groups is counted by the work guard whatever the rank."""
    n = int(name[-2])
    grouped = {"in_channels": 8, "out_channels": 8, "groups": 4}  # 2 channels a group
    shape = InputState((1, 8, *(4,) * n))
    config = resolve(State(name, params=grouped, input=shape))
    analysis = cost.analyse(config)
    assert budget.work(config, analysis) == SMALL_GROUPS * analysis.flops
    plain = resolve(State(name, params={**grouped, "groups": 1}, input=shape))
    assert budget.work(plain, cost.analyse(plain)) == cost.analyse(plain).flops


# --- PReLU: a slope per channel, a curve per slope ----------------------------------------------


def _figure_json(fig: figures.Figure | None) -> dict[str, Any]:
    assert fig is not None
    return json.loads(fig.to_json())


@pytest.mark.parametrize("count", [1, 3])
def test_prelu_curves_are_torchs_per_channel(count):
    """One slope: one curve over a 1-d sweep. C slopes: torch refuses a 1-d input, so the sweep
    is (points, C) and each channel's curve is F.prelu with that channel's slope."""
    state = State("PReLU", params={"num_parameters": count, "init": 0.1})
    result = engine.run(state, CPU)
    assert result.ok, result.error
    curves = result.curves
    x = torch.from_numpy(curves["x"])
    weight = torch.full((count,), 0.1)
    if count == 1:
        assert curves["f"].shape == (len(x),)
        sweep = x.clone().requires_grad_(True)
    else:
        assert curves["f"].shape == curves["df"].shape == (len(x), count)
        sweep = x[:, None].repeat(1, count).requires_grad_(True)
    f = functional.prelu(sweep, weight)
    (df,) = torch.autograd.grad(f.sum(), sweep)
    np.testing.assert_array_equal(curves["f"], f.detach().numpy())
    np.testing.assert_array_equal(curves["df"], df.numpy())
    negative = curves["x"] < 0
    np.testing.assert_allclose(curves["df"][negative], 0.1)  # the slope below 0 is init
    np.testing.assert_allclose(curves["df"][~negative & (curves["x"] > 0)], 1.0)


def test_prelu_draws_one_colour_a_channel_and_says_when_it_draws_fewer():
    few = engine.run(State("PReLU", params={"num_parameters": 3}), CPU)
    fig = _figure_json(figures.special_figure(few))
    assert len(fig["data"]) == 6  # f and f' for each channel
    assert len({trace["line"]["color"] for trace in fig["data"]}) == 3
    assert "per channel" in fig["layout"]["title"]["text"]
    many = engine.run(State("PReLU", params={"num_parameters": 12}), CPU)
    assert many.curves["f"].shape[1] == engine.CURVE_CHANNELS
    title = _figure_json(figures.special_figure(many))["layout"]["title"]["text"].replace("<br>", " ")
    assert f"channels 0-{engine.CURVE_CHANNELS - 1} of 12" in title


@pytest.mark.parametrize(
    ("shape", "count", "accepted"),
    [
        ((7,), 1, True),
        ((7,), 3, False),  # torch reads a 1-d input as 1 channel
        ((2, 3), 3, True),
        ((2, 3, 4, 5), 3, True),
        ((2, 4, 3), 3, False),  # channels are axis 1, not the last
        ((2, 5, 4), 1, True),  # one shared slope takes any channels
    ],
)
def test_prelu_takes_the_shapes_torch_takes(shape, count, accepted):
    state = State("PReLU", params={"num_parameters": count}, input=InputState(shape))
    try:
        torch.nn.PReLU(count)(torch.zeros(shape))
        torch_accepts = True
    except RuntimeError:
        torch_accepts = False
    assert torch_accepts == accepted
    if accepted:
        config = resolve(state)
        assert REGISTRY["PReLU"].output_shapes(config.params, shape) == (shape,)
        assert engine.run(state, CPU).ok
    else:
        with pytest.raises(SpecError) as info:
            resolve(state)
        assert info.value.param == "input.shape" and "num_parameters" in info.value.message


# --- TransformerEncoder and TransformerDecoder: a stack around one layer ------------------------

STACKS = {"TransformerEncoder": nn.TransformerEncoderLayer, "TransformerDecoder": nn.TransformerDecoderLayer}


def _torch_stack(name: str, params: dict[str, Any], seed: int) -> nn.Module:
    """As torch's docs write it: the layer, then the stack that deep-copies it."""
    spec = REGISTRY[name]
    own = {"num_layers", "enable_nested_tensor"}
    torch.manual_seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        block = STACKS[name](**{k: v for k, v in params.items() if k not in own})
        return spec.cls(block, **{k: v for k, v in params.items() if k in own})


@pytest.mark.parametrize("name", list(STACKS))
def test_a_stack_is_its_layer_copied_and_applied_in_turn(name):
    """The registry builds what the docs' two lines build, with the same numbers from a seed;
    every copy starts with the same weights; the output is the layers applied one after another."""
    spec = REGISTRY[name]
    params = {**spec.defaults(), "num_layers": 2, "batch_first": True}
    state = State(name, params=params, input=InputState(seed=7), mode="eval")
    config = resolve(state)
    expected = _torch_stack(name, dict(config.params), 7)
    torch.manual_seed(7)
    built = spec.build(config.params)
    assert repr(built) == repr(expected)
    for (key, a), b in zip(built.state_dict().items(), expected.state_dict().values(), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=key)
    first, second = (dict(layer.state_dict()) for layer in built.layers)
    assert all(torch.equal(first[key], second[key]) for key in first)
    inputs = engine.draw_inputs(config)
    built.eval()
    with torch.no_grad():
        args = [inputs[n] for n in spec.call_args]
        stepped = args[0]
        for layer in built.layers:
            stepped = layer(stepped, *args[1:])
        torch.testing.assert_close(built(*args), stepped)


@pytest.mark.parametrize("name", list(STACKS))
def test_a_stack_is_exported_as_torchs_docs_write_it(name):
    result = engine.run(State(name), CPU)
    assert result.ok, result.error
    inner, wraps = STACKS[name].__name__, REGISTRY[name].wraps
    assert wraps is not None
    arg = wraps.arg
    assert f"{arg} = nn.{inner}(d_model=16, nhead=4, dim_feedforward=64" in result.code
    assert f"layer = nn.{name}({arg}, num_layers={REGISTRY[name].param('num_layers').default}" in result.code


@pytest.mark.parametrize("name", list(STACKS))
def test_a_stack_is_analysed_by_its_formula_as_deep_as_it_goes(name):
    """The closed form stands for the trace (a stack's trace is num_layers times a layer's):
    its FLOPs are the trace's at every depth the API takes a few of."""
    for depth in (1, 3):
        config = resolve(State(name, params={"num_layers": depth, "dropout": 0.0}))
        traced = cost._trace(config, "cpu")
        assert cost.analyse(config).flops == traced.flops
        assert [e.name for e in cost.analyse(config).entries] == [e.name for e in traced.entries]
