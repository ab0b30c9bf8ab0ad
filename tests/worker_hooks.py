"""Real misbehaviour on demand, for the isolation tests only: a worker started with
`hooks="worker_hooks"` answers these kinds besides the production ones. Nothing in
playground/ knows them."""

from __future__ import annotations

import enum
import time
from typing import Any

from playground.records import RunResult, refused


class Hook(enum.Enum):
    CRASH = "crash"  # a native crash of torch: a segfault no `try` can catch
    SPIN = "spin"  # a kernel loop that outlives the time limit (payload: seconds)
    ALLOCATE = "allocate"  # payload MB at once: past the address-space limit torch raises, the worker lives


def crash(_: Any) -> RunResult:
    import torch

    bag = torch.nn.EmbeddingBag(10, 3, mode="sum").double()  # a known segfault of torch 2.13 on CPU
    bag(torch.tensor([1, 2, 3]), torch.tensor([], dtype=torch.long))
    return refused(None, "test hook 'crash' finished")


def spin(seconds: Any) -> RunResult:
    import torch

    deadline = time.monotonic() + float(seconds)
    a = torch.randn(256, 256)
    while time.monotonic() < deadline:
        a = torch.tanh(a @ a)
    return refused(None, "test hook 'spin' finished")


def allocate(megabytes: Any) -> RunResult:
    import torch

    try:
        torch.empty(int(megabytes) * 2**20, dtype=torch.uint8).fill_(1)
    except RuntimeError as e:
        return refused(None, f"allocation refused: {str(e).splitlines()[0][:200]}")
    return refused(None, "test hook 'allocate' finished")


HANDLERS = {Hook.CRASH: crash, Hook.SPIN: spin, Hook.ALLOCATE: allocate}
