"""One screen for a classroom: at a projector's 1280x720 every layer's main result (its input
and output plots) and its first controls are in view without scrolling, in normal and in
projector mode; projector mode's text is at least 20 px and at least 4.5:1 against what lies
behind it (WCAG AA); at 150% zoom and in a 768 px window the columns stack and nothing runs
off the side of the page; dark mode keeps every text readable; any plot opens large (the focus
view) by mouse or keyboard, and closes again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.browser import TIMEOUT_MS, open_panel, pick_layer, settled
from helpers import open_lab
from playwright.sync_api import Browser, Page, expect

from playground.registry.specs import REGISTRY, by_family
from playground.request.state import State
from playground.run import engine
from playground.ui.outputs import LAB_PLOTS, MODEL_PLOTS, Plot, Shown
from playground.ui.share import BUILDER_PANEL_LABELS, LAB_PANEL_LABELS

pytestmark = [pytest.mark.e2e, pytest.mark.server]

WIDTH, HEIGHT = 1280, 720
PROJECTOR_PX = 20  # the least text size projector mode allows

# The boxes that must lie inside the window, by selector: the layer picker, the first control
# the layer has, and the input and output plots.
IN_VIEW = """() => {
  const first = document.querySelector('#controls [id^="ctl-"]:not(#ctl-layer)');
  const boxes = {layer: '#ctl-layer', input: '#plot-input', output: '#plot-output'};
  const out = [];
  const check = (what, el) => {
    if (!el) { out.push(`${what} is missing`); return; }
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5 || !r.height)
      out.push(`${what} at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
  };
  for (const [what, selector] of Object.entries(boxes)) check(what, document.querySelector(selector));
  // a control's first line (its label and box) is what shows it: the help below may run on
  check('first control', first && (first.querySelector('label, .container, span') || first));
  if (scrollY !== 0) out.push(`the page is scrolled by ${scrollY} px`);
  return out;
}"""

# Every visible text: its computed size and its contrast with the first opaque background behind
# it (the page's own when none), by WCAG's relative luminance.
SMALL_OR_PALE = """(least) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const linear = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || !r.height || style.visibility === 'hidden' || style.opacity === '0') continue;
    if (el.closest('.modebar, .bench-hidden, [aria-hidden="true"], .hide')) continue;
    const text = el.textContent.trim().slice(0, 30);
    const size = parseFloat(style.fontSize);
    if (size < least - 0.5) out.push(`"${text}" is ${size} px`);
    const svg = el instanceof SVGElement;
    const fg = rgb(svg ? style.fill : style.color).slice(0, 3);
    // a plot's note drawn on its own box (a tile's "ch 0") is read against that box, laid over
    // white: the worst case for white words on a translucent dark chip
    const box = svg && el.closest('.annotation') && el.closest('.annotation').querySelector('rect.bg');
    const fill = box ? rgb(getComputedStyle(box).fill) : [];
    const alpha = fill.length ? (fill[3] ?? 1) * parseFloat(getComputedStyle(box).fillOpacity || '1') : 0;
    const bg = alpha > 0 ? fill.slice(0, 3).map((c) => c * alpha + 255 * (1 - alpha)) : behind(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (fg.length === 3 && ratio < 4.5) out.push(`"${text}" has contrast ${ratio.toFixed(2)}`);
  }
  return [...new Set(out)];
}"""

OVERFLOW = """() => {
  const out = [];
  if (document.documentElement.scrollWidth > innerWidth + 1)
    out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${innerWidth} px window`);
  const controls = document.querySelector('#controls').getBoundingClientRect();
  const results = document.querySelector('#results').getBoundingClientRect();
  if (results.top < controls.bottom - 1) out.push('the columns sit side by side');
  return out;
}"""


@pytest.fixture(scope="module")
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_lab(browser, server_url)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    yield page
    page.close()


def projector(page: Page, on: bool) -> None:
    """The toggle, clicked as a person clicks it."""
    box = page.locator("#projector input[type=checkbox]")
    if box.is_checked() != on:
        box.click()
    page.wait_for_function("(on) => document.body.classList.contains('lp-projector') === on", arg=on)


def at_rest(page: Page, script: str, arg: object = None) -> list[str]:
    """Plots settle in a few frames (an answer, a relayout): judge the page when it stops moving."""
    problems: list[str] = []
    for _ in range(8):
        problems = page.evaluate(script, arg)
        if not problems:
            break
        page.wait_for_timeout(250)
    return problems


@pytest.mark.parametrize("name", list(REGISTRY))
def test_main_result_is_in_view_in_both_modes(page: Page, name: str) -> None:
    projector(page, False)
    page.evaluate("window.scrollTo(0, 0)")
    pick_layer(page, name)
    settled(page, name)
    for on in (False, True):
        projector(page, on)
        problems = at_rest(page, IN_VIEW)
        assert problems == [], f"{name}, projector {on}: " + "; ".join(problems)
    problems = at_rest(page, SMALL_OR_PALE, PROJECTOR_PX)
    assert problems == [], f"{name} in projector mode: " + "; ".join(problems[:12])


@pytest.mark.parametrize(("width", "height", "zoom"), [(1280, 720, 1.5), (768, 1024, 1.0)])
def test_columns_stack_and_nothing_runs_off(browser: Browser, server_url: str, width: int, height: int, zoom: float):
    context = browser.new_context(
        viewport={"width": round(width / zoom), "height": round(height / zoom)}, device_scale_factor=zoom
    )
    page = context.new_page()
    page.goto(server_url)
    expect(page.locator("#plot-output .js-plotly-plot")).to_be_attached(timeout=TIMEOUT_MS)
    for name in ("Conv2d", "Transformer"):
        pick_layer(page, name)
        settled(page, name)
        problems = at_rest(page, OVERFLOW)
        assert problems == [], f"{name} at {width}x{height}, zoom {zoom}: " + "; ".join(problems)
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-module .cm-content")).to_contain_text("(", timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth") + 1
    context.close()


# --- dark mode: the page and the plots, every family --------------------------------------------


@pytest.mark.parametrize("name", [specs[0].name for specs in by_family().values()])
def test_dark_mode_keeps_every_text_readable(browser: Browser, server_url: str, name: str) -> None:
    """In a browser that asks for dark pages (gradio follows it), every text the page and its
    plots draw is at least 4.5:1 against what lies behind it, in normal and projector mode."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, color_scheme="dark")
    page = context.new_page()
    page.goto(server_url)
    expect(page.locator("body.dark, .dark").first).to_be_attached(timeout=TIMEOUT_MS)
    pick_layer(page, name)
    settled(page, name)
    for on in (False, True):
        projector(page, on)
        problems = at_rest(page, SMALL_OR_PALE, PROJECTOR_PX if on else 0)
        assert problems == [], f"{name}, dark, projector {on}: " + "; ".join(problems[:12])
    context.close()


