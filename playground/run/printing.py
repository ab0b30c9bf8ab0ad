"""torch's own tensor printing, the same characters in a fraction of the time.

The page and the API show every tensor as `repr(t)` prints it. torch builds that text one
0-d tensor at a time (indexing, `item()`, a formatter that scans every element as a
tensor), which made printing an update's 10-70 tensors its most expensive step, above
the forward itself. `fast_printing()` swaps in a version of torch's `_tensor_str` that
reads the (already summarised) numbers once with `tolist()` and lays them out with torch's
own rules and print options. Everything around the numbers (`tensor(`, `Parameter
containing:`, `requires_grad=True`, `grad_fn=...`, dtype and device) is still torch's code.
Tensors this module does not cover go to torch's original. tests/test_printing.py
compares the two, character for character, over thousands of tensors.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
import torch._tensor_str as torch_printing

_ORIGINAL = torch_printing._tensor_str
COVERED = (torch.float32, torch.float64, torch.int64, torch.int32, torch.bool)
ELLIPSIS = object()  # where a summarised axis leaves numbers out


@contextmanager
def fast_printing() -> Iterator[None]:
    """Within the block, `repr(tensor)` takes the fast path. Restores torch's own on exit."""
    torch_printing._tensor_str = tensor_str
    try:
        yield
    finally:
        torch_printing._tensor_str = _ORIGINAL


def tensor_str(t: torch.Tensor, indent: int) -> str:
    """Drop-in for `torch._tensor_str._tensor_str`: the bracketed numbers of a tensor."""
    if not _covered(t):
        return _ORIGINAL(t, indent)
    if t.numel() == 0:
        return "[]"
    opts = torch_printing.PRINT_OPTS
    summarize = t.numel() > opts.threshold
    cut: list[bool] = []
    data = t.detach()
    if summarize:
        for axis in range(data.dim()):
            size = data.size(axis)
            cut.append(size > 2 * opts.edgeitems)
            if cut[-1]:
                keep = opts.edgeitems
                data = torch.cat((data.narrow(axis, 0, keep), data.narrow(axis, size - keep, keep)), axis)
    else:
        cut = [False] * data.dim()
    nested = data.tolist()
    formatter = _Formatter(data.flatten().tolist(), t.dtype.is_floating_point, opts)
    if data.dim() == 0:
        return formatter.format(nested)
    return _layout(nested, cut, indent, formatter, opts)


def _covered(t: torch.Tensor) -> bool:
    return (
        t.dtype in COVERED
        and t.layout == torch.strided
        and not t.is_quantized
        and not t.is_nested
        and not t.is_meta
        and all(n is None for n in getattr(t, "names", ()))
        and not t.is_neg()
        and not t._is_zerotensor()
        and torch_printing.PRINT_OPTS.edgeitems > 0
    )


class _Formatter:
    """torch's `_Formatter`: the same integer, scientific and width decisions, taken on the
    same numbers as doubles, but with tensor reductions instead of a Python loop over 0-d
    tensors. A printed width grows with a number's magnitude (and, in scientific notation,
    its exponent), so the extremes of each sign decide it."""

    def __init__(self, values: list[Any], floating: bool, opts: Any) -> None:
        self.floating = floating
        self.precision = opts.precision
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not floating:
            self.max_width = max([1, *(len(str(v)) for v in (min(values, default=0), max(values, default=0)))])
            return
        finite = [v for v in values if v and v - v == 0]  # v - v is NaN for inf and NaN
        if not finite:
            return
        positive = [v for v in finite if v > 0]
        negative = [v for v in finite if v < 0]
        low = min(min(positive, default=math.inf), -max(negative, default=-math.inf))
        high = max(max(positive, default=0.0), -min(negative, default=0.0))
        self.int_mode = all(v.is_integer() for v in finite)
        wide = high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4
        self.sci_mode = wide if opts.sci_mode is None else opts.sci_mode
        extremes = {f(side) for side in (positive, negative) if side for f in (min, max)}
        if self.sci_mode:
            self.max_width = max(len(f"{v:.{self.precision}e}") for v in extremes)
        elif self.int_mode:
            self.max_width = max(len(f"{v:.0f}") + 1 for v in extremes)
        else:
            self.max_width = max(len(f"{v:.{self.precision}f}") for v in extremes)

    def format(self, value: Any) -> str:
        if not self.floating:
            text = f"{value}"
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{self.precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{self.precision}f}"
        return (self.max_width - len(text)) * " " + text

    def row(self, values: list[Any]) -> list[str]:
        """`format` over a row, with one format spec where the mode allows it."""
        if self.floating and self.int_mode and not self.sci_mode:
            return [self.format(v) for v in values]
        if not self.floating:
            return [str(v).rjust(self.max_width) for v in values]
        if self.sci_mode:
            spec = f"{{:>{self.max_width}.{self.precision}e}}"
        else:
            spec = f"{{:>{self.max_width}.{self.precision}f}}"
        return [spec.format(v) for v in values]


def _with_ellipsis(items: list[Any], cut: bool, keep: int) -> list[Any]:
    return [*items[:keep], ELLIPSIS, *items[keep:]] if cut else items


def _layout(nested: list[Any], cut: list[bool], indent: int, formatter: _Formatter, opts: Any) -> str:
    """torch's `_tensor_str_with_formatter` and `_vector_str` over nested lists."""
    keep = opts.edgeitems
    if len(cut) == 1:
        width = formatter.max_width + 2
        per_line = max(1, math.floor((opts.linewidth - indent) / width))
        if cut[0]:
            data = [*formatter.row(nested[:keep]), " ...", *formatter.row(nested[keep:])]
        else:
            data = formatter.row(nested)
        lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
        return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"
    slices = [
        "..." if item is ELLIPSIS else _layout(item, cut[1:], indent + 1, formatter, opts)
        for item in _with_ellipsis(nested, cut[0], keep)
    ]
    return "[" + ("," + "\n" * (len(cut) - 1) + " " * (indent + 1)).join(slices) + "]"
