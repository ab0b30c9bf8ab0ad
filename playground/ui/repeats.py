"""One update per change, although gradio 6.31 sends some changes twice.

Its Dropdown dispatches `input` when an option is picked and again from the blur that the
pick causes, so every dropdown choice (a preset, a padding mode, the tensor to plot) reached
the server as two identical events: two runs of the model on the two workers at once, and the
page drawn twice. `.change` fires once, but also when the page itself sets a value (a mounted
control, the tensor list an update returns), so the page keeps `.input` and the server drops
the repeat: same session, same controls, within a second of the first run's end.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import gradio as gr

WINDOW_S = 1.0
SESSIONS = 4096  # the last controls of this many sessions; a forgotten one just runs again


class Repeats:
    """The last controls each session ran, and when that run ended (None while it runs)."""

    def __init__(self, window_s: float = WINDOW_S, sessions: int = SESSIONS) -> None:
        self._window_s = window_s
        self._sessions = sessions
        self._last: OrderedDict[str, tuple[str, float | None]] = OrderedDict()
        self._lock = threading.Lock()

    def starts(self, session: str, controls: tuple[Any, ...]) -> bool:
        """Record a run of `controls`; False when it repeats the one running or just ended."""
        key = json.dumps(controls, sort_keys=True, default=str)
        now = time.monotonic()
        with self._lock:
            last = self._last.pop(session, None)
            repeat = last is not None and last[0] == key and (last[1] is None or now - last[1] < self._window_s)
            self._last[session] = (key, last[1] if repeat and last is not None else None)
            while len(self._last) > self._sessions:
                self._last.popitem(last=False)
        return not repeat

    def ended(self, session: str) -> None:
        with self._lock:
            if session in self._last:
                key, _ = self._last[session]
                self._last[session] = (key, time.monotonic())


def once(update: Callable[..., list[Any]], outputs: int, state_args: int = 1) -> Callable[..., list[Any]]:
    """`update`, answering a repeat with nothing to change. The trailing `state_args` inputs
    are the page's own memory of the last answer, which a repeat finds already changed."""
    repeats = Repeats()

    def run(request: gr.Request, *values: Any) -> list[Any]:
        session = request.session_hash or ""
        if not repeats.starts(session, values[: len(values) - state_args]):
            return [gr.skip() for _ in range(outputs)]
        try:
            return update(*values)
        finally:
            repeats.ended(session)

    return run
