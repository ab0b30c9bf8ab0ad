"""The downloaded notebook, run as Jupyter runs it, prints what the playground showed.

The notebook claims that "Run all" reproduces the view. The honest check executes it in a
real kernel (nbclient, `python3` from this environment, no playground on its path, a temporary
working directory) and compares what its cells printed with what the exported-code tests expect
from the same `RunResult` (their functions, imported: one definition of "what the page shows").
One kernel runs the five notebooks, started before the first test (`@early`), so the ~5 s of
kernel start and torch import overlap the in-process tests.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import torch
from helpers import early, started
from test_codegen import _expected_stdout as expected_layer_stdout
from test_model_codegen import STACK
from test_model_codegen import expected_stdout as expected_model_stdout

from playground import records
from playground.lessons import LESSONS
from playground.registry.models import PRESETS
from playground.registry.specs import REGISTRY
from playground.render.notebook import Part, notebook, notebook_filename, split_script
from playground.request.plan import resolve
from playground.request.state import RANDOM_FAMILIES, InputState, RandomSpec, StackLayer, State, state_from_json
from playground.run import codegen, engine

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "harness" / "notebooks.py"
CPU = torch.device("cpu")
LINK = "https://example.org/playground/?layer=Conv2d&p.out_channels=4"

CONV = State(
    "Conv2d",
    params={"out_channels": 4, "kernel_size": 3, "padding": "same", "bias": False},
    input=InputState((2, 1, 10, 10), "image", seed=3),
    mode="eval",
    backward=True,
)
CASES: dict[str, State] = {
    "layer-Conv2d": CONV,
    "preset-LeNet": State(model="LeNet", input=InputState(seed=4), backward=True),
    "stack": state_from_json(
        json.dumps({"model": {"layers": STACK}, "input": {"shape": [2, 1, 12, 12], "dist": "image", "seed": 9}}),
        "model",
    ),
    "random-dense": State(model=RandomSpec("dense", 0, 3), input=InputState(seed=123)),
    # a lesson's step: it continues the stream of the three steps before it and calls Dropout twice
    "lesson-step": LESSONS["seeded-cells"].state(4),
}
FILENAMES = {
    "layer-Conv2d": "Conv2d.ipynb",
    "preset-LeNet": "LeNet.ipynb",
    "stack": "stack.ipynb",
    "random-dense": "random-dense.ipynb",
    "lesson-step": "Dropout.ipynb",
}


def expected(key: str, result: records.RunResult) -> str:
    """What the exported-code tests say the script prints for this record."""
    state = CASES[key]
    return expected_layer_stdout(result, state) if state.model is None else expected_model_stdout(result)


class Executed:
    """The five notebooks, being run in one kernel by a fresh interpreter; read once it ends."""

    def __init__(self, folder: Path) -> None:
        self.results = {key: engine.run(state, CPU) for key, state in CASES.items()}
        assert all(r.ok for r in self.results.values()), {k: r.error for k, r in self.results.items()}
        self.paths = {key: folder / FILENAMES[key] for key in CASES}
        for key, path in self.paths.items():
            path.write_text(notebook(self.results[key], LINK))
        env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
        env.pop("PYTHONPATH", None)  # the notebooks must not need the playground
        self.log = folder / "driver.log"
        with self.log.open("w") as log:  # a file, not a pipe: a full pipe would stop the driver
            self.process = subprocess.Popen(
                [sys.executable, str(DRIVER), *map(str, self.paths.values())],
                cwd=folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def notebooks(self) -> dict[str, nbformat.NotebookNode]:
        self.process.wait(timeout=600)
        assert self.process.returncode == 0, self.log.read_text()
        return {key: nbformat.read(path, as_version=4) for key, path in self.paths.items()}


@early
def executed_notebooks(folder: Path) -> Executed:
    return Executed(folder)


@pytest.fixture(scope="module")
def executed() -> tuple[dict[str, records.RunResult], dict[str, nbformat.NotebookNode]]:
    run = started(executed_notebooks)
    return run.results, run.notebooks()


@pytest.fixture(scope="module")
def results() -> dict[str, records.RunResult]:
    return started(executed_notebooks).results


def read(result: records.RunResult, link: str | None = None) -> nbformat.NotebookNode:
    return nbformat.reads(notebook(result, link), as_version=4)


def outputs(cell: nbformat.NotebookNode, kind: str) -> list[nbformat.NotebookNode]:
    return [out for out in cell.get("outputs", []) if out["output_type"] == kind]


@pytest.mark.parametrize("key", list(CASES))
def test_run_all_prints_what_the_playground_shows(executed, key):
    """Every code cell ran without an error, and what they printed, in order, is the page's text.
    Nothing else is shown under a cell: a value Jupyter displays is one the page never printed."""
    results, notebooks = executed
    cells = [cell for cell in notebooks[key].cells if cell.cell_type == "code"]
    errors = [out for cell in cells for out in outputs(cell, "error")]
    assert not errors, "\n".join("\n".join(e["traceback"]) for e in errors)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    shown = [out["output_type"] for cell in cells for out in cell.outputs if out["output_type"] != "stream"]
    assert shown == []
    printed = "".join(out["text"] for cell in cells for out in outputs(cell, "stream") if out["name"] == "stdout")
    assert printed == expected(key, results[key]), results[key].code


def test_the_cells_are_the_script_cut_at_its_steps(results):
    """The code cells are the exported script, every line kept and in order (blank lines at a cut
    are dropped), cut where the reproducibility contract's steps begin."""
    parts = {}
    for key, result in results.items():
        document = read(result)
        about, *cells = document.cells
        assert about.cell_type == "markdown" and {cell.cell_type for cell in cells} == {"code"}
        kept = [line for cell in cells for line in cell.source.splitlines() if line.strip()]
        assert kept == [line for line in result.code.splitlines() if line.strip()], key
        parts[key] = [cell.id for cell in cells]
        build = cells[parts[key].index("build")].source
        assert "torch.manual_seed(" in build and "x = " in build and ".to(device)" not in build, key
        assert cells[parts[key].index("run")].source.startswith(("layer = layer.to(device)", "x = x.to(device)")), key
    assert parts == {
        "layer-Conv2d": ["imports", "definitions", "build", "run", "backward"],  # the image helper, the gradients
        "preset-LeNet": ["imports", "definitions", "build", "run", "backward"],  # the class, `output.sum().backward()`
        "stack": ["imports", "definitions", "build", "run"],
        "random-dense": ["imports", "build", "run"],
        "lesson-step": ["imports", "build", "run"],
    }


