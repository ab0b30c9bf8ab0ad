"""Tensors as torch prints them, compared number by number: the GPU lane compares a CUDA
run's printout with the CPU's, the expected-output files forgive a CPU whose kernels round
the last printed digit the other way. Plain functions, no torch import."""

from __future__ import annotations

import dataclasses
import math
import re

_DEVICE_SUFFIX = re.compile(r",\s*device='[^']*'")
_GRAD_FN = re.compile(r"grad_fn=<\w+>")
_NUMBER = re.compile(r"(?<![\w.])-?(?:nan|inf|\d+(?:\.\d*)?(?:e[+-]?\d+)?)(?![\w.])")


@dataclasses.dataclass(frozen=True)
class Printout:
    """A tensor as torch prints it, split into its text and its numbers."""

    skeleton: str  # the text, each number as '#', whitespace collapsed, device and grad_fn's name gone
    numbers: tuple[float, ...]
    places: tuple[float, ...]  # one unit in each number's last printed place (0: exactly; -1: an integer)


def without_device(text: str) -> str:
    """torch adds `device='cuda:0'` to a CUDA tensor's printout: the only text that must differ."""
    return _DEVICE_SUFFIX.sub("", text)


def _place(token: str) -> float:
    """`0.1235` -> 1e-4, `1.2346e-03` -> 1e-7; `1.`, `nan` and `inf` are printed exactly (torch
    prints `1.` only when every number of the tensor is a whole number); an integer tensor's
    `3` is marked -1: no tolerance applies to it."""
    if "." not in token and token.lstrip("-") not in ("nan", "inf"):
        return -1.0
    mantissa, _, exponent = token.partition("e")
    decimals = len(mantissa.partition(".")[2])
    if not decimals:
        return 0.0
    return 10.0 ** (int(exponent or 0) - decimals)


def parse_printout(text: str) -> Printout:
    text = _GRAD_FN.sub("grad_fn=<...>", without_device(text))  # cuDNN's backward nodes have other names
    tokens = _NUMBER.findall(text)
    skeleton = " ".join(_NUMBER.sub("#", text).split())
    return Printout(skeleton, tuple(float(t) for t in tokens), tuple(_place(t) for t in tokens))


def printout_mismatch(expected: str, actual: str, tolerance: float) -> str | None:
    """None when `actual` prints the numbers of `expected` (same layout, each number within one
    unit of the last printed place plus tolerance x max(1, largest magnitude)); else why not."""
    a, b = parse_printout(expected), parse_printout(actual)
    if a.skeleton != b.skeleton:
        return f"the printouts differ beyond their numbers:\n{expected}\n--- on the device:\n{actual}"
    finite = [abs(x) for x in a.numbers if math.isfinite(x)]
    scale = max([1.0, *finite])
    for index, (x, y, px, py) in enumerate(zip(a.numbers, b.numbers, a.places, b.places, strict=True)):
        if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
            same = (math.isnan(x) and math.isnan(y)) or x == y
        elif min(px, py) < 0:  # integers (token ids, class targets, counts) are copied or counted
            same = x == y
        else:
            same = abs(x - y) <= max(px, py) * (1 + 1e-9) + tolerance * scale  # 0.1235 - 0.1234 > 1e-4
        if not same:
            allowed = max(px, py) + tolerance * scale
            return f"number {index}: {x!r} on the CPU, {y!r} on the device (allowed difference {allowed:.3g})"
    return None
