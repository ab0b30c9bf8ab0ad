"""A run as a Jupyter notebook: what the view shows, in words, then its script in a few cells.

The script is codegen's, untouched (its own tests run it and pin its text); here it is only
cut where a reader pauses: the imports, the definitions it pastes, the contract's steps on the
CPU (seed, build, draw), the move to the device with the forward and the prints, and the
backward. Cells run in order in one namespace, so "Run all" prints what the script prints,
which is what the page shows. No torch here: the page builds the file from the record alone.
"""

from __future__ import annotations

import ast
import enum
import json
import re
from typing import Any

import nbformat
from nbformat import v4

from playground.records import RunResult, Subject

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


class Part(enum.IntEnum):
    """The cells, in the order the script is written; a later part never comes back to an earlier one."""

    IMPORTS = 0
    DEFINITIONS = 1  # the classes and helpers the script pastes (a preset's source, sample_image)
    BUILD = 2  # the device's name, the seed, the module and the input, all on the CPU
    RUN = 3  # from the first line that uses the device: the move, the mode, the forward, the prints
    BACKWARD = 4


def notebook(result: RunResult, link: str | None = None) -> str:
    """The view as an .ipynb (nbformat v4, validated): a markdown cell that says what it shows
    and links back to it, then the run's script cut into cells. Only a run that worked has a
    script to export: a refusal raises ValueError."""
    if not result.ok or not result.code:
        raise ValueError("only a run that worked has code to export")
    cells = [v4.new_markdown_cell(describe(result, link), id="about")]
    cells += [v4.new_code_cell(source, id=part.name.lower()) for part, source in split_script(result.code)]
    document = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
            # the state as it ran: enough to open the same view again
            "playground": {"state": json.loads(json.dumps(result.state)), "link": link},
        },
    )
    nbformat.validate(document)
    return nbformat.writes(document)


def notebook_filename(result: RunResult) -> str:
    """What the subject is called: the layer or preset, `stack`, `random-<family>`."""
    subject = _subject(result)
    if subject is Subject.STACK:
        name = "stack"
    elif subject is Subject.RANDOM:
        name = f"random-{result.state['model']['random']['family']}"
    else:
        name = result.layer
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name) + ".ipynb"


def _subject(result: RunResult) -> Subject:
    return Subject(result.model["kind"]) if result.model else Subject.LAYER


# --- the script, cut ---------------------------------------------------------------------------


def split_script(code: str) -> list[tuple[Part, str]]:
    """The script's lines, in order and unchanged, cut before each statement that starts a later
    part. Never after a bare expression such as `layer.train()`: Jupyter would show its value
    under the cell, which the script never prints."""
    lines = code.splitlines()
    starts: list[tuple[Part, int]] = []  # each cell's part and first line (0-based)
    previous: ast.stmt | None = None
    for statement in ast.parse(code).body:
        part = max(_part_of(statement), starts[-1][0] if starts else Part.IMPORTS)
        if not starts:
            starts.append((part, 0))  # anything above the first statement goes with it
        elif part != starts[-1][0] and not _displays(previous):
            starts.append((part, _first_line(statement)))
        previous = statement
    ends = [line for _, line in starts[1:]] + [len(lines)]
    cells = [(part, "\n".join(lines[start:end]).strip("\n")) for (part, start), end in zip(starts, ends, strict=True)]
    return [(part, source) for part, source in cells if source.strip()]


def _part_of(statement: ast.stmt) -> Part:
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return Part.IMPORTS
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return Part.DEFINITIONS
    nodes = list(ast.walk(statement))
    if any(isinstance(n, ast.Attribute) and n.attr == "backward" for n in nodes):
        return Part.BACKWARD
    if any(isinstance(n, ast.Name) and n.id == "device" and isinstance(n.ctx, ast.Load) for n in nodes):
        return Part.RUN
    return Part.BUILD


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)]) - 1


def _displays(statement: ast.stmt | None) -> bool:
    """A bare expression other than a print: as a cell's last line, Jupyter shows its value."""
    if not isinstance(statement, ast.Expr):
        return False
    call = statement.value
    return not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print")


# --- the words ---------------------------------------------------------------------------------


