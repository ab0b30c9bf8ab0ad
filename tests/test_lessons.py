"""The lessons, held to the course's notes: every step runs, every example a step claims shows
what the notes printed (or differs where, and only where, the step says so), and the API serves
them over raw HTTP as it serves a layer."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import torch
from helpers import call_api, call_endpoint

from playground.lessons import LESSONS, Fidelity
from playground.lessons import printed as notes
from playground.lessons.course import MASKS_DIFFER
from playground.records import RunResult
from playground.run import engine
from playground.ui.lessons import summary_markdown

CPU = torch.device("cpu")
STEPS = [(lesson.id, number) for lesson in LESSONS.values() for number in range(1, len(lesson.steps) + 1)]
# steps whose examples do not print as the notes do yet (strict: a marker goes when its step passes);
# none since the presets follow the notes (MyModel's Softmax(dim=None))
PENDING: set[tuple[str, int]] = set()


def shown(result: RunResult, name: str) -> str:
    """A printed value by the name an example gives it; "module" is the module's printout."""
    if name == "module":
        return result.module
    if name.startswith("print("):  # a line the view inside a model prints
        assert result.inside is not None
        return dict(result.inside.printed())[name]
    if name == "output.shape":  # what `net(X).shape` prints
        return f"torch.Size({list(dict(result.outputs)['output'])})"
    return result.values[name]


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, int], RunResult]:
    return {(lesson, number): engine.run(LESSONS[lesson].state(number), CPU) for lesson, number in STEPS}


@pytest.mark.parametrize(
    ("lesson", "number"),
    [pytest.param(*step, marks=pytest.mark.xfail(strict=True)) if step in PENDING else step for step in STEPS],
)
def test_every_step_runs_and_shows_what_its_examples_claim(runs, lesson, number):
    result = runs[lesson, number]
    assert result.ok, result.error
    step = LESSONS[lesson].steps[number - 1]
    assert step.title and step.text and step.notice
    for example in step.examples:
        for name, text in example.printed.items():
            if example.fidelity is Fidelity.DIFFERS:
                assert shown(result, name) != text, f"{example.what}: {name} now matches the notes; mark it exact"
                assert example.why and example.why in step.differences
            else:
                assert shown(result, name) == text, f"{example.what}: {name}"


def test_the_notes_seeded_numbers_digit_for_digit(runs):
    """The notes' Linear, MaxPool and BatchNorm cells, run as one stream from seed 42."""
    linear, pool, norm = (runs["seeded-cells", n] for n in (1, 2, 3))
    assert [linear.values[k] for k in ("input", "weight", "bias", "output")] == [
        notes.LINEAR_INPUT,
        notes.LINEAR_WEIGHT,
        notes.LINEAR_BIAS,
        notes.LINEAR_OUTPUT,
    ]
    assert (pool.values["input"], pool.values["output"]) == (notes.MAXPOOL_INPUT, notes.MAXPOOL_OUTPUT)
    assert (norm.values["input"], norm.values["input.mean()"], norm.values["output"]) == (
        notes.BATCHNORM_INPUT,
        notes.BATCHNORM_INPUT_MEAN,
        notes.BATCHNORM_OUTPUT,
    )


def test_dropout_keeps_the_notes_input_and_only_the_masks_differ(runs):
    """The claim the Dropout step makes: every entry both runs keep is the same number."""
    result = runs["seeded-cells", 4]
    for ours, theirs in (
        (result.values["output"], notes.DROPOUT_FIRST),
        (result.values["output (call 2)"], notes.DROPOUT_SECOND),
    ):
        a, b = (torch.tensor(eval(text.removeprefix("tensor(").removesuffix(")"))) for text in (ours, theirs))
        both = (a != 0) & (b != 0)
        assert both.any() and torch.equal(a[both], b[both])
        assert not torch.equal(a != 0, b != 0)
        if ours is result.values["output"]:  # the step names the first call's common entries
            named = re.search(r"in the first call, the entries both keep are ([^)]*)\)", MASKS_DIFFER)
            assert named is not None
            listed = [float(x) for x in re.findall(r"\d+\.\d+", named.group(1))]
            assert listed == [round(v, 4) for v in a[both].tolist()]


def test_a_step_opened_alone_is_the_step_run_in_order(runs):
    """A stream's step replays the steps before it: opened alone (a link, the API), it prints
    what it printed after them, and not what a fresh seed gives."""
    lesson = LESSONS["seeded-cells"]
    fresh = engine.run(lesson.steps[1].state, CPU)  # the same state without the lesson's stream
    assert fresh.ok and fresh.values["input"] != runs["seeded-cells", 2].values["input"]


def test_the_eval_step_passes_dropout_input_through(runs):
    result = runs["seeded-cells", 5]
    assert result.values["output"] == result.values["input"]


def test_a_stream_holds_layer_steps_only():
    for lesson in LESSONS.values():
        lesson.check()


