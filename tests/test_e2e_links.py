"""Links that reproduce a view: a state set by hand (a layer in the Layer Lab; a stack or a
random ensemble in the Model Builder), copied with "copy link" and opened in a fresh browser,
shows the same controls and prints the same numbers; a mangled link opens the page with a
notice naming what was ignored; a link that hides controls hides exactly those."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import torch
from harness.browser import TIMEOUT_MS, open_panel, open_stack, pick_layer, set_number
from playwright.sync_api import Browser, Page, expect

from playground.registry.specs import REGISTRY
from playground.request.link import hideable, link_from_query
from playground.request.state import State
from playground.run import engine
from playground.ui.controls import uses_offered

pytestmark = [pytest.mark.e2e, pytest.mark.server]

# every visible control of a column, by elem_id, with the value it shows
SHOWN_CONTROLS = """(selector) => Object.fromEntries([...document.querySelectorAll(selector)]
  .filter((e) => e.offsetParent !== null && e.id !== "builder-error")
  .map((e) => {
    const box = e.querySelector('input[type=number], input[role=combobox], textarea, input[type=text]');
    const checked = e.querySelector('input[type=checkbox], input[type=radio]:checked');
    const ticked = checked && (checked.type === 'checkbox' ? String(checked.checked) : checked.value);
    return [e.id, box ? box.value : ticked || ''];
  }))"""
LAB_CONTROLS = '#controls [id^="ctl-"]'
BUILDER_PANELS = "#builder-panels"
BUILDER_CONTROLS = '#builder-controls [id^="builder-"], #builder-controls [id^="random-"]'


# plotly draws colour bars and clips as `url("<the page's address>#id")`: an address that moved on
# since leaves them pointing at another document (a blank colour bar, a clip that lapses)
STALE_REFERENCES = """() => {
  const here = location.href.split("#")[0];
  const out = [];
  document.querySelectorAll(".js-plotly-plot [style*='url('], .js-plotly-plot [clip-path]").forEach((el) => {
    const text = (el.getAttribute("style") || "") + " " + (el.getAttribute("clip-path") || "");
    for (const m of text.matchAll(/url\\((["'])(.*?)#[^"']*\\1\\)/g)) if (m[2] && m[2] !== here) out.push(m[2]);
  });
  return [...new Set(out)];
}"""


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
    expect(page).to_have_url(re.compile(r"mode=eval"), timeout=TIMEOUT_MS)  # the address follows the edits
    assert page.evaluate(STALE_REFERENCES) == []
    before = printed(page)
    controls = page.evaluate(SHOWN_CONTROLS, LAB_CONTROLS)
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
    assert again.evaluate(SHOWN_CONTROLS, LAB_CONTROLS) == controls
    assert printed(again) == before
    assert not again.locator("#link-notice").is_visible()
    again.context.close()


def test_a_non_square_kernel_set_by_hand_travels_in_a_link(browser: Browser, server_url: str) -> None:
    """Tick "kernel_size per axis", move W to 3: the link says kernel_size=5x3, and a fresh page
    opened from it shows the box ticked, the two sliders at 5 and 3, and prints the same."""
    page = fresh_page(browser, server_url)
    pick_layer(page, "Conv2d")
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 28)", timeout=TIMEOUT_MS)
    page.locator("#ctl-kernel_size-per-axis input[type=checkbox]").click()
    expect(page.locator("#ctl-kernel_size-W")).to_be_visible(timeout=TIMEOUT_MS)
    set_number(page, "kernel_size-W", 3)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 30)", timeout=TIMEOUT_MS)
    before, controls = printed(page), page.evaluate(SHOWN_CONTROLS, LAB_CONTROLS)
    assert "kernel_size=(5, 3)" in before["module"]
    link = copied(page)
    assert "kernel_size=5x3" in link, link
    page.context.close()

    again = fresh_page(browser, link)
    expect(again.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 30)", timeout=TIMEOUT_MS)
    assert again.locator("#ctl-kernel_size-per-axis input[type=checkbox]").is_checked()
    assert again.evaluate(SHOWN_CONTROLS, LAB_CONTROLS) == controls
    assert printed(again) == before
    again.context.close()


def test_a_link_with_a_typed_tensor_opens_it_in_the_controls(browser: Browser, server_url: str) -> None:
    """The input's controls come back from a link: the typed tensor in its box (its shape in the
    size controls), the scale, the second call; the run is torch's, and the copied link the same."""
    query = "layer=ReLU&scale=2&values=((-1,2.5),(3,-4))&calls=2"
    page = fresh_page(browser, f"{server_url}?{query}")
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(2, 2)", timeout=TIMEOUT_MS)
    expect(page.locator("#ctl-values textarea, #ctl-values input").first).to_have_value("[[-1, 2.5], [3, -4]]")
    expect(page.locator("#ctl-scale input[type=number]")).to_have_value("2")
    expect(page.locator("#ctl-calls input[type=checkbox]")).to_be_checked()
    for axis, size in (("N", "2"), ("H", "2")):
        expect(page.locator(f"#ctl-dim-{axis} input[type=number]")).to_have_value(size)
    x = torch.tensor([[-1, 2.5], [3, -4]]) * 2
    open_panel(page, "tensors")
    expect(page.locator("#values .cm-content")).to_contain_text(repr(x).replace("\n", ""))
    expect(page.locator("#values .cm-content")).to_contain_text(repr(torch.relu(x)).replace("\n", ""))
    assert copied(page).endswith(f"?{query}&panel=tensors")
    # the first size moved empties the link's tensor and says so (it used to snap back to (2, 2))
    box = page.locator("#ctl-dim-N input[type=number]")
    box.fill("3")
    box.press("Enter")
    expect(page.locator("#change-line")).to_contain_text("was emptied", timeout=TIMEOUT_MS)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(3, 2)")
    expect(box).to_have_value("3")
    expect(page.locator("#ctl-values textarea, #ctl-values input").first).to_have_value("")
    page.context.close()


def test_a_mangled_link_opens_the_page_with_a_notice(browser: Browser, server_url: str) -> None:
    page = fresh_page(browser, f"{server_url}?layer=%%%&seed=abc&kernel_size=-9")
    notice = page.locator("#link-notice")
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    for part in ("layer=%%%", "seed=abc", "kernel_size=-9"):
        expect(notice).to_contain_text(part)
    expect(page.locator("#plot-output .gtitle")).to_contain_text("Output (1, 3)")  # Linear's defaults
    page.context.close()


def test_a_link_hides_exactly_the_controls_it_names(browser: Browser, server_url: str) -> None:
    hidden = ("kernel_size", "seed", "values", "calls", "mode")
    page = fresh_page(browser, f"{server_url}?layer=Conv2d&hide={','.join(hidden)}")
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 28)", timeout=TIMEOUT_MS)
    spec = REGISTRY["Conv2d"]
    shown = set(page.evaluate(SHOWN_CONTROLS, LAB_CONTROLS))
    everything = {f"ctl-{p.name}" for p in spec.params} | {"ctl-layer", "ctl-dist", "ctl-seed", "ctl-mode"}
    everything |= {"ctl-backward"} | {f"ctl-dim-{d.name}" for d in spec.dims(spec.defaults()) if d.free}
    everything |= {f"ctl-{name}" for name in uses_offered(spec)}  # the input's scale, shift, typed tensor, calls
    everything |= {f"ctl-{p.name}-per-axis" for p in spec.params if len(p.axes) > 1}  # a parameter's own box
    assert shown == everything - {f"ctl-{name}{box}" for name in hidden for box in ("", "-per-axis")}
    # the teacher's own page offers every control this layer has to hide
    open_panel(page, "code")
    page.locator("#share-hide input").click()
    offered = [o.replace("✓", "").strip() for o in page.get_by_role("option").all_inner_texts()]  # ✓ marks chosen
    assert offered == list(hideable(State("Conv2d")))
    page.context.close()


# --- the Model Builder ---------------------------------------------------------------------


def model_printed(page: Page) -> dict[str, str]:
    """What the Model Builder prints of the run: the stack, the summary, the ensemble, the module."""
    open_panel(page, "module", BUILDER_PANELS)
    ensemble = page.locator("#builder-ensemble")
    return {
        "stack": "\n".join(page.locator("#stack-list label").all_inner_texts()),
        "summary": page.locator("#builder-summary").inner_text(),
        "ensemble": ensemble.inner_text() if ensemble.is_visible() else "",
        "module": page.locator("#builder-module .cm-content").inner_text(),
    }


def copied(page: Page, ending: str = "") -> str:
    """The link the copy button shows; `ending` waits for that link when the box still holds one
    copied before (any link has a `?`)."""
    page.locator("#copy-link").click()
    box = page.locator("#share-link textarea, #share-link input").first
    expect(box).to_have_value(re.compile(r"\?.*" + re.escape(ending) + "$"), timeout=TIMEOUT_MS)
    return box.input_value()


def fresh_builder(browser: Browser, url: str, text: str, where: str = "#builder-summary") -> Page:
    """A new visitor opening a model link: the Model Builder is the tab on screen."""
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(url)
    expect(page.locator(where)).to_contain_text(text, timeout=TIMEOUT_MS)
    expect(page.get_by_role("tab", name="Model Builder", exact=True)).to_have_attribute("aria-selected", "true")
    return page


def test_a_copied_stack_link_opens_the_same_stack_elsewhere(browser: Browser, server_url: str) -> None:
    page = fresh_page(browser, server_url)
    open_stack(page)  # the starter stack, its last Linear picked
    box = page.locator("#builder-controls input[aria-label='number input for out_features']")
    expect(box).to_be_enabled(timeout=TIMEOUT_MS)
    box.fill("5")
    box.press("Enter")
    expect(page.locator("#builder-summary")).to_contain_text("(1, 5)", timeout=TIMEOUT_MS)
    page.locator("#stack-add").click()  # a ReLU after it
    expect(page.locator("#builder-summary")).to_contain_text("3 (ReLU)", timeout=TIMEOUT_MS)
    seed = page.locator("#builder-seed input")
    seed.fill("7")
    seed.press("Enter")
    page.locator("#builder-mode").get_by_text("eval", exact=True).click()
    open_panel(page, "code", BUILDER_PANELS)
    expect(page.locator("#builder-code")).to_contain_text(".eval()", timeout=TIMEOUT_MS)
    before, controls = model_printed(page), page.evaluate(SHOWN_CONTROLS, BUILDER_CONTROLS)
    open_panel(page, "code", BUILDER_PANELS)
    link = copied(page)
    assert "stack=Linear(in_features=20,out_features=64);ReLU;Linear(in_features=64,out_features=5);ReLU" in link
    assert "seed=7" in link and "mode=eval" in link and "panel=code" in link, link
    # take it home: the notebook of this model
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#builder-download-notebook").click()
    assert download.value.suggested_filename.endswith(".ipynb")
    book = nbformat.reads(Path(download.value.path()).read_text(), as_version=4)
    script = "\n".join(cell.source for cell in book.cells if cell.cell_type == "code")
    assert script.split() == engine.run(link_from_query(link.partition("?")[2])[0].state).code.split()
    page.context.close()

    again = fresh_builder(browser, link, "3 (ReLU)")
    expect(again.locator(f"{BUILDER_PANELS} [role=tab][aria-selected=true]")).to_have_text("code")
    assert model_printed(again) == before
    assert again.evaluate(SHOWN_CONTROLS, BUILDER_CONTROLS) == controls
    assert not again.locator("#link-notice").is_visible()
    again.context.close()


def test_a_copied_ensemble_link_opens_the_same_ensemble_elsewhere(browser: Browser, server_url: str) -> None:
    page = fresh_page(browser, server_url)
    page.get_by_role("tab", name="Model Builder").click()
    expect(page.locator("#builder-summary")).to_contain_text("conv1", timeout=TIMEOUT_MS)
    page.locator("#builder-source").get_by_text("random", exact=True).click()
    family = page.locator("#random-family input")
    family.click()
    family.fill("recurrent")
    page.get_by_role("option", name="recurrent", exact=True).click()
    for box, value in (("#random-seed input", "5"), ("#random-count input[type=number]", "3")):
        page.locator(box).fill(value)
        page.locator(box).press("Tab")
    page.locator("#random-generate").click()
    expect(page.locator("#builder-ensemble")).to_contain_text("recurrent #2", timeout=TIMEOUT_MS)
    expect(page.locator("#builder-ensemble")).not_to_contain_text("recurrent #3")
    before, controls = model_printed(page), page.evaluate(SHOWN_CONTROLS, BUILDER_CONTROLS)
    link = copied(page)
    assert "random=recurrent" in link and "count=3" in link and "arch_seed=5" in link, link
    page.context.close()

    again = fresh_builder(browser, link, "recurrent #2", "#builder-ensemble")
    assert model_printed(again) == before
    assert again.evaluate(SHOWN_CONTROLS, BUILDER_CONTROLS) == controls
    again.context.close()


def test_a_model_link_hides_exactly_the_controls_it_names(browser: Browser, server_url: str) -> None:
    hidden = ("source", "seed", "mode")
    page = fresh_builder(browser, f"{server_url}?model=MLP&hide={','.join(hidden)}", "hidden (Linear)")
    shown = set(page.evaluate(SHOWN_CONTROLS, BUILDER_CONTROLS))
    assert shown == {"builder-preset", "builder-args", "builder-shape", "builder-dist", "builder-backward"}
    open_panel(page, "code", BUILDER_PANELS)
    page.locator("#builder-share-hide input").click()
    offered = [o.replace("✓", "").strip() for o in page.get_by_role("option").all_inner_texts()]
    assert offered == list(hideable(State(model="MLP")))
    page.context.close()


def test_a_links_functional_calls_open_ticked_and_travel_on(browser: Browser, server_url: str) -> None:
    """LeNet's call rows are part of the view: ticked by hand they go into the copied link, and
    the link opens elsewhere with the box ticked and the rows shown."""
    page = fresh_builder(browser, f"{server_url}?model=LeNet", "conv1 (Conv2d)")
    box = page.locator("#builder-calls input[type=checkbox]")
    pooling = page.locator("#builder-summary tr", has_text="F.max_pool2d(kernel_size=2)")
    box.click()
    expect(pooling).to_have_count(2, timeout=TIMEOUT_MS)
    link = copied(page)
    assert "functional=1" in link.split("?", 1)[1].split("&"), link
    again = fresh_builder(browser, link, "F.max_pool2d(kernel_size=2)")
    expect(again.locator("#builder-calls input[type=checkbox]")).to_be_checked()
    assert model_printed(again)["summary"] == model_printed(page)["summary"]
    expect(again.locator("#link-notice")).to_be_hidden()
    page.context.close()
    again.context.close()


def test_a_link_inside_a_submodule_the_model_lacks_says_so(browser: Browser, server_url: str) -> None:
    """Whether `inside=` names a submodule is known once the model is built: a name the model
    does not have is named in the notice with the link's other unreadable parts, and the
    model opens whole, its real submodules offered."""
    page = fresh_builder(browser, f"{server_url}?model=ParameterAccess&inside=9&seed=abc&panel=inside", "Linear")
    notice = page.locator("#link-notice")
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    expect(notice).to_contain_text("inside=9")
    expect(notice).to_contain_text("seed=abc")
    expect(page.locator("#builder-inside")).to_contain_text("one of this model's 4 modules", timeout=TIMEOUT_MS)
    good = fresh_builder(browser, f"{server_url}?model=ParameterAccess&inside=2&panel=inside", "Linear")
    expect(good.locator("#builder-inside")).to_contain_text("model[2]", timeout=TIMEOUT_MS)
    expect(good.locator("#link-notice")).to_be_hidden()
    page.context.close()
    good.context.close()


def test_the_address_and_the_copied_box_follow_the_panel_and_projector(browser: Browser, server_url: str) -> None:
    """A link holds the panel open and projector mode: opening another panel or ticking projector
    mode rewrites the address at once (no run needed), and the box of a link copied before goes,
    as it no longer names the view on screen."""
    page = fresh_page(browser, f"{server_url}?layer=Conv2d")
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 6, 28, 28)", timeout=TIMEOUT_MS)
    copied(page)
    box = page.locator("#share-link")
    expect(box).to_be_visible()
    open_panel(page, "code")
    expect(page).to_have_url(re.compile(r"[?&]panel=code(&|$)"), timeout=TIMEOUT_MS)
    expect(box).to_be_hidden()
    page.locator("#projector input[type=checkbox]").click()
    expect(page).to_have_url(re.compile(r"[?&]projector=1(&|$)"), timeout=TIMEOUT_MS)
    assert copied(page, "panel=code&projector=1").startswith(f"{server_url}?layer=Conv2d&")
    expect(box).to_be_visible()
    page.context.close()