def describe(result: RunResult, link: str | None) -> str:
    """What the view shows, from the record: the subject and its settings, the input and how it
    was drawn, the mode, the backward, and where the view lives."""
    state = result.state
    subject = _subject(result)
    paragraphs = [f"# {_title(result, subject)}", _subject_words(result, subject), _input_words(result)]
    paragraphs.append(_run_words(result, subject))
    where = f"[the Layer Playground]({_escape_link(link)})" if link else "the Layer Playground"
    paragraphs.append(
        f"This notebook rebuilds a view of {where}. Its code cells are the page's code, cut into "
        f"steps: **Run all** prints the numbers the page shows for seed {state['input']['seed']} "
        f"(the page ran on `{result.device}`; on another kind of device the last digits may differ, "
        "and a GPU's tensors print with their `device`)."
    )
    return "\n\n".join(paragraphs)


def _title(result: RunResult, subject: Subject) -> str:
    if subject is Subject.LAYER:
        return f"`nn.{result.layer}` in the Layer Playground"
    if subject is Subject.PRESET:
        return f"`{result.layer}` in the Layer Playground"
    if subject is Subject.STACK:
        return "A layer stack in the Layer Playground"
    return f"Random {_random_spec(result)['family']} models in the Layer Playground"


def _subject_words(result: RunResult, subject: Subject) -> str:
    if subject is Subject.LAYER:
        changed = result.settings[0][1] if result.settings else {}
        if not changed:
            return f"The layer is `nn.{result.layer}` with every parameter at the playground's default."
        return (
            f"The layer is `nn.{result.layer}` with {_kwargs(changed)}; every other parameter is at the "
            "playground's default (torch's own, where torch has one)."
        )
    if subject is Subject.PRESET:
        about = f" {result.model['about']}" if result.model.get("about") else ""
        return f"The model is `{result.layer}`, one of the course's models.{about}"
    if subject is Subject.STACK:
        rows = [
            f"- `({index})` `nn.{name}`" + (f" with {_kwargs(changed)}" if changed else ", all defaults")
            for index, (name, changed) in enumerate(result.settings)
        ]
        return (
            f"The model is an `nn.Sequential` of {len(rows)} layers from the Model Builder; each is listed "
            "with the parameters set away from the playground's defaults:\n\n" + "\n".join(rows)
        )
    spec = _random_spec(result)
    count = spec["count"]
    many = f"{count} {spec['family']} models" if count > 1 else f"one {spec['family']} model"
    each = ", each run on the same input" if count > 1 else ""
    return (
        f"The view shows {many} drawn by the playground's random generator with seed {spec['seed']}"
        f"{each}; the code writes the architectures out, layer by layer."
    )


def _input_words(result: RunResult) -> str:
    state = result.state["input"]
    dims = f" ({', '.join(result.input_dims)})" if result.input_dims else ""
    drawn = _drawing(result.code)
    how = f": the code draws it with `{drawn}`" if drawn else ", drawn"
    extras = [f"`{name}` of shape {_shape(result.shapes.get(name, ()))}" for name in result.inputs[1:]]
    then = f", then {', '.join(extras)}" if extras else ""
    return (
        f"The input has shape {_shape(result.input_shape)}{dims} and the distribution `{state['dist']}`{how} "
        f"right after `torch.manual_seed({state['seed']})` and the build, as the page does{then}."
    )


def _run_words(result: RunResult, subject: Subject) -> str:
    name = "layer" if subject is Subject.LAYER else "model"
    if len(result.ensemble) > 1:
        words = f"Each model runs in `{result.mode}` mode (`model.{result.mode}()`)"
    else:
        outputs = ", ".join(f"`{out}` of shape {_shape(shape)}" for out, shape in result.outputs)
        words = f"The {name} runs in `{result.mode}` mode (`{name}.{result.mode}()`) and gives {outputs}"
    if not result.backward:
        return words + "; no backward pass."
    first = result.outputs[0][0] if result.outputs else "output"
    printed = ", and the code prints each parameter's gradient" if subject is Subject.LAYER else ""
    return words + f"; then a backward pass runs from `{first}.sum()`{printed}."


def _random_spec(result: RunResult) -> dict[str, Any]:
    return result.state["model"]["random"]


def _drawing(code: str) -> str | None:
    """The expression that draws `x`, as the script writes it (`torch.rand(2, 20)`)."""
    for statement in ast.parse(code).body:
        if (
            isinstance(statement, ast.Assign)
            and [getattr(t, "id", None) for t in statement.targets] == ["x"]
            and _part_of(statement) is Part.BUILD
        ):
            return ast.get_source_segment(code, statement.value)
    return None


def _kwargs(params: dict[str, Any]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in params.items())


def _shape(shape: tuple[int, ...]) -> str:
    """As Python and the script's comments write it: (4,) for one axis, () for a scalar."""
    return str(tuple(shape))


def _escape_link(link: str) -> str:
    """A link inside markdown's (...): characters that would end it or break it, percent-encoded."""
    return link.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
