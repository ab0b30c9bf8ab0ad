"""A tensor typed by hand, read from the text a person writes for `torch.tensor`.

The Layer Lab's tensor box and a link's `values=` take the same spellings, so one reader
serves both: nested lists or tuples of numbers in Python's literal syntax (`[[1.0, 2.0],
[3.0, 4.0]]`, `((1,2),(3,4))`, `1.`, `-2`, `1e-3` read as in a notebook), or a tensor as
torch prints it (`tensor([[0.5, 1.5]])`, copied from the page's printed input; an output's
`grad_fn=` or a parameter's `Parameter containing:` is not read). What it
gives is checked as the JSON API checks `input.values` (`state.parse_values`), and every
refusal names the `values` field in words a person can act on.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from playground.registry.specs import SpecError
from playground.request.state import Values, as_lists, parse_values

FIELD = "values"  # the control's name on the page and the key of a link
# MAX_VALUES numbers at float repr's longest (`-0.30000000000000004, `: 23 characters), with brackets
MAX_TYPED_CHARS = 8_000
PRINTED = re.compile(r"\s*(?:torch\.)?tensor\((.*)\)\s*", re.S)  # `tensor([...])`, as torch prints one


def read_values(text: str) -> Values | None:
    """The typed tensor `text` spells, frozen as nested tuples; None for an empty box (the
    input is drawn). Raises SpecError("values", ...) saying what to type instead."""
    text = text.strip()
    if not text:
        return None
    if len(text) > MAX_TYPED_CHARS:
        raise SpecError(FIELD, f"the typed tensor is {len(text):,} characters; at most {MAX_TYPED_CHARS:,} are read")
    printed = PRINTED.fullmatch(text)
    if printed is not None:
        text = printed.group(1)
    try:
        literal = ast.literal_eval(text)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as e:
        raise SpecError(
            FIELD,
            f"the typed tensor must be nested lists of numbers, as [[1.0, 2.0], [3.0, 4.0]]; "
            f"could not read {text!r:.60}",
        ) from e
    if not isinstance(literal, list | tuple):
        raise SpecError(FIELD, f"the typed tensor must be a list of numbers (at least one axis), got {text!r:.60}")
    try:
        return parse_values(_as_lists(literal))
    except SpecError as e:
        raise SpecError(FIELD, e.message.replace("input.values", "the typed tensor")) from e


def _as_lists(item: Any) -> Any:
    """Tuples read as lists (torch.tensor takes both); anything else is left for `parse_values` to refuse."""
    return [_as_lists(inner) for inner in item] if isinstance(item, list | tuple) else item


def spell_values(values: Values) -> str:
    """The text `read_values` reads back to `values`: JSON's nested lists, one space after a comma,
    as the box's example is written (a float's shortest repr reads back to the same float)."""
    return json.dumps(as_lists(values))


def spell_link_values(values: Values) -> str:
    """`((1,2),(3,4))`: parentheses and commas stay readable in a link unescaped (brackets would
    be percent-escaped); `read_link_values` takes them back."""
    return spell_values(values).replace(" ", "").replace("[", "(").replace("]", ")")


def read_link_values(raw: str) -> Values | None:
    """A link's `values=`: every parenthesis is a list's (so `((1),(2))` is two rows of one,
    where Python would read `(1)` as a bare 1); brackets are read as well."""
    return read_values(raw.replace("(", "[").replace(")", "]"))


def shape_words(shape: tuple[int, ...]) -> str:
    """A shape as torch prints a size, `(2, 3)` (a one-axis one `(3,)`)."""
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
