"""The Model Builder's "show functional calls" checkbox in a real browser, operated as a person does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.browser import open_builder
from playwright.sync_api import Browser, Page, expect
from test_e2e import UPDATE_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.server]


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_builder(browser, server_url)
    yield page
    page.close()


def test_functional_calls_show_as_rows_of_their_own_when_ticked(page: Page) -> None:
    """LeNet's table jumps from conv1's (1, 6, 28, 28) to conv2; ticked, the F.relu and the pooling its
    forward calls between them are rows, marked as calls, and the totals stay the modules'."""
    summary = page.locator("#builder-summary")
    rows = summary.locator("tbody tr")
    total = summary.locator("tr", has_text="total").inner_text()
    pooling = summary.locator("tr", has_text="F.max_pool2d(kernel_size=2)")
    expect(pooling).to_have_count(0)
    box = page.locator("#builder-calls input[type=checkbox]")
    box.click()  # the mouse, on the box itself
    expect(pooling).to_have_count(2, timeout=UPDATE_TIMEOUT_MS)
    names = [text.split("\t")[1].strip() for text in rows.all_inner_texts()]
    first, second = names.index("conv1 (Conv2d)"), names.index("conv2 (Conv2d)")
    assert names[first + 1 : second] == ["call F.relu()", "call F.max_pool2d(kernel_size=2)"]
    expect(pooling.first.locator("em", has_text="call")).to_have_count(1)  # marked, in italics
    expect(pooling.first).to_contain_text("(1, 6, 14, 14)")
    assert summary.locator("tr", has_text="total").inner_text() == total
    expect(summary).to_contain_text("7 rows marked call")
    page.get_by_text("show functional calls").click()  # the mouse again, on its label: unticked
    expect(pooling).to_have_count(0, timeout=UPDATE_TIMEOUT_MS)
    expect(summary).not_to_contain_text("marked call")
    expect(box).not_to_be_checked()
    box.focus()
    page.keyboard.press("Space")  # and the keyboard ticks it as well
    expect(pooling).to_have_count(2, timeout=UPDATE_TIMEOUT_MS)
