"""The page in a real browser: Debian's Chromium driven by Playwright, as a visitor uses it."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.browser import TIMEOUT_MS, open_panel, pick_layer, set_number
from helpers import open_lab
from playwright.sync_api import Browser, Page, expect

from playground.ui.plots import SCRIPT_URL, plotly_js_file

pytestmark = [pytest.mark.e2e, pytest.mark.server]

UPDATE_TIMEOUT_MS = TIMEOUT_MS


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_lab(browser, server_url, "Output (1, 3)")
    yield page
    page.close()


def plot_title(page: Page, plot: str) -> object:
    return expect(page.locator(f"#plot-{plot} .gtitle"))


def test_linear_updates_live(page: Page) -> None:
    set_number(page, "out_features", 7)
    plot_title(page, "output").to_contain_text("Output (1, 7)", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#summary")).to_contain_text("weight 7 x 4 + bias 7 = 35")
    expect(page.locator("#change-line")).to_contain_text("(1, 3) → (1, 7)")
    plot_title(page, "weights").to_contain_text("(7, 4)")
    open_panel(page, "counts & histograms")
    expect(page.locator("#plot-params")).to_contain_text("35")


def test_conv2d_feature_maps_and_invalid_groups(page: Page) -> None:
    pick_layer(page, "Conv2d")
    plot_title(page, "output").to_contain_text("Output (1, 6, 28, 28)", timeout=UPDATE_TIMEOUT_MS)
    plot_title(page, "input").to_contain_text("(1, 1, 32, 32)")
    set_number(page, "kernel_size", 3)
    plot_title(page, "output").to_contain_text("Output (1, 6, 30, 30)", timeout=UPDATE_TIMEOUT_MS)
    # an invalid combination: the message names the rule, the last valid plots stay
    set_number(page, "groups", 4)
    error = page.locator("#error-box")
    expect(error).to_be_visible(timeout=UPDATE_TIMEOUT_MS)
    expect(error).to_contain_text("in_channels 1 must be divisible by groups 4")
    plot_title(page, "output").to_contain_text("Output (1, 6, 30, 30)")
    # and fixing it clears the message
    set_number(page, "groups", 1)
    expect(error).to_be_hidden(timeout=UPDATE_TIMEOUT_MS)


def test_lstm_shapes_follow_parameters(page: Page) -> None:
    pick_layer(page, "LSTM")
    plot_title(page, "output").to_contain_text("Output (5, 3, 16)", timeout=UPDATE_TIMEOUT_MS)
    set_number(page, "hidden_size", 6)
    plot_title(page, "output").to_contain_text("Output (5, 3, 6)", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#summary")).to_contain_text("h_n (1, 3, 6)")
    page.locator("#ctl-bidirectional input[type=checkbox]").check()
    plot_title(page, "output").to_contain_text("Output (5, 3, 12)", timeout=UPDATE_TIMEOUT_MS)
    open_panel(page, "module")
    expect(page.locator("#state-dict")).to_contain_text("weight_ih_l0_reverse")


def test_activation_curve(page: Page) -> None:
    pick_layer(page, "GELU")
    plot_title(page, "special").to_contain_text("GELU: f(x) and its derivative", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#summary")).to_contain_text("no parameters")


def test_dropout_train_vs_eval(page: Page) -> None:
    pick_layer(page, "Dropout")
    plot_title(page, "compare").to_contain_text("train vs eval", timeout=UPDATE_TIMEOUT_MS)
    plot_title(page, "compare").to_contain_text("survivors x 2")


def test_plots_are_redrawn_in_place(page: Page) -> None:
    """An update hands plotly.js the new figure for the element already on screen (gr.Plot
    built a new plot for every value, which was most of the browser's round trip)."""
    page.evaluate("document.querySelector('#plot-output .lp-plot').dataset.marked = 'yes'")
    set_number(page, "out_features", 7)
    plot_title(page, "output").to_contain_text("Output (1, 7)", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#plot-output .lp-plot")).to_have_attribute("data-marked", "yes")
    expect(page.locator("#plot-output .js-plotly-plot")).to_have_count(1)


def test_the_page_loads_nothing_from_elsewhere(browser: Browser, server_url: str) -> None:
    """Every request the page makes, plotly.js included, goes to the app itself."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server_url)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("Output (1, 3)", timeout=UPDATE_TIMEOUT_MS)
    version = plotly_js_file().read_text()[:200].split("plotly.js v")[1].split()[0]
    assert page.evaluate("window.Plotly.version") == version
    page.close()
    assert any(url.endswith(SCRIPT_URL) for url in requested)
    elsewhere = [url for url in requested if not url.startswith(server_url) and not url.startswith("data:")]
    assert elsewhere == []


def test_screenshot_of_the_page(page: Page, tmp_path: Path) -> None:
    """A picture of what a visitor sees; README_SCREENSHOT=path also keeps it there."""
    pick_layer(page, "Conv2d")
    plot_title(page, "weights").to_contain_text("(6, 1, 5, 5)", timeout=UPDATE_TIMEOUT_MS)
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("README_SCREENSHOT"):
        shutil.copy(shot, os.environ["README_SCREENSHOT"])


def test_a_refusal_shows_where_the_person_is_looking(page: Page) -> None:
    """A low control, scrolled to: the message appears under it, inside the window, and the field
    the rule names is marked; fixing the value takes both away."""
    pick_layer(page, "Conv2d")
    plot_title(page, "output").to_contain_text("Output (1, 6, 28, 28)", timeout=UPDATE_TIMEOUT_MS)
    groups = page.locator("#ctl-groups input[type=number]")
    groups.scroll_into_view_if_needed()
    groups.fill("4")
    groups.press("Enter")
    note = page.locator("#ctl-groups .lp-inline-error")
    expect(note).to_contain_text("in_channels 1 must be divisible by groups 4", timeout=UPDATE_TIMEOUT_MS)
    expect(note).to_be_in_viewport()
    expect(page.locator("#ctl-in_channels")).to_have_class(re.compile(r"\blp-invalid\b"))
    expect(page.locator("#ctl-in_channels input[type=number]")).to_have_attribute("aria-invalid", "true")
    groups.fill("1")
    groups.press("Enter")
    expect(page.locator(".lp-inline-error")).to_have_count(0, timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator(".lp-invalid")).to_have_count(0)


def test_a_refusal_of_a_tuple_marks_the_sliders_per_axis(page: Page) -> None:
    """With "kernel_size per axis" ticked the one kernel_size control is gone: a refusal that names
    kernel_size marks its sliders, and the message shows under the slider just moved."""
    pick_layer(page, "Conv2d")
    plot_title(page, "output").to_contain_text("Output (1, 6, 28, 28)", timeout=UPDATE_TIMEOUT_MS)
    set_number(page, "dim-W", 8)
    plot_title(page, "output").to_contain_text("Output (1, 6, 28, 4)", timeout=UPDATE_TIMEOUT_MS)
    page.locator("#ctl-kernel_size-per-axis input[type=checkbox]").click()
    width = page.locator("#ctl-kernel_size-W input[type=number]")
    expect(width).to_be_visible(timeout=UPDATE_TIMEOUT_MS)
    width.fill("11")
    width.press("Enter")
    note = page.locator("#ctl-kernel_size-W .lp-inline-error")
    expect(note).to_contain_text("kernel_size 11 is larger than the padded input 8 along W", timeout=UPDATE_TIMEOUT_MS)
    for axis in ("H", "W"):
        expect(page.locator(f"#ctl-kernel_size-{axis}")).to_have_class(re.compile(r"\blp-invalid\b"))
    expect(page.locator("#ctl-kernel_size-per-axis")).not_to_have_class(re.compile(r"\blp-invalid\b"))
    width.fill("3")
    width.press("Enter")
    plot_title(page, "output").to_contain_text("Output (1, 6, 28, 6)", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator(".lp-inline-error")).to_have_count(0, timeout=UPDATE_TIMEOUT_MS)
