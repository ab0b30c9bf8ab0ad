"""The public API's functions: JSON string in, JSON string out, no gradio.

Kept apart from the UI so that the HTTP endpoint, tests and benchmarks call the very
same function, and so that a result is serialised in exactly one place.
"""

from __future__ import annotations

import json

from . import engine
from .model_engine import run_model as run_model_state
from .model_state import model_state_from_json
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


def run_model(state_json: str) -> str:
    """Run a model: a course preset, a stack of layers or a random ensemble. The argument is
    the state as a JSON string with a `model` field (see the README); the result is the
    run_layer result plus `summary` (one row per module call), `extras` and `ensemble`."""
    try:
        state = model_state_from_json(state_json)
    except SpecError as e:
        return json.dumps(engine.failure(e).to_api())
    return json.dumps(run_model_state(state).to_api())
