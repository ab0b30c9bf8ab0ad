"""The worker pool against real misbehaviour, and the memory budget against a giant layer.

Why: torch runs in worker processes so that a native crash, a kernel that will not stop or a
runaway allocation costs one request and never the server. These tests make a real worker
segfault, spin past the time limit and allocate past its address-space limit (the hooks of
tests/worker_hooks.py, which only these workers load), and check that everyone else is
still served. A 10**10-parameter layer must be refused from the meta device, before a byte
of it exists.

The tests that start workers are `server` tests (out of the fast lane: each replaced worker
imports torch and warms up again); the budget's refusals run in-process.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import torch
from helpers import call_api
from torch import nn
from worker_hooks import Hook

from playground.isolation.runner import RequestKind
from playground.isolation.worker import WorkerPool
from playground.limits import LIMITS
from playground.registry.specs import REGISTRY
from playground.request.plan import resolve
from playground.request.state import State, state_from_json
from playground.run import engine
from playground.ui.api import Api

TIMEOUT_S = 3
READY_S = 180  # a replaced worker imports torch and warms up; slow on a loaded 2-core box
CPU = torch.device("cpu")
LAYER_MIX = ("Linear", "Conv2d", "LSTM", "ReLU", "Embedding", "BatchNorm2d")
SEEDED = threading.Lock()


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    """Two workers that also load tests/worker_hooks.py; its folder stays on PYTHONPATH while
    the module runs, since a replaced worker reads its environment when it is started again."""
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), previous]))
    workers = WorkerPool(2, memory_mb=LIMITS.worker_memory_mb, timeout_s=TIMEOUT_S, hooks="worker_hooks")
    try:
        yield workers
    finally:
        try:
            wait_ready(workers)  # never close while a replacement is being started
        finally:
            workers.close()
            for worker in workers.workers:
                if worker.process is not None and worker.process.poll() is None:
                    worker.process.kill()
                    worker.process.wait(5)
            if previous is None:
                os.environ.pop("PYTHONPATH", None)
            else:
                os.environ["PYTHONPATH"] = previous


def wait_ready(pool: WorkerPool) -> None:
    """Until every worker is idle again (a replaced one has warmed up), bounded."""
    deadline = time.monotonic() + READY_S
    while pool.idle.qsize() < len(pool.workers):
        assert time.monotonic() < deadline, "a replaced worker did not come back in time"
        time.sleep(0.05)


def processes(pool: WorkerPool) -> dict[int, int]:
    """Worker slot -> pid of the process it holds now."""
    return {i: w.process.pid for i, w in enumerate(pool.workers) if w.process is not None}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def expected_output(layer: str) -> str:
    """The layer's default output as plain torch prints it: the same seed, the same draws."""
    config = resolve(State(layer))
    # one caller at a time: callers in threads share this process's random stream (and, as in a
    # worker, torch runs on one thread: conftest sets it, so sums add up in the same order)
    with SEEDED:
        torch.manual_seed(config.seed)
        module = config.spec.build(config.params).train(config.mode == "train")
        inputs = engine.draw_inputs(config)
        output = module(*(inputs[name] for name in config.spec.call_args), **dict(config.spec.call_kwargs))
    first = output[0] if isinstance(output, tuple) else output
    return repr(first)


def serve_normally(pool: WorkerPool, layer: str = "Linear") -> float:
    """One ordinary request: served, with torch's own numbers; returns its wall time."""
    start = time.perf_counter()
    result = pool.run(RequestKind.API, State(layer).to_dict())
    elapsed = time.perf_counter() - start
    assert result.ok, result.error
    config = resolve(State(layer))
    assert result.outputs[0][1] == config.spec.predict_output(config.params, config.shape)[0]
    assert result.values["output"] == expected_output(layer)
    return elapsed


def replaced_one(pool: WorkerPool, before: dict[int, int]) -> None:
    """Exactly one worker got a new process; the old one is gone, the new one answers."""
    wait_ready(pool)
    after = processes(pool)
    changed = [slot for slot in before if before[slot] != after[slot]]
    assert len(changed) == 1, (before, after)
    assert not alive(before[changed[0]])
    assert all(alive(pid) for pid in after.values())
    with ThreadPoolExecutor(4) as both_busy:  # .result() raises here what a caller's thread raised
        for served in [both_busy.submit(serve_normally, pool, layer) for layer in LAYER_MIX[:4]]:
            served.result(timeout=60)


# --- point 4: a giant layer is refused from the meta device -----------------------------------

GIANT = json.dumps({"layer": "Linear", "params": {"in_features": 100_000, "out_features": 100_000}})
GIANT_PARAMS = 100_000 * 100_000 + 100_000


def rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def check_giant_refusal(result: dict[str, Any]) -> None:
    assert result["ok"] is False
    message = result["error"]["message"]
    assert "GB" in message
    assert f"{GIANT_PARAMS:,}" in message  # 10,000,100,000
    assert "PLAYGROUND_MAX_MEMORY_MB" in message