def every_script() -> dict[str, tuple[str, bool]]:
    """Each layer's script with and without backward, each preset's, each random family's (written
    from the plan, not run: a fraction of a second for all), and whether it should end in a backward."""
    scripts = {}
    for backward in (False, True):
        for name in REGISTRY:
            scripts[f"{name}-{backward}"] = (codegen.layer_code(resolve(State(name, backward=backward))), backward)
        for name in PRESETS:
            scripts[f"{name}-{backward}"] = (
                codegen.model_code(resolve(State(model=name, backward=backward))),
                backward,
            )
    for family in RANDOM_FAMILIES:  # an ensemble's script has no backward
        scripts[family] = (codegen.model_code(resolve(State(model=RandomSpec(family, 0, 2)))), False)
    return scripts


def test_every_script_is_cut_at_the_same_steps():
    """For every script the page can export: every line kept in order, the parts in order and each
    once, the input drawn before anything touches the device, and no cell ending on a bare
    expression (Jupyter would show its value, which the script never prints)."""
    for key, (code, backward) in every_script().items():
        cells = split_script(code)
        parts = [part for part, _ in cells]
        assert parts == sorted(set(parts)) and {Part.IMPORTS, Part.BUILD, Part.RUN} <= set(parts), key
        assert (Part.BACKWARD in parts) == backward, key
        kept = [line for _, source in cells for line in source.splitlines() if line.strip()]
        assert kept == [line for line in code.splitlines() if line.strip()], key
        build = dict(cells)[Part.BUILD]
        assert "\nx = " in build and "device)" not in build, key
        for part, source in cells:
            last = ast.parse(source).body[-1]
            bare = isinstance(last, ast.Expr) and not (
                isinstance(last.value, ast.Call) and getattr(last.value.func, "id", None) == "print"
            )
            assert not bare, f"{key}: the {part.name} cell ends on {ast.unparse(last)}"


