"""The Model Builder's numbers and rules against independent oracles: torchinfo for the
parameter columns, torch's FlopCounterMode for FLOPs, torch's autograd for gradients, and
the builder's own stack editing as plain functions (the page drives them in the e2e tests)."""

from __future__ import annotations

import dataclasses
import json

import pytest
import torch
import torchinfo
from helpers import examples
from hypothesis import HealthCheck, given, settings
from test_link import MODEL_STATES
from test_models import CPU, run_json, seeded_preset
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

from playground.records import FLOPS_COUNTED
from playground.registry.draws import draw
from playground.registry.models import PRESETS, RANDOM_INPUTS, random_plans
from playground.registry.specs import Dist, SpecError, get_spec
from playground.render import figures, report
from playground.request.plan import accepted_dists, resolve
from playground.request.ranges import RANGES
from playground.request.state import RANDOM_FAMILIES, InputState, RandomSpec, State, state_from_dict
from playground.run import engine
from playground.run.engine import run as run_model
from playground.run.summary import collect
from playground.ui.builder import (
    BASE,
    RANGE_SLOTS,
    STARTER_STACK,
    args_control,
    assemble,
    controls_from_state,
    dist_choices,
    edit_stack,
    position,
    range_help,
    set_layer_params,
    stack_labels,
)
from playground.ui.present import MODEL_OUTPUTS, present_model

# --- point 9: parameter columns, torchinfo as the oracle -----------------------------------


def plain_flops(model: nn.Module, x: torch.Tensor) -> int:
    """torch's own FlopCounterMode with the plain kernels (what meta tensors count too)."""
    plain = (torch.backends.mkldnn.flags(enabled=False), sdpa_kernel(SDPBackend.MATH))
    with plain[0], plain[1], FlopCounterMode(display=False) as counter, torch.no_grad():
        model(x)
    return counter.get_total_flops()


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_row_counts_the_parameters_under_it_as_torchinfo_does(name: str) -> None:
    """A container's row counts what its children hold: torchinfo's num_params and
    trainable_params for every row, containers included (a Sequential once read trainable 0)."""
    state = State(model=name)
    result = run_model(state, CPU)
    assert result.ok, result.error
    model, x = seeded_preset(name, state.input.seed)
    with torch.no_grad():
        model(x)  # lazy layers take their shapes first, as in test_models
    stats = torchinfo.summary(model, input_data=[x], verbose=0, depth=100, mode="eval")
    assert len(result.summary) == len(stats.summary_list)
    for row, info in zip(result.summary, stats.summary_list, strict=True):
        assert row.params_with_children == info.num_params, row.name
        assert row.trainable == info.trainable_params, row.name
    assert sum(row.params for row in result.summary) == result.total_params  # own params add up


def test_frozen_children_are_counted_as_torchinfo_counts_them() -> None:
    """Part of a model frozen: the container rows count only the trainable part as trainable."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Sequential(nn.Linear(8, 8), nn.ReLU()), nn.Linear(8, 2))
    model[1].requires_grad_(False)
    x = torch.randn(3, 4)
    _, rows = collect(model, lambda m: m(x))
    stats = torchinfo.summary(model, input_data=[x], verbose=0, depth=100)
    assert [(r.params_with_children, r.trainable) for r in rows] == [
        (info.num_params, info.trainable_params) for info in stats.summary_list
    ]
    assert rows[0].trainable == 4 * 8 + 8 + 8 * 2 + 2 < rows[0].params_with_children


def test_the_table_labels_its_columns_and_never_shows_a_bare_zero_flop() -> None:
    result = run_model(State(model="MyModel"), CPU)
    table = report.model_summary_markdown(result)
    assert "trainable with children" in table and "params with children" in table
    assert FLOPS_COUNTED in table
    uncounted = [row.type for row in result.summary if row.flops == 0]
    assert uncounted  # an activation: torch's counter has no formula for it
    for kind in uncounted:
        line = next(line for line in table.splitlines() if f"({kind})" in line)
        assert line.split("|")[8].strip() == "not counted"
    root = table.splitlines()[2]
    assert f"| {result.total_params:,} |" in root  # the root's children hold every parameter


def test_plain_list_pitfall_says_why_nothing_is_summarised() -> None:
    result = run_model(State(model="MySequentialExe"), CPU)
    assert result.ok, result.error
    assert len(result.summary) == 1 and result.total_params == 0
    text = json.dumps(figures.summary_figure(result).to_plotly_json())
    assert "plain Python list" in text and "registers none of them" in text
    assert "no layers were called" not in text
    assert "registers none of them" in report.model_summary_markdown(result)


# --- point 10: FLOPs counted one way --------------------------------------------------------


def test_lstm_flops_agree_between_the_model_and_the_layer_lab() -> None:
    """LSTMTagger's LSTM read 0 FLOPs in the model (oneDNN's fused kernel hides its matmuls)
    and 46,080 in the Layer Lab: now both count the plain kernels, as torch's counter does."""
    result = run_model(State(model="LSTMTagger"), CPU)
    row = next(r for r in result.summary if r.name == "lstm")
    lab = engine.run(State("LSTM", {"input_size": 6, "hidden_size": 6}, InputState((5, 1, 6))), CPU)
    assert lab.ok, lab.error
    oracle = plain_flops(nn.LSTM(6, 6), torch.zeros(5, 1, 6))
    assert row.flops == lab.flops == oracle > 0


