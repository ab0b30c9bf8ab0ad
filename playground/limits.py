"""Every guard of the playground, read from the environment once, with defaults safe for a
2-vCPU, 16 GB Space. The README's Limits section lists these same names (a test checks)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value >= 0 else default


@dataclass(frozen=True)
class Limits:
    """Each field's metadata-free name maps to PLAYGROUND_<NAME upper>."""

    max_memory_mb: float = 1024  # parameters + activations + gradients of one layer, from the meta device
    max_model_mb: float = 512  # a builder stack or random model, predicted before building
    max_elements: float = 50_000_000  # numbers in any one tensor a run creates
    max_stack: float = 32  # layers in a builder stack
    max_ensemble: float = 8  # models in a random ensemble
    max_json_chars: float = 64_000  # one state, as JSON text
    max_body_kb: float = 256  # one HTTP request body
    workers: float = 2  # worker processes that run torch (0: run in the server, for development only)
    worker_memory_mb: float = 4096  # address-space limit of each worker on CPU
    timeout_s: float = 20  # one request in a worker; past it the worker is killed and replaced
    queue_size: float = 64  # waiting requests; past it callers get "busy"
    concurrency: float = 2  # requests run at once


def env_name(field_name: str) -> str:
    return f"PLAYGROUND_{field_name.upper()}"


def read_limits() -> Limits:
    defaults = Limits()
    return Limits(**{f.name: _number(env_name(f.name), getattr(defaults, f.name)) for f in fields(Limits)})


LIMITS = read_limits()
