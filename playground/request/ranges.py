"""The ranges a random ensemble is drawn from, one row per range and family: what the state's
`model.random` may hold, how a link spells it, what the page's controls offer and how the
generator draws from it all read this table.

Each range's default is the set the generator drew from before ranges could be set, drawn
with the same calls of Python's random, so a seed still gives the ensemble it gave then.
That is why sizes double from the smallest (16 to 256 is 16, 32, 64, 128, 256: the old
widths) and why dropout rates and activations are lists rather than spans.

The bounds keep one member cheap on the family's own input: the widest corner of each family
(every range at its largest) runs an ensemble of DEFAULT_ENSEMBLE within the work guard,
except a recurrent one, whose widest members are too many FLOPs at four: the engine refuses
that ensemble by its limit (tests/test_models.py measures both).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from playground.registry.specs import REGISTRY, Family, SpecError, get_spec

MAX_CLASSES = 1000  # ImageNet's: a classifier's outputs
DEFAULT_CLASSES = 10
CLASSES = "classes"  # the one range every family has: an int, or None for no classifier
MAX_PICKS = 10  # values in one list of choices


class Draw(StrEnum):
    """How a range is drawn from (and so how it is written)."""

    SPAN = "span"  # [low, high]: any whole number between, uniformly
    DOUBLING = "doubling"  # [low, high]: low, 2 low, 4 low, ... up to high
    ODD = "odd"  # [low, high]: the odd sizes between (padding k // 2 then keeps a map's size)
    CHOICE = "choice"  # the values listed (a set: kept in the table's order, numbers smallest first)
    COIN = "coin"  # one or both of two values; both: one coin flip, the second when it lands under 0.5


Value = tuple[Any, ...]  # a span's (low, high), or the values of a choice


@dataclass(frozen=True)
class Range:
    name: str  # under model.random, and the link's key (no layer parameter is spelled so)
    draw: Draw
    default: Value
    low: float = 1  # the bounds of a span's ends, or of each number listed
    high: float = 1
    choices: tuple[Any, ...] = ()  # for a choice of names or a coin: every value allowed
    about: str = ""  # what it sets, in a phrase

    @property
    def numbers(self) -> bool:
        return not self.choices

    def options(self, value: Value) -> tuple[Any, ...]:
        """Every value a draw from `value` can give, in the order the draw sees them."""
        if self.draw is Draw.SPAN:
            return tuple(range(value[0], value[1] + 1))
        if self.draw is Draw.ODD:
            return tuple(range(value[0], value[1] + 1, 2))
        if self.draw is Draw.DOUBLING:
            sizes, size = [], value[0]
            while size <= value[1]:
                sizes.append(size)
                size *= 2
            return tuple(sizes)
        return tuple(value)

    def pick(self, rng: random.Random, value: Value) -> Any:
        """One draw. A range of one value draws nothing, so it leaves the stream to the others."""
        options = self.options(value)
        if len(options) == 1:
            return options[0]
        if self.draw is Draw.SPAN:
            return rng.randint(value[0], value[1])
        if self.draw is Draw.COIN:
            return options[1] if rng.random() < 0.5 else options[0]
        return rng.choice(options)

    def check(self, value: Any, where: str) -> Value:
        """A value from JSON, strictly: a refusal names `where` and says what the range takes."""
        if self.draw in (Draw.SPAN, Draw.DOUBLING, Draw.ODD):
            ok = isinstance(value, list | tuple) and len(value) == 2 and all(_is_int(v) for v in value)
            ok = ok and self.low <= value[0] <= value[1] <= self.high
            if ok and self.draw is Draw.ODD:
                ok = value[0] % 2 == 1 and value[1] % 2 == 1
            if not ok:
                # the common slip, low set above high, said in the controls' words as well
                pair = isinstance(value, list | tuple) and len(value) == 2 and all(_is_int(v) for v in value)
                backwards = pair and value[0] > value[1]
                why = f": its smallest, {value[0]}, is above its largest, {value[1]}" if backwards else ""
                raise SpecError(where, f"{where} must be {self.shape_text()}, got {value!r}{why}")
            return (int(value[0]), int(value[1]))
        most = len(self.choices) or MAX_PICKS
        if not isinstance(value, list | tuple) or not 1 <= len(value) <= most or len(set(value)) != len(value):
            raise SpecError(where, f"{where} must be {self.shape_text()}, got {value!r}")
        if self.numbers:
            if not all(
                isinstance(v, int | float) and not isinstance(v, bool) and self.low <= v <= self.high for v in value
            ):
                raise SpecError(where, f"{where} must be {self.shape_text()}, got {value!r}")
            return tuple(sorted(float(v) for v in value))  # a set: smallest first
        if not all(isinstance(v, str | int) and not isinstance(v, bool) and v in self.choices for v in value):
            raise SpecError(where, f"{where} must be {self.shape_text()}, got {value!r}")
        return tuple(choice for choice in self.choices if choice in value)  # a set: in the table's order

    def shape_text(self) -> str:
        """What the range takes, for a refusal and for the API's words."""
        if self.draw is Draw.SPAN:
            return f"[low, high], whole numbers with {self.low:g} <= low <= high <= {self.high:g}"
        if self.draw is Draw.DOUBLING:
            return f"[low, high], sizes with {self.low:g} <= low <= high <= {self.high:g}"
        if self.draw is Draw.ODD:
            return f"[low, high], odd sizes with {self.low:g} <= low <= high <= {self.high:g}"
        if self.numbers:
            return f"a list of 1 to {MAX_PICKS} different numbers in [{self.low:g}, {self.high:g}]"
        return f"a list of different values from: {', '.join(map(str, self.choices))}"

    def describe(self, value: Value) -> str:
        """What a draw from `value` gives, in words: '16, 32, 64, 128 or 256 (each double the one before)'."""
        options = [_number(v) for v in self.options(value)]
        listed = options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
        if self.draw is Draw.SPAN and len(options) > 4:
            listed = f"any of {options[0]} to {options[-1]}"
        notes = {Draw.DOUBLING: " (each double the one before)", Draw.ODD: " (odd, so padding k // 2 keeps the size)"}
        return listed + (notes.get(self.draw, "") if len(options) > 1 else "")

    def spell(self, value: Value) -> str:
        """As a link writes it: `16-256`, `4` (a span of one), `ReLU,Tanh`, `0,0.2`."""
        if self.draw in (Draw.SPAN, Draw.DOUBLING, Draw.ODD):
            return str(value[0]) if value[0] == value[1] else f"{value[0]}-{value[1]}"
        return ",".join(_number(v) for v in value)

    def read(self, text: str, where: str) -> Value:
        """As a link writes it, checked as strictly as JSON (a ValueError or SpecError if not)."""
        if self.draw in (Draw.SPAN, Draw.DOUBLING, Draw.ODD):
            low, _, high = text.partition("-")
            return self.check([int(low), int(high or low)], where)
        parts = [part.strip() for part in text.split(",")]
        if self.numbers:
            return self.check([float(part) for part in parts], where)
        return self.check([int(part) if part.isdigit() else part for part in parts], where)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# hidden activations: the registry's element-wise activations (softmax and its log normalise a
