"""Links that reproduce a view: a state set by hand in the Layer Lab, copied with "copy link"
and opened in a fresh browser, shows the same controls and prints the same numbers; a mangled
link opens the page with a notice naming what was ignored; a link that hides controls hides
exactly those."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from harness.browser import TIMEOUT_MS, open_panel, pick_layer, set_number
from playwright.sync_api import Browser, Page, expect

from playground.registry.specs import REGISTRY
from playground.request.link import hideable, link_from_query
from playground.request.state import State
from playground.run import engine

pytestmark = [pytest.mark.e2e, pytest.mark.server]

CONTROL_VALUES = """() => Object.fromEntries([...document.querySelectorAll('#controls [id^="ctl-"]')]
  .filter((e) => e.offsetParent !== null)
  .map((e) => {
    const box = e.querySelector('input[type=number], input[role=combobox], textarea, input[type=text]');
    const checked = e.querySelector('input[type=checkbox], input[type=radio]:checked');
    const ticked = checked && (checked.type === 'checkbox' ? String(checked.checked) : checked.value);
    const value = box ? box.value : ticked || '';
    return [e.id, value];
  }))"""


def fresh_page(browser: Browser, url: str) -> Page:
    """A new visitor: a browser context of its own (no cookies, no storage), at 1280x720."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(url)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("Output", timeout=TIMEOUT_MS)
    return page


def printed(page: Page) -> dict[str, str]:
    """What the page prints of the run: the summary's shapes and counts, the module, the tensors."""
    summary = page.locator("#summary").inner_text()
    open_panel(page, "module")
    module = page.locator("#module-repr .cm-content").inner_text()
    open_panel(page, "tensors")
    values = page.locator("#values .cm-content").inner_text()
    shapes = [line for line in summary.splitlines() if not line.startswith("Time")]
    return {"summary": "\n".join(shapes), "module": module, "values": values}


def test_a_copied_link_opens_the_same_view_elsewhere(browser: Browser, server_url: str) -> None:
    page = fresh_page(browser, server_url)
    pick_layer(page, "Conv2d")
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 28)", timeout=TIMEOUT_MS)
    set_number(page, "out_channels", 4)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 4, 28, 28)", timeout=TIMEOUT_MS)
    set_number(page, "kernel_size", 3)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 4, 30, 30)", timeout=TIMEOUT_MS)
    set_number(page, "seed", 7)
    page.locator("#ctl-mode").get_by_text("eval", exact=True).click()
    expect(page.locator("#summary")).to_contain_text("mode eval", timeout=TIMEOUT_MS)
    before = printed(page)
    controls = page.evaluate(CONTROL_VALUES)
    page.locator("#copy-link").click()
    link_box = page.locator("#share-link textarea, #share-link input").first
    expect(link_box).to_have_value(re.compile(r"layer=Conv2d"), timeout=TIMEOUT_MS)
    link = link_box.input_value()
    assert "out_channels=4" in link and "kernel_size=3" in link and "seed=7" in link and "mode=eval" in link, link
    assert "panel=tensors" in link, link  # the panel open when it was copied
    # take it home: one click saves a notebook of this view, which rebuilds it and links to it
    open_panel(page, "code")
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#download-notebook").click()
    assert download.value.suggested_filename == "Conv2d.ipynb"
    book = nbformat.reads(Path(download.value.path()).read_text(), as_version=4)
    nbformat.validate(book)
    assert book.cells[0].cell_type == "markdown" and "?layer=Conv2d&out_channels=4" in book.cells[0].source
    result = engine.run(link_from_query(link.partition("?")[2])[0].state)
    script = "\n".join(cell.source for cell in book.cells if cell.cell_type == "code")
    assert script.split() == result.code.split()  # the exported script, cut into cells
    page.context.close()

    again = fresh_page(browser, link)
    expect(again.locator("#summary")).to_contain_text("mode eval", timeout=TIMEOUT_MS)
    expect(again.locator("#lab-panels [role=tab][aria-selected=true]")).to_have_text("tensors")
    assert again.evaluate(CONTROL_VALUES) == controls
    assert printed(again) == before
    assert not again.locator("#link-notice").is_visible()
    again.context.close()


def test_a_mangled_link_opens_the_page_with_a_notice(browser: Browser, server_url: str) -> None:
    page = fresh_page(browser, f"{server_url}?layer=%%%&seed=abc&kernel_size=-9")
    notice = page.locator("#link-notice")
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    for part in ("layer=%%%", "seed=abc", "kernel_size=-9"):
        expect(notice).to_contain_text(part)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("Output (1, 3)")  # Linear's defaults
    page.context.close()


def test_a_link_hides_exactly_the_controls_it_names(browser: Browser, server_url: str) -> None:
    hidden = ("kernel_size", "seed", "mode")
    page = fresh_page(browser, f"{server_url}?layer=Conv2d&hide={','.join(hidden)}")
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 28)", timeout=TIMEOUT_MS)
    spec = REGISTRY["Conv2d"]
    shown = set(page.evaluate(CONTROL_VALUES))
    everything = {f"ctl-{p.name}" for p in spec.params} | {"ctl-layer", "ctl-dist", "ctl-seed", "ctl-mode"}
    everything |= {"ctl-backward"} | {f"ctl-dim-{d.name}" for d in spec.dims(spec.defaults()) if d.free}
    assert shown == everything - {f"ctl-{name}" for name in hidden}
    # the teacher's own page offers every control this layer has to hide
    open_panel(page, "code")
    page.locator("#share-hide input").click()
    offered = [o.replace("✓", "").strip() for o in page.get_by_role("option").all_inner_texts()]  # ✓ marks chosen
    assert offered == list(hideable(State("Conv2d")))
    page.context.close()
