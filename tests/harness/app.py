"""The app as `python app.py` runs it, on a free loopback port, and its processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(
    env: dict[str, str] | None = None,
    start_timeout_s: float = 180,
    log_path: Path | None = None,
    args: Sequence[str] = ("app.py",),
) -> Iterator[tuple[str, int]]:
    """`python app.py` on a free loopback port, in its own process group with its workers;
    yields (url, server pid) and stops them all. The app's output goes to `log_path`.
    `args` (for the interpreter, in the repository) launches another app the same way: the
    benchmark's minimal gradio app, compared to ours under the same conditions."""
    port = free_port()
    full_env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "PYTHONUNBUFFERED": "1", **(env or {})}
    log = (log_path or Path(os.devnull)).open("w")  # closed below, after the process
    process = subprocess.Popen(  # an app of this repository, never anything else
        [sys.executable, *args], cwd=ROOT, env=full_env, stdout=log, stderr=log, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + start_timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the app exited with {process.returncode}{_tail(log_path)}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the app did not start in time{_tail(log_path)}")
        yield url, process.pid
    finally:
        _stop(process)
        log.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The app's whole group; an app that already exited (a failed start) has none to stop,
    and saying so would hide the start's own error."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _tail(log_path: Path | None) -> str:
    return f":\n{log_path.read_text()[-3000:]}" if log_path and log_path.exists() else ""


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes, summed, in MB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def process_tree(pid: int) -> list[int]:
    """A process and its children (the app and its torch workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [pid]
    if children.exists():
        for child in children.read_text().split():
            found += process_tree(int(child))
    return found


def use_device(name: str) -> None:
    """Run every part's torch on `name`: the workers and the launched app read PLAYGROUND_DEVICE
    (playground/run/device.py pick_device), and so do the parts that run torch in this process.
    Refused up front when the device is missing, rather than measuring the CPU under its name."""
    import torch

    if name == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda: no CUDA device here (torch.cuda.is_available() is False)")
    os.environ["PLAYGROUND_DEVICE"] = name