# whole axis: an output's business, not a hidden layer's), the three dense models drew first
DENSE_ACTIVATIONS = ("ReLU", "Tanh", "GELU")
ACTIVATIONS = tuple(
    dict.fromkeys(
        (*DENSE_ACTIVATIONS, *(n for n, s in REGISTRY.items() if s.family is Family.ACTIVATION and s.elementwise))
    )
)
CELLS = ("RNN", "LSTM", "GRU")
_RATE = get_spec("Dropout").param("p")  # a dropout rate is Dropout's p, with its range


def _depth(default: Value, high: int, about: str) -> Range:
    return Range("depth", Draw.SPAN, default, 1, high, about=about)


RANGES: Mapping[str, tuple[Range, ...]] = MappingProxyType(
    {
        "dense": (
            _depth((1, 4), 8, "hidden Linear layers, each followed by its activation and a Dropout"),
            Range("widths", Draw.DOUBLING, (16, 256), 1, 512, about="out_features of each hidden Linear"),
            Range("activations", Draw.CHOICE, DENSE_ACTIVATIONS, choices=ACTIVATIONS, about="after each Linear"),
            Range("dropouts", Draw.CHOICE, (0.0, 0.1, 0.2, 0.3, 0.5), _RATE.low, _RATE.high, about="p of each Dropout"),
        ),
        "conv": (
            _depth((1, 4), 6, "Conv2d blocks, each with its activation and, while the map is 4 or more, a 2x2 pooling"),
            Range("channels", Draw.DOUBLING, (4, 32), 1, 32, about="out_channels of each Conv2d"),
            Range("kernels", Draw.ODD, (3, 5), 1, 7, about="kernel_size of each Conv2d"),
            Range("activations", Draw.CHOICE, ("ReLU",), choices=ACTIVATIONS, about="after each Conv2d"),
        ),
        "recurrent": (
            Range("cells", Draw.CHOICE, CELLS, choices=CELLS, about="the recurrent layer's class"),
            Range("hidden_sizes", Draw.DOUBLING, (8, 64), 1, 256, about="its hidden_size"),
            _depth((1, 3), 3, "its num_layers: recurrent layers stacked"),
            Range("directions", Draw.COIN, (1, 2), choices=(1, 2), about="1 one way, 2 both ways (bidirectional=True)"),
        ),
    }
)
RANGE_NAMES = tuple(dict.fromkeys(r.name for family in RANGES.values() for r in family))  # every family's, once


def drawn_from(family: str, value: Callable[[str], Any]) -> str:
    """What an ensemble's members were drawn from, range by range, with what each range gives
    (`value` reads a range as the draws used it: RandomSpec.value)."""
    parts = [f"{row.name} {row.describe(value(row.name))}" for row in RANGES[family]]
    classes = value(CLASSES)
    parts.append(f"a Linear to {classes} classes last" if classes is not None else "no classifier")
    return "; ".join(parts)


def family_range(family: str, name: str) -> Range:
    return next(r for r in RANGES[family] if r.name == name)


def check_classes(value: Any, where: str = "random.classes") -> int | None:
    """A classifier of `value` outputs after the drawn layers, or none (null)."""
    if value is not None and (not _is_int(value) or not 1 <= value <= MAX_CLASSES):
        raise SpecError(
            where, f"{where} must be an integer in [1, {MAX_CLASSES}] or null (no classifier), got {value!r}"
        )
    return value


def check_ranges(family: str, given: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The ranges of `model.random` given for this family, each checked; the ones equal to the
    family's default are left out, so a state names only what differs (and compares equal to
    the same state written without them). In the family's order, `classes` last."""
    ranges: list[tuple[str, Any]] = []
    for name in given:
        if name != CLASSES and name not in (r.name for r in RANGES[family]):
            owners = [f for f, rows in RANGES.items() if name in (r.name for r in rows)]
            raise SpecError(f"random.{name}", f"random.{name} is for {' and '.join(owners)} models, not {family}")
    for row in RANGES[family]:
        if row.name in given:
            value = row.check(given[row.name], f"random.{row.name}")
            if value != row.default:
                ranges.append((row.name, value))
    if CLASSES in given and check_classes(given[CLASSES]) != DEFAULT_CLASSES:
        ranges.append((CLASSES, given[CLASSES]))
    return tuple(ranges)
