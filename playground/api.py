"""The public API's functions (JSON string in, JSON string out) and the two calls the page
makes; all of them reach torch only through the worker pool.

Parsing happens here, in the server, so a malformed request is answered without a trip
to a worker; the worker parses the plain dict again with the same strict parser.
"""

from __future__ import annotations

import json

from . import engine
from .engine import RunResult
from .model_state import ModelState, model_state_from_json
from .specs import SpecError
from .state import State, state_from_json
from .worker import get_pool


def run_layer_state(state: State, page: bool = False) -> RunResult:
    """`page`: print only the tensors the page's panel can show (the API prints them all)."""
    return get_pool().run("layer_page" if page else "layer", state.to_dict())


def run_model_state(state: ModelState) -> RunResult:
    return get_pool().run("model", state.to_dict())


def run_layer(state_json: str) -> str:
    """Run one layer. The argument is the state as a JSON string (see the README); the
    result is a JSON string with `ok`, `error` and, when ok, shapes, parameters, FLOPs,
    timings, the tensors as torch prints them and the code that rebuilds them."""
    try:
        state = state_from_json(state_json)
    except SpecError as e:
        return json.dumps(engine.failure(e).to_api())
    return json.dumps(run_layer_state(state).to_api())


def run_model(state_json: str) -> str:
    """Run a model: a course preset, a stack of layers or a random ensemble. The argument is
    the state as a JSON string with a `model` field (see the README); the result is the
    run_layer result plus `summary` (one row per module call), `extras` and `ensemble`."""
    try:
        state = model_state_from_json(state_json)
    except SpecError as e:
        return json.dumps(engine.failure(e).to_api())
    return json.dumps(run_model_state(state).to_api())


def ping(message: str) -> str:
    """Answers at once without touching torch: a health check, and the no-op floor of the
    benchmarks' round-trip measurements."""
    return json.dumps({"ok": True, "echo": str(message)[:64]})
