"""The public API's functions: JSON string in, JSON string out, no gradio.

Kept apart from the UI so that the HTTP endpoint, tests and benchmarks call the very
same function, and so that a result is serialised in exactly one place.
"""

from __future__ import annotations

import json

from . import engine
from .specs import SpecError
from .state import state_from_json


def run_layer(state_json: str) -> str:
    """Run one layer. The argument is the state as a JSON string (see the README); the
    result is a JSON string with `ok`, `error` and, when ok, shapes, parameters, FLOPs,
    timings, the tensors as torch prints them and the code that rebuilds them."""
    try:
        state = state_from_json(state_json)
    except SpecError as e:
        return json.dumps(engine.failure(e).to_api())
    return json.dumps(engine.run(state).to_api())