# --- the focus view: any plot opened large, for the room -----------------------------------------

# where each group of the Layer Lab's plots lives: in view, or in a panel (by its tab's label)
LAB_GROUP_PANEL = {
    "maps": None,
    "behaviour": LAB_PANEL_LABELS["behaviour"],
    "parameters": LAB_PANEL_LABELS["weights"],
    "counts": LAB_PANEL_LABELS["counts"],
}
assert set(LAB_GROUP_PANEL) == {p.group for p in LAB_PLOTS}

BOX = """(id) => { const r = document.getElementById(id).getBoundingClientRect();
  return {left: r.left, top: r.top, width: r.width, height: r.height,
          plot: document.querySelector('#' + id + ' .main-svg').getBoundingClientRect().width}; }"""


def first_drawn(plot: Plot) -> str:
    """The first layer of the registry whose run draws this plot (the one the test opens)."""
    return next(name for name in REGISTRY if plot.draw(Shown(engine.run(State(name)))) is not None)


def check_focus(page: Page, plot: Plot, by_keyboard: bool) -> None:
    """Open the plot large and close it again, by mouse (button, then Escape) or by keyboard
    (Enter on the button, then Enter again)."""
    button = page.locator(f"#{plot.elem_id} .lp-focus-button")
    expect(button).to_have_attribute("aria-label", f"open large: {plot.label}", timeout=TIMEOUT_MS)
    small = page.evaluate(BOX, plot.elem_id)
    if by_keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(400)  # plotly redraws at the new size
    large = page.evaluate(BOX, plot.elem_id)
    assert large["width"] >= 0.95 * WIDTH and large["height"] >= 0.95 * HEIGHT, (plot.name, large)
    assert large["plot"] >= 0.9 * WIDTH, (plot.name, large)
    page.keyboard.press("Enter" if by_keyboard else "Escape")
    expect(button).to_have_attribute("aria-pressed", "false")
    page.wait_for_timeout(400)
    assert page.evaluate(BOX, plot.elem_id)["width"] == pytest.approx(small["width"], abs=2), plot.name


def test_every_layer_lab_plot_opens_large_and_closes(page: Page) -> None:
    projector(page, False)
    by_layer: dict[str, list[Plot]] = {}
    for plot in LAB_PLOTS:
        by_layer.setdefault(first_drawn(plot), []).append(plot)
    for count, (name, plots) in enumerate(by_layer.items()):
        pick_layer(page, name)
        settled(page, name)
        for plot in plots:
            if LAB_GROUP_PANEL[plot.group]:
                open_panel(page, LAB_GROUP_PANEL[plot.group])
            check_focus(page, plot, by_keyboard=count % 2 == 1)


def test_every_model_builder_plot_opens_large_and_closes(page: Page) -> None:
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1", timeout=TIMEOUT_MS)
    panels = {"layers": BUILDER_PANEL_LABELS["layers"], "layer": BUILDER_PANEL_LABELS["layer"]}
    for plot in MODEL_PLOTS:
        if plot.group == "ensemble":
            continue
        open_panel(page, panels[plot.group], "#builder-panels")
        check_focus(page, plot, by_keyboard=plot.group == "layer")
    page.locator("#builder-source").get_by_text("random", exact=True).click()
    (ensemble,) = (plot for plot in MODEL_PLOTS if plot.group == "ensemble")
    expect(page.locator(f"#{ensemble.elem_id} .js-plotly-plot")).to_be_visible(timeout=TIMEOUT_MS)
    check_focus(page, ensemble, by_keyboard=False)
    page.get_by_role("tab", name="Layer Lab").click()
