"""Helpers the tests share (plain functions, not fixtures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

LAB_LOADED_MS = 30_000


def open_lab(browser: Browser, url: str, expected_output: str = "Output") -> Page:
    """A visitor's tab at the projector's 1280x720, once the Layer Lab has drawn its first answer."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    expect(page.locator("#plot-output .gtitle")).to_contain_text(expected_output, timeout=LAB_LOADED_MS)
    return page


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


def run_scripts(folder: Path, scripts: dict[str, str]) -> dict[str, str]:
    """Run exported scripts, in order, in ONE fresh interpreter (47 interpreter starts would
    cost a minute), without PYTHONPATH: the code must not need the playground package.
    Returns what each printed, by key."""
    paths = []
    for key, code in scripts.items():
        path = folder / f"{key}.py"
        path.write_text(code)
        paths.append(str(path))
    driver = folder / "driver.py"
    driver.write_text(DRIVER)
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, str(driver), *paths],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = {}
    for chunk in done.stdout.split(MARKER)[1:]:
        path, _, output = chunk.partition("\n")
        printed[Path(path).stem] = output
    assert list(printed) == list(scripts)
    return printed
