"""Parameters, axes and shape arithmetic that several families share.

Help texts are ours, written in the style of the PyTorch docstrings; the formulas are
the ones torch documents for each layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playground.registry.specs.base import Dim, Params, ParamSpec, Shape, StateEntry

SPATIAL = ("D", "H", "W")


def batch(default: int = 1, ui_max: int = 8) -> Dim:
    return Dim("N", default=default, ui_max=ui_max, help="batch size")


def spatial_dims(n: int, default: int = 28, ui_max: int = 64) -> tuple[Dim, ...]:
    names = SPATIAL[-n:] if n > 1 else ("L",)
    return tuple(Dim(name, default=default, ui_max=ui_max, help="length" if name == "L" else "") for name in names)


def int_param(
    name: str,
    default: int,
    help: str,
    low: int = 1,
    high: int = 65536,
    ui_max: int | None = None,
    axes: tuple[str, ...] = (),
) -> ParamSpec:
    return ParamSpec(name, "int", default, help, low=low, high=high, ui_max=ui_max or min(high, 64), axes=axes)


def float_param(
    name: str,
    default: float | None,
    help: str,
    low: float,
    high: float,
    step: float = 0.01,
    optional: bool = False,
) -> ParamSpec:
    return ParamSpec(
        name,
        "float",
        default,
        help,
        low=low,
        high=high,
        ui_max=high,
        step=step,
        optional=optional,
    )


def bool_param(name: str, default: bool, help: str) -> ParamSpec:
    return ParamSpec(name, "bool", default, help)


def choice_param(name: str, default: str, choices: tuple[str, ...], help: str) -> ParamSpec:
    return ParamSpec(name, "choice", default, help, choices=choices)


BIAS = bool_param(
    "bias",
    True,
    "bias (bool): if ``False``, the layer learns no additive bias. Default: ``True``",
)
EPS = float_param(
    "eps",
    1e-5,
    "eps (float): added to the variance so that it never divides by zero. Default: 1e-5",
    1e-12,
    1.0,
    1e-5,
)
MOMENTUM = float_param(
    "momentum",
    0.1,
    "momentum (float): weight of the newest batch in the running mean and variance. Default: 0.1",
    0.0,
    1.0,
)
AFFINE = bool_param(
    "affine",
    True,
    "affine (bool): learn a per-channel scale (weight) and shift (bias). Default: ``True``",
)
DROPOUT_P = float_param(
    "p",
    0.5,
    "p (float): probability that an element is zeroed in train mode; survivors are scaled by 1/(1-p). Default: 0.5",
    0.0,
    1.0,
)


def batch_first_param(features: str, note: str = "") -> ParamSpec:
    """batch_first of a sequence layer; `features` names its feature axis (H_in, E)."""
    return bool_param(
        "batch_first",
        False,
        f"batch_first (bool): if ``True``, input and output are (N, L, {features}) instead of (L, N, {features})"
        f"{note}. Default: ``False``",
    )


def out_size(
    length: int,
    kernel: int,
    stride: int,
    padding: int,
    dilation: int = 1,
    ceil: bool = False,
) -> int:
    """The shape rule shared by convolutions and pools: floor((L + 2p - d(k-1) - 1) / s + 1)."""
    span = length + 2 * padding - dilation * (kernel - 1) - 1
    if ceil:
        size = -(-span // stride) + 1
        # torch drops a last window that would start entirely inside the right padding
        if (size - 1) * stride >= length + padding:
            size -= 1
        return size
    return span // stride + 1


def per_axis(value: Any, n: int) -> tuple[Any, ...]:
    """A window parameter along each of the n spatial axes: torch reads an int as the same
    value on every axis and a tuple as one value per axis (a string, 'same', stays whole)."""
    return tuple(value) if isinstance(value, tuple) else (value,) * n


def check_windows(
    p: Params, shape: Shape, n_spatial: int, padding: tuple[int, ...], dilation: tuple[int, ...]
) -> tuple[str, str] | None:
    """A window (kernel) must fit the padded input along every spatial axis."""
    kernels = per_axis(p["kernel_size"], n_spatial)
    axes = zip(spatial_names(n_spatial), shape[-n_spatial:], kernels, padding, dilation, strict=True)
    for axis, length, k, pad, d in axes:
        reach = d * (k - 1) + 1
        if reach > length + 2 * pad:
            dilated = f" (dilated to {reach})" if d > 1 else ""
            return (
                "kernel_size",
                f"kernel_size {k}{dilated} is larger than the padded input {length + 2 * pad} along {axis}",
            )
    return None


def spatial_names(n: int) -> tuple[str, ...]:
    return SPATIAL[-n:] if n > 1 else ("L",)


def affine_entries(prefix: str, size: int, weight: bool = True, bias: bool = True) -> tuple[StateEntry, ...]:
    out = []
    if weight:
        out.append(StateEntry(f"{prefix}weight", (size,)))
    if bias:
        out.append(StateEntry(f"{prefix}bias", (size,)))
    return tuple(out)


def linear_entries(prefix: str, out_f: int, in_f: int, bias: bool = True) -> tuple[StateEntry, ...]:
    entries = [StateEntry(f"{prefix}weight", (out_f, in_f))]
    if bias:
        entries.append(StateEntry(f"{prefix}bias", (out_f,)))
    return tuple(entries)


def running_stats(size: int) -> tuple[StateEntry, ...]:
    return (
        StateEntry("running_mean", (size,), is_parameter=False),
        StateEntry("running_var", (size,), is_parameter=False),
        StateEntry("num_batches_tracked", (), is_parameter=False),
    )


def divides(num: str, den: str, what: str = "") -> Callable[[Params, Shape], tuple[str, str] | None]:
    """A constraint: params[num] must be divisible by params[den]; names `num` when broken."""

    def check(p: Params, shape: Shape) -> tuple[str, str] | None:
        if p[num] % p[den]:
            return num, f"{num} {p[num]} must be divisible by {den} {p[den]}{what}"
        return None

    return check


def copied(p: Params, n: int, length: int) -> int:
    """1 when batch_first tokens must be copied to be read sequence-first (for the closed-form
    costs): a transpose with one side of size 1 is already contiguous."""
    return int(p["batch_first"] and n > 1 and length > 1)


def same_shape(p: Params, shape: Shape) -> tuple[Shape, ...]:
    return (tuple(shape),)
