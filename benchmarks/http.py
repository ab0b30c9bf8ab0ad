"""Parts that go through a launched app on loopback: raw HTTP round trips beside the no-op
endpoint, concurrent clients, and memory over many updates. Every loop is bounded in
count and in time."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx

from tests.harness.app import process_tree, rss_mb
from tests.harness.stats import median, percentile, timed_ms

from .common import call, layer_state

ROUND_TRIP_LAYERS = ("Linear", "Conv2d", "LSTM", "TransformerEncoderLayer")
MIXED = [
    ("run_layer", layer_state("Linear")),
    ("run_layer", layer_state("Conv2d")),
    ("run_layer", layer_state("LSTM")),
    ("run_layer", layer_state("GELU")),
    ("run_layer", layer_state("BatchNorm1d", mode="train")),
    ("run_model", json.dumps({"model": {"preset": "LeNet"}})),
]


def round_trips(url: str, repeat: int) -> list[dict[str, Any]]:
    """Each layer's /run_layer beside /ping, alternated on one keep-alive client."""
    rows = []
    with httpx.Client() as client:
        for name in ROUND_TRIP_LAYERS:
            state = layer_state(name)
            call(client, url, "run_layer", state)
            ours, floor = [], []
            for _ in range(repeat):
                ours.append(timed_ms(lambda state=state: call(client, url, "run_layer", state))[1])
                floor.append(timed_ms(lambda: call(client, url, "ping", "x"))[1])
            rows.append(
                {
                    "layer": name,
                    "run_layer_ms": median(ours),
                    "noop_ms": median(floor),
                    "ratio": median(ours) / median(floor),
                }
            )
    return rows


def concurrency(url: str, clients: int, calls_each: int, time_limit_s: float) -> dict[str, Any]:
    """`clients` threads, each with its own connection, doing mixed updates until done or out of time."""
    latencies: list[float] = []
    errors: list[str] = []
    busy = 0
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit_s

    def client_loop(offset: int) -> None:
        nonlocal busy
        with httpx.Client() as client:
            for i in range(calls_each):
                if time.monotonic() > deadline:
                    return
                name, payload = MIXED[(offset + i) % len(MIXED)]
                try:
                    (status, data), ms = timed_ms(lambda name=name, payload=payload: call(client, url, name, payload))
                except httpx.HTTPError as e:
                    with lock:
                        errors.append(type(e).__name__)
                    continue
                with lock:
                    if status == 503 or "queue is full" in data.lower():
                        busy += 1
                    elif status != 200 or not json.loads(json.loads(data)[0]).get("ok"):
                        errors.append(f"{status}: {data[:80]}")
                    else:
                        latencies.append(ms)

    start = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(time_limit_s + 30)
    elapsed = time.perf_counter() - start
    return {
        "clients": clients,
        "ok": len(latencies),
        "busy": busy,
        "errors": len(errors),
        "error_examples": errors[:3],
        "throughput_per_s": len(latencies) / elapsed,
        "p50_ms": median(latencies),
        "p95_ms": percentile(latencies, 95),
    }


def memory(url: str, server_pid: int, first: int, total: int, time_limit_s: float) -> dict[str, Any]:
    """Resident memory of the app and its workers after `first` mixed updates and after `total`."""
    deadline = time.monotonic() + time_limit_s
    done = 0
    after_first = float("nan")
    with httpx.Client() as client:
        while done < total and time.monotonic() < deadline:
            name, payload = MIXED[done % len(MIXED)]
            call(client, url, name, payload)
            done += 1
            if done == first:
                after_first = rss_mb(process_tree(server_pid))
    after_total = rss_mb(process_tree(server_pid))
    return {
        "updates": done,
        "rss_after_first_mb": after_first,
        "rss_after_all_mb": after_total,
        "growth_mb": after_total - after_first,
        "first": first,
    }
