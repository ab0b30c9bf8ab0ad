"""A lesson walked as a student walks it: next and back by mouse and by keyboard, every step's
page showing that step (its position, title, the numbers its run prints, its module), the
address following, a lesson link opening at its step, and a step opened in the Layer Lab with
the lesson's stream."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from harness.browser import TIMEOUT_MS, open_panel
from playwright.sync_api import Browser, Page, expect
from test_e2e_screen import PROJECTOR_PX, SMALL_OR_PALE, at_rest

from playground.lessons import LESSONS
from playground.lessons import printed as notes
from playground.render.report import values_text
from playground.request.state import State
from playground.run import engine

pytestmark = [pytest.mark.e2e, pytest.mark.server]

LESSON = LESSONS["seeded-cells"]


def lesson_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(url)
    expect(page.locator("#lesson-text h3")).to_be_visible(timeout=TIMEOUT_MS)
    return page


def flat(text: str) -> str:
    return text.replace("\n", "")


def shows_step(page: Page, number: int) -> None:
    """The page is at this step: position, title, what its run prints and its module, and the address."""
    step = LESSON.steps[number - 1]
    result = engine.run(LESSON.state(number))
    expect(page.locator("#lesson-position")).to_contain_text(
        f"step {number} of {len(LESSON.steps)}", timeout=TIMEOUT_MS
    )
    expect(page.locator("#lesson-text h3")).to_have_text(step.title, timeout=TIMEOUT_MS)
    # a code view's text content has its lines joined: compare every character but the line breaks
    expect(page.locator("#lesson-printed .cm-content")).to_have_text(flat(values_text(result)), timeout=TIMEOUT_MS)
    expect(page.locator("#lesson-module .cm-content")).to_have_text(flat(result.module))
    expect(page).to_have_url(re.compile(rf"lesson={LESSON.id}&step={number}(&|$)"), timeout=TIMEOUT_MS)


def test_a_lesson_walked_by_mouse_and_keyboard(browser: Browser, server_url: str) -> None:
    page = lesson_page(browser, f"{server_url}?lesson={LESSON.id}&step=1")
    shows_step(page, 1)
    expect(page.locator("#lesson-printed .cm-content")).to_contain_text(notes.LINEAR_INPUT)
    expect(page.locator("#lesson-back")).to_be_hidden()  # the course's first step has nothing before it
    for number in range(2, len(LESSON.steps) + 1):  # the mouse, to the end
        page.locator("#lesson-next").click()
        shows_step(page, number)
    expect(page.locator("#lesson-printed .cm-content")).not_to_contain_text("0.0000")  # eval: nothing dropped
    for number in range(len(LESSON.steps) - 1, 0, -1):  # the keyboard, back to the start
        page.locator("#lesson-back").focus()
        page.keyboard.press("Enter" if number % 2 else "Space")
        shows_step(page, number)
    page.locator("#lesson-next").focus()
    page.keyboard.press("Enter")
    shows_step(page, 2)
    expect(page.locator("#lesson-printed .cm-content")).to_contain_text(notes.MAXPOOL_OUTPUT.split("\n")[0])
    # any lesson, from the menu
    page.locator("#lesson-pick input").click()
    page.get_by_role("option", name=LESSONS["recurrent"].title).click()
    expect(page.locator("#lesson-position")).to_contain_text("step 1 of", timeout=TIMEOUT_MS)
    expect(page.locator("#lesson-position")).to_contain_text(LESSONS["recurrent"].title)


def test_a_lesson_link_opens_at_its_step(browser: Browser, server_url: str) -> None:
    page = lesson_page(browser, f"{server_url}?lesson={LESSON.id}&step=3")
    shows_step(page, 3)
    expect(page.locator("#lesson-printed .cm-content")).to_contain_text(notes.BATCHNORM_INPUT_MEAN)
    expect(page.locator("#link-notice")).to_be_hidden()
    # past a lesson's last step, next opens the next lesson
    page.goto(f"{server_url}?lesson={LESSON.id}&step={len(LESSON.steps)}")
    shows_step(page, len(LESSON.steps))
    page.locator("#lesson-next").click()
    following = list(LESSONS.values())[list(LESSONS).index(LESSON.id) + 1]
    expect(page.locator("#lesson-position")).to_contain_text(f"{following.title}, step 1 of", timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile(rf"lesson={following.id}&step=1"), timeout=TIMEOUT_MS)


def test_a_step_opened_in_the_lab_keeps_the_lessons_numbers(browser: Browser, server_url: str) -> None:
    """The link under a step opens its layer in the Layer Lab with the lesson's stream (the same
    input as the lesson's), in a new browser tab, so that the lesson stays where it was."""
    lesson = lesson_page(browser, f"{server_url}?lesson={LESSON.id}&step=2")
    with lesson.context.expect_page() as opened:
        lesson.locator("#lesson-open a").click()
    page = opened.value
    expect(page.locator("#plot-output .gtitle")).to_contain_text("(1, 2, 2)", timeout=TIMEOUT_MS)
    expect(page.locator("#ctl-layer input")).to_have_value(re.compile("MaxPool2d"))
    open_panel(page, "tensors")
    expect(page.locator("#values .cm-content")).to_contain_text(notes.MAXPOOL_INPUT.split("\n")[0], timeout=TIMEOUT_MS)
    expect(page.locator("#summary")).to_contain_text("drawn after 1 earlier run of the same seeded stream")
    expect(page.locator("#change-line")).not_to_contain_text("new values")  # it ran this state, nothing else
    shows_step(lesson, 2)