def test_a_cut_never_follows_a_bare_expression():
    """`layer.train()` returns the layer: as a cell's last line Jupyter would show it, which the
    script never prints. The cut moves past it instead."""
    code = "import torch\ndevice = 'cpu'\nlayer = torch.nn.ReLU()\nlayer.train()\nprint(layer.to(device))\n"
    cells = split_script(code)
    assert [part for part, _ in cells] == [Part.IMPORTS, Part.BUILD]
    assert cells[1][1].endswith("layer.train()\nprint(layer.to(device))")
    printed = code.replace("layer.train()", "print(layer.train())")  # a print displays nothing: cut there
    assert [part for part, _ in split_script(printed)] == [Part.IMPORTS, Part.BUILD, Part.RUN]


def test_the_words_say_what_the_view_shows(results):
    """The first cell names the subject, the values set away from the defaults (and no default),
    the input, the seed, the mode and the backward, and links to the view when given one."""
    words = {key: read(result, LINK).cells[0].source for key, result in results.items()}
    conv = words["layer-Conv2d"]
    for part in ("`nn.Conv2d`", "out_channels=4, kernel_size=3, padding='same', bias=False", "(2, 1, 10, 10)"):
        assert part in conv
    for part in ("(N, C_in, H, W)", "`image`", "sample_image(2, 1, 10, 10)", "torch.manual_seed(3)", "`eval`"):
        assert part in conv
    assert "backward" in conv and "in_channels" not in conv and "stride" not in conv
    assert "no backward" in words["random-dense"] and "no backward" not in conv
    assert "`LeNet`" in words["preset-LeNet"] and results["preset-LeNet"].model["about"] in words["preset-LeNet"]
    stack = words["stack"]
    named = [f"`({index})` `nn.{item['layer']}`" for index, item in enumerate(STACK)]
    assert all(name in stack for name in named) and sorted(named, key=stack.index) == named
    assert "`(2)` `nn.ReLU`, all defaults" in stack and "`(6)` `nn.LazyLinear` with out_features=5" in stack
    assert "3 dense models" in words["random-dense"] and "seed 0" in words["random-dense"]
    assert "torch.rand(2, 20)" in words["random-dense"] and "torch.manual_seed(123)" in words["random-dense"]
    for key, text in words.items():
        assert f"]({LINK})" in text, key
    without = read(results["layer-Conv2d"]).cells[0].source
    assert "](" not in without and "Layer Playground" in without


def test_every_input_is_named():
    """A loss takes a target besides its input: the words name both, and the backward's start."""
    result = engine.run(State("CrossEntropyLoss", input=InputState((4, 5)), backward=True), CPU)
    words = read(result).cells[0].source
    assert "(4, 5) (N, C)" in words and "then `target` of shape (4,)" in words and "`loss.sum()`" in words


def test_a_link_cannot_break_out_of_its_markdown(results):
    text = read(results["stack"], "http://x/?a=(1) b").cells[0].source
    assert "](http://x/?a=%281%29%20b)" in text


def test_the_file_validates_and_carries_the_state(results):
    """A valid nbformat 4 file for the python3 kernel, the same bytes for the same run (a page
    can offer it twice), holding the state it ran from."""
    for key, result in results.items():
        text = notebook(result, LINK)
        document = nbformat.reads(text, as_version=4)
        nbformat.validate(document)
        assert document.nbformat == 4 and document.metadata.kernelspec.name == "python3"
        assert document.metadata.playground.state == json.loads(json.dumps(result.state)), key
        assert notebook(result, LINK) == text, key


def test_filenames_name_the_subject(results):
    assert {key: notebook_filename(result) for key, result in results.items()} == FILENAMES
    single = engine.run(State(model=RandomSpec("conv", 3, 1)), CPU)
    assert notebook_filename(single) == "random-conv.ipynb"


def test_a_stack_lists_each_layer_even_when_only_defaults_were_sent():
    """The builder may send every parameter; the words still name only those away from the defaults."""
    result = engine.run(State(model=(StackLayer("Linear", {"in_features": 4, "out_features": 3, "bias": True}),)), CPU)
    assert result.settings == (("Linear", {}),)
    assert "`(0)` `nn.Linear`, all defaults" in read(result).cells[0].source


def test_a_refused_run_has_no_notebook():
    with pytest.raises(ValueError, match="worked"):
        notebook(records.refused("kernel_size", "kernel_size 7 is larger than the padded input 5 along H"), None)


def test_the_renderer_imports_without_torch_or_gradio():
    """The page builds the file in the server process, which never imports torch."""
    code = (
        "import sys, playground.render.notebook\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'gradio', 'plotly'}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
