"""The fast printer against torch's own `repr`, character for character.

torch is the oracle: every tensor is printed twice, inside and outside `fast_printing()`,
and the texts must be identical. The tensors are drawn to hit each of torch's decisions:
integer-valued floats, scientific notation (a wide range, huge or tiny values), NaN, inf
and -0.0, summarised tensors (more than 1,000 numbers) of 1 to 4 axes with axes on both
sides of 2 x edgeitems, lines long enough to wrap, and the suffixes around the numbers.
"""

from __future__ import annotations

import math

import pytest
import torch
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from playground.run import printing

KINDS = ("normal", "integers", "wide", "huge", "tiny", "special", "zeros", "mixed")


def _values(kind: str, shape: tuple[int, ...], gen: torch.Generator, dtype: torch.dtype) -> torch.Tensor:
    n = math.prod(shape)
    if dtype == torch.bool:
        return torch.rand(n, generator=gen).reshape(shape) < 0.5
    if dtype in (torch.int64, torch.int32):
        return torch.randint(-(10**6), 10**6, (n,), generator=gen).reshape(shape).to(dtype)
    x = torch.randn(n, generator=gen, dtype=torch.float64)
    if kind == "integers":
        x = x.mul(100).round()
    elif kind == "wide":
        x = x * 10 ** torch.randint(-6, 7, (n,), generator=gen)
    elif kind == "huge":
        x = x * 1e9
    elif kind == "tiny":
        x = x * 1e-6
    elif kind == "special":
        picks = torch.randint(0, 5, (n,), generator=gen)
        x = torch.where(picks == 0, torch.nan, x)
        x = torch.where(picks == 1, torch.inf, x)
        x = torch.where(picks == 2, -0.0, x)
    elif kind == "zeros":
        x = torch.zeros(n, dtype=torch.float64)
    elif kind == "mixed":
        x = torch.where(torch.rand(n, generator=gen) < 0.5, x.mul(10).round(), x)
    return x.reshape(shape).to(dtype)


def _same(t: torch.Tensor) -> None:
    expected = repr(t)
    with printing.fast_printing():
        actual = repr(t)
    assert actual == expected


@settings(max_examples=examples(400), deadline=None)
@given(
    shape=st.lists(st.sampled_from([0, 1, 2, 3, 5, 6, 7, 12, 40, 333, 1001]), min_size=0, max_size=4).filter(
        lambda s: math.prod(s) <= 60_000
    ),
    kind=st.sampled_from(KINDS),
    dtype=st.sampled_from([torch.float32, torch.float64, torch.int64, torch.int32, torch.bool]),
    seed=st.integers(0, 2**31),
)
def test_fast_repr_is_torchs_repr(shape, kind, dtype, seed):
    gen = torch.Generator().manual_seed(seed)
    _same(_values(kind, tuple(shape), gen, dtype))


@pytest.mark.parametrize("kind", KINDS)
def test_suffixes_and_parameters_are_torchs(kind):
    gen = torch.Generator().manual_seed(0)
    x = _values(kind, (4, 9), gen, torch.float32)
    leaf = x.clone().requires_grad_(True)
    _same(leaf)
    _same(leaf * 2)  # grad_fn=<MulBackward0>
    _same(nn.Parameter(x.clone()))
    _same(nn.Parameter(x.clone(), requires_grad=False))
    _same(x[0, 0])  # 0-d
    _same(x.t())  # not contiguous


def test_layers_print_the_same():
    torch.manual_seed(0)
    for module in (nn.LSTM(8, 16, 2), nn.Conv2d(3, 8, 5), nn.BatchNorm2d(4), nn.Embedding(100, 40)):
        for t in module.state_dict(keep_vars=True).values():
            _same(t)


def test_print_options_are_followed():
    t = torch.randn(50, 50, generator=torch.Generator().manual_seed(1))
    with torch._tensor_str.printoptions(precision=2, threshold=100, edgeitems=2, linewidth=60):
        _same(t)
        _same(t[0])


def test_uncovered_tensors_fall_back_to_torch():
    _same(torch.randn(3, 3, dtype=torch.float16))
    _same(torch.randn(2, 2, dtype=torch.complex64))
    _same(torch.randn(4, 4).to_sparse())
    assert torch._tensor_str._tensor_str is printing._ORIGINAL  # restored after every block


def test_covered_tensors_take_the_fast_path(monkeypatch):
    monkeypatch.setattr(torch._tensor_str, "_tensor_str", printing._ORIGINAL)  # put back at teardown
    monkeypatch.setattr(printing, "_ORIGINAL", lambda t, indent: pytest.fail("fell back to torch"))
    with printing.fast_printing():
        repr(torch.randn(40, 40))
        repr(nn.Parameter(torch.randn(3)))
        repr(torch.tensor(7))
