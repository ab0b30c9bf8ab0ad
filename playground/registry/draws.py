"""How every tensor fed to a layer is drawn, as a tensor and as the line of code that draws it.

Both sides live in one table so that the playground and the code it exports can never
disagree about the random stream: same calls, same order, same shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from playground.registry.samples import sample_image
from playground.registry.specs import Dist, Shape


@dataclass(frozen=True)
class Draw:
    """One way to make a tensor; `code` formats {args}, {shape} (a tuple), {numel} and {bound}."""

    make: Callable[[Shape, int], torch.Tensor]
    code: str


DRAWS: dict[str, Draw] = {
    Dist.NORMAL.value: Draw(lambda s, b: torch.randn(s), "torch.randn({args})"),
    Dist.UNIFORM.value: Draw(lambda s, b: torch.rand(s), "torch.rand({args})"),
    Dist.ONES.value: Draw(lambda s, b: torch.ones(s), "torch.ones({args})"),
    Dist.ZEROS.value: Draw(lambda s, b: torch.zeros(s), "torch.zeros({args})"),
    Dist.ARANGE.value: Draw(
        lambda s, b: torch.arange(math.prod(s), dtype=torch.float32).reshape(s),
        "torch.arange({numel}, dtype=torch.float32).reshape({args})",
    ),
    Dist.IMAGE.value: Draw(lambda s, b: _image(s), "{image}"),
    Dist.TOKENS.value: Draw(lambda s, b: torch.randint(0, b, s), "torch.randint(0, {bound}, {shape})"),
    Dist.LOG_SOFTMAX.value: Draw(
        lambda s, b: torch.randn(s).log_softmax(dim=_classes(s)), "torch.randn({args}).log_softmax(dim={classes})"
    ),
}


def _classes(shape: Shape) -> int:
    """The classes' axis of a loss input: (N, C, ...) or one unbatched sample (C,)."""
    return 1 if len(shape) > 1 else 0


def _image(shape: Shape) -> torch.Tensor:
    """sample_image draws a batch (N, C, H, W); one image (C, H, W) is the first of a batch of 1."""
    return sample_image(*shape) if len(shape) == 4 else sample_image(1, *shape)[0]


def draw(kind: str, shape: Shape, bound: int = 0) -> torch.Tensor:
    return DRAWS[kind].make(tuple(shape), bound)


def draw_code(kind: str, shape: Shape, bound: int = 0) -> str:
    shape = tuple(shape)
    args = ", ".join(map(str, shape))
    return DRAWS[kind].code.format(
        shape=_tuple_code(shape),
        numel=math.prod(shape),
        bound=bound,
        args=args,
        classes=_classes(shape),
        image=f"sample_image({args})" if len(shape) == 4 else f"sample_image(1, {args})[0]",
    )


def _tuple_code(shape: Shape) -> str:
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"


def resolve_extra(draw_rule: str, main_dist: str, shape: Shape) -> tuple[str, int]:
    """Turn an ExtraInput rule ('like', 'rand', 'randint:dim1') into a DRAWS key and bound."""
    if draw_rule == "like":
        return main_dist, 0
    if draw_rule.startswith("randint:dim"):
        return Dist.TOKENS.value, shape[int(draw_rule.removeprefix("randint:dim"))]
    return {"rand": Dist.UNIFORM.value, "randn": Dist.NORMAL.value}[draw_rule], 0


@dataclass(frozen=True)
class MainInput:
    """The tensor a run feeds first: drawn from the stream (or typed by hand), then scaled and
    shifted as a notebook writes it. The tensor and its line of code come from here alone."""

    kind: str
    shape: Shape
    bound: int = 0
    scale: float = 1
    shift: float = 0
    values: tuple[Any, ...] | None = None

    def make(self) -> torch.Tensor:
        if self.values is None:
            x = draw(self.kind, self.shape, self.bound)
        else:
            x = torch.tensor(self.values, dtype=torch.int64 if self.kind == Dist.TOKENS.value else torch.float32)
        # the code's two operations, in its order; each left out where it changes nothing
        if self.scale != 1:
            x = x * self.scale
        if self.shift != 0:
            x = x + self.shift
        return x

    def code(self) -> str:
        if self.values is None:
            made = draw_code(self.kind, self.shape, self.bound)
        else:
            made = f"torch.tensor({_nested_code(self.values, self.kind == Dist.TOKENS.value)})"
        if self.scale != 1:
            made += f" * {self.scale!r}"
        if self.shift != 0:  # x - 5 is x + (-5) exactly, and reads as a person writes it
            made += f" {'-' if self.shift < 0 else '+'} {abs(self.shift)!r}"
        return made


def _nested_code(values: Any, integers: bool) -> str:
    if isinstance(values, tuple):
        return "[" + ", ".join(_nested_code(v, integers) for v in values) + "]"
    return repr(int(values)) if integers else repr(float(values))
