"""The Layer Lab's input controls (scale, shift, a typed tensor, a second call), in-process: the
text a person types read as torch.tensor reads it, the controls offered where the layer takes
them, and what the controls ask for, run and held to torch. The page itself is
test_e2e_controls.py's walk and test_e2e_lessons.py."""

from __future__ import annotations

from typing import Any

import pytest
import torch

from playground.lessons import LESSONS
from playground.registry.specs import REGISTRY, SpecError
from playground.request.link import hideable, lab_controls, link_from_query
from playground.request.plan import resolve
from playground.request.state import MAX_VALUES, InputState, State
from playground.request.typed import MAX_TYPED_CHARS, read_link_values, read_values, spell_link_values, spell_values
from playground.run import engine
from playground.ui.controls import ControlSet, build_controls, typed_at_start, uses_offered

# --- the typed text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[1.0, 2.0], [3.0, 4.0]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("  [1, -2, 3e-3, 4.]  ", [1, -2, 3e-3, 4.0]),
        ("((1, 2), (3, 4))", [[1, 2], [3, 4]]),  # tuples, as torch.tensor also takes them
        ("tensor([[0.5000, 1.5000]])", [[0.5, 1.5]]),  # copied from the printed values
        ("torch.tensor([[1, 2]])", [[1, 2]]),
        ("[[1,], [2,]]", [[1], [2]]),
    ],
)
def test_typed_text_reads_as_torch_tensor_reads_it(text: str, expected: list[Any]) -> None:
    values = read_values(text)
    assert torch.equal(torch.tensor(values), torch.tensor(expected))


def test_an_empty_box_means_drawn() -> None:
    assert read_values("") is None
    assert read_values("   \n ") is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[1, 2], [3]]", "rectangular"),
        ("[1, 'a']", "numbers from -1,000,000 to 1,000,000"),
        ("[True, 2]", "numbers from -1,000,000 to 1,000,000"),
        ("[1e999]", "numbers from -1,000,000 to 1,000,000"),
        ("[]", "none empty"),
        ("3.5", "at least one axis"),
        ("{1: 2}", "at least one axis"),
        ("[[1, 2]", "could not read"),
        ("__import__('os')", "could not read"),
        ("[" * 300 + "]" * 300, "could not read"),
        (str([0.5] * (MAX_VALUES + 1)), f"more than {MAX_VALUES} numbers"),
        ("[" + "1, " * MAX_TYPED_CHARS + "]", "characters"),
    ],
)
def test_typed_text_that_torch_tensor_would_not_take_is_refused_by_name(text: str, words: str) -> None:
    with pytest.raises(SpecError) as refused:
        read_values(text)
    assert refused.value.param == "values"
    assert words in refused.value.message
    assert "input.values" not in refused.value.message  # the page's words, not the API's field


@pytest.mark.parametrize("values", [((1, 2), (3, 4)), ((0.1, -2.5e-07),), (((1,), (2,)),), ((7,),)])
def test_a_typed_tensor_spells_and_reads_back(values: tuple[Any, ...]) -> None:
    assert read_values(spell_values(values)) == values
    link = spell_link_values(values)
    assert "[" not in link and " " not in link  # readable in a link, unescaped
    assert read_link_values(link) == values


# --- which controls a layer has -------------------------------------------------------------------


def test_the_controls_offered_are_the_ones_the_layer_takes() -> None:
    """A second call where check_uses allows it; a scale where the input is not token ids;
    a typed tensor everywhere. A teacher's link may hide exactly those."""
    for spec in REGISTRY.values():
        offered = uses_offered(spec)
        assert ("calls" in offered) == (len(spec.output_names) == 1), spec.name
        assert ("scale" in offered) == (spec.name != "Embedding"), spec.name
        assert "values" in offered
        assert set(offered) <= set(lab_controls(spec)) <= set(hideable(State(spec.name)))
        for name in ("scale", "shift", "values", "calls"):
            assert (name in offered) == (name in lab_controls(spec)), (spec.name, name)


# --- what the controls ask for ---------------------------------------------------------------------


def page_values(controls: ControlSet, **changes: Any) -> list[Any]:
    """The values the controls send, as they are built, with some changed (by elem_id without `ctl-`)."""
    values = []
    for component in controls.components:
        name = (component.elem_id or "").removeprefix("ctl-")
        values.append(changes.get(name.replace("-", "_"), component.value))
    return values


def test_scale_shift_and_calls_reach_the_state_and_torch() -> None:
    controls = build_controls(REGISTRY["Dropout"])
    state = controls.read(page_values(controls, scale=20, shift=5, calls=True, dist="normal"), None).state
    assert (state.input.scale, state.input.shift, state.calls) == (20, 5, 2)
    assert isinstance(state.input.scale, int)  # `* 20`, as a notebook writes it
    result = engine.run(state)
    torch.manual_seed(42)
    module = torch.nn.Dropout()
    x = torch.randn(state.input.shape) * 20 + 5
    first, second = module(x), module(x)
    assert result.values["input"] == repr(x)
    assert result.values["output"] == repr(first)
    assert repr(second) in result.values.values()


def test_a_typed_tensor_sets_the_free_sizes_and_runs_as_typed() -> None:
    controls = build_controls(REGISTRY["ReLU"])
    text = "[[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]]"
    reading = controls.read(page_values(controls, values=text), None)
    assert reading.refusal is None and not reading.cleared
    assert reading.sizes == {"N": 2, "H": 3}
    assert reading.state.input.shape == (2, 3)
    result = engine.run(reading.state)
    x = torch.tensor([[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]])
    assert result.values["input"] == repr(x)
    assert result.values["output"] == repr(torch.relu(x))
    # the next reading, with the sizes set: the same tensor runs, nothing to change
    again = controls.read(page_values(controls, values=text, dim_N=2, dim_H=3), reading.typed)
    assert again.state == reading.state and not again.sizes and not again.cleared


