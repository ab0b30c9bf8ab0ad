"""The Model Builder tab in a real browser: build a stack, reorder it, load a preset, break it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from test_e2e import UPDATE_TIMEOUT_MS

from playground.models import RANDOM_FAMILIES

pytestmark = [pytest.mark.e2e, pytest.mark.server]


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(server_url)
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1 (Conv2d)", timeout=UPDATE_TIMEOUT_MS)
    yield page
    page.close()


def stack_items(page: Page) -> list[str]:
    expect(page.locator("#stack-list label").first).to_be_visible(timeout=UPDATE_TIMEOUT_MS)
    return [re.sub(r"^\d+: ", "", text) for text in page.locator("#stack-list label").all_inner_texts()]


def pick(page: Page, position: int) -> None:
    page.locator("#stack-list").get_by_text(re.compile(rf"^{position}: ")).click()


def test_build_reorder_remove_and_break_a_stack(page: Page) -> None:
    page.locator("#builder-source").get_by_text("stack", exact=True).click()
    summary = page.locator("#builder-summary")
    expect(summary).to_contain_text("2 (Linear)", timeout=UPDATE_TIMEOUT_MS)
    assert stack_items(page) == [
        "Linear(in_features=20, out_features=64)",
        "ReLU()",
        "Linear(in_features=64, out_features=10)",
    ]

    # add a Tanh after the ReLU: the table gains a row
    pick(page, 1)
    page.locator("#builder-controls").get_by_label("layer to add").fill("Tanh")
    page.get_by_role("option", name="Tanh", exact=True).click()
    page.locator("#stack-add").click()
    expect(summary).to_contain_text("2 (Tanh)", timeout=UPDATE_TIMEOUT_MS)
    assert stack_items(page)[2] == "Tanh()"

    # move it up above the ReLU, then remove the ReLU
    page.locator("#stack-up").click()
    expect(summary).to_contain_text("1 (Tanh)", timeout=UPDATE_TIMEOUT_MS)
    assert stack_items(page)[1:3] == ["Tanh()", "ReLU()"]
    pick(page, 2)
    page.locator("#stack-remove").click()
    expect(page.locator("#stack-list label")).to_have_count(3, timeout=UPDATE_TIMEOUT_MS)
    expect(summary).not_to_contain_text("(ReLU)", timeout=UPDATE_TIMEOUT_MS)
    assert stack_items(page)[1] == "Tanh()"

    # a mismatch names the layer and the fix; the last valid table stays
    pick(page, 0)
    box = page.locator("#builder-controls input[aria-label='number input for out_features']")
    expect(box).to_be_enabled(timeout=UPDATE_TIMEOUT_MS)
    box.fill("32")
    box.press("Enter")
    error = page.locator("#builder-error")
    expect(error).to_contain_text("layer 2 (Linear) expects in_features=32", timeout=UPDATE_TIMEOUT_MS)
    expect(error).to_contain_text("the previous output is (1, 32)")
    expect(summary).to_contain_text("1 (Tanh)")
    # the rest of the page stays usable: a preset loads and clears the message
    page.locator("#builder-source").get_by_text("preset", exact=True).click()
    expect(error).to_be_hidden(timeout=UPDATE_TIMEOUT_MS)
    expect(summary).to_contain_text("conv1 (Conv2d)", timeout=UPDATE_TIMEOUT_MS)


def test_presets_load_with_what_they_teach(page: Page) -> None:
    preset = page.locator("#builder-preset input")
    preset.click()
    preset.fill("TiedMLP")
    page.get_by_role("option", name="TiedMLP", exact=True).click()
    expect(page.locator("#builder-extras")).to_contain_text("Tied parameters", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#builder-summary")).to_contain_text("(reused)")
    expect(page.locator("#builder-summary")).to_contain_text("121")
    preset.click()
    preset.fill("PlainListPitfall")
    page.get_by_role("option", name="PlainListPitfall", exact=True).click()
    expect(page.locator("#builder-extras")).to_contain_text(
        "optimizer got an empty parameter list", timeout=UPDATE_TIMEOUT_MS
    )


def test_a_preset_picked_by_mouse_or_keyboard_sends_one_event(page: Page) -> None:
    """Gradio's Dropdown sends `input` twice per pick (on the pick and on the blur after it):
    the builder listens to `change`, so one pick makes one call and one redraw."""
    joins: list[str] = []
    page.on("request", lambda r: joins.append(r.url) if "/queue/join" in r.url else None)
    preset = page.locator("#builder-preset input")
    summary = page.locator("#builder-summary")
    preset.click()
    preset.fill("MLP")
    page.get_by_role("option", name="MLP", exact=True).click()
    expect(summary).to_contain_text("hidden (Linear)", timeout=UPDATE_TIMEOUT_MS)
    page.wait_for_timeout(500)  # a second call would have left by now
    assert len(joins) == 1
    preset.click()
    preset.fill("LeNet")
    preset.press("Enter")
    expect(summary).to_contain_text("conv1 (Conv2d)", timeout=UPDATE_TIMEOUT_MS)
    page.wait_for_timeout(500)
    assert len(joins) == 2


def test_random_ensemble_side_by_side(page: Page) -> None:
    """The ensemble view of every random family: four models side by side, by name."""
    page.locator("#builder-source").get_by_text("random", exact=True).click()
    family = page.locator("#random-family input")
    for name in RANDOM_FAMILIES:
        family.click()
        family.fill(name)
        page.get_by_role("option", name=name, exact=True).click()
        page.locator("#random-generate").click()
        expect(page.locator("#builder-ensemble")).to_contain_text(f"{name} #3", timeout=UPDATE_TIMEOUT_MS)
        expect(page.locator("#plot-ensemble .gtitle")).to_contain_text("Ensemble of 4 random models")