@pytest.mark.parametrize("name", list(PRESETS))
def test_model_flops_are_torch_flop_counters(name: str) -> None:
    state = State(model=name)
    result = run_model(state, CPU)
    model, x = seeded_preset(name, state.input.seed)
    assert result.summary[0].flops == result.flops == plain_flops(model, x)


@pytest.mark.parametrize("family", RANDOM_FAMILIES)
def test_random_members_flops_are_torch_flop_counters(family: str) -> None:
    state = State(model=RandomSpec(family, 7, 3))
    result = run_model(state, CPU)
    config = resolve(state)
    torch.manual_seed(state.input.seed)
    models = [plan.build().eval() for plan in config.plans]
    x = draw(config.dist.value, config.shape, config.vocab)
    assert [view.summary[0].flops for view in result.members] == [plain_flops(m, x) for m in models]


def test_counting_flops_leaves_the_shown_forward_a_plain_scripts() -> None:
    """The FLOP pass runs on a copy with the plain kernels; the output shown is the fused
    forward a notebook runs, bit for bit, and train-mode dropout draws are not shifted."""
    for state in (State(model="LSTMTagger"), State(model="MyModel", mode="train")):
        result = run_model(state, CPU)
        model, x = seeded_preset(state.model, state.input.seed)
        model.train(state.mode == "train")
        assert result.values["output"] == repr(model(x))


# --- point 3: BatchNorm1d after a Linear -------------------------------------------------


def test_batchnorm1d_after_a_linear_takes_n_c() -> None:
    layers = [
        {"layer": "Linear", "params": {"in_features": 20, "out_features": 64}},
        {"layer": "BatchNorm1d", "params": {"num_features": 64}},
    ]
    result = run_json({"model": {"layers": layers}, "input": {"shape": [4, 20]}})
    assert result.ok, result.error
    assert result.output_shape == (4, 64)


def test_a_rank_the_registry_refuses_still_names_the_layer_and_flatten() -> None:
    layers = [{"layer": "Conv2d", "params": {}}, {"layer": "Linear", "params": {"in_features": 6}}]
    result = run_json({"model": {"layers": layers}})
    assert result.error.param == "layers[1]"
    assert "layer 1 (Linear)" in result.error.message and "Flatten" in result.error.message


# --- point 4: the distributions offered are those the model takes ---------------------------


MODELS = [{"preset": name} for name in ("LeNet", "LSTMTagger", "MLP")]
MODELS += [{"random": {"family": family}} for family in RANDOM_FAMILIES]
MODELS += [{"layers": [{"layer": "Embedding", "params": {}}]}, {"layers": [{"layer": "Conv2d", "params": {}}]}]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: json.dumps(m)[:40])
def test_every_offered_distribution_runs_and_no_other(model: dict) -> None:
    offered = accepted_dists(state_from_dict({"model": model}, "model"))
    assert offered
    for dist in Dist:
        result = run_model(state_from_dict({"model": model, "input": {"dist": dist.value}}, "model"), CPU)
        assert result.ok == (dist in offered), (dist, result.error)


def test_the_menu_follows_the_model() -> None:
    """The image a LeNet takes is not offered to a dense or recurrent ensemble (it broke them)."""
    lenet = {"model": {"preset": "LeNet"}, "input": {"shape": None, "seed": 1}}
    dense = {"model": {"random": {"family": "dense", "seed": 1, "count": 2}}, "input": {"shape": None, "seed": 1}}
    assert "image" in dist_choices(lenet)
    assert "image" not in dist_choices(dense) and "tokens" not in dist_choices(dense)
    assert dist_choices({"model": {"preset": "LSTMTagger"}, "input": {"shape": None, "seed": 1}}) == [
        "default",
        "tokens",
    ]
    assert dist_choices({"model": {"preset": "nope"}, "input": {}}) == ["default"]  # never raises


