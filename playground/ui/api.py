"""The public API (JSON string in, JSON string out) and the calls the page makes, all through
one Runner: the API never reaches torch itself.

Parsing happens here, in the server, so a malformed request is answered without a trip to a
worker; the worker parses the plain dict again with the same strict parser.
"""

from __future__ import annotations

import json

from playground.isolation.runner import RequestKind, Runner
from playground.lessons import LESSONS
from playground.lessons.model import lesson_step
from playground.records import RunResult
from playground.request.state import State, read_json, state_from_json
from playground.run.errors import failure


class Api:
    """The endpoints of one server, bound to its runner."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def run_state(self, state: State, page: bool = False) -> RunResult:
        """`page`: print only the tensors the page's panel can show (the API prints them all)."""
        return self.runner.run(RequestKind.PAGE if page else RequestKind.API, state.to_dict())

    def run_layer(self, state_json: str) -> str:
        """Run one layer. The argument is the state as a JSON string (see the README); the
        result is a JSON string with `ok`, `error` and, when ok, shapes, parameters, FLOPs,
        timings, the tensors as torch prints them and the code that rebuilds them."""
        return self._answer(state_json, "layer")

    def run_model(self, state_json: str) -> str:
        """Run a model: a course preset, a stack of layers or a random ensemble. The argument is
        the state as a JSON string with a `model` field (see the README); the result is the
        run_layer result plus `summary` (one row per module call), `extras` and `ensemble`."""
        return self._answer(state_json, "model")

    def lessons(self) -> str:
        """Every lesson, in order: its id, title and steps (a title and the step's text each)."""
        return json.dumps({"lessons": [lesson.to_api() for lesson in LESSONS.values()]})

    def run_lesson(self, request_json: str) -> str:
        """Run one step of a lesson: `{"lesson": id, "step": n}` as a JSON string, steps counted
        from 1. The result is run_layer's or run_model's, with what the step prints in `values`;
        a step of a seeded lesson continues the stream of the steps before it."""
        try:
            lesson, step = lesson_step(LESSONS, read_json(request_json))
            state = lesson.state(step)
        except Exception as e:
            return json.dumps(failure(e).to_api())
        return json.dumps(self.run_state(state).to_api())

    def _answer(self, state_json: str, subject: str) -> str:
        try:
            state = state_from_json(state_json, subject)
        except Exception as e:
            return json.dumps(failure(e).to_api())
        return json.dumps(self.run_state(state).to_api())


def ping(message: str) -> str:
    """Answers at once without touching torch: a health check, and the no-op floor of the
    benchmarks' round-trip measurements."""
    return json.dumps({"ok": True, "echo": str(message)[:64]})