def step_number(check: Callable[[State], bool]) -> int:
    return next(number for number, step in enumerate(LESSON.steps, 1) if check(step.state))


def lab_values(page: Page, state: State, what: str) -> None:
    """The Lab's printed tensors are what the engine prints for `state` (the page's run of its controls)."""
    result = engine.run(state)
    assert result.ok, result.error
    open_panel(page, "tensors")
    expect(page.locator("#values .cm-content"), what).to_have_text(flat(values_text(result)), timeout=TIMEOUT_MS)


def test_a_step_opened_in_the_lab_shows_its_input_in_the_controls(browser: Browser, server_url: str) -> None:
    """The BatchNorm step's `* 20 + 5` and the Dropout step's two calls are in the Lab's own
    controls, not only in the summary; moving one runs what the controls then say, the step's
    stream kept (it has no control)."""
    number = step_number(lambda state: state.input.scale != 1)
    step = LESSON.state(number)
    page = lesson_page_lab(browser, f"{server_url}?lesson={LESSON.id}&step={number}&play=1", step.layer)
    expect(page.locator("#ctl-scale input[type=number]")).to_have_value(str(step.input.scale))
    expect(page.locator("#ctl-shift input[type=number]")).to_have_value(str(step.input.shift))
    expect(page.locator("#summary")).to_contain_text(
        f"scaled by {step.input.scale!r}, then shifted by {step.input.shift!r}"
    )
    lab_values(page, step, "the step as the lesson runs it")
    box = page.locator("#ctl-scale input[type=number]")
    box.click()
    box.press("Control+a")
    page.keyboard.type("2")
    box.press("Enter")
    moved = dataclasses.replace(step, input=dataclasses.replace(step.input, scale=2))
    expect(page.locator("#summary")).to_contain_text(
        f"scaled by 2, then shifted by {step.input.shift!r}", timeout=TIMEOUT_MS
    )
    lab_values(page, moved, "scale moved to 2")
    expect(page.locator("#summary")).to_contain_text("drawn after")  # the lesson's stream, kept

    number = step_number(lambda state: state.calls == 2)
    step = LESSON.state(number)
    page = lesson_page_lab(browser, f"{server_url}?lesson={LESSON.id}&step={number}&play=1", step.layer)
    calls = page.locator("#ctl-calls input[type=checkbox]")
    expect(calls).to_be_checked()
    expect(page.locator("#summary")).to_contain_text("called 2 times")
    lab_values(page, step, "the step's two calls")
    calls.focus()
    page.keyboard.press("Space")
    expect(page.locator("#summary")).not_to_contain_text("called 2 times", timeout=TIMEOUT_MS)
    # the Lab's size controls hold a Dropout input of two axes; the step's has three, which the
    # first run used and the next one, run from the controls, replaces with the controls' shape
    sizes = tuple(int(page.locator(f"#ctl-dim-{axis} input[type=number]").input_value()) for axis in ("N", "H"))
    once = dataclasses.replace(step, calls=1, input=dataclasses.replace(step.input, shape=sizes))
    lab_values(page, once, "called once")