# --- points 6 and 7: gradients and the ensemble ----------------------------------------------


def test_backward_shows_the_gradients_autograd_gives() -> None:
    state = State(model="MLP", backward=True)
    result = run_model(state, CPU)
    model, x = seeded_preset("MLP", state.input.seed)
    model(x).sum().backward()
    expected = {name: float(p.grad.norm()) for name, p in model.named_parameters()}
    shown = {g["name"]: g["norm"] for g in result.extras["gradients"]}
    assert shown == pytest.approx(expected, rel=1e-6)
    assert "**Gradients**" in report.extras_markdown(result)
    assert "gradients" not in run_model(State(model="MLP"), CPU).extras


def test_backward_without_anything_to_differentiate_says_so() -> None:
    result = run_model(State(model="MySequentialExe", backward=True), CPU)
    assert result.extras["gradients"] == []
    assert "backward did not run" in report.extras_markdown(result)


def test_ensemble_members_are_shown_one_at_a_time_and_twins_once() -> None:
    """recurrent seed 42 draws #4 exactly like #2: one bar, labelled with both."""
    result = run_model(State(model=RandomSpec("recurrent", 42, 8)), CPU)
    twins = {m["label"]: m["same_as"] for m in result.ensemble if m["same_as"]}
    assert twins == {"recurrent #4": "recurrent #2"}
    figure = figures.ensemble_figure(result).to_plotly_json()
    labels = figure["data"][0]["x"]
    assert len(labels) == 7 and "recurrent #2 = #4" in labels
    assert [view.module for view in result.members] == [m["module"] for m in result.ensemble]
    assert [view.total_params for view in result.members] == [m["total_params"] for m in result.ensemble]
    table = report.ensemble_markdown(result, shown=3)
    assert "**recurrent #3** (shown below)" in table and "same as recurrent #2" in table


# --- points 1 and 2: editing the stack by layer id ------------------------------------------


def test_an_edit_reaches_the_layer_shown_wherever_it_has_moved() -> None:
    stack = [dict(item, params=dict(item["params"])) for item in STARTER_STACK]
    moved, chosen, note = edit_stack(stack, 2, "up", "ReLU")
    assert [i["id"] for i in moved] == [0, 2, 1] and chosen == 2 and not note
    spec_params = {p.name: p for p in get_spec("Linear").params}
    edited = set_layer_params(moved, 2, [(spec_params["out_features"], 12)])
    assert edited[1]["params"]["out_features"] == 12 and edited[2] == moved[2]
    removed, chosen, _ = edit_stack(edited, 2, "remove", "ReLU")
    assert [i["id"] for i in removed] == [0, 1] and chosen == 1
    assert set_layer_params(removed, 2, [(spec_params["out_features"], 5)]) == removed  # gone: no effect


def test_a_click_that_can_do_nothing_says_so() -> None:
    stack = [dict(item, params=dict(item["params"])) for item in STARTER_STACK]
    for operation, chosen in (("up", 0), ("down", 2), ("remove", None), ("up", None)):
        items, _, note = edit_stack(stack, chosen, operation, "ReLU")
        assert items == stack and note
    single, _, note = edit_stack(stack[:1], 0, "remove", "ReLU")
    assert single == stack[:1] and "at least one" in note
    added, chosen, _ = edit_stack(stack, None, "add", "Tanh")
    assert added[-1]["layer"] == "Tanh" and chosen == added[-1]["id"] == 3
    assert position(added, chosen) == 3


@pytest.mark.parametrize("family", RANDOM_FAMILIES)
def test_the_member_picked_is_the_member_shown(family: str) -> None:
    """Whichever member is picked, the page's module, plots and picker are that member's."""
    result = run_model(State(model=RandomSpec(family, 5, 3)), CPU)
    labels = [m["label"] for m in result.ensemble]
    for index, label in enumerate(labels):
        answer = dict(zip(MODEL_OUTPUTS, present_model(result, None, None, label), strict=True))
        assert answer["member"]["value"] == label and answer["member"]["choices"] == labels
        assert answer["module"] == result.members[index].module
        assert json.loads(answer["summary_plot"]) == json.loads(figures.summary_figure(result.members[index]).to_json())


# --- links: the controls a model link opens with run that very model ---------------------------


