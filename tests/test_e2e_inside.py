"""Inside a model, in a real browser: pick the notes' ParameterAccess net and its net[2] with the
mouse, read its print, state_dict and `.grad` (None), tick backward and see torch's gradient.

The expected texts come from torch alone: the notes' net built with the page's seed and input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import torch
from harness.browser import open_builder, open_panel
from playwright.sync_api import Browser, Page, expect
from test_e2e import UPDATE_TIMEOUT_MS
from torch import nn

from playground.request.state import DEFAULT_SEED
from playground.ui.share import BUILDER_PANEL_LABELS

pytestmark = [pytest.mark.e2e, pytest.mark.server]

INSIDE = "#builder-inside"


def notes_net(backward: bool) -> nn.Module:
    """The notes' Sequential(LazyLinear(8), ReLU(), LazyLinear(1)) on torch.rand(2, 4), as the page runs it."""
    torch.manual_seed(DEFAULT_SEED)
    net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
    x = torch.rand(2, 4)
    if backward:
        x.requires_grad_(True)
    output = net(x)
    if backward:
        output.sum().backward()
    return net


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def inside_text(page: Page) -> str:
    return flat(page.locator(INSIDE).inner_text())


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_builder(browser, server_url)
    yield page
    page.close()


def test_look_inside_a_preset_before_and_after_backward(page: Page) -> None:
    preset = page.locator("#builder-preset input")
    preset.click()
    preset.fill("ParameterAccess")
    page.get_by_role("option", name="ParameterAccess", exact=True).click()
    expect(page.locator("#builder-extras")).to_contain_text("ParameterAccess", timeout=UPDATE_TIMEOUT_MS)

    open_panel(page, BUILDER_PANEL_LABELS["inside"], "#builder-panels")
    # before a pick, the panel counts the model's modules: itself and its three layers
    expect(page.locator(INSIDE)).to_contain_text("one of this model's 4 modules", timeout=UPDATE_TIMEOUT_MS)

    # the menu offers exactly named_modules()'s names; pick net[2] with the mouse
    page.locator("#builder-inside-pick input").click()
    options = page.get_by_role("option")
    expect(options).to_have_count(4, timeout=UPDATE_TIMEOUT_MS)
    assert [flat(t) for t in options.all_inner_texts()] == ["(the model)", "0", "1", "2"]
    page.get_by_role("option", name="2", exact=True).click()
    expect(page.locator(INSIDE)).to_contain_text("model[2]", timeout=UPDATE_TIMEOUT_MS)

    net = notes_net(backward=False)
    text = inside_text(page)
    assert flat(repr(net[2])) in text
    assert flat(repr(net[2].state_dict())) in text
    assert text.count("<class 'torch.nn.parameter.Parameter'>") == 2
    assert "torch.Size([1, 8]) True" in text and "torch.Size([1]) True" in text
    assert "print(model[2].weight.grad) None" in text and "print(model[2].bias.grad) None" in text

    # tick backward: the same net[2], its grads now the tensors torch computes
    page.locator("#builder-backward input[type=checkbox]").click()
    trained = notes_net(backward=True)
    grad = flat(repr(trained[2].weight.grad))
    expect(page.locator(INSIDE)).to_contain_text("after the forward and", timeout=UPDATE_TIMEOUT_MS)
    text = inside_text(page)
    assert f"print(model[2].weight.grad) {grad}" in text
    assert f"print(model[2].bias.grad) {flat(repr(trained[2].bias.grad))}" in text
    assert flat(repr(trained[2].state_dict())) in text  # the values are the same: backward changes no weight
    # the exported code prints the same lines
    open_panel(page, BUILDER_PANEL_LABELS["code"], "#builder-panels")
    expect(page.locator("#builder-code")).to_contain_text("print(model[2].weight.grad)", timeout=UPDATE_TIMEOUT_MS)


def test_a_link_opens_inside_a_module(page: Page, server_url: str) -> None:
    """A teacher's link names the submodule, backward and the panel: the page opens on them."""
    page.goto(f"{server_url}?model=ParameterAccess&inside=2&backward=1&panel=inside")
    expect(page.locator("#builder-inside-pick input")).to_have_value("2", timeout=UPDATE_TIMEOUT_MS)
    trained = notes_net(backward=True)
    expect(page.locator(INSIDE)).to_contain_text("print(model[2].bias.grad)", timeout=UPDATE_TIMEOUT_MS)
    assert f"print(model[2].weight.grad) {flat(repr(trained[2].weight.grad))}" in inside_text(page)
    expect(page).to_have_url(re.compile(r"inside=2"), timeout=UPDATE_TIMEOUT_MS)
