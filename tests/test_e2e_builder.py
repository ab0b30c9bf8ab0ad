"""The Model Builder tab in a real browser: build a stack, reorder it, load a preset, break it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.browser import add_and_remove, open_builder, open_panel, open_stack
from harness.stats import median
from playwright.sync_api import Browser, Page, expect
from test_e2e import UPDATE_TIMEOUT_MS
from torch import nn

from playground.request.state import RANDOM_FAMILIES

pytestmark = [pytest.mark.e2e, pytest.mark.server]


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_builder(browser, server_url)
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
    expect(page.locator("#editor-layer-0")).to_have_count(1, timeout=UPDATE_TIMEOUT_MS)
    box = page.locator("#builder-controls input[aria-label='number input for out_features']")
    expect(box).to_be_enabled(timeout=UPDATE_TIMEOUT_MS)
    box.fill("32")
    box.press("Enter")
    error = page.locator("#builder-error")
    reason = "layer 2 (Linear) gets (1, 32) from the layer before it, so its in_features must be 32; it is 64"
    expect(error).to_contain_text(reason, timeout=UPDATE_TIMEOUT_MS)
    # nothing on the page describes another model than the refused one on screen; the reason
    # is also where the results were, which the box beside the controls may be scrolled away from
    expect(summary).to_contain_text("No summary: the model on screen was refused")
    expect(summary).to_contain_text(reason)
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
    preset.fill("MySequentialExe")
    page.get_by_role("option", name="MySequentialExe", exact=True).click()
    expect(page.locator("#builder-extras")).to_contain_text(
        "optimizer got an empty parameter list", timeout=UPDATE_TIMEOUT_MS
    )


def test_a_preset_picked_by_mouse_or_keyboard_sends_one_event(page: Page) -> None:
    """Gradio's Dropdown sends `input` twice per pick (on the pick and on the blur after it):
    the builder listens to `change`, so one pick makes one call and one redraw."""
    # the page's own opening events (both tabs' loads, the Lab's controls, the menus a load sets)
    # are over before the count starts: the address bar follows the last of them
    expect(page).to_have_url(re.compile(r"\?model=LeNet"), timeout=UPDATE_TIMEOUT_MS)
    page.wait_for_timeout(1000)
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


def on_screen(page: Page) -> tuple[list[str], str, str, str | None]:
    """The stack's layer types as listed, the printed model, the summary and the message."""
    labels = page.locator("#stack-list label").all_inner_texts()
    types = [re.match(r"^\d+: (\w+)\(", label).group(1) for label in labels]
    error = page.locator("#builder-error")
    message = error.inner_text() if error.count() and error.is_visible() else None
    return types, page.locator("#builder-module").inner_text(), page.locator("#builder-summary").inner_text(), message


def disagreement(page: Page) -> str | None:
    """What on the page contradicts the stack on screen, or None when it all agrees."""
    types, module, summary, message = on_screen(page)
    if message is not None:
        if "refused" not in module or "No summary" not in summary:
            return f"the message {message!r} shows beside a model that ran:\n{module}"
        return None
    printed = re.findall(r"\((\d+)\): (\w+)\(", module)
    if printed != [(str(i), t) for i, t in enumerate(types)]:
        return f"print(model) {printed} is not the stack {types}"
    rows = re.findall(r"\b(\d+) \((\w+)\)", summary)
    if [row for row in rows] != [(str(i), t) for i, t in enumerate(types)]:
        return f"the summary rows {rows} are not the stack {types}"
    return None


def agrees(page: Page, timeout_s: float = UPDATE_TIMEOUT_MS / 1000) -> None:
    """Wait until the printed model, the summary and the message all describe the stack on screen."""
    deadline = time.monotonic() + timeout_s
    while (problem := disagreement(page)) is not None and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert problem is None, problem
    expect(page.locator(".toast-body")).to_have_count(0)  # never a framework toast


def type_into(page: Page, param: str, value: int) -> None:
    """Key by key, as a person types: each key is an edit of its own, the last one wins. It
    waits for the editor of the layer picked (its id is the radio's value), not the last one."""
    layer_id = page.locator("#stack-list input:checked").get_attribute("value")
    expect(page.locator(f"#editor-layer-{layer_id}")).to_have_count(1, timeout=UPDATE_TIMEOUT_MS)
    box = page.locator(f"#builder-controls input[aria-label='number input for {param}']")
    expect(box).to_be_enabled(timeout=UPDATE_TIMEOUT_MS)
    box.click()
    box.press("Control+a")
    box.press_sequentially(str(value), delay=60)