def test_giant_layer_is_refused_before_allocation() -> None:
    """Linear(100000, 100000) would be 37 GB of weights: refused in milliseconds, with its size
    in the message, and this process does not grow (nothing real was allocated)."""
    assert REGISTRY["Linear"].param("in_features").high >= 100_000  # refused by budget, not by range
    for size in (4, 50_000):  # pay the first-use costs (meta kernels, flop counter) before measuring
        engine.run(state_from_json(json.dumps({"layer": "Linear", "params": {"in_features": size}})), CPU)
    before = rss_bytes()
    start = time.perf_counter()
    result = engine.run(state_from_json(GIANT), CPU)
    elapsed = time.perf_counter() - start
    grown = rss_bytes() - before
    check_giant_refusal(result.to_api())
    assert elapsed < 0.5
    assert grown < 8 * 2**20, f"the process grew {grown / 2**20:.1f} MB"
    # torch itself would try to allocate it: a meta module shows the size that was refused
    with torch.device("meta"):
        assert sum(p.numel() for p in nn.Linear(100_000, 100_000).parameters()) == GIANT_PARAMS


def test_giant_layer_size_in_the_refusal_is_its_real_size() -> None:
    """The size a refusal states is what the layer would take: its float32 weights plus a tiny
    input and output, not twice that (a layer half the limit would be refused too)."""
    result = engine.run(state_from_json(GIANT), CPU)
    assert result.error is not None
    found = re.search(r"about ([\d,.]+) GB", result.error.message)
    assert found is not None, result.error.message
    reported = float(found.group(1).replace(",", "")) * 2**30
    weights = GIANT_PARAMS * 4
    assert weights * 0.99 <= reported < weights * 1.1


@pytest.mark.server
def test_giant_layer_is_refused_by_the_server(server_url: str) -> None:
    """And through the running app, over raw HTTP. (Before the pool tests: they set the test-hook
    variable, which a server started later in this process would inherit.)"""
    start = time.perf_counter()
    check_giant_refusal(call_api(server_url, "run_layer", GIANT))
    assert time.perf_counter() - start < 5
    assert call_api(server_url, "run_layer", json.dumps({"layer": "Linear"}))["ok"]


# --- point 3: misbehaving workers ---------------------------------------------------------------


@pytest.mark.server
def test_native_crash_costs_one_request(pool: WorkerPool) -> None:
    """A real SIGSEGV inside torch: that caller is told, the next caller is served at once by
    the other worker, and the crashed worker is replaced by a fresh process."""
    wait_ready(pool)
    before = processes(pool)
    result = pool.run(Hook.CRASH, None)
    assert not result.ok
    assert result.error is not None
    assert "crashed PyTorch" in result.error.message
    assert "SIGSEGV" in result.error.message
    assert serve_normally(pool) < 1.0
    replaced_one(pool, before)


@pytest.mark.server
def test_request_past_the_time_limit_is_stopped(pool: WorkerPool) -> None:
    """A kernel loop that would run 10 s is stopped at the limit; the worker that ran it is
    killed (it could not be interrupted) and replaced, and service goes on."""
    wait_ready(pool)
    before = processes(pool)
    start = time.monotonic()
    result = pool.run(Hook.SPIN, 10)
    elapsed = time.monotonic() - start
    assert not result.ok
    assert result.error is not None
    assert "longer than" in result.error.message
    assert f"{TIMEOUT_S:g} s" in result.error.message
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 3
    assert serve_normally(pool) < 1.0
    replaced_one(pool, before)


@pytest.mark.server
def test_allocation_past_the_worker_limit_is_refused(pool: WorkerPool) -> None:
    """An allocation twice the address-space limit is refused inside the worker, which lives
    on; a modest one in the same worker succeeds, so the limit is what refused."""
    if LIMITS.worker_memory_mb <= 0:
        pytest.skip("PLAYGROUND_WORKER_MEMORY_MB=0 turns the limit off")
    wait_ready(pool)
    before = processes(pool)
    result = pool.run(Hook.ALLOCATE, int(LIMITS.worker_memory_mb * 2))
    assert not result.ok
    assert result.error is not None
    assert "allocation refused" in result.error.message
    modest = pool.run(Hook.ALLOCATE, 64)
    assert modest.error is not None
    assert modest.error.message == "test hook 'allocate' finished"
    assert processes(pool) == before
    assert all(alive(pid) for pid in before.values())
    serve_normally(pool)
    assert processes(pool) == before


@pytest.mark.server
def test_concurrent_callers_only_the_crashing_one_fails(pool: WorkerPool) -> None:
    """Six callers at once, one of them crashing its worker: the other five get their answers."""
    wait_ready(pool)
    results: dict[int, Any] = {}

    def call(index: int) -> None:
        if index == 0:
            results[index] = pool.run(Hook.CRASH, None)
        else:
            results[index] = pool.run(RequestKind.API, State(LAYER_MIX[index - 1]).to_dict())

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads)
    assert "crashed PyTorch" in results[0].error.message
    for index in range(1, 6):
        layer = LAYER_MIX[index - 1]
        assert results[index].ok, (layer, results[index].error)
        config = resolve(State(layer))
        assert results[index].outputs[0][1] == config.spec.predict_output(config.params, config.shape)[0]
    wait_ready(pool)


@pytest.mark.server
def test_giant_layer_is_refused_through_a_worker(pool: WorkerPool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same JSON through api.run_layer and a real worker: refused as fast, and the worker
    keeps serving."""
    wait_ready(pool)
    before = processes(pool)
    start = time.perf_counter()
    text = Api(pool).run_layer(GIANT)
    elapsed = time.perf_counter() - start
    check_giant_refusal(json.loads(text))
    assert elapsed < 0.5
    assert processes(pool) == before
    serve_normally(pool)
