"""Per-layer records of one forward pass: collect with hooks, aggregate, hand over frozen rows.

One row per module call, in call order, the root first, as torchinfo lists them: a module
called twice (a reused or tied layer) gives two rows, the second marked recursive. The
mult-adds follow torchinfo's rule so the two tools agree; FLOPs come from torch's own
FlopCounterMode formulas, attributed to every module on the call stack, and counted the one
way `counting_flops` defines for layers and models alike. On request the rows also list the
calls a forward makes to torch's functions between its modules (see `calls`), each a row of
its own marked as a call; without the request the rows are exactly torchinfo's.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
import torch
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves
from torch.utils.flop_counter import flop_registry

from playground.records import LayerRecord, RowKind
from playground.run.calls import Callee, CallRecorder

MAX_SAMPLE = 1 << 16  # elements a row keeps of its output, for figures
MAX_CALL_ROWS = 256  # a forward looping over time steps makes thousands: the first ones show the pattern


@dataclass
class _Row:
    """Mutable while the forward runs; frozen into a LayerRecord right after."""

    name: str
    module: nn.Module
    depth: int
    input_shape: tuple[int, ...]
    flops_before: int
    recursive: bool
    output_shape: tuple[int, ...] = ()
    flops: int = 0
    params: int = 0
    mult_adds: int = 0
    children: list[int] = field(default_factory=list)
    output: torch.Tensor | None = None
    call: str = ""  # the function a call row stands for ("F.relu"); empty for a module's row


def collect(
    model: nn.Module,
    call: Callable[[nn.Module], Any],
    keep_outputs: bool = True,
    count_flops: bool = True,
    calls: bool = False,
) -> tuple[Any, tuple[LayerRecord, ...]]:
    """Run `call(model)` with hooks on every module; return its result and the rows.

    FLOPs are counted on a copy, in a pass of their own (`count_flops_per_row`): counting needs
    the plain kernels, and the forward a person sees must be the one a plain script runs,
    fused kernels and all, to the last bit. A caller that shows no FLOPs can skip that pass.
    `calls` adds the call rows, traced on a copy too (`trace_calls`), for the same reason: with a
    TorchFunctionMode on, torch leaves its fused fast paths (a Transformer's in eval)."""
    flops = count_flops_per_row(model, call, calls) if count_flops else None
    traced = trace_calls(model, call, keep_outputs) if calls else None
    result, rows = _forward_with_hooks(model, call, keep_outputs, None)
    if traced is not None:
        rows = _with_calls(rows, traced)
    if flops is not None and [name for name, _ in flops] == [row.name for row in rows]:
        rows = tuple(replace(row, flops=count) for row, (_, count) in zip(rows, flops, strict=True))
    return result, rows


Counter = TypeVar("Counter", bound="FlopTotal")


@contextmanager
def counting_flops(counter: Counter) -> Iterator[Counter]:
    """The one way FLOPs are counted, for a layer (engine) and a model (summary) alike.

    Fused CPU kernels (oneDNN's LSTM, GRU and convolutions, flash attention) are single ops
    that torch's counter has no formula for: an LSTM read 0 FLOPs in a model and 46,080 in
    the Layer Lab. With oneDNN off and attention on its math backend, the counter sees the
    matmuls and convolutions that meta tensors show too. torch warns about TF32 each time
    oneDNN is toggled; that is not the model's warning, so it is not passed on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.backends.mkldnn.flags(enabled=False), sdpa_kernel(SDPBackend.MATH), counter:
            yield counter


def count_flops_per_row(
    model: nn.Module, call: Callable[[nn.Module], Any], calls: bool = False
) -> list[tuple[str, int]]:
    """(row name, FLOPs) per row, from the same forward on a copy of the model; with `calls`,
    the call rows' too (a call counts what its function does, F.linear's matmul).

    A copy, with the random stream forked, so that this pass changes nothing the real one
    sees: running statistics, lazy parameters and dropout draws stay the real forward's.
    The same weights, input and random draws take the same path through a forward with
    control flow (FixedHiddenMLP's loop), so the rows line up one to one."""
    twin = copy.deepcopy(model)
    cuda = [torch.cuda.current_device()] if torch.cuda.is_available() and torch.cuda.is_initialized() else []
    with torch.random.fork_rng(devices=cuda), torch.no_grad(), counting_flops(FlopTotal()) as counter:
        _, rows = _forward_with_hooks(twin, call, False, counter, calls)
    return [(row.name, row.flops) for row in rows]


def trace_calls(model: nn.Module, call: Callable[[nn.Module], Any], keep_outputs: bool) -> tuple[LayerRecord, ...]:
    """The rows with the calls among them, from the same forward on a copy, the random stream
    forked, as `count_flops_per_row` runs it (and with gradients on, as the real forward runs,
    so that torch takes the same paths and calls the same modules)."""
    twin = copy.deepcopy(model)
    cuda = [torch.cuda.current_device()] if torch.cuda.is_available() and torch.cuda.is_initialized() else []
    with torch.random.fork_rng(devices=cuda):
        _, rows = _forward_with_hooks(twin, call, keep_outputs, None, calls=True)
    return rows


def _with_calls(rows: tuple[LayerRecord, ...], traced: tuple[LayerRecord, ...]) -> tuple[LayerRecord, ...]:
    """The real forward's module rows with the traced call rows among them, where they ran.
    Should the copy have called other modules than the real forward (it cannot, given the same
    weights, input and draws), the rows stay torchinfo's alone rather than mix two forwards."""
    modules = [row.name for row in traced if row.kind is RowKind.MODULE]
    if modules != [row.name for row in rows]:
        return rows
    real = iter(rows)
    return tuple(next(real) if row.kind is RowKind.MODULE else row for row in traced)


def _forward_with_hooks(
    model: nn.Module,
    call: Callable[[nn.Module], Any],
    keep_outputs: bool,
    counter: FlopTotal | None,
    calls: bool = False,
) -> tuple[Any, tuple[LayerRecord, ...]]:
    rows: list[_Row] = []
    stack: list[int] = []
    seen_modules: set[int] = set()
    seen_params: set[int] = set()
    names = {id(m): name for name, m in model.named_modules()}

    modules = dict(model.named_modules())
    current: dict[int, str] = {}  # structural depth -> name of the latest row there

    def flops_now() -> int:
        return counter.total if counter is not None else 0

    def add_row(name: str, module: nn.Module, input_shape: tuple[int, ...], called: bool) -> _Row:
        depth = name.count(".") + 1 if name else 0
        row = _Row(name, module, depth, input_shape, flops_now(), recursive=id(module) in seen_modules)
        seen_modules.add(id(module))
        if stack and called:
            rows[stack[-1]].children.append(len(rows))
        rows.append(row)
        current[depth] = name
        for deeper in [d for d in current if d > depth]:
            del current[deeper]
        return row

    def before(module: nn.Module, args: tuple[Any, ...]) -> None:
        name = names.get(id(module), "?")
        parts = name.split(".") if name else []
        # containers that are never called themselves (ModuleList, ModuleDict) still get
        # their row above their children, as torchinfo lists them
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            if current.get(depth) != ancestor and ancestor in modules:
                uncalled = add_row(ancestor, modules[ancestor], (), called=False)
                _count_params(uncalled, seen_params)
        first = next((a for a in tree_leaves(args) if isinstance(a, torch.Tensor)), None)
        add_row(name, module, tuple(first.shape) if first is not None else (), called=True)
        stack.append(len(rows) - 1)

    def after(module: nn.Module, args: tuple[Any, ...], output: Any) -> None:
        row = rows[stack.pop()]
        first = next((t for t in tree_leaves(output) if isinstance(t, torch.Tensor)), None)
        row.output_shape = tuple(first.shape) if first is not None else ()
        row.flops = flops_now() - row.flops_before
        _count_params(row, seen_params)  # after the forward: lazy parameters exist by now
        if not any(module.children()):
            row.mult_adds = _mult_adds(module, row.output_shape)
        if keep_outputs and first is not None:
            row.output = first.detach()

    def on_call(callee: Callee, spelled: str, args: tuple[Any, ...], run: Callable[[], Any]) -> Any:
        """A call becomes a row when the running module's own forward makes it and that forward
        composes submodules (LeNet's F.relu); a leaf's calls (nn.ReLU's F.relu, nn.Conv2d's
        conv2d) are what its own row already stands for."""
        nonlocal made
        owner = rows[stack[-1]] if stack else None
        if owner is None or not any(owner.module.children()) or made >= MAX_CALL_ROWS:
            return run()
        made += 1
        first = next((a for a in tree_leaves(args) if isinstance(a, torch.Tensor)), None)
        shape = tuple(first.shape) if first is not None else ()
        row = _Row(spelled, owner.module, owner.depth + 1, shape, flops_now(), recursive=False, call=callee.label)
        rows.append(row)
        output = run()
        result = next((t for t in tree_leaves(output) if isinstance(t, torch.Tensor)), None)
        row.output_shape = tuple(result.shape) if result is not None else ()
        row.flops = flops_now() - row.flops_before
        if keep_outputs and result is not None:
            row.output = result.detach()
        return output

    made = 0  # call rows so far
    handles = []
    for module in {id(m): m for m in model.modules()}.values():
        handles.append(module.register_forward_pre_hook(before))
        handles.append(module.register_forward_hook(after))
    try:
        with CallRecorder(on_call) if calls else nullcontext():
            result = call(model)
    finally:
        for handle in handles:
            handle.remove()
    return result, _freeze(rows)


def _trilinear_flops(
    i1: torch.Tensor,
    i2: torch.Tensor,
    i3: torch.Tensor,
    expand1: list[int],
    expand2: list[int],
    expand3: list[int],
    sumdim: list[int],
    unroll_dim: int = 1,
    out_val: Any = None,
) -> int:
    """nn.Bilinear's op, which torch's counter leaves at 0: each of the broadcast product's
    terms is a multiply-add into the sum (2 FLOPs, as a matmul counts), for Bilinear
    2 x N x out x in1 x in2."""
    shapes = []
    for t, expand in ((i1, expand1), (i2, expand2), (i3, expand3)):
        shape = list(t.shape)
        for axis in sorted(expand):
            shape.insert(axis, 1)
        shapes.append(shape)
    return 2 * math.prod(max(sizes) for sizes in zip(*shapes, strict=True))


EXTRA_FLOP_FORMULAS: dict[Any, Callable[..., int]] = {torch.ops.aten._trilinear: _trilinear_flops}


def _flop_formula(packet: Any) -> Callable[..., int] | None:
    """torch's formula for an op, else ours; torch's registry is read live, not copied."""
    return flop_registry.get(packet) or EXTRA_FLOP_FORMULAS.get(packet)


class FlopTotal(TorchDispatchMode):
    """A running FLOP total with torch's own per-op formulas (those of FlopCounterMode, plus
    one for nn.Bilinear's op), without its module tracker: the hooks above already know
    which module is running."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        packet = func._overloadpacket
        formula = _flop_formula(packet)
        if formula is None and func is not torch.ops.prim.device.default:
            with self:  # a composite op: count the ops it is made of, as FlopCounterMode does
                decomposed = func.decompose(*args, **kwargs)
                if decomposed is not NotImplemented:
                    return decomposed
        out = func(*args, **kwargs)
        if formula is not None:
            self.total += formula(*args, **kwargs, out_val=out)
        self.counted(func, out)
        return out

    def counted(self, func: Any, out: Any) -> None:
        """A hook for subclasses that tally more per op than FLOPs."""


def _count_params(row: _Row, seen: set[int]) -> None:
    """A module's own parameters, each tensor counted once where it first appears."""
    for p in row.module.parameters(recurse=False):
        if id(p) not in seen and not isinstance(p, nn.parameter.UninitializedParameter):
            seen.add(id(p))
            row.params += p.numel()


def _under(module: nn.Module, trainable_only: bool = False) -> int:
    """Every parameter under a module, each tensor once: torchinfo's num_params (trainable_params)."""
    return sum(
        p.numel()
        for p in module.parameters()
        if not isinstance(p, nn.parameter.UninitializedParameter) and (p.requires_grad or not trainable_only)
    )


def _mult_adds(module: nn.Module, output_shape: tuple[int, ...]) -> int:
    """torchinfo's count for a leaf: weights and biases times the positions they are applied at."""
    total = 0
    convolution = isinstance(module, nn.modules.conv._ConvNd)
    for name, p in module.named_parameters():
        if isinstance(p, nn.parameter.UninitializedParameter):
            continue
        if name in ("weight", "bias"):
            positions = math.prod(output_shape[:1] + output_shape[2:]) if convolution else _first(output_shape)
        elif "weight" in name or "bias" in name:  # recurrent layers: weight_ih_l0, bias_hh_l1, ...
            positions = math.prod(output_shape[:2])
        else:
            continue
        total += positions * p.numel()
    return total


def _first(shape: tuple[int, ...]) -> int:
    return shape[0] if shape else 1


def _freeze(rows: list[_Row]) -> tuple[LayerRecord, ...]:
    """Containers add up their leaves' mult-adds (the root's row is the model's total)."""
    for index in range(len(rows) - 1, -1, -1):  # children come after their parent
        row = rows[index]
        if row.children:
            row.mult_adds += sum(rows[child].mult_adds for child in row.children)
    total = sum(row.params for row in rows) or 1
    frozen = []
    for row in rows:
        output = row.output
        if row.call:  # a function holds no parameters and is no module: nothing under it either
            frozen.append(
                LayerRecord(
                    name=row.name,
                    type=row.call,
                    depth=row.depth,
                    input_shape=row.input_shape,
                    output_shape=row.output_shape,
                    params=0,
                    trainable=0,
                    mult_adds=0,
                    flops=row.flops,
                    is_leaf=False,
                    recursive=False,
                    output=_sample(output) if output is not None else None,
                    kind=RowKind.CALL,
                )
            )
            continue
        frozen.append(
            LayerRecord(
                name=row.name or type(row.module).__name__,
                type=type(row.module).__name__,
                depth=row.depth,
                input_shape=row.input_shape,
                output_shape=row.output_shape,
                params=row.params,
                trainable=_under(row.module, trainable_only=True),
                mult_adds=row.mult_adds,
                flops=row.flops,
                is_leaf=not any(row.module.children()),
                recursive=row.recursive,
                params_with_children=_under(row.module),
                share=row.params / total,
                output=_sample(output) if output is not None else None,
            )
        )
    return tuple(frozen)


def _sample(t: torch.Tensor) -> np.ndarray | None:
    if t.device.type == "meta":
        return None
    data = t.float().cpu()
    while data.numel() > MAX_SAMPLE and data.dim() > 1 and data.shape[0] > 1:
        data = data[: max(1, data.shape[0] // 2)]
    if data.numel() > MAX_SAMPLE:
        data = data.flatten()[:MAX_SAMPLE]
    return data.clone().numpy()
