"""The calls a forward makes between its modules (F.relu, F.max_pool2d, torch.flatten, x.view),
spelled for the summary's optional call rows.

torchinfo lists modules only, so LeNet's summary jumps from conv1's (1, 6, 28, 28) to conv2's
(1, 6, 14, 14) with nothing between: the ReLU and the pooling are functions its forward calls.
A TorchFunctionMode sees every torch function called while it is on, and torch switches the
mode off while one of them runs, so what F.relu does inside is never seen as a call of its own.
Which calls become rows (those of a forward that composes submodules) is the summary's rule;
this module only knows which functions are listed and how to spell a call to one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch._jit_internal import boolean_dispatched
from torch.nn import functional
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_leaves

MAX_VALUE_CHARS = 24  # an argument spelled longer than this shows as "…": the row names the call, not its data
MAX_ARGS_CHARS = 60


@dataclass(frozen=True)
class Callee:
    """A function the summary lists when a forward calls it. torch's builtins carry no Python
    signature, so `positional` names their arguments after the tensors (empty: spell the values
    as written, as `x.view(-1, 576)` takes a shape)."""

    label: str  # "F.max_pool2d", "torch.flatten", "Tensor.view"
    positional: tuple[str, ...] = ()
    signature: inspect.Signature | None = None


def _signature(function: Any) -> inspect.Signature | None:
    """A functional's own signature; F.max_pool2d is a dispatcher on `return_indices` whose
    signature is that of the function it dispatches to."""
    target = boolean_dispatched.get(function, {}).get("if_false", function)
    try:
        return inspect.signature(target)
    except (TypeError, ValueError):  # a builtin (F.linear, F.conv2d): spelled by position
        return None


def _functionals() -> dict[Any, Callee]:
    """Every public function of torch.nn.functional, whether written in Python or a torch builtin
    (the module also holds helpers it imports, from typing and torch.overrides: those are not calls a
    model makes)."""
    homes = ("torch.nn.functional", "torch._C._nn", "torch")
    found = {}
    for name, value in vars(functional).items():
        if name.startswith("_") or isinstance(value, type) or not callable(value):
            continue
        if getattr(value, "__module__", None) in homes:
            found[value] = Callee(f"F.{name}", signature=_signature(value))
    return found


# what a forward does to a tensor's shape between modules: reshapes, joins and indexing
SHAPE_CALLS: dict[Any, Callee] = {
    torch.flatten: Callee("torch.flatten", ("start_dim", "end_dim")),
    torch.Tensor.flatten: Callee("Tensor.flatten", ("start_dim", "end_dim")),
    torch.reshape: Callee("torch.reshape", ("shape",)),
    torch.Tensor.reshape: Callee("Tensor.reshape"),
    torch.Tensor.view: Callee("Tensor.view"),
    torch.squeeze: Callee("torch.squeeze", ("dim",)),
    torch.Tensor.squeeze: Callee("Tensor.squeeze", ("dim",)),
    torch.unsqueeze: Callee("torch.unsqueeze", ("dim",)),
    torch.Tensor.unsqueeze: Callee("Tensor.unsqueeze", ("dim",)),
    torch.cat: Callee("torch.cat", ("dim",)),
    torch.stack: Callee("torch.stack", ("dim",)),
    torch.Tensor.__getitem__: Callee("Tensor[]"),
}
CALLEES: dict[Any, Callee] = {**_functionals(), **SHAPE_CALLS}


def callee_of(function: Any) -> Callee | None:
    try:
        return CALLEES.get(function)
    except TypeError:  # an unhashable callable is none of ours
        return None


def spell_call(callee: Callee, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """`F.max_pool2d(kernel_size=2)`: the call without its tensors (their shapes are the row's),
    and without the arguments left at their defaults, which torch's wrappers pass on explicitly."""
    if callee.label == "Tensor[]":
        return f"Tensor[{_index(args[1]) if len(args) > 1 else ''}]"
    parts = _bound(callee, args, kwargs)
    if parts is None:
        rest = [value for value in args if not _holds_tensor(value)]
        parts = [
            f"{callee.positional[at]}={_short(value)}" if at < len(callee.positional) else _short(value)
            for at, value in enumerate(rest)
        ]
        parts += [f"{name}={_short(value)}" for name, value in kwargs.items() if not _holds_tensor(value)]
    text = ", ".join(parts)
    return f"{callee.label}({text if len(text) <= MAX_ARGS_CHARS else '…'})"


def _bound(callee: Callee, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str] | None:
    if callee.signature is None:
        return None
    try:
        bound = callee.signature.bind(*args, **kwargs)
    except TypeError:
        return None
    parts = []
    for name, value in bound.arguments.items():
        param = callee.signature.parameters[name]
        if name.startswith("_") or _holds_tensor(value) or _is_default(value, param.default):
            continue
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            parts += [_short(item) for item in value]
        elif param.kind is inspect.Parameter.VAR_KEYWORD:
            parts += [f"{key}={_short(item)}" for key, item in value.items()]
        else:
            parts.append(f"{name}={_short(value)}")
    return parts


def _is_default(value: Any, default: Any) -> bool:
    if default is inspect.Parameter.empty or type(value) is not type(default):
        return False
    try:
        return bool(value == default)
    except (RuntimeError, ValueError, TypeError):
        return False


def _holds_tensor(value: Any) -> bool:
    return any(isinstance(leaf, torch.Tensor) for leaf in tree_leaves(value))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else "…"


def _index(key: Any) -> str:
    """`x[:, -1]` as written: slices with colons, a tensor index as `tensor`."""
    items = key if isinstance(key, tuple) else (key,)
    spelled = []
    for item in items:
        if isinstance(item, slice):
            ends = ["" if end is None else _short(end) for end in (item.start, item.stop)]
            spelled.append(":".join(ends) + (f":{_short(item.step)}" if item.step is not None else ""))
        elif item is Ellipsis:
            spelled.append("...")
        elif isinstance(item, torch.Tensor):
            spelled.append("tensor")
        else:
            spelled.append(_short(item))
    return ", ".join(spelled)


# what a recorder hands on: the callee, the call spelled, the call's arguments and the call itself
OnCall = Callable[[Callee, str, tuple[Any, ...], Callable[[], Any]], Any]


class CallRecorder(TorchFunctionMode):
    """Hands each call of a listed function to `on_call` (which runs it, and may note it down);
    every other torch function (a hook's `.shape`, `.detach()`, arithmetic) passes straight through."""

    def __init__(self, on_call: OnCall) -> None:
        super().__init__()
        self.on_call = on_call

    def __torch_function__(
        self, func: Any, types: Any, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None
    ) -> Any:
        kwargs = kwargs or {}
        callee = callee_of(func)
        if callee is None:
            return func(*args, **kwargs)
        return self.on_call(callee, spell_call(callee, args, kwargs), args, lambda: func(*args, **kwargs))
