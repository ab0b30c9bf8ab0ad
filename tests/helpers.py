"""Helpers the tests share (plain functions, not fixtures)."""

from __future__ import annotations

import json

import httpx


def call_api(url: str, name: str, payload: object, timeout: float = 60) -> dict:
    """Raw HTTP, the way curl does it: POST the call, then read the SSE stream to its end."""
    started = httpx.post(f"{url}gradio_api/call/{name}", json={"data": [payload]}, timeout=timeout)
    started.raise_for_status()
    event_id = started.json()["event_id"]
    with httpx.stream("GET", f"{url}gradio_api/call/{name}/{event_id}", timeout=timeout) as stream:
        lines = list(stream.iter_lines())
    events = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    data = [line.removeprefix("data: ") for line in lines if line.startswith("data: ")]
    assert events[-1] == "complete", f"stream ended with {events[-1]}: {data[-1]}"
    (result,) = json.loads(data[-1])
    return json.loads(result)