def test_moving_a_size_control_empties_the_typed_tensor_and_says_so() -> None:
    controls = build_controls(REGISTRY["ReLU"])
    text = "[[1, 2, 3], [4, 5, 6]]"
    first = controls.read(page_values(controls, values=text), None)
    moved = controls.read(page_values(controls, values=text, dim_N=2, dim_H=4), first.typed)
    assert moved.state.input.values is None and moved.state.input.shape == (2, 4)
    assert (
        moved.cleared == "The typed tensor (2, 3) was emptied: a control set the input's shape to (2, 4), "
        "so the input is drawn again."
    )
    assert moved.typed == {}
    # the distribution moved: drawn again too
    dist = controls.read(page_values(controls, values=text, dim_N=2, dim_H=3, dist="uniform"), first.typed)
    assert dist.state.input.values is None and "distribution" in dist.cleared


@pytest.mark.parametrize("dist", [None, "normal"])
def test_a_typed_tensor_a_link_opens_with_is_emptied_by_the_first_size_moved(dist: str | None) -> None:
    """The page's first run records the link's typed tensor as if just typed: moving a size
    control then empties it and says so (without the record, the sliders snapped back to the
    tensor's shape), and moving nothing keeps it, whichever distribution the link named."""
    query = "layer=Linear&in_features=3&values=((1,2,3),(4,5,6))" + (f"&dist={dist}" if dist else "")
    link, ignored = link_from_query(query)
    assert ignored == []
    controls = build_controls(REGISTRY["Linear"], link.state)
    record = typed_at_start(link.state)
    kept = controls.read(page_values(controls), record)
    assert kept.state.input.values == ((1, 2, 3), (4, 5, 6)) and kept.cleared == "" and kept.sizes == {}
    moved = controls.read(page_values(controls, dim_N=5), record)
    assert moved.state.input.values is None and moved.state.input.shape == (5, 3)
    assert moved.cleared.startswith("The typed tensor (2, 3) was emptied") and moved.sizes == {}


def test_a_typed_tensor_the_layer_cannot_take_is_refused_naming_what_it_needs() -> None:
    controls = build_controls(REGISTRY["Linear"])  # in_features 4 at its default
    wrong_width = controls.read(page_values(controls, values="[[1, 2, 3]]"), None)
    assert wrong_width.refusal is not None and wrong_width.refusal.param == "values"
    assert "in_features is 4" in wrong_width.refusal.message and "(1, 3)" in wrong_width.refusal.message
    wrong_rank = controls.read(page_values(controls, values="[1, 2, 3, 4]"), None)
    assert wrong_rank.refusal is not None and "2 axes" in wrong_rank.refusal.message
    fits = controls.read(page_values(controls, values="[[1, 2, 3, 4], [5, 6, 7, 8]]"), None)
    assert fits.refusal is None and fits.sizes == {"N": 2}


def test_typed_token_ids_for_an_embedding() -> None:
    controls = build_controls(REGISTRY["Embedding"])
    reading = controls.read(page_values(controls, values="[[1, 2], [3, 0]]"), None)
    result = engine.run(reading.state)
    assert result.ok, result.error
    assert result.values["input"] == repr(torch.tensor([[1, 2], [3, 0]]))


def test_a_lesson_step_opened_in_the_lab_starts_its_controls_at_its_values() -> None:
    """The step's scale, shift and calls are in the controls; what stays without a control
    (the stream it continues) is kept while they move."""
    lesson = LESSONS["seeded-cells"]
    number = next(i for i, step in enumerate(lesson.steps, 1) if step.state.input.scale != 1)
    start = lesson.state(number)
    controls = build_controls(REGISTRY[start.layer], start)
    by_id = {c.elem_id: c.value for c in controls.components}
    assert (by_id["ctl-scale"], by_id["ctl-shift"]) == (start.input.scale, start.input.shift)
    assert resolve(controls.read(page_values(controls), None).state) == resolve(start)
    changed = controls.read(page_values(controls, scale=2), None).state
    assert changed.input.scale == 2 and changed.input.after == start.input.after
    number = next(i for i, step in enumerate(lesson.steps, 1) if step.state.calls == 2)
    start = lesson.state(number)
    controls = build_controls(REGISTRY[start.layer], start)
    assert {c.elem_id: c.value for c in controls.components}["ctl-calls"] is True
    assert controls.read(page_values(controls, calls=False), None).state.calls == 1


def test_a_typed_start_shows_in_the_box() -> None:
    """A link's typed tensor (no `shape` beside it): in the box, its shape in the size controls."""
    start = State("ReLU", input=InputState(values=((1.5, -2),)))
    controls = build_controls(REGISTRY["ReLU"], start)
    box = next(c for c in controls.components if c.elem_id == "ctl-values")
    assert read_values(box.value) == ((1.5, -2),)
    assert {c.elem_id: c.value for c in controls.components if c.elem_id.startswith("ctl-dim")} == {
        "ctl-dim-N": 1,
        "ctl-dim-H": 2,
    }
    reading = controls.read(page_values(controls), None)
    assert reading.state.input.values == ((1.5, -2),) and not reading.sizes and not reading.refusal