def test_every_action_leaves_the_page_describing_the_stack_on_screen(page: Page, tmp_path: Path) -> None:
    open_stack(page)
    module, error, editing = (
        page.locator("#builder-module"),
        page.locator("#builder-error"),
        page.locator("#stack-editing"),
    )
    agrees(page)

    # an edit typed key by key runs the value shown, not the one before it
    pick(page, 0)
    expect(editing).to_contain_text("Editing layer 0: Linear", timeout=UPDATE_TIMEOUT_MS)
    type_into(page, "out_features", 32)
    expect(error).to_contain_text("so its in_features must be 32", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)

    # fixing the mismatch clears the message and runs the fixed stack
    pick(page, 2)
    expect(editing).to_contain_text("Editing layer 2: Linear", timeout=UPDATE_TIMEOUT_MS)
    type_into(page, "in_features", 32)
    expect(module).to_contain_text("(2): Linear(in_features=32, out_features=10", timeout=UPDATE_TIMEOUT_MS)
    expect(error).to_be_hidden()
    agrees(page)

    # moving keeps the selection on the layer that moved, and the editor on it
    page.locator("#stack-up").click()
    expect(module).to_contain_text("(1): Linear(in_features=32, out_features=10", timeout=UPDATE_TIMEOUT_MS)
    expect(editing).to_contain_text("Editing layer 1: Linear")
    expect(page.locator("#stack-list input:checked")).to_have_value("2")  # the layer's id
    agrees(page)
    page.screenshot(path=str(tmp_path / "after-move.png"))  # for a person to look at when it fails

    # an edit after the move reaches the layer it shows
    type_into(page, "out_features", 12)
    expect(module).to_contain_text("(1): Linear(in_features=32, out_features=12", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)
    page.locator("#stack-down").click()
    expect(module).to_contain_text("(2): Linear(in_features=32, out_features=12", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)

    # removing it selects its neighbour, whose editor then works
    page.locator("#stack-remove").click()
    expect(page.locator("#stack-list label")).to_have_count(2, timeout=UPDATE_TIMEOUT_MS)
    expect(editing).to_contain_text("Editing layer 1: ReLU", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)
    pick(page, 0)
    type_into(page, "out_features", 7)
    expect(module).to_contain_text("(0): Linear(in_features=20, out_features=7", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)

    # a click that can do nothing says so
    page.locator("#stack-up").click()
    expect(editing).to_contain_text("already the first", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)


def test_add_and_remove_settle_quickly(page: Page) -> None:
    """Click to printed model, measured in the page. The 300 ms target is the benchmark's
    (benchmarks/run.py, builder_stack_ms); a test only guards against a regression to seconds."""
    open_stack(page)
    add_and_remove(page)  # the first pays one-off costs
    timings = [add_and_remove(page) for _ in range(5)]
    added, removed = median([t[0] for t in timings]), median([t[1] for t in timings])
    print(f"builder add {added:.0f} ms, remove {removed:.0f} ms (medians of 5)")
    assert added < 1500 and removed < 1500, (added, removed)
    agrees(page)


def test_the_distribution_menu_follows_the_source(page: Page) -> None:
    """LeNet takes a sample image; a dense ensemble does not, so the menu drops it and resets."""
    menu = page.locator("#builder-dist input")
    menu.click()
    page.get_by_role("option", name="image", exact=True).click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1 (Conv2d)", timeout=UPDATE_TIMEOUT_MS)
    page.locator("#builder-source").get_by_text("random", exact=True).click()
    expect(page.locator("#builder-ensemble")).to_contain_text("dense #3", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#builder-error")).to_be_hidden()
    expect(menu).to_have_value("default")
    menu.click()
    expect(page.get_by_role("option", name="image", exact=True)).to_have_count(0)
    expect(page.locator("#builder-ensemble")).to_contain_text("(shown below)")


def type_number(page: Page, box: str, value: int) -> None:
    """Into a slider's number box, key by key, as a person types; Tab leaves it."""
    field = page.locator(f"{box} input[type=number]")
    field.click()
    field.press("Control+a")
    field.press_sequentially(str(value), delay=40)
    field.press("Tab")


def members_printed(page: Page, family: str, count: int) -> list[str]:
    """print(model) of each member, picked one by one in the member menu."""
    modules = []
    for index in range(count):
        menu = page.locator("#builder-member input")
        menu.click()
        page.get_by_role("option", name=f"{family} #{index}", exact=True).click()
        expect(page.locator("#builder-ensemble")).to_contain_text(
            f"{family} #{index} (shown below)", timeout=UPDATE_TIMEOUT_MS
        )
        modules.append(page.locator("#builder-module .cm-content").inner_text())
    return modules


def widths_of(module: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"Linear\(in_features=(\d+), out_features=(\d+)", module)]


