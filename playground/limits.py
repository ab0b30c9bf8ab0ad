"""Every guard of the playground, read from the environment once, with defaults safe for a
2-vCPU, 16 GB Space. The README's Limits section is generated from this table."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any


def _guard(default: float, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Limits:
    """Each field is set by the environment variable PLAYGROUND_<FIELD NAME IN CAPITALS>."""

    max_memory_mb: float = _guard(1024, "memory of one layer run (parameters, activations, gradients), predicted")
    max_model_mb: float = _guard(512, "memory of a model run (preset, stack or ensemble), predicted before it is built")
    max_elements: float = _guard(50_000_000, "numbers in any one tensor a run creates")
    max_mflop: float = _guard(
        500,
        "work of one run in million FLOPs, predicted (forward; with backward, three times it; "
        "convolution groups torch runs slowly, 4 or 12 times it; a model: the sum of its layers)",
    )
    max_stack: float = _guard(32, "layers in a builder stack")
    max_ensemble: float = _guard(8, "models in a random ensemble")
    max_json_chars: float = _guard(64_000, "characters of one state as JSON")
    max_body_kb: float = _guard(256, "kilobytes of one HTTP request body (413 past it)")
    workers: float = _guard(2, "worker processes that run torch (0: in the server, for development only)")
    worker_memory_mb: float = _guard(4096, "address-space limit of each worker on CPU, in MB")
    timeout_s: float = _guard(20, "seconds one request may run; past it the worker is killed and replaced")
    queue_size: float = _guard(64, "requests waiting in the queue; past it callers are told the app is busy")
    concurrency: float = _guard(2, "requests run at once")
    sessions: float = _guard(100, "visitor sessions whose state the server keeps; the oldest is dropped past it")


def env_name(field_name: str) -> str:
    return f"PLAYGROUND_{field_name.upper()}"


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value >= 0 else default


def read_limits() -> Limits:
    defaults = Limits()
    return Limits(**{f.name: _number(env_name(f.name), getattr(defaults, f.name)) for f in fields(Limits)})


def limits_table() -> str:
    """The README's Limits section, generated so that it lists exactly these guards."""
    rows = ["| guard | environment variable | default |", "|---|---|---:|"]
    rows += [f"| {f.metadata['help']} | `{env_name(f.name)}` | {f.default:,.0f} |" for f in fields(Limits)]
    return "\n".join(rows)


LIMITS = read_limits()
