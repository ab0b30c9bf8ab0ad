"""Where tensors run, and how to time them honestly there."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TypeVar

import torch

T = TypeVar("T")


def pick_device() -> torch.device:
    """cuda > mps > cpu; PLAYGROUND_DEVICE overrides (tests pin 'cpu' on a GPU machine)."""
    wanted = os.environ.get("PLAYGROUND_DEVICE", "").strip()
    if wanted:
        return torch.device(wanted)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def synchronize(device: torch.device) -> None:
    """GPU kernels are asynchronous: without a sync a timer measures only the launch."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


def timed(device: torch.device, fn: Callable[[], T]) -> tuple[T, float]:
    """Run fn once and return its result with the wall time in milliseconds, synchronised."""
    synchronize(device)
    start = time.perf_counter()
    result = fn()
    synchronize(device)
    return result, (time.perf_counter() - start) * 1e3