@settings(deadline=None, max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(MODEL_STATES)
def test_the_controls_a_model_link_sets_run_the_state_it_names(state: State) -> None:
    """`controls_from_state` (what the tab shows when a link opens) assembled again, as the
    page does at every run, is the link's state: a preset, a stack or an ensemble, with its
    input, mode and backward. (The "show functional calls" box is set from the state beside
    them: tests/test_e2e_links.py opens a link with it.)"""
    head, items, tail = controls_from_state(state)
    assembled = state_from_dict(assemble(*head[:BASE], items, *tail, ranges=head[BASE:]), "model")
    assert assembled == dataclasses.replace(state, functional_calls=False)


def test_menus_whose_choices_follow_each_run_take_a_value_from_the_run_before() -> None:
    """An event may carry a menu's value from before the last answer replaced its choices (a
    member of the previous family's ensemble, a distribution the new model does not take):
    gradio refuses such a value, failing the event with an error, unless the menu takes any
    value; the page then falls back itself (`present_model`, `settle`)."""
    import gradio as gr

    from playground.isolation.runner import InProcess
    from playground.ui.app import build_demo

    menus = {b.elem_id: b for b in build_demo(InProcess()).blocks.values() if isinstance(b, gr.Dropdown)}
    for elem_id in ("builder-member", "builder-dist", "builder-pick", "ctl-tensor"):
        menus[elem_id].preprocess("dense #0")  # raises gradio.exceptions.Error where the menu refuses it


# --- a preset's constructor arguments: one box under the preset menu ---------------------------


def test_the_arguments_box_assembles_a_presets_args() -> None:
    """'hidden_size=64, output_size=5' is the state's args; what is not name=integer goes to the
    strict parser as typed, which names it."""

    def state_of(text: str) -> State:
        return state_from_dict(assemble("preset", "MLP", "dense", 0, 1, text, [], "", "", 42, "eval", False), "model")

    assert dict(state_of(" hidden_size=64 , output_size=5 ").params) == {"hidden_size": 64, "output_size": 5}
    assert dict(state_of("").params) == {}
    for text, field in (("hidden_size=big", "model.args.hidden_size"), ("wide", "model.args.wide")):
        with pytest.raises(SpecError) as refused:
            state_of(text)
        assert refused.value.param == field
    # the box speaks only for a preset: a stack or an ensemble ignores it
    stack = assemble("stack", "MLP", "dense", 0, 1, "hidden_size=64", list(STARTER_STACK), "", "", 42, "eval", False)
    assert "args" not in stack["model"]


def test_the_arguments_box_shows_where_the_preset_takes_arguments() -> None:
    """Shown for MLP and LSTMTagger with their defaults as the hint, hidden for LeNet, for another
    source and where a link hid the preset menu."""
    for name, preset in PRESETS.items():
        assert args_control("preset", name, [])["visible"] == bool(preset.args), name
    hint = args_control("preset", "MLP", [])["info"]
    assert hint.startswith("MLP(input_size=20, hidden_size=256, output_size=10)")
    assert not args_control("stack", "MLP", [])["visible"]
    assert not args_control("preset", "MLP", ["preset"])["visible"]


def test_a_link_with_args_opens_them_in_the_box_and_runs_them() -> None:
    """The tab's opening event, in-process: `?model=MLP&hidden_size=64` fills the box, runs that
    MLP and writes the same link back."""
    from types import SimpleNamespace

    from playground.isolation.runner import InProcess
    from playground.ui.app import build_demo

    demo = build_demo(InProcess())
    (arrive,) = (
        block
        for block in demo.fns.values()
        if getattr(block.fn, "__name__", None) == "arrive"
        and any(getattr(o, "elem_id", None) == "builder-args" for o in block.outputs)
    )
    answer = arrive.fn(SimpleNamespace(query_params={"model": "MLP", "hidden_size": "64"}))
    shown = dict(zip([getattr(o, "elem_id", None) for o in arrive.outputs], answer, strict=True))
    assert shown["builder-args"]["value"] == "hidden_size=64" and shown["builder-args"]["visible"]
    model, _ = seeded_preset("MLP", 42, args={"hidden_size": 64})
    assert shown["builder-module"] == repr(model)
    assert shown["builder-share-state"] == "?model=MLP&hidden_size=64"


# --- the random group's ranges ------------------------------------------------------------------


def test_the_random_groups_controls_assemble_the_ranges_they_show() -> None:
    """Sliders give floats, menus lists, the classifier a box: assembled, they are the state's
    ranges; at their opening values they are no ranges at all (today's ensembles)."""
    head, items, tail = controls_from_state(State(model=RandomSpec("dense", 3, 2)))
    assert state_from_dict(assemble(*head[:BASE], items, *tail, ranges=head[BASE:]), "model").model == RandomSpec(
        "dense", 3, 2
    )
    controls = dict(zip(RANGE_SLOTS, head[BASE:], strict=True))
    for slot in RANGE_SLOTS:
        if slot.family == "dense" and slot.row is not None and slot.row.name == "widths":
            controls[slot] = 25.0 if slot.part == "low" else 100.0
        if slot.family == "dense" and slot.row is not None and slot.row.name == "dropouts":
            controls[slot] = ["0.2", "0.25"]  # a rate typed beside one picked
        if slot.part == "classifier":
            controls[slot] = False
    data = assemble(*head[:BASE], items, *tail, ranges=list(controls.values()))
    spec = state_from_dict(data, "model").model
    assert dict(spec.ranges) == {"widths": (25, 100), "dropouts": (0.2, 0.25), "classes": None}
    # a range backwards, or an empty classes box, is refused by its name
    for slot, value, field in (
        (next(s for s in RANGE_SLOTS if s.family == "dense" and s.part == "high"), 0, "random.depth"),
        (next(s for s in RANGE_SLOTS if s.part == "classes"), None, "random.classes"),
    ):
        broken = dict(zip(RANGE_SLOTS, head[BASE:], strict=True)) | {slot: value}
        with pytest.raises(SpecError) as refused:
            state_from_dict(assemble(*head[:BASE], items, *tail, ranges=list(broken.values())), "model")
        assert refused.value.param == field


def test_the_range_help_says_what_the_default_draws() -> None:
    """Computed from the table: the widths' help lists the sizes 16 to 256 draws, as the default
    (the control may hold another range: the help never claims to describe it)."""
    widths = next(row for row in RANGES["dense"] if row.name == "widths")
    assert range_help(widths) == (
        "out_features of each hidden Linear; by default 16-256, which draws 16, 32, 64, 128 or 256 "
        "(each double the one before)"
    )
    kernels = next(row for row in RANGES["conv"] if row.name == "kernels")
    assert "3 or 5" in range_help(kernels)


def test_place_again_ties_the_selected_layer_and_runs_as_torch_would() -> None:
    """ "Place again" puts the selected layer's own module after it: the assembled state ties the
    two places, the model built has one module at both, and removing the layer takes its copies."""
    stack = [
        {"id": 0, "layer": "Linear", "params": {"in_features": 4, "out_features": 8}},
        {"id": 1, "layer": "ReLU", "params": {}},
        {"id": 2, "layer": "Linear", "params": {"in_features": 8, "out_features": 8}},
    ]
    tied, chosen, note = edit_stack(stack, 2, "again", "ReLU")
    assert note == "" and chosen == 3
    assert tied[3] == {"id": 3, "layer": "Linear", "params": {}, "same_as": 2}
    again, _, _ = edit_stack(tied, 3, "again", "ReLU")  # a copy's copy is the original's
    assert again[4]["same_as"] == 2
    assert stack_labels(tied)[3] == "3: layer 2 again (Linear, shared)"
    data = assemble("stack", "LeNet", "dense", 0, 1, "", tied, "2x4", "default", 0, "train", False)
    assert data["model"]["layers"][3] == {"same_as": 2}
    result = engine.run(state_from_dict(data, "model"), CPU)
    assert result.ok, result.error
    torch.manual_seed(0)
    first, shared = torch.nn.Linear(4, 8), torch.nn.Linear(8, 8)
    model = torch.nn.Sequential(first, torch.nn.ReLU(), shared, shared)
    assert result.module == repr(model)
    assert result.total_params == sum(p.numel() for p in model.parameters())
    removed, _, note = edit_stack(again, 2, "remove", "ReLU")
    assert [item["id"] for item in removed] == [0, 1] and "other places" in note


def test_the_ensemble_says_what_its_members_were_drawn_from() -> None:
    """The ranges the controls set now, read from the state that ran, with what each gives; the
    members torch builds from that state keep to them (the oracle: their Linear layers)."""
    spec = RandomSpec("dense", 7, 4, (("depth", (2, 3)), ("widths", (32, 64)), ("classes", None)))
    state = State(model=spec)
    text = report.ensemble_markdown(run_model(state, CPU))
    drawn = text.split("Drawn from: ", 1)[1]
    assert drawn.startswith("depth 2 or 3; widths 32 or 64 (each double the one before); activations ")
    assert drawn.endswith("; no classifier.")
    shape = RANDOM_INPUTS["dense"][0]
    for member in random_plans(spec, shape):
        linears = [m for m in member.build().modules() if isinstance(m, nn.Linear)]
        assert len(linears) in (2, 3) and {m.out_features for m in linears} <= {32, 64}
    with_classes = report.ensemble_markdown(run_model(State(model=RandomSpec("dense", 7, 2)), CPU))
    assert with_classes.endswith("; a Linear to 10 classes last.")
