"""A lesson walked as a student walks it: next and back by mouse and by keyboard, every step's
page showing that step (its position, title, the numbers its run prints, its module), the
address following, a lesson link opening at its step, and a step opened in the Layer Lab with
the lesson's stream."""

from __future__ import annotations

import re

import pytest
from harness.browser import TIMEOUT_MS, open_panel
from playwright.sync_api import Browser, Page, expect
from test_e2e_screen import PROJECTOR_PX, SMALL_OR_PALE, at_rest

from playground.lessons import LESSONS
from playground.lessons import printed as notes
from playground.render.report import values_text
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
