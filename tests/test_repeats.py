"""The server drops the second of gradio's twin dropdown events: same session, same controls."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import gradio as gr
import pytest

from playground.ui import repeats
from playground.ui.repeats import Repeats, once


def counting(outputs: int = 2) -> tuple[Callable[..., list[Any]], list[tuple[Any, ...]]]:
    calls: list[tuple[Any, ...]] = []

    def update(*values: Any) -> list[Any]:
        calls.append(values)
        return [f"answer {len(calls)}"] * outputs

    return once(update, outputs), calls


def request(session: str) -> gr.Request:
    return gr.Request(session_hash=session)


def test_a_repeat_is_answered_with_nothing_to_change() -> None:
    update, calls = counting()
    assert update(request("a"), "Conv2d", 3, None) == ["answer 1", "answer 1"]
    skipped = update(request("a"), "Conv2d", 3, {"the page's memory": "changed by the first answer"})
    assert skipped == [gr.skip(), gr.skip()]
    assert len(calls) == 1


def test_other_controls_or_another_session_run() -> None:
    update, calls = counting()
    update(request("a"), "Conv2d", 3, None)
    update(request("a"), "Conv2d", 5, None)  # a new value
    update(request("b"), "Conv2d", 5, None)  # the same value in another tab
    update(request("a"), "Conv2d", 3, None)  # back to the first: not the last one run
    assert [c[:2] for c in calls] == [("Conv2d", 3), ("Conv2d", 5), ("Conv2d", 5), ("Conv2d", 3)]


def test_the_same_controls_run_again_after_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A retry a while later (after a worker was replaced, say) is a real request; a skipped
    repeat does not move the window on."""
    now = [100.0]
    monkeypatch.setattr(repeats.time, "monotonic", lambda: now[0])
    update, calls = counting()
    update(request("a"), "Linear", None)
    now[0] += repeats.WINDOW_S * 0.9
    update(request("a"), "Linear", None)  # skipped
    now[0] += repeats.WINDOW_S * 0.2  # 1.1 windows after the run ended, 0.2 after the skip
    update(request("a"), "Linear", None)
    assert len(calls) == 2


def test_a_run_that_raised_is_not_a_reason_to_skip() -> None:
    calls: list[Any] = []

    def failing(*values: Any) -> list[Any]:
        calls.append(values)
        raise RuntimeError("the worker died")

    update = once(failing, 1)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            update(request("a"), "Linear", None)
    assert len(calls) == 2


def test_calls_without_a_session_always_run() -> None:
    update, calls = counting()
    update(request(""), "Linear", None)
    update(request(""), "Linear", None)
    assert len(calls) == 2


def test_gradio_passes_the_request_to_the_wrapper() -> None:
    """gradio finds the request by the parameter's type hint; a hint it cannot resolve is
    silently ignored, and every call would then fail."""
    from gradio import helpers

    page = request("a")
    inputs, *_ = helpers.special_args(once(lambda *v: ["x"], 1), ["Linear", None], page)
    assert inputs[0] is page and inputs[1:] == ["Linear", None]


def test_the_window_counts_from_the_end_of_a_long_run() -> None:
    """The twin may wait behind its first in the queue for longer than the window; it
    arrives just after the first ends, and is still dropped."""
    started, release = threading.Event(), threading.Event()
    calls: list[Any] = []

    def slow(*values: Any) -> list[Any]:
        calls.append(values)
        started.set()
        release.wait(5)
        return ["done"]

    update = once(slow, 1, state_args=0)
    first = threading.Thread(target=update, args=(request("a"), "Transformer"))
    first.start()
    started.wait(5)
    assert update(request("a"), "Transformer") == [gr.skip()]  # while the first runs
    time.sleep(repeats.WINDOW_S * 1.2)  # longer than the window, still running
    release.set()
    first.join(5)
    assert update(request("a"), "Transformer") == [gr.skip()]  # just after it ended
    assert len(calls) == 1


def test_sessions_remembered_are_bounded() -> None:
    seen = Repeats(sessions=3)
    for session in "abcd":
        assert seen.starts(session, ("Linear",))
    assert seen.starts("a", ("Linear",))  # forgotten, so it runs again
    assert not seen.starts("d", ("Linear",))
