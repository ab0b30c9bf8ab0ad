"""The browser round trip: from a control's change to the plots redrawn, in headless Chromium,
beside a no-op gradio event on the same page (the framework's own floor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

from tests.harness.browser import ARGS, CHROMIUM, TIMEOUT_MS, add_and_remove, open_stack, pick_layer
from tests.harness.stats import median

SET_NUMBER = """([selector, value]) => {
    window.__start = performance.now();
    const box = document.querySelector(selector);
    box.value = String(value);
    box.dispatchEvent(new Event("input", {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent("keypress", {key: "Enter", bubbles: true}));
}"""
# Done at the first DOM change that shows `expected` (or, with none given, a number other than
# the one in `before`): the answer on screen, not the pending state ("0.0s") gradio shows first.
WATCH = """([selector, expected, before, onClick]) => {
    window.__done = null;
    window.__start = null;
    if (onClick) {  // start at the real click, after the driver's own checks
        const start = () => { window.__start = performance.now(); };
        document.addEventListener("mousedown", start, {capture: true, once: true});
    }
    const target = document.querySelector(selector);
    const check = () => {
        const text = target.textContent;
        const number = (s) => (s.match(/\\d{6,}/) || [""])[0];
        const shown = expected === null ? number(text) !== number(before) : text.includes(expected);
        if (shown && window.__done === null) {
            window.__done = performance.now();
            observer.disconnect();
        }
    };
    const observer = new MutationObserver(check);
    observer.observe(target, {subtree: true, childList: true, characterData: true});
}"""
CLICK = """(selector) => {
    window.__start = performance.now();
    document.querySelector(selector).click();
}"""


def _timed(
    page: Page, selector: str, expected: str | None, act: Callable[[], None], on_click: bool = False, before: str = ""
) -> float:
    """Milliseconds, measured in the page, from the change (started by `act` in page script,
    or at the mousedown of a real click) to the DOM showing the answer."""
    page.evaluate(WATCH, [selector, expected, before, on_click])
    act()
    page.wait_for_function("window.__done !== null && window.__start !== null", timeout=TIMEOUT_MS)
    return float(page.evaluate("window.__done - window.__start"))


def _slider_case(
    page: Page, layer: str, control: str, values: tuple[int, int], shown: Callable[[int], str]
) -> Callable[[int], float]:
    """Alternate a control between two values; done when the output plot's title shows the new shape."""
    pick_layer(page, layer)
    box = page.locator(f"#ctl-{control} input[type=number]")
    expect(box).to_be_enabled(timeout=TIMEOUT_MS)

    def step(i: int) -> float:
        value = values[i % 2]

        def act() -> None:  # from page script, as the no-op is clicked: no driver overhead in the time
            page.evaluate(SET_NUMBER, [f"#ctl-{control} input[type=number]", value])

        return _timed(page, "#plot-output", shown(value), act)

    return step


def _preset_case(page: Page) -> Callable[[int], float]:
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1", timeout=TIMEOUT_MS)
    names = (("MLP", "hidden (Linear)"), ("LeNet", "conv1 (Conv2d)"))

    def step(i: int) -> float:
        name, marker = names[i % 2]
        box = page.locator("#builder-preset input")

        box.click()
        box.fill(name)
        option = page.get_by_role("option", name=name, exact=True)
        return _timed(page, "#builder-summary", marker, option.click, on_click=True)

    return step


def _noop_step(page: Page) -> Callable[[int], float]:
    def step(i: int) -> float:
        before = page.locator("#bench-noop-out").text_content() or ""
        return _timed(page, "#bench-noop-out", None, lambda: page.evaluate(CLICK, "#bench-noop"), before=before)

    return step


def stack_round_trips(url: str, repeat: int) -> list[dict[str, Any]]:
    """Add and Remove in the builder, click to printed model (the DESIGN's live-update promise)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        open_stack(page)
        add_and_remove(page)  # the first pays one-off costs
        timings = [add_and_remove(page) for _ in range(repeat)]
        browser.close()
    return [
        {"case": "stack add", "update_ms": median([t[0] for t in timings])},
        {"case": "stack remove", "update_ms": median([t[1] for t in timings])},
    ]


def _measure(step: Callable[[int], float], repeat: int) -> list[float]:
    step(0)  # the first pays one-off costs
    return [step(i) for i in range(1, repeat + 1)]


def browser_round_trips(url: str, repeat: int) -> list[dict[str, Any]]:
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        expect(page.locator("#plot-output .gtitle")).to_contain_text("Output (1, 3)", timeout=TIMEOUT_MS)
        cases: list[tuple[str, Callable[[], Callable[[int], None]]]] = [
            ("Linear", lambda: _slider_case(page, "Linear", "out_features", (5, 6), lambda v: f"(1, {v})")),
            (
                "Conv2d",
                lambda: _slider_case(page, "Conv2d", "kernel_size", (3, 5), lambda v: f"(1, 6, {33 - v}, {33 - v})"),
            ),
            ("LSTM", lambda: _slider_case(page, "LSTM", "hidden_size", (8, 12), lambda v: f"(5, 3, {v})")),
            ("preset", lambda: _preset_case(page)),
        ]
        for label, make in cases:
            step = make()
            noop = _noop_step(page)
            ours: list[float] = []
            floor: list[float] = []
            for _ in range(max(1, repeat // 3)):  # alternate blocks so that noise hits both
                ours += _measure(step, 3)
                floor += _measure(noop, 3)
            rows.append({"case": label, "update_ms": median(ours), "noop_ms": median(floor)})
        browser.close()
    return rows
