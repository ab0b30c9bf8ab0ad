"""Convolutions (1-d, 2-d, 3-d, transposed) and pooling."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from torch import nn

from playground.registry.specs.base import (
    IMAGE_DISTS,
    NO_SLOWDOWN,
    UNBATCHED,
    Dim,
    Dist,
    Family,
    LayerSpec,
    Params,
    ParamSpec,
    Shape,
    Slowdown,
    StateEntry,
)
from playground.registry.specs.common import (
    BIAS,
    batch,
    bool_param,
    check_windows,
    choice_param,
    divides,
    int_param,
    out_size,
    per_axis,
    spatial_dims,
    spatial_names,
)

# --- convolution -------------------------------------------------------------------------

# torch's CPU kernels for grouped convolutions run far below their usual rate when a group's
# input or output channels are not a multiple of 4. Measured on one thread, as a worker runs
# (torch 2.13, 8 maps of 64x64, kernel 5): 60-85 GFLOP/s ungrouped or in groups of 8 and 16;
# 1-3 channels a group (2 in and 1 out, 2 and 2, 1 and 4, 3 and 3, 4 and 2): 3-9 GFLOP/s; 5 to 7
# channels: 14-17. Depthwise (1 and 1) has a kernel of its own. A Conv2d in 16 groups of 2 with
# kernel 11 passed the work budget and took 45-59 ms; counted 8 times, the slowest allowed still
# took 19-33 ms on one thread. Counted as below, the slowest allowed takes ~13 ms.
SMALL_GROUPS = 12  # fewer than 4 channels a group, in or out
ODD_GROUPS = 4  # 4 or more, not a multiple of 4


def grouped_slowdown(p: Params) -> Slowdown:
    per_in, per_out = p["in_channels"] // p["groups"], p["out_channels"] // p["groups"]
    if p["groups"] == 1 or per_in == per_out == 1 or (per_in % 4 == 0 and per_out % 4 == 0):
        return NO_SLOWDOWN
    return _slow_groups(SMALL_GROUPS if min(per_in, per_out) < 4 else ODD_GROUPS, per_in, per_out)


def transposed_slowdown(p: Params) -> Slowdown:
    """Transposed groups are slow up to 4 channels a group, not only off multiples of 4 (one
    thread: 88 GFLOP/s ungrouped, 64 in groups of 16, 43 of 8, 6 of 4, 3.5 of 2). At 16x16 maps
    their time follows the output; this counts what the API lets through (64 channels in 16
    groups over 48x48 maps was 462 MFLOP and took 50 ms)."""
    per_in, per_out = p["in_channels"] // p["groups"], p["out_channels"] // p["groups"]
    if p["groups"] == 1 or per_in == per_out == 1 or min(per_in, per_out) >= 8:
        return NO_SLOWDOWN
    return _slow_groups(SMALL_GROUPS, per_in, per_out)


def _slow_groups(factor: int, per_in: int, per_out: int) -> Slowdown:
    return Slowdown(
        factor,
        f"PyTorch's CPU kernel runs convolution groups of {per_in} input and {per_out} output channels "
        "several times slower per FLOP than larger groups",
    )


# what an int kernel_size is, by the number of spatial axes (torch also takes a tuple per axis)
WINDOW = {1: "length of the", 2: "side of the square", 3: "edge of the cubic"}
AXES_WORDS = {1: "the length axis", 2: "each of H and W", 3: "each of D, H and W"}


def each_axis(n: int) -> str:
    """The help's words for a tuple value, from the axes' own names: '; a tuple gives one per axis (H, W)'."""
    names = ", ".join(spatial_names(n))
    return f"; a tuple gives one per axis ({names}{',' if n == 1 else ''})"


def shape_rule(n: int, rule: str) -> str:
    """A size rule written once for the first spatial axis, then `likewise` for the others:
    '(H + 2 padding ...)' per axis, never 'H x W + 2 padding'. `rule` uses {x} for the axis."""
    first, *others = spatial_names(n)
    text = f"{first}_out = {rule.format(x=first)}"
    if others:
        text += f", likewise {' and '.join(f'{x}_out' for x in others)}"
    return text


def _conv_params(n: int, in_c: int, out_c: int, k: int) -> tuple[ParamSpec, ...]:
    # volumes get windows in proportion to their 16^3 sliders, and fewer groups: torch's CPU
    # kernel for a grouped 3-d convolution with 2 channels a group runs at 5 GFLOP/s, 1/20 of
    # the ungrouped one (a 16-group corner took 130 ms)
    volume = n == 3
    axes = spatial_names(n)
    return (
        int_param(
            "in_channels",
            in_c,
            f"in_channels (int): C_in, channels of the input{' (3 for an RGB image)' if n == 2 else ''}",
            ui_max=32,
        ),
        int_param(
            "out_channels",
            out_c,
            "out_channels (int): channels produced, one filter each",
            ui_max=32,
        ),
        int_param(
            "kernel_size",
            k,
            f"kernel_size (int or tuple): {WINDOW[n]} sliding window{each_axis(n)}",
            ui_max=7 if volume else 11,
            axes=axes,
        ),
        int_param(
            "stride", 1, f"stride (int or tuple): step of the window{each_axis(n)}. Default: 1", ui_max=4, axes=axes
        ),
        ParamSpec(
            "padding",
            "int_or_choice",
            0,
            f"padding (int, tuple or str): values (per padding_mode) added at both ends of {AXES_WORDS[n]}"
            f"{each_axis(n)}; 'valid' is none, 'same' keeps the size (stride 1 only). Default: 0",
            low=0,
            high=256,
            ui_max=4 if volume else 8,
            choices=("valid", "same"),
            axes=axes,
        ),
        int_param(
            "dilation",
            1,
            f"dilation (int or tuple): spacing between kernel taps{each_axis(n)}. Default: 1",
            ui_max=2 if volume else 4,
            axes=axes,
        ),
        int_param(
            "groups",
            1,
            "groups (int): split channels into independent groups. Default: 1",
            ui_max=4 if volume else 16,
        ),
        BIAS,
        choice_param(
            "padding_mode",
            "zeros",
            ("zeros", "reflect", "replicate", "circular"),
            "padding_mode (str): what the padding holds. Default: 'zeros'",
        ),
    )


def _pads(p: Params, n: int) -> tuple[tuple[int, int], ...]:
    """(left, right) padding along each spatial axis, as torch resolves 'same' and 'valid'."""
    if p["padding"] == "valid":
        return ((0, 0),) * n
    if p["padding"] == "same":
        totals = (d * (k - 1) for d, k in zip(per_axis(p["dilation"], n), per_axis(p["kernel_size"], n), strict=True))
        return tuple((total // 2, total - total // 2) for total in totals)
    return tuple((pad, pad) for pad in per_axis(p["padding"], n))


def _conv_out(n: int) -> Any:
    def predict(p: Params, s: Shape) -> tuple[Shape, ...]:
        if p["padding"] == "same":
            spatial = tuple(s[-n:])
        else:
            axes = zip(
                s[-n:],
                per_axis(p["kernel_size"], n),
                per_axis(p["stride"], n),
                _pads(p, n),
                per_axis(p["dilation"], n),
                strict=True,
            )
            spatial = tuple(out_size(x, k, stride, pad, d) for x, k, stride, (pad, _), d in axes)
        return ((s[0], p["out_channels"], *spatial),)

    return predict


def _conv_scratch(n: int) -> Any:
    """A padding mode other than zeros pads the input into a tensor of its own, and so does an
    uneven 'same' padding (even kernel_size)."""

    def scratch(p: Params, s: Shape) -> int:
        pads = [left + right for left, right in _pads(p, n)]
        if p["padding_mode"] == "zeros":
            # an odd 'same' padding: torch copies the input with the one extra zero on the right
            # of each axis whose padding is odd, then pads the rest symmetrically inside the convolution
            odd = [pad % 2 for pad in pads]
            return math.prod(s[:-n]) * math.prod(x + o for x, o in zip(s[-n:], odd, strict=True)) if any(odd) else 0
        return math.prod(s[:-n]) * math.prod(x + pad for x, pad in zip(s[-n:], pads, strict=True))

    return scratch


def _conv_state(n: int) -> Any:
    def predict(p: Params, s: Shape) -> tuple[StateEntry, ...]:
        w = StateEntry(
            "weight",
            (
                p["out_channels"],
                p["in_channels"] // p["groups"],
                *per_axis(p["kernel_size"], n),
            ),
        )
        return (w, StateEntry("bias", (p["out_channels"],))) if p["bias"] else (w,)

    return predict


def _conv_checks(n: int) -> tuple[Any, ...]:
    def same_needs_stride_one(p: Params, s: Shape) -> tuple[str, str] | None:
        if p["padding"] == "same" and any(stride != 1 for stride in per_axis(p["stride"], n)):
            return "padding", f"padding='same' needs stride 1 along every axis, got stride {p['stride']}"
        return None

    def window_fits(p: Params, s: Shape) -> tuple[str, str] | None:
        if p["padding"] == "same":  # torch pads d(k-1) in all, split unevenly if need be
            return None
        return check_windows(p, s, n, tuple(left for left, _ in _pads(p, n)), per_axis(p["dilation"], n))

    def padding_mode_fits(p: Params, s: Shape) -> tuple[str, str] | None:
        mode = p["padding_mode"]
        for axis, length, pads in zip(spatial_names(n), s[-n:], _pads(p, n), strict=True):
            pad = max(pads)
            if mode == "reflect" and pad >= length:
                return (
                    "padding",
                    f"reflect padding {pad} must be smaller than the input {length} along {axis}",
                )
            if mode == "circular" and pad > length:
                return (
                    "padding",
                    f"circular padding {pad} must be at most the input {length} along {axis}",
                )
        return None

    return (
        divides("in_channels", "groups"),
        divides("out_channels", "groups"),
        same_needs_stride_one,
        padding_mode_fits,
        window_fits,
    )


def _conv_spec(n: int, cls: type[nn.Module], in_c: int, out_c: int, k: int, size: int, **extra: Any) -> LayerSpec:
    axes = ", ".join(spatial_names(n))
    outs = ", ".join(f"{x}_out" for x in spatial_names(n))
    return LayerSpec(
        name=cls.__name__,
        family=Family.CONV,
        cls=cls,
        summary=f"Slides out_channels learned {n}-d filters over the input; each output channel "
        "sums one filter's response over its group of input channels.",
        formula=f"Input (N, C_in, {axes}) or unbatched (C_in, {axes}) -> Output (N, C_out, {outs}), "
        + shape_rule(n, "floor(({x} + 2·padding - dilation·(kernel_size - 1) - 1) / stride + 1)"),
        params=_conv_params(n, in_c, out_c, k),
        input_dims=lambda p: (
            # volumes stop at 4 x 16^3: 8 x 32 channels x 24^3, padded by 8 all round, made
            # 65 MB of padding alone
            batch(ui_max=4 if n == 3 else 8),
            Dim("C_in", "in_channels"),
            *spatial_dims(n, size, ui_max=64 if n < 3 else 16),
        ),
        predict_output=_conv_out(n),
        predict_state=_conv_state(n),
        scratch=_conv_scratch(n),
        constraints=_conv_checks(n),
        slowdown=grouped_slowdown,
        optional_axis=UNBATCHED,  # (C_in, *spatial) unbatched
        **extra,
    )


# --- transposed convolution ---------------------------------------------------------------


def _convt_out(n: int) -> Any:
    def predict(p: Params, s: Shape) -> tuple[Shape, ...]:
        names = ("stride", "padding", "dilation", "kernel_size", "output_padding")
        spatial = tuple(
            (x - 1) * stride - 2 * pad + d * (k - 1) + extra + 1
            for x, stride, pad, d, k, extra in zip(s[-n:], *(per_axis(p[name], n) for name in names), strict=True)
        )
        return ((s[0], p["out_channels"], *spatial),)

    return predict


def _convt_checks(n: int) -> tuple[Any, ...]:
    def output_padding_small(p: Params, s: Shape) -> tuple[str, str] | None:
        names = ("output_padding", "stride", "dilation")
        for axis, extra, stride, d in zip(spatial_names(n), *(per_axis(p[name], n) for name in names), strict=True):
            if extra >= max(stride, d):
                where = f" along {axis}" if any(isinstance(p[name], tuple) for name in names) else ""
                return (
                    "output_padding",
                    f"output_padding {extra} must be smaller than stride {stride} or dilation {d}{where}",
                )
        return None

    def output_not_empty(p: Params, s: Shape) -> tuple[str, str] | None:
        for axis, size in zip(spatial_names(n), _convt_out(n)(p, s)[0][-n:], strict=True):
            if size < 1:
                return (
                    "padding",
                    f"padding {p['padding']} leaves an empty output ({size}) along {axis}",
                )
        return None

    return (
        divides("in_channels", "groups"),
        divides("out_channels", "groups"),
        output_padding_small,
        output_not_empty,
    )


def _convt_state(n: int) -> Any:
    def predict(p: Params, s: Shape) -> tuple[StateEntry, ...]:
        w = StateEntry("weight", (p["in_channels"], p["out_channels"] // p["groups"], *per_axis(p["kernel_size"], n)))
        return (w, StateEntry("bias", (p["out_channels"],))) if p["bias"] else (w,)

    return predict


@dataclass(frozen=True)
class TransposedCaps:
    """Where one transposed convolution's sliders stop: its time follows its output, not its
    FLOPs (it scatters every input position's patch), so the caps bound the output.

    2-d: maps stop at 16x16, outputs at 88x88 (stride 4, dilation 4, kernel 7); from 32x32 the
    output reached 152x152 in 8 x 32 channels, 25-37 ms on one core for any groups, 1-8 GFLOP/s.
    Each other row's slowest slider setting is kept at or below 2-d's (one thread, forward and
    backward); `python -m benchmarks.convt_caps` times every row's corners again."""

    size: int  # default length of each spatial axis
    size_max: int  # slider end of each spatial axis
    kernel_max: int
    stride_max: int
    padding_max: int
    output_padding_max: int
    dilation_max: int
    channels_max: int
    groups_max: int
    batch_max: int


TRANSPOSED_CAPS = {
    # 1-d: sequences up to 64 as Conv1d's; the slowest corner (8 x 32 channels, kernel 11, stride
    # and dilation 4: outputs of 296) took 1.6 ms with its backward
    1: TransposedCaps(
        size=16,
        size_max=64,
        kernel_max=11,
        stride_max=4,
        padding_max=8,
        output_padding_max=3,
        dilation_max=4,
        channels_max=32,
        groups_max=16,
        batch_max=8,
    ),
    2: TransposedCaps(
        size=8,
        size_max=16,
        kernel_max=7,
        stride_max=4,
        padding_max=8,
        output_padding_max=3,
        dilation_max=4,
        channels_max=32,
        groups_max=16,
        batch_max=8,
    ),
    # 3-d: volumes up to 8^3 and 16 channels, kernels to 4 (DCGAN's), stride and dilation to 2
    # (outputs of 22^3): the slowest corner took 15-21 ms with its backward, against 22-38 ms
    # with kernel 5 and 36-51 ms for the 2-d row's slowest, measured side by side on a busy box
    3: TransposedCaps(
        size=4,
        size_max=8,
        kernel_max=4,
        stride_max=2,
        padding_max=2,
        output_padding_max=1,
        dilation_max=2,
        channels_max=16,
        groups_max=4,
        batch_max=4,
    ),
}


def _convt_params(n: int, in_c: int, out_c: int, k: int, caps: TransposedCaps) -> tuple[ParamSpec, ...]:
    both_ends = {1: "L", 2: "H and of W", 3: "D, of H and of W"}[n]
    extra = {1: "extra positions", 2: "extra rows and columns", 3: "extra planes, rows and columns"}[n]
    axes, tuples = spatial_names(n), each_axis(n)
    return (
        int_param("in_channels", in_c, "in_channels (int): channels of the input", ui_max=caps.channels_max),
        int_param("out_channels", out_c, "out_channels (int): channels produced", ui_max=caps.channels_max),
        int_param(
            "kernel_size",
            k,
            f"kernel_size (int or tuple): {WINDOW[n]} kernel{tuples}",
            ui_max=caps.kernel_max,
            axes=axes,
        ),
        int_param(
            "stride",
            1,
            f"stride (int or tuple): step between input {'pixels' if n == 2 else 'positions'} in the output; "
            f"above 1 it upsamples{tuples}. Default: 1",
            ui_max=caps.stride_max,
            axes=axes,
        ),
        int_param(
            "padding",
            0,
            f"padding (int or tuple): trimmed from both ends of {both_ends} in the output{tuples}. Default: 0",
            low=0,
            ui_max=caps.padding_max,
            axes=axes,
        ),
        int_param(
            "output_padding",
            0,
            f"output_padding (int or tuple): {extra} on one side, to pick among output sizes{tuples}. Default: 0",
            low=0,
            ui_max=caps.output_padding_max,
            axes=axes,
        ),
        int_param("groups", 1, "groups (int): independent channel groups. Default: 1", ui_max=caps.groups_max),
        BIAS,
        int_param(
            "dilation",
            1,
            f"dilation (int or tuple): spacing between kernel taps{tuples}. Default: 1",
            ui_max=caps.dilation_max,
            axes=axes,
        ),
    )


def _convt_spec(n: int, cls: type[nn.Module], in_c: int, out_c: int, k: int, **extra: Any) -> LayerSpec:
    """One transposed convolution row per number of spatial axes, as `_conv_spec` makes the others."""
    caps = TRANSPOSED_CAPS[n]
    axes = ", ".join(spatial_names(n))
    outs = ", ".join(f"{x}_out" for x in spatial_names(n))
    spread = "each input pixel over a kernel-sized patch" if n == 2 else "each input position over a kernel-sized span"
    return LayerSpec(
        name=cls.__name__,
        family=Family.CONV,
        cls=cls,
        summary=f"The gradient of Conv{n}d used as a layer: spreads {spread}, so a stride above 1 upsamples.",
        formula=f"Input (N, C_in, {axes}) or unbatched (C_in, {axes}) -> Output (N, C_out, {outs}), "
        + shape_rule(n, "({x} - 1)·stride - 2·padding + dilation·(kernel_size - 1) + output_padding + 1"),
        params=_convt_params(n, in_c, out_c, k, caps),
        input_dims=lambda p: (
            batch(ui_max=caps.batch_max),
            Dim("C_in", "in_channels"),
            *spatial_dims(n, caps.size, ui_max=caps.size_max),
        ),
        predict_output=_convt_out(n),
        predict_state=_convt_state(n),
        constraints=_convt_checks(n),
        slowdown=transposed_slowdown,
        optional_axis=UNBATCHED,  # (C_in, *spatial) unbatched
        **extra,
    )


# --- pooling ------------------------------------------------------------------------------


def _kernel(n: int) -> ParamSpec:
    return int_param(
        "kernel_size",
        2,
        f"kernel_size (int or tuple): {WINDOW[n]} pooling window{each_axis(n)}",
        ui_max=8,
        axes=spatial_names(n),
    )


def _stride(n: int) -> ParamSpec:
    # torch's own default: None, a stride of kernel_size, so that windows tile the input
    return ParamSpec(
        "stride",
        "int",
        None,
        f"stride (int or tuple, optional): step of the window{each_axis(n)}. Default: None, which means kernel_size",
        low=1,
        high=65536,
        ui_max=8,
        optional=True,
        axes=spatial_names(n),
    )


def pool_stride(p: Params, n: int) -> tuple[int, ...]:
    """The stride a pool really uses along each axis: torch reads stride=None as kernel_size."""
    return per_axis(p["kernel_size"] if p["stride"] is None else p["stride"], n)


def _pool_padding(n: int, kind: str) -> ParamSpec:
    value = "-inf" if kind == "max" else "zeros"
    return int_param(
        "padding",
        0,
        f"padding (int or tuple): implicit {value} at both ends of {AXES_WORDS[n]}, at most half the kernel"
        f"{each_axis(n)}. Default: 0",
        low=0,
        ui_max=4,
        axes=spatial_names(n),
    )


CEIL = bool_param(
    "ceil_mode",
    False,
    "ceil_mode (bool): round the output size up instead of down. Default: ``False``",
)


def _pool_out(n: int, dilated: bool) -> Any:
    def predict(p: Params, s: Shape) -> tuple[Shape, ...]:
        axes = zip(
            s[-n:],
            per_axis(p["kernel_size"], n),
            pool_stride(p, n),
            per_axis(p["padding"], n),
            _pool_dilation(p, n, dilated),
            strict=True,
        )
        spatial = tuple(out_size(x, k, stride, pad, d, p["ceil_mode"]) for x, k, stride, pad, d in axes)
        return ((*s[:-n], *spatial),)

    return predict


def _pool_dilation(p: Params, n: int, dilated: bool) -> tuple[int, ...]:
    """A max pool's dilation along each axis; an average pool has none (1)."""
    return per_axis(p["dilation"], n) if dilated else (1,) * n


def _pool_checks(n: int, dilated: bool) -> tuple[Any, ...]:
    def half_kernel(p: Params, s: Shape) -> tuple[str, str] | None:
        per = isinstance(p["padding"], tuple) or isinstance(p["kernel_size"], tuple)
        names = spatial_names(n)
        for axis, pad, k in zip(names, per_axis(p["padding"], n), per_axis(p["kernel_size"], n), strict=True):
            if 2 * pad > k:
                return (
                    "padding",
                    f"padding {pad} must be at most half of kernel_size {k}{f' along {axis}' if per else ''}",
                )
        return None

    def window_fits(p: Params, s: Shape) -> tuple[str, str] | None:
        return check_windows(p, s, n, per_axis(p["padding"], n), _pool_dilation(p, n, dilated))

    return (half_kernel, window_fits)


def _pool_spec(n: int, cls: type[nn.Module], kind: str) -> LayerSpec:
    dilated = kind == "max"
    params: tuple[ParamSpec, ...] = (_kernel(n), _stride(n), _pool_padding(n, kind))
    if dilated:
        params += (
            int_param(
                "dilation",
                1,
                f"dilation (int or tuple): spacing between window taps{each_axis(n)}. Default: 1",
                ui_max=4,
                axes=spatial_names(n),
            ),
        )
    params += (CEIL,)
    if not dilated:
        params += (
            bool_param(
                "count_include_pad",
                True,
                "count_include_pad (bool): count padded zeros in the average. Default: ``True``",
            ),
        )
    axes = ", ".join(spatial_names(n))
    outs = ", ".join(f"{x}_out" for x in spatial_names(n))
    window = "dilation·(kernel_size - 1) - 1" if dilated else "kernel_size"
    return LayerSpec(
        name=cls.__name__,
        family=Family.POOL,
        cls=cls,
        summary=f"Replaces each window by its {'largest value' if dilated else 'mean'}, per channel; no parameters.",
        formula=f"Input (N, C, {axes}) or unbatched (C, {axes}) -> Output (N, C, {outs}), "
        + shape_rule(n, f"floor(({{x}} + 2·padding - {window}) / stride + 1)")
        + " (ceil with ceil_mode); stride defaults to kernel_size",
        params=params,
        input_dims=lambda p: (
            batch(),
            Dim("C", default=3, ui_max=16),
            *spatial_dims(n, 16, 64),
        ),
        predict_output=_pool_out(n, dilated),
        constraints=_pool_checks(n, dilated),
        optional_axis=UNBATCHED,  # (C, *spatial) unbatched
        dists=IMAGE_DISTS if n == 2 else IMAGE_DISTS[:-1],
        default_dist=Dist.IMAGE if n == 2 else Dist.UNIFORM,
    )


ADAPTIVE = LayerSpec(
    name="AdaptiveAvgPool2d",
    family=Family.POOL,
    cls=nn.AdaptiveAvgPool2d,
    summary="Averages over windows sized so that the output has exactly output_size rows and columns, "
    "whatever the input size.",
    formula="Input (N, C, H, W) or unbatched (C, H, W) -> Output (N, C, output_size, output_size)",
    params=(int_param("output_size", 4, "output_size (int): side of the output map", ui_max=32),),
    input_dims=lambda p: (
        batch(),
        Dim("C", default=3, ui_max=16),
        *spatial_dims(2, 16, 64),
    ),
    predict_output=lambda p, s: ((*s[:-2], p["output_size"], p["output_size"]),),
    optional_axis=UNBATCHED,  # (C, H, W) unbatched
    dists=IMAGE_DISTS,
    default_dist=Dist.IMAGE,
)

SPECS = (
    _conv_spec(1, nn.Conv1d, 4, 8, 3, 32),
    # LeNet's first layer: one grey 32x32 image, six 5x5 filters
    _conv_spec(2, nn.Conv2d, 1, 6, 5, 32, dists=IMAGE_DISTS, default_dist=Dist.IMAGE),
    _conv_spec(3, nn.Conv3d, 1, 4, 3, 8),
    _convt_spec(1, nn.ConvTranspose1d, 4, 2, 3),
    _convt_spec(2, nn.ConvTranspose2d, 4, 2, 3, dists=IMAGE_DISTS),
    _convt_spec(3, nn.ConvTranspose3d, 4, 2, 3),
    _pool_spec(1, nn.MaxPool1d, "max"),
    _pool_spec(2, nn.MaxPool2d, "max"),
    _pool_spec(1, nn.AvgPool1d, "avg"),
    _pool_spec(2, nn.AvgPool2d, "avg"),
    ADAPTIVE,
)
