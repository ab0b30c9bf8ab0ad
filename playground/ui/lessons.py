"""The Lessons tab: the course's steps in order, each shown as a notebook cell would show it
(its code, what it prints, the module), with back and next, and a link to play with the step
in the Layer Lab or the Model Builder.

Every text here is computed from the lesson's data and the step's own run: the position, the
stream it continues, the notes' examples it opens and how close it comes to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr
from gradio.components import Component

from playground.lessons import LESSONS, Fidelity, Lesson, Step
from playground.records import RunResult, Subject
from playground.render.report import model_summary_markdown, state_dict_markdown, values_text
from playground.request.link import Link, link_to_query
from playground.ui.api import Api
from playground.ui.share import share_base

FIRST = next(iter(LESSONS))
ORDER = [(lesson.id, number) for lesson in LESSONS.values() for number in range(1, len(lesson.steps) + 1)]
FIDELITY_WORDS = {
    Fidelity.EXACT: "the notes' own numbers, digit for digit",
    Fidelity.STRUCTURE: "the modules and shapes the notes build; they print no seeded numbers to compare",
    Fidelity.DIFFERS: "seeded like the notes, but some digits differ (see above)",
}


@dataclass(frozen=True)
class LessonsTab:
    shared: Component  # the link of the step on screen
    lesson: Component
    step: Component
    download: Component
    shown: list[Component]  # what `show` fills, in its order


def lesson_link(lesson: str, step: int, play: bool = False) -> str:
    # a lesson's link names the step, not its state: the step as written gives the tab it opens in
    written = LESSONS[lesson].steps[step - 1].state
    return f"{share_base()}?{link_to_query(Link(written, lesson=(lesson, step), play=play))}"


def position(lesson: Lesson, number: int) -> str:
    return f"**{lesson.title}**, step {number} of {len(lesson.steps)}"


def step_markdown(lesson: Lesson, number: int, result: RunResult) -> str:
    """The step's words, its stream, the notes' examples and what the run said of itself."""
    step: Step = lesson.steps[number - 1]
    parts = [f"### {step.title}", step.text, f"**Look at:** {step.notice}"]
    if lesson.seed is not None:
        earlier = {1: "", 2: "step 1", 3: "steps 1 and 2"}.get(number, f"steps 1 to {number - 1}")
        parts.append(
            f"This lesson is one random stream from `torch.manual_seed({lesson.seed})`: "
            + (
                f"this step draws after {earlier}, as the notebook's cells did."
                if earlier
                else "this step draws first."
            )
        )
    parts += [f"**Differs from the notes:** {why}" for why in step.differences]
    if step.examples:
        lines = [f"- note {e.note}, {e.cell}: {e.what}; {FIDELITY_WORDS[e.fidelity]}" for e in step.examples]
        parts.append("**From the course:**\n" + "\n".join(lines))
    if not result.ok and result.error:
        parts.append(f"**This step did not run:** {result.error.message}")
    return "\n\n".join(parts)


def open_markdown(lesson: str, number: int) -> str:
    kind = LESSONS[lesson].steps[number - 1].state.kind
    where = "Layer Lab" if kind is Subject.LAYER else "Model Builder"
    return f"[Open this step in the {where}]({lesson_link(lesson, number, play=True)}) to change it and see every plot."


def show(api: Api, lesson_id: str, number: int) -> list[Any]:
    """Everything the tab shows for one step: one run, then its texts."""
    lesson = LESSONS[lesson_id]
    result = api.run_state(lesson.state(number), page=True)
    at = ORDER.index((lesson_id, number))
    return [
        gr.update(value=lesson_id),
        number,
        position(lesson, number),
        step_markdown(lesson, number, result),
        open_markdown(lesson_id, number),
        printed_text(result),
        gr.update(value=summary_markdown(result), visible=True) if result.ok else gr.update(value="", visible=False),
        result.module if result.ok else "",
        result.code if result.ok else "",
        gr.update(visible=at > 0),
        gr.update(visible=at < len(ORDER) - 1),
        lesson_link(lesson_id, number),
    ]


def summary_markdown(result: RunResult) -> str:
    """A model step's table of layers; a layer step's `state_dict`, the tensors it learns and
    keeps (a recurrent step's weight_ih_l0 ... _reverse), which its printout does not show."""
    if result.summary:
        return model_summary_markdown(result)
    return "**`module.state_dict()`**, name by name:\n\n" + state_dict_markdown(result)


def printed_text(result: RunResult) -> str:
    """What the step's cell prints: its tensors, then what it prints of a submodule it opens."""
    if not result.ok:
        return ""
    inside = [f"# {code}\n{text}" for code, text in result.inside.printed()] if result.inside else []
    return "\n\n".join([values_text(result), *inside])


def moved(lesson_id: str, number: float | None, by: int) -> tuple[str, int]:
    """Back or next, across lessons: the last step's next is the next lesson's first."""
    here = (lesson_id, int(number or 1)) if (lesson_id, int(number or 1)) in ORDER else (FIRST, 1)
    return ORDER[min(max(ORDER.index(here) + by, 0), len(ORDER) - 1)]


def build_lessons_tab(api: Api, quiet: dict[str, Any]) -> LessonsTab:
    """Lay out and wire the tab; called inside its gr.Tab. A step runs when it is shown: when
    the tab is opened, on back and next, and when a lesson link arrives."""
    with gr.Row(equal_height=False, elem_id="lessons-row"):
        with gr.Column(scale=1, min_width=300, elem_id="lesson-controls", elem_classes=["lp-controls"]):
            lesson = gr.Dropdown(
                [(item.title, item.id) for item in LESSONS.values()], value=FIRST, label="lesson", elem_id="lesson-pick"
            )
            step = gr.Number(1, precision=0, visible=False, elem_id="lesson-step-number")
            where = gr.Markdown(position(LESSONS[FIRST], 1), elem_id="lesson-position")
            with gr.Row():
                back = gr.Button("← back", elem_id="lesson-back", size="sm", min_width=90, visible=False)
                forward = gr.Button("next →", elem_id="lesson-next", size="sm", min_width=90, variant="primary")
            text = gr.Markdown(elem_id="lesson-text")
            play = gr.Markdown(elem_id="lesson-open")
            download = gr.Button("download notebook", elem_id="lesson-download-notebook", size="sm")
        with gr.Column(scale=2, elem_id="lesson-results"):
            printed = gr.Code(language=None, label="what the step prints", elem_id="lesson-printed")
            summary = gr.Markdown(visible=False, elem_id="lesson-summary")
            module = gr.Code(language=None, label="print(module)", elem_id="lesson-module")
            code = gr.Code(language="python", label="the step's code, for a notebook", elem_id="lesson-code")
    shared = gr.Textbox(lesson_link(FIRST, 1), elem_id="lesson-state", elem_classes=["bench-hidden"], show_label=False)
    shown = [lesson, step, where, text, play, printed, summary, module, code, back, forward, shared]

    back.click(lambda name, n: show(api, *moved(name, n, -1)), [lesson, step], shown, **quiet)
    forward.click(lambda name, n: show(api, *moved(name, n, 1)), [lesson, step], shown, **quiet)
    lesson.input(lambda name: show(api, name, 1), lesson, shown, **quiet)
    return LessonsTab(shared, lesson, step, download, shown)
