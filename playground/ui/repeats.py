"""One update per change, although gradio 6.31 sends some changes twice.

Its Dropdown dispatches `input` when an option is picked and again from the blur that the
pick causes, so every dropdown choice (a preset, a padding mode, the tensor to plot) reached
the server as two identical events: the model ran twice, one run behind the other, and the
page was drawn twice. Where the page never sets a dropdown's value (the builder's preset and
distribution) it listens to `.change`, which fires once. Where it does (a control mounted by
gr.render, the tensor list an update returns) `.change` would fire for the page's own
changes too, so it keeps `.input` and the server drops the repeat: same session, same
controls, while the first runs or within a second of its end.
"""

from __future__ import annotations

import itertools
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
    """The last controls each session ran: (controls, run id, when that run ended or None)."""

    def __init__(self, window_s: float = WINDOW_S, sessions: int = SESSIONS) -> None:
        self._window_s = window_s
        self._sessions = sessions
        self._last: OrderedDict[str, tuple[str, int, float | None]] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def starts(self, session: str, controls: tuple[Any, ...]) -> int | None:
        """A run id for `controls`, or None when they repeat the run going on or just ended."""
        key = json.dumps(controls, sort_keys=True, default=str)
        now = time.monotonic()
        with self._lock:
            last = self._last.pop(session, None)
            if last is not None and last[0] == key and (last[2] is None or now - last[2] < self._window_s):
                self._last[session] = last
                return None
            run = next(self._ids)
            self._last[session] = (key, run, None)
            while len(self._last) > self._sessions:
                self._last.popitem(last=False)
        return run

    def ended(self, session: str, run: int) -> None:
        """Start the window, unless a run with other controls has taken the session's place."""
        with self._lock:
            last = self._last.get(session)
            if last is not None and last[1] == run:
                self._last[session] = (last[0], run, time.monotonic())

    def forget(self, session: str, run: int) -> None:
        """A run that raised has shown nothing: its repeat must run."""
        with self._lock:
            last = self._last.get(session)
            if last is not None and last[1] == run:
                del self._last[session]


def once(update: Callable[..., list[Any]], outputs: int, state_args: int = 1) -> Callable[..., list[Any]]:
    """`update`, answering a repeat with nothing to change. The trailing `state_args` inputs
    are the page's own memory of the last answer, which a repeat finds already changed.

    No functools.wraps: gradio would read `update`'s signature and not pass the request."""
    repeats = Repeats()

    def run(request: gr.Request, *values: Any) -> list[Any]:
        session = request.session_hash
        if not session:  # no page behind it: nothing to tell twins apart by
            return update(*values)
        ticket = repeats.starts(session, values[: len(values) - state_args])
        if ticket is None:
            return [gr.skip() for _ in range(outputs)]
        try:
            answer = update(*values)
        except BaseException:
            repeats.forget(session, ticket)
            raise
        repeats.ended(session, ticket)
        return answer

    return run