def test_ranges_set_by_hand_bound_every_member(page: Page) -> None:
    """Widths 25 to 100 typed into the sliders' boxes and the classifier unticked with the mouse:
    after "Generate ensemble" every Linear of every member is 25, 50 or 100 wide and the last
    one is not a 10-way classifier."""
    page.locator("#builder-source").get_by_text("random", exact=True).click()
    expect(page.locator("#builder-ensemble")).to_contain_text("dense #3", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#random-dense-widths-low")).to_contain_text("16, 32, 64, 128 or 256")  # its help
    type_number(page, "#random-dense-widths-low", 25)
    type_number(page, "#random-dense-widths-high", 100)
    page.locator("#random-classifier").get_by_label("classifier").uncheck()
    page.locator("#random-generate").click()
    expect(page).to_have_url(re.compile(r"widths=25-100"), timeout=UPDATE_TIMEOUT_MS)
    assert "classes=none" in page.url
    modules = members_printed(page, "dense", 4)
    for module in modules:
        linears = widths_of(module)
        assert linears and linears[0][0] == 20, module
        assert all(out in (25, 50, 100) for _, out in linears), module
    expect(page.locator(".toast-body")).to_have_count(0)
    # another family shows its own ranges, and only those
    family = page.locator("#random-family input")
    family.click()
    page.get_by_role("option", name="recurrent", exact=True).click()
    expect(page.locator("#random-recurrent-ranges")).to_be_visible(timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#random-dense-ranges")).to_be_hidden()
    expect(page.locator("#random-recurrent-hidden_sizes-low")).to_contain_text("8, 16, 32 or 64")


def test_a_link_with_ranges_opens_with_its_controls_set(browser: Browser, server_url: str) -> None:
    """The notes' stack as ranges in a link: the random group shows them, and the members drawn
    keep to them (three Linear layers 200 -> 100, 50 or 25 wide, each with ReLU and Dropout(0.2))."""
    query = "random=dense&arch_seed=7&depth=3&widths=25-100&activations=ReLU&dropouts=0.2&classes=none&shape=2x200"
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server_url}?{query}")
    expect(page.locator("#builder-ensemble")).to_contain_text("dense #3", timeout=UPDATE_TIMEOUT_MS)
    for box, value in (("depth-low", "3"), ("depth-high", "3"), ("widths-low", "25"), ("widths-high", "100")):
        expect(page.locator(f"#random-dense-{box} input[type=number]")).to_have_value(value)
    expect(page.locator("#random-classifier input[type=checkbox]")).not_to_be_checked()
    for menu, picked in (("activations", ["ReLU"]), ("dropouts", ["0.2"])):
        tokens = page.locator(f"#random-dense-{menu}-values .token")
        assert [text.strip() for text in tokens.all_inner_texts()] == picked
    for module in members_printed(page, "dense", 4):
        linears = widths_of(module)
        assert len(linears) == 3 and linears[0][0] == 200, module
        assert all(out in (25, 50, 100) for _, out in linears), module
        assert module.count("ReLU()") == 3 and module.count("Dropout(p=0.2") == 3, module
    page.close()


def test_a_stack_layer_keeps_and_edits_its_kernel_per_axis(browser: Browser, server_url: str) -> None:
    """A stack from a link with a 3x5 kernel: its editor shows "kernel_size per axis" ticked with
    sliders at 3 and 5; editing another parameter keeps the tuple; the W slider moves it; unticking
    brings back the one slider, at the first entry. The printed model follows each step."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server_url}?stack=Conv2d(kernel_size=3x5);ReLU&shape=1x1x8x8")
    module = page.locator("#builder-module")
    expect(module).to_contain_text("kernel_size=(3, 5)", timeout=UPDATE_TIMEOUT_MS)
    pick(page, 0)
    expect(page.locator("#editor-layer-0")).to_have_count(1, timeout=UPDATE_TIMEOUT_MS)
    editor = page.locator("#builder-controls")
    expect(editor.locator("#ctl-kernel_size-per-axis input[type=checkbox]")).to_be_checked()
    expect(editor.locator("#ctl-kernel_size")).to_have_count(0)
    for axis, value in (("H", "3"), ("W", "5")):
        expect(editor.locator(f"#ctl-kernel_size-{axis} input[type=number]")).to_have_value(value)

    type_into(page, "out_channels", 4)  # another parameter: the tuple stays
    expect(module).to_contain_text("Conv2d(1, 4, kernel_size=(3, 5)", timeout=UPDATE_TIMEOUT_MS)
    editor.locator("#ctl-kernel_size-W input[type=range]").focus()
    page.keyboard.press("ArrowLeft")
    expect(module).to_contain_text("Conv2d(1, 4, kernel_size=(3, 4)", timeout=UPDATE_TIMEOUT_MS)
    editor.locator("#ctl-kernel_size-per-axis input[type=checkbox]").click()
    expect(editor.locator("#ctl-kernel_size input[type=number]")).to_have_value("3", timeout=UPDATE_TIMEOUT_MS)
    expect(module).to_contain_text("Conv2d(1, 4, kernel_size=(3, 3)", timeout=UPDATE_TIMEOUT_MS)
    agrees(page)
    page.close()


def test_place_a_layer_again_to_share_its_weights(page: Page) -> None:
    """The course's shared layer, built with the mouse and the keyboard: a Linear(64, 64) placed
    again after itself is one module at two places; the code says so, and removing it removes both."""
    page.locator("#builder-source").get_by_text("stack", exact=True).click()
    summary = page.locator("#builder-summary")
    expect(summary).to_contain_text("2 (Linear)", timeout=UPDATE_TIMEOUT_MS)
    pick(page, 1)  # after the ReLU, a Linear(64, 64) to share
    page.locator("#builder-controls").get_by_label("layer to add").fill("Linear")
    page.get_by_role("option", name="Linear", exact=True).click()
    page.locator("#stack-add").click()
    expect(page.locator("#stack-list label")).to_have_count(4, timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#editor-layer-3")).to_have_count(1, timeout=UPDATE_TIMEOUT_MS)
    for name in ("in_features", "out_features"):
        box = page.locator(f"#builder-controls input[aria-label='number input for {name}']")
        expect(box).to_be_enabled(timeout=UPDATE_TIMEOUT_MS)
        box.fill("64")
        box.press("Enter")
        expect(page.locator("#stack-list")).to_contain_text(f"{name}=64", timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#builder-error")).to_be_hidden(timeout=UPDATE_TIMEOUT_MS)
    before = page.locator("#builder-summary").inner_text()
    page.locator("#stack-again").focus()  # the keyboard: the button takes Enter
    page.keyboard.press("Enter")
    expect(page.locator("#stack-list label")).to_have_count(5, timeout=UPDATE_TIMEOUT_MS)
    assert stack_items(page)[3] == "layer 2 again (Linear, shared)"
    expect(page.locator("#stack-editing")).to_contain_text("Layer 3 is layer 2 again")
    expect(summary).not_to_have_text(before, timeout=UPDATE_TIMEOUT_MS)
    shared = nn.Linear(64, 64)
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), shared, shared, nn.Linear(64, 10))
    expect(page.locator("#builder-module .cm-content")).to_have_text(
        repr(model).replace("\n", ""), timeout=UPDATE_TIMEOUT_MS
    )
    expect(summary).to_contain_text(f"{sum(p.numel() for p in model.parameters()):,}")  # the shared weight once
    open_panel(page, "code", "#builder-panels")
    expect(page.locator("#builder-code .cm-content")).to_contain_text(
        "(layer_2 := nn.Linear(in_features=64, out_features=64))"
    )
    pick(page, 2)  # the layer itself, with the mouse: its other place goes with it
    page.locator("#stack-remove").click()
    expect(page.locator("#stack-list label")).to_have_count(3, timeout=UPDATE_TIMEOUT_MS)
    expect(page.locator("#stack-editing")).to_contain_text("Its other places went with it (1).")
