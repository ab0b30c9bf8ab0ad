"""The page as drawn, for every layer: no text of a plot cut off or lying on another, no plot
over another panel; and an accessibility scan of the app's own markup (axe-core)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from harness.browser import TIMEOUT_MS, open_panel, pick_layer, settled
from helpers import open_lab
from playwright.sync_api import Browser, Page, expect

from playground.registry.specs import REGISTRY

pytestmark = [pytest.mark.e2e, pytest.mark.server]

# Everything a plot writes: tick labels, titles, axis titles, colour bar ticks, bar labels, notes.
TEXTS = ".xtick text, .ytick text, .gtitle, .g-xtitle text, .g-ytitle text, .cbaxis text, .bartext, .annotation-text"

LAYOUT_PROBLEMS = """([texts]) => {
  const problems = [];
  const boxes = [...document.querySelectorAll('#results .block, #results .tabs')]
    .filter((b) => b.offsetParent !== null && !b.querySelector('.block'));
  const overlap = (a, b, slack) => a.left < b.right - slack && b.left < a.right - slack
    && a.top < b.bottom - slack && b.top < a.bottom - slack;
  const plots = [...document.querySelectorAll('.lp-plot-block')].filter((b) => b.offsetParent !== null);
  for (const plot of plots) {
    const area = plot.getBoundingClientRect();
    for (const other of boxes) {
      if (other === plot || plot.contains(other) || other.contains(plot)) continue;
      if (overlap(area, other.getBoundingClientRect(), 2))
        problems.push(`${plot.id} lies over ${other.id || other.className}`);
    }
    const view = plot.querySelector('.lp-plot');
    if (!view || !view.querySelector('.main-svg')) continue;
    const frame = view.getBoundingClientRect();
    if (frame.height < 60) problems.push(`${plot.id} is ${Math.round(frame.height)} px tall`);
    const words = [...view.querySelectorAll(texts)]
      .map((t) => [t.textContent.trim(), t.getBoundingClientRect()])
      .filter(([text, r]) => text && r.width > 0 && r.height > 0);
    for (const [text, r] of words) {
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
        problems.push(`${plot.id}: "${text}" is cut off`);
    }
    for (let i = 0; i < words.length; i++)
      for (let j = i + 1; j < words.length; j++)
        if (overlap(words[i][1], words[j][1], 1))
          problems.push(`${plot.id}: "${words[i][0]}" lies on "${words[j][0]}"`);
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_lab(browser, server_url)
    yield page
    page.close()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_no_plot_text_is_cut_or_overlapping(page: Page, name: str) -> None:
    """Each layer reached from the one before it in the registry (the page is shared)."""
    check_layout(page, name)


@pytest.mark.parametrize("name", ["ReLU", "Dropout", "BatchNorm2d"])
def test_no_panel_collapses_after_multihead_attention(page: Page, name: str) -> None:
    """MultiheadAttention shows both the attention and the train-vs-eval panels; the panel the
    next layer draws in their place used to collapse to 28 px and lie over the panels below."""
    pick_layer(page, "MultiheadAttention")
    settled(page, "MultiheadAttention")
    check_layout(page, name, texts=False)


PLOT_PANELS = ("how it behaves", "weights & gradients", "counts & histograms")


def check_layout(page: Page, name: str, texts: bool = True) -> None:
    """The main plots, then each panel of plots the layer has, opened as a person opens it."""
    pick_layer(page, name)
    settled(page, name)
    tabs = page.locator("#lab-panels").get_by_role("tab")
    for panel in (None, *PLOT_PANELS):
        if panel is not None:
            tab = tabs.filter(has_text=panel)
            if not tab.count() or not tab.is_visible():
                continue
            open_panel(page, panel)
            page.wait_for_timeout(300)  # the panel's plots mount and draw
        # plots settle in a few frames (an answer, then a width relayout): judge the page at rest
        for _ in range(10):
            problems = page.evaluate(LAYOUT_PROBLEMS, [TEXTS if texts else "no-such-element"])
            if not problems:
                break
            page.wait_for_timeout(300)
        assert problems == [], f"{name} ({panel or 'main plots'}): " + "; ".join(problems)


def serious(results: Any) -> list[dict[str, Any]]:
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:6]}" for v in violations)


# Rules broken by gradio's own markup, which the app does not write: none at present (its pale
# help text and slider ends are recoloured in assets/style.css)
GRADIO_OWN: set[str] = set()


@pytest.mark.parametrize("tab", ["Layer Lab", "Model Builder", "Lessons"])
def test_accessibility_scan(browser: Browser, server_url: str, tab: str) -> None:
    page = open_lab(browser, server_url)
    if tab == "Model Builder":
        page.get_by_role("tab", name=tab).click()
        expect(page.locator("#builder-module .cm-content")).to_contain_text("(", timeout=TIMEOUT_MS)
    if tab == "Lessons":
        page.get_by_role("tab", name=tab).click()
        expect(page.locator("#lesson-module .cm-content")).to_contain_text("(", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    found = [v for v in serious(Axe().run(page)) if v["id"] not in GRADIO_OWN]
    page.close()
    assert found == [], describe(found)
