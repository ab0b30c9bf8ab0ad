"""Shared fixtures: a real app launched on loopback, exactly as `python app.py` runs it, and
one headless Chromium for the page tests."""

from __future__ import annotations

import os

# One torch thread, as app.py and its workers run: on a busy 2-core box a second thread spins
# waiting for the first and costs ~3x the CPU time. Set before torch is imported, so that the
# scripts and workers the tests start inherit it too.
os.environ["OMP_NUM_THREADS"] = "1"

from collections.abc import Iterator
from pathlib import Path

import helpers
import pytest
import torch
from harness.app import ROOT, free_port, running_app
from harness.browser import ARGS, CHROMIUM
from playwright.sync_api import Browser, sync_playwright

torch.set_num_threads(1)


def _skip_seeding_absent_accelerators() -> None:
    """torch.manual_seed also queues the seed for CUDA, XPU and MTIA, and formats the caller's
    stack for each, for an error message should that device start later: about a millisecond a
    call under pytest's and hypothesis's deep stacks, paid by every engine run. A device that is
    not available never starts, so the seed queued for it can never run: skip it."""
    for accelerator in (torch.cuda, torch.xpu, torch.mtia):
        if not accelerator.is_available():
            accelerator.manual_seed_all = lambda seed: None


_skip_seeding_absent_accelerators()


def pytest_configure(config: pytest.Config) -> None:
    """The fast lane (`-m "not server and not e2e"`) draws fewer property examples than CI."""
    helpers.FAST_LANE = "not server" in (config.getoption("markexpr") or "")


def _early_module(item: pytest.Item) -> bool:
    return any(key.rpartition(".")[0] == item.module.__name__ for key in helpers.EARLY)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules that wait on a fresh interpreter run last (stable order otherwise): their
    interpreters, started before the first test, work on the second core meanwhile."""
    items.sort(key=_early_module)


@pytest.fixture(scope="session", autouse=True)
def _start_fresh_interpreters(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Start the `@early` jobs of the modules this run selected, before the first test."""
    selected = {item.module.__name__ for item in request.session.items}
    for key, starter in helpers.EARLY.items():
        if key.rpartition(".")[0] in selected:
            helpers.STARTED[key] = starter(tmp_path_factory.mktemp(key.rpartition(".")[2]))


START_TIMEOUT_S = 180
__all__ = ["ROOT", "START_TIMEOUT_S", "free_port"]  # for tests that launch an app of their own


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app for the whole session: start-up (imports, warm workers) is paid once."""
    log = tmp_path_factory.mktemp("server") / "app.log"
    try:
        with running_app({"PLAYGROUND_DEVICE": "cpu"}, START_TIMEOUT_S, log) as (url, _):
            yield url
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, without background services: nothing may reach outside the machine."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the README's test command installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
