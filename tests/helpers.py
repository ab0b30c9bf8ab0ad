"""Helpers the tests share (plain functions, not fixtures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from playwright.sync_api import Browser, Page, expect

LAB_LOADED_MS = 30_000


T = TypeVar("T")

# Set by conftest: true when the run leaves out the server tests, i.e. the fast lane.
FAST_LANE = False
FAST_LANE_SHARE = 6


def examples(full: int) -> int:
    """How many examples a property test draws. CI's full run draws `full`; the fast lane, the
    inner loop that must stay under a minute, draws a sixth (at least 4). Both are derandomized,
    so either lane's failure reproduces when run again."""
    return max(4, full // FAST_LANE_SHARE) if FAST_LANE else full


def open_lab(browser: Browser, url: str, expected_output: str = "Output") -> Page:
    """A visitor's tab at the projector's 1280x720, once the Layer Lab has drawn its first answer."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    expect(page.locator("#plot-output .gtitle")).to_contain_text(expected_output, timeout=LAB_LOADED_MS)
    return page


def call_api(url: str, name: str, payload: object, timeout: float = 60) -> dict:
    """Raw HTTP, the way curl does it: POST the call, then read the SSE stream to its end."""
    return call_endpoint(url, name, [payload], timeout)


def call_endpoint(url: str, name: str, data: list[object], timeout: float = 60) -> dict:
    """`call_api` for any number of arguments: `[]` for an endpoint that takes none."""
    started = httpx.post(f"{url}gradio_api/call/{name}", json={"data": data}, timeout=timeout)
    started.raise_for_status()
    event_id = started.json()["event_id"]
    with httpx.stream("GET", f"{url}gradio_api/call/{name}/{event_id}", timeout=timeout) as stream:
        lines = list(stream.iter_lines())
    events = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    data = [line.removeprefix("data: ") for line in lines if line.startswith("data: ")]
    assert events[-1] == "complete", f"stream ended with {events[-1]}: {data[-1]}"
    (result,) = json.loads(data[-1])
    return json.loads(result)


MARKER = "=====8<===== script "
DRIVER = f"""
import runpy, sys, traceback
for path in sys.argv[1:]:
    print({MARKER!r} + path, flush=True)
    try:
        runpy.run_path(path, run_name="__main__")
    except BaseException:
        traceback.print_exc(file=sys.stdout)
    sys.stdout.flush()
"""


class Scripts:
    """Exported scripts running, in order, in ONE fresh interpreter (47 interpreter starts would
    cost a minute), without PYTHONPATH: the code must not need the playground package. Started
    at once and read later, so that the interpreter's two seconds of imports can overlap the
    in-process tests (see `early`)."""

    def __init__(self, folder: Path, scripts: dict[str, str]) -> None:
        self.keys = list(scripts)
        paths = []
        for key, code in scripts.items():
            path = folder / f"{key}.py"
            path.write_text(code)
            paths.append(str(path))
        driver = folder / "driver.py"
        driver.write_text(DRIVER)
        env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
        env.pop("PYTHONPATH", None)
        # nor the tests' one-thread setting: a notebook has the machine's threads, and the
        # code sets the one the page ran on (two summed MultiheadAttention's otherwise)
        env.pop("OMP_NUM_THREADS", None)
        # files, not pipes: a full pipe would stop the interpreter until someone reads it
        self.stdout, self.stderr = folder / "stdout.txt", folder / "stderr.txt"
        with self.stdout.open("w") as out, self.stderr.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, str(driver), *paths], cwd=folder, env=env, stdout=out, stderr=err
            )
        self._printed: dict[str, str] | None = None

    def printed(self) -> dict[str, str]:
        """What each script printed, by key (waits for the interpreter the first time)."""
        if self._printed is None:
            self.process.wait(timeout=300)
            stdout = self.stdout.read_text()
            assert self.process.returncode == 0, self.stderr.read_text()
            printed = {}
            for chunk in stdout.split(MARKER)[1:]:
                path, _, output = chunk.partition("\n")
                printed[Path(path).stem] = output
            assert list(printed) == self.keys
            self._printed = printed
        return self._printed


def run_scripts(folder: Path, scripts: dict[str, str]) -> dict[str, str]:
    """What each script printed, by key, in one fresh interpreter; see `Scripts`."""
    return Scripts(folder, scripts).printed()


# Jobs that wait on a fresh interpreter, registered by test modules with `@early`. conftest
# starts those of the selected tests before the first test and runs their modules last, so
# that on two cores the interpreters work beside the in-process tests instead of after them.
EARLY: dict[str, Callable[[Path], Any]] = {}
STARTED: dict[str, Any] = {}


def early(starter: Callable[[Path], T]) -> Callable[[Path], T]:
    """Register `starter(folder)`: it starts its interpreter and returns a handle to wait on."""
    EARLY[f"{starter.__module__}.{starter.__name__}"] = starter
    return starter


def started(starter: Callable[[Path], T]) -> T:
    """The handle conftest started early for `starter`, or one started now."""
    key = f"{starter.__module__}.{starter.__name__}"
    if key not in STARTED:
        STARTED[key] = starter(Path(tempfile.mkdtemp(prefix="early-")))
    return STARTED[key]
