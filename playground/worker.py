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
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .engine import failure
from .limits import LIMITS
from .records import PAGE_VALUES_CHARS, RunResult
from .specs import SpecError

ROOT = Path(__file__).resolve().parents[1]
TEST_HOOKS = "PLAYGROUND_TEST_HOOKS"  # "1" lets the tests ask a worker to crash or spin
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class Request:
    kind: str  # "layer", "model", or with test hooks on: "crash", "spin", "allocate"
    payload: Any


def serve(conn: Connection, memory_mb: float) -> None:
    """The worker's whole life: limit itself, warm up, then answer requests until told to stop."""
    _limit_memory(memory_mb)
    import torch

    from . import engine, model_engine
    from .model_state import ModelState
    from .state import State

    torch.set_num_threads(1)
    runners = runners_by_kind()
    big = State("Linear", params={"in_features": 1024, "out_features": 1024})  # analysed on meta
    for warm in (State("Linear"), State("Conv2d", backward=True), State("LSTM"), big):
        engine.run(warm)
    model_engine.run_model(ModelState("LeNet"))
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        conn.send(_answer(request, runners))


def runners_by_kind() -> dict[str, Any]:
    """Requests carry states as plain dicts (they cross a pipe); the strict parsers read them back."""
    from . import engine, model_engine
    from .model_state import model_state_from_dict
    from .state import state_from_dict

    return {
        "layer": lambda data: engine.run(state_from_dict(data)),
        "layer_page": lambda data: engine.run(state_from_dict(data), values_chars=PAGE_VALUES_CHARS),
        "model": lambda data: model_engine.run_model(model_state_from_dict(data)),
    }


def _answer(request: Request, runners: dict[str, Any]) -> RunResult:
    if request.kind in runners:
        try:
            return runners[request.kind](request.payload)
        except SpecError as e:
            return failure(e)
        except torch_out_of_memory() as e:  # the GPU's: free what the failed run cached, then say so
            _empty_gpu_cache()
            return failure(
                SpecError(None, f"the GPU ran out of memory for this configuration; try smaller sizes ({e!s:.120})")
            )
        except MemoryError:
            return failure(SpecError(None, "this configuration ran out of memory in its worker"))
        except Exception as e:  # the engine answers bad input itself; this is torch failing at run time
            return failure(SpecError(None, f"PyTorch failed on this configuration: {str(e).splitlines()[0][:300]}"))
    if os.environ.get(TEST_HOOKS) == "1":
        return _test_hook(request)
    return failure(SpecError(None, f"unknown request {request.kind!r}"))


def torch_out_of_memory() -> type[Exception]:
    import torch

    return torch.OutOfMemoryError


def _empty_gpu_cache() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def _test_hook(request: Request) -> RunResult:
    """Real misbehaviour on demand, for the isolation tests only."""
    import torch

    if request.kind == "crash":
        # a known native crash of torch 2.13 on CPU: a segfault no `try` can catch
        bag = torch.nn.EmbeddingBag(10, 3, mode="sum").double()
        bag(torch.tensor([1, 2, 3]), torch.tensor([], dtype=torch.long))
    if request.kind == "spin":  # a kernel loop that outlives the time limit
        deadline = time.monotonic() + float(request.payload)
        a = torch.randn(256, 256)
        while time.monotonic() < deadline:
            a = torch.tanh(a @ a)
    if request.kind == "allocate":  # past the address-space limit: torch raises, the worker lives
        try:
            torch.empty(int(request.payload) * 2**20, dtype=torch.uint8).fill_(1)
        except RuntimeError as e:
            return failure(SpecError(None, f"allocation refused: {str(e).splitlines()[0][:200]}"))
    return failure(SpecError(None, f"test hook {request.kind!r} finished"))


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

    The child is `python -m playground.worker`, not a multiprocessing spawn: spawn would
    import the server's main script again in every child."""

    def __init__(self, memory_mb: float) -> None:
        self.memory_mb = memory_mb
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None
        self.start()

    def start(self) -> None:
        parent, child = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(  # our own interpreter and module, no user input
            [sys.executable, "-m", "playground.worker", str(child.fileno()), str(self.memory_mb)],
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
            what = signal.Signals(-code).name if code is not None and code < 0 else f"exit {code}"
            message = f"this configuration crashed PyTorch ({what}); nothing else was affected"
        else:
            message = f"this configuration ran longer than the {timeout_s:g} s limit and was stopped"
        return failure(SpecError(None, message))

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
    """Idle workers wait in a queue; a caller borrows one for one request."""

    def __init__(self, size: int, memory_mb: float, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.idle: queue.Queue[Worker] = queue.Queue()
        workers: list[Worker] = []
        threads = [threading.Thread(target=lambda: workers.append(Worker(memory_mb))) for _ in range(size)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if len(workers) != size:
            raise RuntimeError("torch workers failed to start")
        self.workers = workers
        for worker in workers:
            self.idle.put(worker)

    def run(self, kind: str, payload: Any) -> RunResult:
        try:
            worker = self.idle.get(timeout=self.timeout_s * 3)
        except queue.Empty:
            return failure(SpecError(None, "the playground is busy; try again in a moment"))
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


class InProcess:
    """workers = 0: run in the calling process. For development and unit tests, not for a server."""

    def run(self, kind: str, payload: Any) -> RunResult:
        return _answer(Request(kind, payload), runners_by_kind())

    def pids(self) -> list[int]:
        return [os.getpid()]

    def close(self) -> None:
        pass


_pool: WorkerPool | InProcess | None = None
_pool_lock = threading.Lock()


def get_pool() -> WorkerPool | InProcess:
    """The process's workers, started on first use (the app starts them before it serves)."""
    global _pool  # one pool per server process, by design
    with _pool_lock:
        if _pool is None:
            count = int(LIMITS.workers)
            _pool = WorkerPool(count, LIMITS.worker_memory_mb, LIMITS.timeout_s) if count > 0 else InProcess()
        return _pool


if __name__ == "__main__":  # a worker: python -m playground.worker FD MEMORY_MB
    serve(Connection(int(sys.argv[1])), float(sys.argv[2]))
