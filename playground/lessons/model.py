"""What a lesson is: ordered steps, each a playground state with a few sentences, and the notes'
examples each step opens, with what the notes printed for them.

A lesson with a stream is a notebook run top to bottom: its seed is set once, before the first
step, and each step draws where the one before it stopped. A step's state is run with the
earlier steps as `input.after`, so the engine, the exported code and the notebook all replay
them, and a step opened on its own (a link, `/run_lesson`) prints what it printed in order.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from playground.records import Subject
from playground.registry.specs import SpecError
from playground.request.state import State, check_known


class Fidelity(enum.Enum):
    """How closely a step shows what the notes printed; tests hold each claim to the notes."""

    EXACT = "exact"  # every number the notes printed, digit for digit
    STRUCTURE = "structure"  # the notes printed numbers of an unseeded run: shapes, names and modules match
    DIFFERS = "differs"  # seeded, but torch 2.13 gives other digits somewhere: the step says where and why


@dataclass(frozen=True)
class Example:
    """One example of the notes: where it is (note and cell), and what the notes printed for it,
    by the name the playground prints it under (a value's name, or "module")."""

    note: str  # the note's number, "000" to "004"
    cell: str  # where in the note: its cell label, or the heading above an uncounted block
    what: str
    fidelity: Fidelity
    printed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    why: str = ""  # for DIFFERS: which digits differ and why; shown in the step and the table


@dataclass(frozen=True)
class Step:
    title: str
    text: str  # one or two sentences: what the step shows
    notice: str  # what to look at on the page
    state: State
    examples: tuple[Example, ...] = ()

    @property
    def differences(self) -> tuple[str, ...]:
        return tuple(e.why for e in self.examples if e.fidelity is Fidelity.DIFFERS)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    steps: tuple[Step, ...]
    seed: int | None = None  # a stream: the steps continue one random stream from this seed

    def state(self, number: int) -> State:
        """Step `number` (from 1) as it runs: in a stream, seeded by the lesson and after the
        steps before it; otherwise as written."""
        step = self.steps[number - 1]
        if self.seed is None:
            return step.state
        earlier = tuple(s.state for s in self.steps[: number - 1])
        given = dataclasses.replace(step.state.input, seed=self.seed, after=earlier)
        return dataclasses.replace(step.state, input=given)

    def check(self) -> None:
        """A stream replays its earlier steps as layer runs: a model cannot be one of them."""
        if self.seed is not None:
            kinds = {s.state.kind for s in self.steps}
            assert kinds == {Subject.LAYER}, f"lesson {self.id}: a stream's steps must be layers, got {kinds}"

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "steps": [{"title": s.title, "text": s.text} for s in self.steps],
        }


def lesson_step(lessons: Mapping[str, Lesson], data: Any) -> tuple[Lesson, int]:
    """`{"lesson": id, "step": n}`, strictly: each refusal names its field, as a state's do."""
    if not isinstance(data, dict):
        raise SpecError(
            None, f'the request must be a JSON object {{"lesson": ..., "step": ...}}, got {type(data).__name__}'
        )
    check_known(data, ("lesson", "step"), "")
    lesson = lessons.get(data.get("lesson")) if isinstance(data.get("lesson"), str) else None
    if lesson is None:
        raise SpecError("lesson", f"unknown lesson {data.get('lesson')!r}; choose one of: {', '.join(lessons)}")
    step = data.get("step")
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= len(lesson.steps):
        raise SpecError(
            "step", f"step must be an integer in [1, {len(lesson.steps)}] for lesson {lesson.id!r}, got {step!r}"
        )
    return lesson, step


def fidelity_table(lessons: Mapping[str, Lesson]) -> str:
    """Every example of the notes the lessons open: where it lives and how close it comes. The
    claims are the lessons' own data, which tests/test_lessons.py holds to the notes."""
    rows = []
    for lesson in lessons.values():
        for number, step in enumerate(lesson.steps, 1):
            for example in step.examples:
                how = example.fidelity.value + (f": {example.why}" if example.why else "")
                where = f"`?lesson={lesson.id}&step={number}`"
                rows.append((example.note, example.cell, example.what, where, how))
    rows.sort(key=lambda row: row[0])  # by note, each note's examples in lesson order
    lines = ["| note | cell | example | lesson step | fidelity |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(cell.replace('|', '/') for cell in row)} |" for row in rows]
    counts = {f: sum(row[4].startswith(f.value) for row in rows) for f in Fidelity}
    lines.append("")
    lines.append(f"{len(rows)} examples: " + ", ".join(f"{n} {f.value}" for f, n in counts.items()) + ".")
    return "\n".join(lines)