def lesson_page_lab(browser: Browser, url: str, layer: str) -> Page:
    """A step opened in the Layer Lab, once its run is drawn."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    expect(page.locator("#ctl-layer input")).to_have_value(re.compile(layer), timeout=TIMEOUT_MS)
    expect(page.locator("#summary")).to_contain_text("Input", timeout=TIMEOUT_MS)
    return page


def test_every_lesson_reads_in_projector_mode(browser: Browser, server_url: str) -> None:
    """A lesson on the classroom's screen: every text of each lesson's first step at least 20 px
    and 4.5:1 in projector mode, and nothing wider than the window at 150% zoom."""
    page = lesson_page(browser, f"{server_url}?lesson={LESSON.id}&step=1&projector=1")
    for lesson in LESSONS.values():
        page.locator("#lesson-pick input").click()
        page.get_by_role("option", name=lesson.title, exact=True).click()
        expect(page.locator("#lesson-position")).to_contain_text(f"{lesson.title}, step 1 of", timeout=TIMEOUT_MS)
        expect(page.locator("#lesson-text h3")).to_have_text(lesson.steps[0].title, timeout=TIMEOUT_MS)
        problems = at_rest(page, SMALL_OR_PALE, PROJECTOR_PX)
        assert problems == [], f"{lesson.id}: " + "; ".join(problems[:12])
    zoomed = browser.new_context(
        viewport={"width": round(1280 / 1.5), "height": round(720 / 1.5)}, device_scale_factor=1.5
    )
    small = zoomed.new_page()
    small.goto(f"{server_url}?lesson=containers&step=10")
    expect(small.locator("#lesson-text h3")).to_be_visible(timeout=TIMEOUT_MS)
    assert small.evaluate("document.documentElement.scrollWidth") <= small.evaluate("innerWidth") + 1
    zoomed.close()


# every letter at the weight headings and bold words use, measured in the page's font with a
# monospace fallback: a letter the font lacks comes out exactly as wide as the fallback's
MISSING_GLYPHS = """() => {
  const c = document.createElement('canvas').getContext('2d');
  const width = (font, text) => { c.font = font; return c.measureText(text).width; };
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const fallback = width("600 40px monospace", "M");
  return [...letters].filter((ch) => Math.abs(width("600 40px 'Source Sans Pro', monospace", ch) - fallback) < 0.01);
}"""


def test_bold_text_is_one_font(browser: Browser, server_url: str) -> None:
    """Headings and bold words (weight 600) are drawn in the page's own font, every letter of
    them: gradio's bundled semibold face holds only a few glyphs, and the rest fell back."""
    page = lesson_page(browser, f"{server_url}?lesson={LESSON.id}&step=3")
    page.evaluate("document.fonts.load(`600 20px 'Source Sans Pro'`)")
    assert page.evaluate(MISSING_GLYPHS) == []


# every coloured token of the step's code: its colour as drawn (the CSS brightness filter applied)
# against the code view's background, by WCAG's relative luminance
TOKEN_CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const s of document.querySelectorAll('#lesson-code .cm-content span, #lesson-code .cm-gutterElement')) {
    const style = getComputedStyle(s);
    const k = style.filter.startsWith('brightness') ? parseFloat(style.filter.slice(11)) : 1;
    const fg = rgb(style.color).slice(0, 3).map((v) => Math.min(255, v * k));
    const [hi, lo] = [lum(fg), lum(behind(s))].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) low.push(`${s.textContent.slice(0, 20)}: ${ratio.toFixed(2)}`);
  }
  return [...new Set(low)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_code_reads_at_4_5_to_1(browser: Browser, server_url: str, scheme: str) -> None:
    """The step's code, with its syntax colours and line numbers, in either colour scheme."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server_url}?lesson={LESSON.id}&step=1")
    expect(page.locator("#lesson-code .cm-content")).to_contain_text("torch.manual_seed", timeout=TIMEOUT_MS)
    assert page.evaluate(TOKEN_CONTRAST) == []
    context.close()