@pytest.mark.server
def test_every_step_over_raw_http(server_url):
    """`/lessons` lists what LESSONS holds; `/run_lesson` runs each step as `/run_layer` or
    `/run_model` would run its state, with the same result object."""
    listed = call_endpoint(server_url, "lessons", [])
    assert [lesson["id"] for lesson in listed["lessons"]] == list(LESSONS)
    for lesson in listed["lessons"]:
        steps = LESSONS[lesson["id"]].steps
        assert lesson["title"] == LESSONS[lesson["id"]].title
        assert lesson["steps"] == [{"title": s.title, "text": s.text} for s in steps]
    for lesson, number in STEPS:
        result = call_api(server_url, "run_lesson", json.dumps({"lesson": lesson, "step": number}))
        assert result["ok"], (lesson, number, result["error"])
        state = LESSONS[lesson].state(number)
        endpoint = "run_layer" if state.model is None else "run_model"
        direct = call_api(server_url, endpoint, json.dumps(state.to_dict()))
        assert set(result) == set(direct)
        assert result["values"] == direct["values"] and result["module"] == direct["module"]
    pool = call_api(server_url, "run_lesson", json.dumps({"lesson": "seeded-cells", "step": 2}))
    assert pool["values"]["input"] == notes.MAXPOOL_INPUT


@pytest.mark.server
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ('{"lesson": "nope", "step": 1}', "lesson"),
        ('{"lesson": "seeded-cells", "step": 0}', "step"),
        ('{"lesson": "seeded-cells", "step": 99}', "step"),
        ('{"lesson": "seeded-cells", "step": "1"}', "step"),
        ('{"lesson": "seeded-cells", "step": 1, "seed": 3}', "seed"),
        ('{"lesson": "seeded-cells"', None),
        ('["seeded-cells", 1]', None),
    ],
)
def test_a_bad_lesson_request_is_a_clean_refusal(server_url, payload, field):
    result = call_api(server_url, "run_lesson", payload)
    assert result["ok"] is False
    assert result["error"]["param"] == field and result["error"]["message"]


COURSE = Path(__file__).resolve().parents[2] / "shared" / "course"
CELL = re.compile(r"^In \[(\d+)\]:?\n(.*?)(?=^In \[|\Z)", re.M | re.S)


def cells_opened(note: str) -> set[int]:
    """The numbered cells the lessons' examples name for a note ("In [7]", "In [198] to [200]")."""
    opened: set[int] = set()
    for lesson in LESSONS.values():
        for step in lesson.steps:
            for example in step.examples:
                if example.note != note:
                    continue
                for first, last in re.findall(r"In \[(\d+)\](?: to \[(\d+)\])?", example.cell):
                    opened |= set(range(int(first), int(last or first) + 1))
    return opened


# the numbered cells of notes 001 and 002 that hold code beyond imports: facts of the notes,
# written here so that CI, on a clone without the course beside it, still checks every one
CODE_CELLS = {
    "001": (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
    "002": (
        9,
        10,
        45,
        81,
        83,
        198,
        199,
        200,
        201,
        202,
        204,
        205,
        206,
        211,
        214,
        217,
        220,
        221,
        222,
        226,
        260,
        261,
        262,
    ),
}


@pytest.mark.parametrize("note", list(CODE_CELLS))
def test_every_numbered_cell_of_the_notes_is_opened_by_a_step(note):
    """The notes that number their cells: each cell with code is an example some step opens, so
    the table leaves none out."""
    assert set(CODE_CELLS[note]) - cells_opened(note) == set()


@pytest.mark.skipif(not COURSE.is_dir(), reason="the course notes live beside the repository")
@pytest.mark.parametrize("note", list(CODE_CELLS))
def test_the_list_of_cells_is_the_notes_own(note):
    """Where the notes are at hand: every cell with code in them is in the list above."""
    (path,) = COURSE.glob(f"{note}_*.txt")
    cells = {int(n): body for n, body in CELL.findall(path.read_text())}
    code = {
        n
        for n, body in cells.items()
        if not all(line.startswith(("import ", "from ")) for line in body.strip().split("\n\n")[0].splitlines())
    }
    assert code - set(CODE_CELLS[note]) == set()


def test_lenets_step_walks_its_shapes_through_the_pooling_calls(runs):
    """The course explains LeNet's shapes through the calls between its layers: the step shows them."""
    lenet = next(n for n, step in enumerate(LESSONS["convolution"].steps, 1) if step.state.model == "LeNet")
    rows = [(row.type, tuple(row.output_shape)) for row in runs["convolution", lenet].summary if row.is_call]
    assert ("F.max_pool2d", (1, 6, 14, 14)) in rows and ("F.max_pool2d", (1, 16, 6, 6)) in rows
    assert ("torch.flatten", (1, 576)) in rows


def test_the_random_step_draws_the_notes_dense_stack_among_its_members(runs):
    """The RMDL lesson's ensemble holds, as its step says, the stack its first step built."""
    lesson = LESSONS["rmdl"]
    members = [member["module"] for member in runs["rmdl", 3].ensemble]
    assert runs["rmdl", 1].module in members
    assert f"Member {members.index(runs['rmdl', 1].module) + 1} " in lesson.steps[2].notice


@pytest.mark.parametrize("num_layers", [1, 2])
def test_a_layer_step_shows_the_state_dict_its_words_point_at(num_layers):
    """The recurrent steps talk about the LSTM's state_dict: the tab shows it, name by name and
    with torch's shapes (its print and its input alone do not)."""
    result = engine.run(LESSONS["recurrent"].state(1 + num_layers), CPU)
    shown = summary_markdown(result)
    lstm = torch.nn.LSTM(100, 256, num_layers=num_layers, bidirectional=True)
    rows = re.findall(r"\| `(\w+)` \| (\([\d, ]+\)) \|", shown)
    assert [(name, ast.literal_eval(dims)) for name, dims in rows] == [
        (name, tuple(t.shape)) for name, t in lstm.state_dict().items()
    ]
    assert len(rows) == 8 * num_layers
