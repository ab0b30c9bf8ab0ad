"""The speed a person feels, in headless Chromium, beside the minimal gradio app
(benchmarks/minimal_app.py) launched on loopback the same way as ours and measured in the
same minutes, alternated, so that the machine's mood hits both:

- load: navigation start to the first plotly plot drawn, on fresh page loads (a new browser
  context each, so nothing is cached: a first visit);
- slider: a click on a slider's track of our Layer Lab to the output plot redrawn, against
  the minimal app's no-op round trip (a click to its text updated), with our page's own
  no-op beside them;
- drag: the mouse pressed on a slider's thumb and dragged smoothly across, counting the
  output plot's redraws while the button is down: what a person sees move.

Every time is read in the page (`performance.now()`), from the event that sets the app going
(a pointerdown on a slider, a button's click) to the drawing, so the driver's own overhead is
in neither side.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Browser, BrowserContext, Locator, Page, async_playwright, expect

from benchmarks.minimal_app import NOOP_ID, NOOP_OUT_ID, PLOT_ID
from tests.harness.browser import ABOUT, ARGS, CHROMIUM, LAYER_BOX, TIMEOUT_MS, layer_option
from tests.harness.stats import median

# --- every selector these rows use, in one place: the page's layout may change, its elem_ids stay
ANY_PLOT = ".js-plotly-plot"  # what plotly.js marks every plot it draws with, on both pages
OUTPUT_PLOT = "#plot-output .js-plotly-plot"
OUTPUT_TITLE = "#plot-output .gtitle"
MINIMAL_PLOT = f"#{PLOT_ID} .js-plotly-plot"
MINIMAL_NOOP = f"#{NOOP_ID}"
MINIMAL_NOOP_OUT = f"#{NOOP_OUT_ID}"
OUR_NOOP = "#bench-noop"  # our page's own no-op event (hidden): the framework's floor on our page
OUR_NOOP_OUT = "#bench-noop-out"


def slider_track(param: str) -> str:
    """A parameter's slider on the Layer Lab, by the control's elem_id (`ctl-<name>`)."""
    return f"#ctl-{param} input[type=range]"


@dataclass(frozen=True)
class SliderCase:
    layer: str
    param: str
    # what the output plot's title shows for a value, where its shape follows the value
    title: Callable[[float], str] | None = None

    @property
    def name(self) -> str:
        return f"{self.layer} {self.param}"


CASES = (
    SliderCase("Conv2d", "out_channels", lambda v: f"(1, {int(v)}, "),
    SliderCase("ELU", "alpha"),  # the shape stays: only the values below zero move
)
VIEWPORT = {"width": 1280, "height": 720}
THUMB_PX = 8  # half the thumb: a value's position sits this far inside the track at each end
QUIET_MS = 1000  # no redraw for this long after a gesture: everything it caused is on screen

# Installed before any page script: polls each frame for the first plot with data and a drawn
# trace; a frame callback runs just before the frame it paints, so this is when it shows.
FIRST_PLOT = """(() => {
    window.__firstPlot = null;
    const drawn = (gd) => gd.data && gd.data.length > 0 && gd._fullLayout
        && gd.querySelector(".main-svg") && gd.querySelector(".trace, .hm");
    const poll = () => {
        if ([...document.querySelectorAll(SELECTOR)].some(drawn)) window.__firstPlot = performance.now();
        else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
})();"""

# A redraw is a plotly draw of a new figure: Plotly.react gives the plot new `data` for every
# value the server sends and emits plotly_react (plotly_afterplot on a full replot) when it is
# drawn; a resize or a repeat of the same figure draws no new data and is not counted.
WATCH = """(selector) => {
    window.__redraws = [];
    window.__start = null;
    window.__end = null;
    window.__inputs = 0;
    if (!window.__gestures) {
        window.__gestures = true;
        document.addEventListener("pointerdown", () => { window.__start = performance.now(); }, {capture: true});
        document.addEventListener("pointerup", () => { window.__end = performance.now(); }, {capture: true});
        document.addEventListener("input", (e) => {
            if (e.target.type === "range") window.__inputs += 1;
        }, {capture: true});
    }
    const gd = document.querySelector(selector);
    if (gd.__benchWatched) return;
    gd.__benchWatched = true;
    let seen = gd.data;
    const note = () => {
        if (gd.data === seen) return;
        seen = gd.data;
        window.__redraws.push(performance.now());
    };
    gd.on("plotly_afterplot", note);
    gd.on("plotly_react", note);
}"""
FIRST_REDRAW = "window.__start !== null && window.__redraws.some((t) => t > window.__start)"
SETTLED = f"""() => {{
    const now = performance.now();
    const last = Math.max(window.__end ?? 0, ...window.__redraws);
    return window.__end !== null && now - last > {QUIET_MS};
}}"""


# Done at the first DOM change that shows a number other than the one before (the answer, not
# the pending state gradio may show first), started at the click event that fires the app's.
NOOP_WATCH = """([selector, before]) => {
    window.__start = null;
    window.__done = null;
    document.addEventListener("click", () => { window.__start = performance.now(); }, {capture: true, once: true});
    const number = (s) => (s.match(/\\d{6,}/) || [""])[0];
    const target = document.querySelector(selector);
    const observer = new MutationObserver(() => {
        if (number(target.textContent) !== number(before) && window.__done === null) {
            window.__done = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(target, {subtree: true, childList: true, characterData: true});
}"""


async def first_plot_ms(browser: Browser, url: str, selector: str) -> float:
    """One fresh load: a new context (empty cache, no cookies), as a first visit."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(FIRST_PLOT.replace("SELECTOR", json.dumps(selector)))
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_function("window.__firstPlot !== null", timeout=TIMEOUT_MS * 2)
        return float(await page.evaluate("window.__firstPlot"))
    finally:
        await context.close()


async def page_loads(browser: Browser, ours: str, minimal: str, loads: int) -> dict[str, Any]:
    """Fresh loads of each page, alternated; the first of each is dropped (a server's first
    page pays its lazy imports and caches, which a visitor after a restart pays once)."""
    await first_plot_ms(browser, ours, ANY_PLOT)
    await first_plot_ms(browser, minimal, MINIMAL_PLOT)
    our_ms: list[float] = []
    minimal_ms: list[float] = []
    for i in range(loads):
        pair = [(our_ms, ours, ANY_PLOT), (minimal_ms, minimal, MINIMAL_PLOT)]
        for times, url, selector in pair if i % 2 == 0 else pair[::-1]:
            times.append(await first_plot_ms(browser, url, selector))
    return {
        "ours_ms": median(our_ms),
        "minimal_ms": median(minimal_ms),
        "ratio": median(our_ms) / median(minimal_ms),
        "n": loads,
        "ours_all_ms": our_ms,
        "minimal_all_ms": minimal_ms,
    }


def _x_at(area: dict[str, float], fraction: float) -> float:
    return area["x"] + THUMB_PX + fraction * (area["width"] - 2 * THUMB_PX)


async def _fraction(track: Locator) -> float:
    low, high = float(await track.get_attribute("min") or 0), float(await track.get_attribute("max") or 1)
    return (float(await track.input_value()) - low) / (high - low)


async def _open_case(page: Page, case: SliderCase) -> Locator:
    """The case's layer on the Layer Lab, its slider scrolled into view, the layer's own redraw over."""
    box = page.locator(LAYER_BOX)
    await box.click()
    await box.fill(case.layer)
    await page.get_by_role("option", name=layer_option(case.layer)).click()
    await expect(page.locator(ABOUT)).to_contain_text(case.layer, timeout=TIMEOUT_MS)
    track = page.locator(slider_track(case.param))
    await expect(track).to_be_enabled(timeout=TIMEOUT_MS)
    await track.scroll_into_view_if_needed()
    await page.locator(OUTPUT_PLOT).wait_for(timeout=TIMEOUT_MS)
    await page.wait_for_timeout(QUIET_MS)  # the layer's own redraw is over
    return track


async def _check_title(page: Page, case: SliderCase, track: Locator) -> None:
    """Where the title follows the value, the plot on screen must show the slider's value."""
    if case.title is not None:
        shown = case.title(float(await track.input_value()))
        await expect(page.locator(OUTPUT_TITLE)).to_contain_text(shown, timeout=TIMEOUT_MS)


async def _slider_step(page: Page, case: SliderCase, track: Locator, fraction: float) -> float:
    """A click on the track at `fraction`: milliseconds from its pointerdown to the first
    redraw of the output plot after it."""
    before = await track.input_value()
    await page.evaluate(WATCH, OUTPUT_PLOT)
    area = await track.bounding_box()
    assert area is not None, "the slider is not on screen"
    await page.mouse.click(_x_at(area, fraction), area["y"] + area["height"] / 2)
    await page.wait_for_function(FIRST_REDRAW, timeout=TIMEOUT_MS)
    assert await track.input_value() != before, f"the click left {case.name} at {before}"
    ms = float(await page.evaluate("window.__redraws.find((t) => t > window.__start) - window.__start"))
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)  # nothing of this step runs into the next
    await _check_title(page, case, track)
    return ms


async def _noop_step(page: Page, button: str, out: str, hidden: bool = False) -> float:
    """A click on a no-op button: milliseconds from its click event to the text showing the
    server's new answer. The minimal app's is clicked with the mouse; ours is hidden from
    view, so page script clicks it."""
    before = await page.locator(out).text_content() or ""
    await page.evaluate(NOOP_WATCH, [out, before])
    if hidden:
        await page.evaluate("(s) => document.querySelector(s).click()", button)
    else:
        await page.locator(button).click()
    await page.wait_for_function("window.__done !== null && window.__start !== null", timeout=TIMEOUT_MS)
    return float(await page.evaluate("window.__done - window.__start"))


async def slider_round_trips(ours: Page, minimal: Page, rounds: int) -> list[dict[str, Any]]:
    """Each case: blocks of three clicks on our slider (between two points of its track),
    three no-op clicks on the minimal app and three on our page's own no-op, alternated so
    that noise hits all three. Ours beside the minimal app's is the target; our page's no-op
    tells the framework's cost on a page our size from the cost of our update."""
    rows = []
    for case in CASES:
        track = await _open_case(ours, case)
        points = (0.3, 0.6)
        await _slider_step(ours, case, track, points[1])  # the first pays one-off costs
        await _noop_step(minimal, MINIMAL_NOOP, MINIMAL_NOOP_OUT)
        await _noop_step(ours, OUR_NOOP, OUR_NOOP_OUT, hidden=True)
        slider: list[float] = []
        noop: list[float] = []
        our_noop: list[float] = []
        for r in range(rounds):
            slider += [await _slider_step(ours, case, track, points[(3 * r + i) % 2]) for i in range(3)]
            noop += [await _noop_step(minimal, MINIMAL_NOOP, MINIMAL_NOOP_OUT) for _ in range(3)]
            our_noop += [await _noop_step(ours, OUR_NOOP, OUR_NOOP_OUT, hidden=True) for _ in range(3)]
        rows.append(
            {
                "case": case.name,
                "update_ms": median(slider),
                "noop_ms": median(noop),
                "ratio": median(slider) / median(noop),
                "our_noop_ms": median(our_noop),
                "n": len(slider),
            }
        )
    return rows


async def _drag(page: Page, case: SliderCase, track: Locator, seconds: float, moves: int) -> dict[str, float]:
    """Press on the thumb, move to the far end in `moves` even steps over `seconds`, release;
    the output plot's redraws while the button was down, and after it until all is drawn.

    The moves are sent on the clock without waiting for the page to take each one, as a
    mouse sends them: the browser merges the moves a busy page has not taken yet, as it does
    a real mouse's. (Awaiting each move, as a driver does by default, stretched a 1 s drag
    to 9 s while the page drew.)"""
    area = await track.bounding_box()
    assert area is not None, "the slider is not on screen"
    y = area["y"] + area["height"] / 2
    start = await _fraction(track)
    end = 1.0 if start < 0.5 else 0.0
    await page.evaluate(WATCH, OUTPUT_PLOT)
    await page.mouse.move(_x_at(area, start), y)
    await page.mouse.down()
    loop = asyncio.get_running_loop()
    began = loop.time()
    sent = []
    for i in range(1, moves + 1):
        await asyncio.sleep(max(0.0, began + i * seconds / moves - loop.time()))
        sent.append(asyncio.ensure_future(page.mouse.move(_x_at(area, start + (end - start) * i / moves), y)))
    sent.append(asyncio.ensure_future(page.mouse.up()))
    await asyncio.gather(*sent)
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
    await _check_title(page, case, track)
    seen = await page.evaluate("[window.__start, window.__end, window.__redraws, window.__inputs]")
    down, up, redraws, inputs = float(seen[0]), float(seen[1]), [float(t) for t in seen[2]], int(seen[3])
    during = sum(1 for t in redraws if down <= t <= up)
    return {
        "drag_ms": up - down,
        "values": inputs,  # the slider's value changes: what the page could have drawn
        "redraws": during,
        "redraws_per_s": during / (up - down) * 1000,
        "after_release": len(redraws) - during,
        "settle_ms": max(0.0, max(redraws, default=up) - up),  # release to the last picture
    }


async def drag_rates(page: Page, drags: int, seconds: float) -> list[dict[str, Any]]:
    """Each case dragged `drags` times, end to end and back, 60 mouse moves a second."""
    rows = []
    for case in CASES:
        track = await _open_case(page, case)
        runs = [await _drag(page, case, track, seconds, round(60 * seconds)) for _ in range(drags)]
        rows.append(
            {
                "case": case.name,
                **{key: median([r[key] for r in runs]) for key in runs[0]},
                "n": drags,
                "redraws_per_s_all": [r["redraws_per_s"] for r in runs],
            }
        )
    return rows


async def _page(browser: Browser, url: str, ready: str) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_function(
        "(s) => [...document.querySelectorAll(s)].some((gd) => gd.data && gd.data.length)",
        arg=ready,
        timeout=TIMEOUT_MS,
    )
    return context, page


async def _feel(ours: str, minimal: str, smoke: bool) -> dict[str, Any]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            results: dict[str, Any] = {"load": await page_loads(browser, ours, minimal, 1 if smoke else 8)}
            our_context, our_page = await _page(browser, ours, OUTPUT_PLOT)
            minimal_context, minimal_page = await _page(browser, minimal, MINIMAL_PLOT)
            results["sliders"] = await slider_round_trips(our_page, minimal_page, 1 if smoke else 5)
            await minimal_context.close()
            results["drags"] = await drag_rates(our_page, 1 if smoke else 3, 1.0 if smoke else 2.0)
            await our_context.close()
        finally:
            await browser.close()
    return results


def feel(ours: str, minimal: str, smoke: bool) -> dict[str, Any]:
    """Every feel row, ours beside the minimal app's, in one browser. Async, unlike the other
    browser rows: a drag must send mouse moves without waiting for each to be taken."""
    return asyncio.run(_feel(ours, minimal, smoke))
