"""Headless Chromium and the page's own gestures, shared by the page tests and the benchmark's
browser part: picking a layer, editing the builder's stack, a click timed to its answer."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000


LAYER_BOX = "#ctl-layer input"  # the Layer Lab's layer menu (the benchmark's async pages pick with it too)
ABOUT = "#about"  # names the layer picked, once the page has it


def layer_option(name: str) -> re.Pattern[str]:
    """The menu's option for a layer ("Conv2d  ·  convolution"), not another that starts alike."""
    return re.compile(rf"^{name} ·")


def pick_layer(page: Page, name: str) -> None:
    box = page.locator(LAYER_BOX)
    box.click()
    box.fill(name)
    page.get_by_role("option", name=layer_option(name)).click()
    expect(page.locator(ABOUT)).to_contain_text(name, timeout=TIMEOUT_MS)


def set_number(page: Page, control: str, value: int) -> None:
    """Type into the number box of a slider or number control, as a person would."""
    box = page.locator(f"#ctl-{control} input[type=number]")
    expect(box).to_be_enabled(timeout=TIMEOUT_MS)
    box.fill(str(value))
    box.press("Enter")


def settled(page: Page, name: str) -> None:
    """The layer's answer is drawn: the change line names it and plotly has stopped."""
    expect(page.locator("#change-line")).to_have_text(re.compile(rf"(to|Showing) {name}\.\s*$"), timeout=TIMEOUT_MS)
    page.wait_for_timeout(400)  # the plots' own redraw after the answer (Plotly.react)


def open_panel(page: Page, label: str, panels: str = "#lab-panels") -> None:
    """Click one of a tab's secondary panels open (the Layer Lab's unless `panels` names the
    Model Builder's, `#builder-panels`), by the label a person reads on its tab."""
    tab = page.locator(panels).get_by_role("tab", name=label, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=TIMEOUT_MS)


# Done at the first DOM change after which `selector`'s text has (or, with present false, no
# longer has) `text`; started at the mousedown of the real click that follows.
WATCH_TEXT = """([selector, text, present]) => {
    window.__done = null;
    window.__start = null;
    const start = () => { window.__start = performance.now(); };
    document.addEventListener("mousedown", start, {capture: true, once: true});
    const target = document.querySelector(selector);
    const observer = new MutationObserver(() => {
        if (target.textContent.includes(text) === present && window.__done === null) {
            window.__done = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(target, {subtree: true, childList: true, characterData: true});
}"""
STACK_MODULE = "#builder-module"


def timed_click(page: Page, button: str, selector: str, text: str, present: bool = True) -> float:
    """Milliseconds from the mousedown on `button` to `selector` showing (or losing) `text`:
    a click as a person makes it, to the answer on screen."""
    page.evaluate(WATCH_TEXT, [selector, text, present])
    page.locator(button).click()
    page.wait_for_function("window.__done !== null && window.__start !== null", timeout=TIMEOUT_MS)
    return float(page.evaluate("window.__done - window.__start"))


def open_stack(page: Page) -> None:
    """The Model Builder with the starter stack, its last layer picked (Add goes after it)."""
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1", timeout=TIMEOUT_MS)
    page.locator("#builder-source").get_by_text("stack", exact=True).click()
    expect(page.locator("#builder-summary")).to_contain_text("2 (Linear)", timeout=TIMEOUT_MS)
    page.locator("#stack-list").get_by_text(re.compile(r"^2: ")).click()
    expect(page.locator("#stack-editing")).to_contain_text("Editing layer 2", timeout=TIMEOUT_MS)


def add_and_remove(page: Page) -> tuple[float, float]:
    """Add the layer the menu holds (ReLU) after the last one, then remove it again: the
    milliseconds until the printed model gains, then loses, its fourth layer."""
    added = timed_click(page, "#stack-add", STACK_MODULE, "(3): ReLU()")
    expect(page.locator("#stack-editing")).to_contain_text("Editing layer 3", timeout=TIMEOUT_MS)
    removed = timed_click(page, "#stack-remove", STACK_MODULE, "(3): ReLU()", present=False)
    expect(page.locator("#stack-editing")).to_contain_text("Editing layer 2", timeout=TIMEOUT_MS)
    return added, removed


def open_builder(browser: Browser, url: str) -> Page:
    """A visitor's tab at 1280x720 on the Model Builder, once it shows its opening model, LeNet."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1 (Conv2d)", timeout=TIMEOUT_MS)
    return page
