"""Torch runs in worker processes, so that a native crash, a kernel that will not stop or an
allocation past the machine's memory costs one request, never the web server.

Each worker is a warm child process (torch imported, every family run once) with an
address-space limit on CPU. A request goes to an idle worker through a pipe as plain
data and comes back as a RunResult. A worker that dies is replaced and its caller told
that PyTorch crashed; one that runs past the time limit is killed and replaced the same
way. Everyone else keeps being served by the other workers.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import importlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from playground.isolation.runner import InProcess, RequestKind, Runner, answer
from playground.limits import LIMITS
from playground.records import RunResult, refused
from playground.run.errors import BusyError, WorkerCrashedError, WorkerTimedOutError, failure

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class Request:
    kind: enum.Enum  # a RequestKind, or one of the kinds a hooks module handles
    payload: Any


Handler = Callable[[Any], RunResult]


def serve(conn: Connection, memory_mb: float, hooks: str = "") -> None:
    """The worker's whole life: limit itself, warm up, then answer requests until told to stop.
    `hooks` names a module whose HANDLERS answer kinds of their own (tests make a worker
    crash, spin or allocate that way); production workers have none."""
    _limit_memory(memory_mb)
    import torch

    from playground.request.state import State
    from playground.run import engine

    torch.set_num_threads(1)
    handlers: dict[enum.Enum, Handler] = {kind: functools.partial(answer, kind) for kind in RequestKind}
    if hooks:
        handlers |= importlib.import_module(hooks).HANDLERS
    big = State("Linear", params={"in_features": 1024, "out_features": 1024})  # analysed on meta
    for warm in (State("Linear"), State("Conv2d", backward=True), State("LSTM"), big, State(model="LeNet")):
        engine.run(warm)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        conn.send(_answer(request, handlers))


def _answer(request: Request, handlers: dict[enum.Enum, Handler]) -> RunResult:
    handler = handlers.get(request.kind)
    if handler is None:
        return refused(None, f"unknown request {request.kind!r}")
    try:
        return handler(request.payload)
    except Exception as e:  # the engine answers everything itself; a handler of hooks may not
        return failure(e)


def _limit_memory(memory_mb: float) -> None:
    """An address-space limit turns a runaway allocation into an exception instead of the OOM
    killer. Only on CPU: CUDA reserves far more address space than it uses."""
    import torch

    if memory_mb <= 0 or torch.cuda.is_available():
        return
    import resource

    limit = int(memory_mb * 2**20)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Worker:
    """One child process and its pipe; restarted whenever it dies or overruns.

    The child is `python -m playground.isolation.worker`, not a multiprocessing spawn: spawn would
    import the server's main script again in every child."""

    def __init__(self, memory_mb: float, hooks: str = "") -> None:
        self.memory_mb = memory_mb
        self.hooks = hooks
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None
        self.start()

    def start(self) -> None:
        parent, child = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(  # our own interpreter and module, no user input
            [sys.executable, "-m", "playground.isolation.worker", str(child.fileno()), str(self.memory_mb), self.hooks],
            pass_fds=[child.fileno()],
            env=env,
            cwd=ROOT,
        )
        child.close()
        self.conn = Connection(parent.detach())
        if not self.conn.poll(START_TIMEOUT_S):
            raise RuntimeError("a torch worker did not start in time")
        if self.conn.recv() != "ready":
            raise RuntimeError("a torch worker did not start")

    def call(self, request: Request, timeout_s: float) -> tuple[RunResult, bool]:
        """The result, and whether this worker must be replaced before its next request."""
        if self.conn is None or self.process is None:
            raise RuntimeError("the worker was never started")
        try:
            self.conn.send(request)
            if self.conn.poll(timeout_s):
                return self.conn.recv(), False
        except (EOFError, OSError):
            return self._stopped(crashed=True, timeout_s=timeout_s), True
        return self._stopped(crashed=False, timeout_s=timeout_s), True

    def _stopped(self, crashed: bool, timeout_s: float) -> RunResult:
        """Make sure the process is gone and say why, in words for the caller."""
        if self.process is None:
            raise RuntimeError("the worker was never started")
        try:
            code = self.process.wait(0.2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(5)
        if crashed:
            return failure(
                WorkerCrashedError(signal.Signals(-code).name if code is not None and code < 0 else f"exit {code}")
            )
        return failure(WorkerTimedOutError(timeout_s))

    def stop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.send(None)
        if self.process is not None:
            try:
                self.process.wait(2)
            except subprocess.TimeoutExpired:
                self.process.kill()


class WorkerPool:
    """Idle workers wait in a queue; a caller borrows one for one request. A Runner."""

    def __init__(self, size: int, memory_mb: float, timeout_s: float, hooks: str = "") -> None:
        self.timeout_s = timeout_s
        self.idle: queue.Queue[Worker] = queue.Queue()
        workers: list[Worker] = []
        threads = [threading.Thread(target=lambda: workers.append(Worker(memory_mb, hooks))) for _ in range(size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if len(workers) != size:
            raise RuntimeError("torch workers failed to start")
        self.workers = workers
        for worker in workers:
            self.idle.put(worker)

    def run(self, kind: enum.Enum, payload: Any) -> RunResult:
        try:
            worker = self.idle.get(timeout=self.timeout_s * 3)
        except queue.Empty:
            return failure(BusyError())
        result, replace = worker.call(Request(kind, payload), self.timeout_s)
        if replace:  # the caller has its answer now; the pool gets the worker back once it is warm
            threading.Thread(target=self._restart, args=(worker,), daemon=True).start()
        else:
            self.idle.put(worker)
        return result

    def _restart(self, worker: Worker) -> None:
        worker.start()
        self.idle.put(worker)

    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers if w.process is not None]

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()


def default_runner() -> Runner:
    """The server's runner, as the environment sets it: PLAYGROUND_WORKERS processes, or the
    server's own process with 0 (development only)."""
    count = int(LIMITS.workers)
    return WorkerPool(count, LIMITS.worker_memory_mb, LIMITS.timeout_s) if count > 0 else InProcess()


if __name__ == "__main__":  # a worker: python -m playground.isolation.worker FD MEMORY_MB [HOOKS]
    serve(Connection(int(sys.argv[1])), float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")
