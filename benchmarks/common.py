"""What the benchmark's HTTP parts share: raw calls as curl makes them. The app on loopback,
the browser and the statistics come from `tests/harness`, which the tests share."""

from __future__ import annotations

import json
from typing import Any

import httpx


def call(client: httpx.Client, url: str, name: str, payload: str, timeout: float = 60) -> tuple[int, str]:
    """Raw HTTP as curl does it: POST the call, read the SSE stream. Returns (status, data)."""
    started = client.post(f"{url}gradio_api/call/{name}", json={"data": [payload]}, timeout=timeout)
    if started.status_code != 200:
        return started.status_code, started.text
    event_id = started.json()["event_id"]
    last = ""
    with client.stream("GET", f"{url}gradio_api/call/{name}/{event_id}", timeout=timeout) as stream:
        for line in stream.iter_lines():
            if line.startswith("data: "):
                last = line.removeprefix("data: ")
    return 200, last


def layer_state(name: str, **extra: Any) -> str:
    return json.dumps({"layer": name, **extra})
