"""Layers added as one registry row each, checked against torch where the registry-wide tests
(tests/test_registry.py) reach only the defaults and a few random settings: every setting of
a grid, the slowdown rule the work guard applies, and what each layer draws."""

from __future__ import annotations

import itertools
import warnings

import pytest
import torch
from torch import nn

from playground import engine
from playground.specs import REGISTRY, SpecError
from playground.specs.conv import SMALL_GROUPS
from playground.state import InputState, State, resolve

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
    analysis = engine.analyse(config)
    assert engine.work(config, analysis) == SMALL_GROUPS * analysis.flops
    plain = resolve(State(name, params={**grouped, "groups": 1}, input=shape))
    assert engine.work(plain, engine.analyse(plain)) == engine.analyse(plain).flops
