"""Who runs torch for the server: a `Runner` takes a request (a kind and a state as plain
data) and returns a RunResult. Production passes a worker pool (isolation, `worker.py`);
development and unit tests pass `InProcess`; tests pass doubles of their own. The API and
the page are handed one and never choose.
"""

from __future__ import annotations

import enum
from typing import Any, Protocol

from playground.records import PAGE_VALUES_CHARS, RunResult
from playground.run.errors import failure


class RequestKind(enum.Enum):
    """How much a run prints: the API prints every tensor, the page what its panel shows."""

    API = "api"
    PAGE = "page"


class Runner(Protocol):
    def run(self, kind: RequestKind, payload: dict[str, Any]) -> RunResult: ...

    def close(self) -> None: ...


def answer(kind: RequestKind, payload: dict[str, Any]) -> RunResult:
    """What every runner does with a request, in the process that runs torch: the state
    crossed as a plain dict (a pipe, or a test), so the one strict parser reads it again."""
    from playground.request.state import state_from_dict
    from playground.run import engine  # torch loads where runs happen, not where requests are routed

    try:
        state = state_from_dict(payload)
    except Exception as e:
        return failure(e)
    return engine.run(state, values_chars=PAGE_VALUES_CHARS if kind is RequestKind.PAGE else None)


class InProcess:
    """workers = 0: run in the calling process. For development and unit tests, not for a server."""

    def run(self, kind: RequestKind, payload: dict[str, Any]) -> RunResult:
        return answer(kind, payload)

    def close(self) -> None:
        pass
