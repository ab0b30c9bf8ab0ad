"""Share links: the whole page (state and view) as a URL query, and back.

A link is written once by the page and read by anyone, later, after restarts, often edited
by hand or cut by a chat client. So two promises: every state the page can hold survives
the trip with nothing dropped and the same resolved plan; and whatever text arrives, the
decoder gives a page that runs (one `resolve` accepts) and says what it ignored, never an
exception. The examples at the end are the ones the README shows a person.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import torch
from helpers import examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_fuzz import layer_states, model_states, random_ranges
from test_state import ROUND_TRIP_STATES, _config_key

from playground.registry.models import PRESETS, RANDOM_INPUTS
from playground.registry.specs import REGISTRY, Dist, SpecError
from playground.request.link import (
    LINK_KEYS,
    MAX_LABEL,
    MAX_PARTS,
    PANELS,
    RENAMED_PRESETS,
    Link,
    View,
    calls_twice,
    hideable,
    link_from_query,
    link_to_query,
    scales,
)
from playground.request.plan import Config, Plan, resolve
from playground.request.state import (
    DEFAULT_SEED,
    MAX_STACK,
    MAX_VALUES,
    RANDOM_FAMILIES,
    InputState,
    RandomSpec,
    StackLayer,
    State,
    Subject,
    state_from_dict,
)
from playground.request.typed import read_values

NAMES = sorted(REGISTRY)
PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def plan_key(plan: Plan) -> tuple:
    """A resolved plan as plain comparable data: every layer with all its defaults filled in,
    so that a link that leaves out a default and a state that spells it compare equal."""
    if isinstance(plan, Config):  # and how its input is made and used (the Lab's input controls)
        return (*_config_key(plan), plan.scale, plan.shift, plan.values, plan.calls, plan.prints)
    state = plan.state
    subject = None if state.kind is Subject.STACK else state.model  # a preset's name, a RandomSpec
    if state.kind is Subject.PRESET:  # and its arguments, every one resolved
        subject = (state.model, tuple(plan.args.items()))
    walked = tuple(tuple(_config_key(config) for config in layers) for layers in plan.layers)
    run = (state.input.seed, state.mode, state.backward, state.functional_calls, state.inside)
    return (state.kind, subject, walked, tuple(plan.shape), plan.dist, *run)


@st.composite
def views(draw: st.DrawFn, state: State) -> View:
    """Any view the page can show around this state."""
    panel = draw(st.sampled_from((None, *PANELS[Link(state).tab])))
    hidden = draw(st.sets(st.sampled_from(hideable(state))))
    return View(panel, draw(st.booleans()), frozenset(hidden))


def assert_round_trip(state: State, view: View) -> None:
    """The link of a valid state reads back with nothing ignored, the same view and the same
    plan; so does the link of the state as it resolved (every default spelled out)."""
    plan = resolve(state)
    for source in (state, plan.to_state()):
        link = Link(source, view)
        query = link_to_query(link)
        back, ignored = link_from_query(query)
        assert ignored == [], f"{query!r} dropped {ignored}"
        assert back.view == view, query
        assert back.tab == link.tab
        assert plan_key(resolve(back.state)) == plan_key(plan), query


def assert_page_runs(link: Link, ignored: list[str]) -> None:
    """A decoded link is one the page can show, and one it can share again unchanged."""
    plan = resolve(link.state)  # raises if the decoder let through a state that does not resolve
    assert all(isinstance(part, str) and part for part in ignored), ignored
    assert link.view.panel is None or link.view.panel in PANELS[link.tab]
    assert link.view.hidden <= set(hideable(link.state))
    again, dropped = link_from_query(link_to_query(link))
    assert dropped == []
    assert again.view == link.view
    assert plan_key(resolve(again.state)) == plan_key(plan)


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ROUND_TRIP_STATES)
def test_hand_picked_layer_states_round_trip(state):
    """Every layer at its defaults, and states that use each spelling: choices, none, flags,
    floats, shapes, dists, a seed at 2**63 - 1."""
    assert_round_trip(state, View())


def _layer_state(data: dict[str, Any]) -> State:
    return state_from_dict(data)


LAYER_STATES = st.sampled_from(NAMES).flatmap(lambda name: layer_states(REGISTRY[name])).map(_layer_state)
MODEL_STATES = model_states().map(lambda data: state_from_dict(data, "model"))


@settings(PROPERTY, max_examples=examples(300))
@given(st.data())
def test_every_valid_layer_link_round_trips(data):
    """Any layer, any parameters in the registry's ranges (the choice "none" included), any
    input, mode and view: what the page shows is what the link opens."""
    state = data.draw(LAYER_STATES)
    try:
        resolve(state)
    except SpecError:
        assume(False)  # parts in range that do not fit together: not a state the page holds
    assert_round_trip(state, data.draw(views(state)))


@st.composite
def layer_states_with_uses(draw: st.DrawFn) -> State:
    """A valid layer state with what the Lab's input controls set, each maybe: a scale and a shift
    (where the input is not token ids), a second call (where the layer allows it), and a typed
    tensor of the state's shape (where it is small enough to type), token ids for an embedding."""
    state = draw(LAYER_STATES)
    try:
        plan = resolve(state)
    except SpecError:
        assume(False)
    spec, given = plan.spec, state.input
    number = st.sampled_from([2, 20, 0.5, -1.25, 1e-07]) | st.floats(-1e6, 1e6, allow_nan=False)
    if scales(spec):
        given = dataclasses.replace(given, scale=draw(number | st.just(1)), shift=draw(number | st.just(0)))
    calls = draw(st.sampled_from((1, 2))) if calls_twice(spec) else 1
    if math.prod(plan.shape) <= MAX_VALUES and draw(st.booleans()):
        if plan.dist is Dist.TOKENS:
            entry = st.integers(0, plan.params[spec.vocab_param] - 1)
        else:
            entry = st.integers(-9, 9) | st.floats(-1e6, 1e6, allow_nan=False)
        flat = draw(st.lists(entry, min_size=math.prod(plan.shape), max_size=math.prod(plan.shape)))
        dtype = torch.int64 if plan.dist is Dist.TOKENS else torch.float64
        values = read_values(str(torch.tensor(flat, dtype=dtype).reshape(plan.shape).tolist()))
        given = dataclasses.replace(given, shape=draw(st.sampled_from((None, tuple(plan.shape)))), values=values)
    return dataclasses.replace(state, input=given, calls=calls)


USES_SEEN: Counter[str] = Counter()


@settings(PROPERTY, max_examples=examples(300))
@given(layer_states_with_uses(), st.data())
def test_every_valid_layer_link_with_its_inputs_round_trips(state, data):
    """What the Lab's input controls set travels too: a scale and a shift, a second call and a
    typed tensor come back exactly (the plan compared holds them), and nothing is ignored."""
    try:
        resolve(state)
    except SpecError:
        assume(False)
    USES_SEEN.update(
        name
        for name, used in (
            ("scale", state.input.scale != 1),
            ("shift", state.input.shift != 0),
            ("calls", state.calls == 2),
            ("values", state.input.values is not None),
        )
        if used
    )
    assert_round_trip(state, data.draw(views(state)))


def test_the_inputs_property_saw_every_input_control():
    if not USES_SEEN:
        test_every_valid_layer_link_with_its_inputs_round_trips()
    assert set(USES_SEEN) == {"scale", "shift", "calls", "values"}, USES_SEEN


def test_typed_token_ids_round_trip():
    state = State("Embedding", input=InputState(values=((1, 0, 9), (3, 3, 2)), dist="tokens"), calls=2)
    assert_round_trip(state, View(hidden=frozenset({"values"})))


def test_a_typed_tensor_reads_as_written_in_a_link():
    link, ignored = link_from_query("layer=ReLU&values=((-1,2.5),(3,-4))&calls=2")
    assert ignored == []
    assert link.state.input.values == ((-1, 2.5), (3, -4)) and link.state.input.shape is None
    assert resolve(link.state).shape == (2, 2)
    assert link_to_query(link) == "layer=ReLU&values=((-1,2.5),(3,-4))&calls=2"
    # brackets, as a person may type them, read the same
    assert link_from_query("layer=ReLU&values=[[-1,2.5],[3,-4]]")[0].state.input.values == ((-1, 2.5), (3, -4))


@pytest.mark.parametrize(
    ("query", "dropped", "kept"),
    [
        ("layer=ReLU&values=((1,2),(3))", ["values=((1,2),(3))"], {}),  # ragged
        ("layer=ReLU&values=", ["values"], {}),
        ("layer=ReLU&values=((1,2))&shape=3x2", ["values=((1,2))"], {"shape": (3, 2)}),  # not the shape given
        ("layer=Linear&values=((1,2,3))", ["values=((1,2,3))"], {}),  # in_features is 4
        ("layer=Embedding&values=((1,99))", ["values=((1,99))"], {}),  # no row 99
        ("layer=Embedding&scale=2", ["scale=2"], {}),  # token ids scaled are not ids
        ("layer=LSTM&calls=2", ["calls=2"], {}),  # several outputs: called once
    ],
)
def test_a_typed_tensor_or_use_that_does_not_fit_is_named(query, dropped, kept):
    link, ignored = link_from_query(query)
    assert ignored == dropped
    assert link.state.input.values is None
    if "shape" in kept:
        assert link.state.input.shape == kept["shape"]
    assert_page_runs(link, ignored)


KINDS_SEEN: Counter[Subject] = Counter()


@settings(PROPERTY, max_examples=examples(150))
@given(st.data())
def test_every_valid_model_link_round_trips(data):
    """Presets, builder stacks and random ensembles, with any input, mode and view."""
    state = data.draw(MODEL_STATES)
    try:
        resolve(state)
    except SpecError:
        assume(False)
    KINDS_SEEN[state.kind] += 1
    assert_round_trip(state, data.draw(views(state)))


def test_the_model_property_saw_every_kind_of_model():
    """Else the property above could pass without ever writing a stack or an ensemble."""
    if not KINDS_SEEN:
        test_every_valid_model_link_round_trips()
    assert set(KINDS_SEEN) == {Subject.PRESET, Subject.STACK, Subject.RANDOM}, KINDS_SEEN


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_round_trips(name):
    assert_round_trip(State(model=name, mode="eval"), View("module", True, frozenset({"preset", "seed"})))


ARGUED = [name for name, preset in PRESETS.items() if preset.args]


@st.composite
def preset_args(draw: st.DrawFn) -> State:
    """A preset that takes constructor arguments, some of them set anywhere in their range,
    the input's feature axes following them (its batch sometimes changed)."""
    preset = PRESETS[draw(st.sampled_from(ARGUED))]
    chosen = draw(st.sets(st.sampled_from(preset.args), min_size=1))
    args = {p.name: draw(st.integers(int(p.low), int(p.high))) for p in chosen}
    shape = list(preset.input_shape_with(args))
    given = draw(st.booleans())
    if given:
        shape[0] = draw(st.integers(1, 4))
    inputs = {"shape": shape if given else None}
    return state_from_dict({"model": {"preset": preset.name, "args": args}, "input": inputs})


@settings(PROPERTY, max_examples=examples(60))
@given(preset_args(), st.data())
def test_preset_args_round_trip(state, data):
    """A preset's arguments travel as keys of their own and come back, defaults left out."""
    assert ARGUED and state.params
    assert_round_trip(state, data.draw(views(state)))
    query = link_to_query(Link(state))
    written = {key for key, _ in (part.split("=", 1) for part in query.split("&"))}
    changed = {name for name, value in state.params.items() if value != PRESETS[state.model].with_defaults({})[name]}
    assert written & set(PRESETS[state.model].arg_names) == changed


def test_a_link_to_a_renamed_preset_opens_it_under_its_new_name():
    """PlainListPitfall and ModuleListDemo took the names their notes print; old links still open them."""
    for old, new in RENAMED_PRESETS.items():
        assert new in PRESETS and old not in PRESETS
        link, ignored = link_from_query(f"model={old}&seed=3")
        assert ignored == []
        assert link.state == State(model=new, input=InputState(seed=3))
        assert link_to_query(link) == f"model={new}&seed=3"


def test_a_preset_link_with_args():
    link, ignored = link_from_query("model=MLP&hidden_size=64&shape=4x20")
    assert ignored == []
    assert link.state.model == "MLP" and dict(link.state.params) == {"hidden_size": 64}
    assert link_to_query(link) == "model=MLP&hidden_size=64&shape=4x20"
    assert resolve(link.state).plans[0].expression() == "MLP(input_size=20, hidden_size=64, output_size=10)"


@pytest.mark.parametrize(
    ("query", "kept", "dropped"),
    [
        ("model=MLP&hidden_size=0&output_size=3", {"output_size": 3}, ["hidden_size=0"]),
        ("model=MLP&hidden_size=abc", {}, ["hidden_size=abc"]),
        ("model=LeNet&hidden_size=3", {}, ["hidden_size=3"]),  # LeNet takes none: an unknown key
        ("model=LSTMTagger&vocab_size=99999", {}, ["vocab_size=99999"]),
        ("model=MLP&input_size=30&shape=2x20", {"input_size": 30}, ["shape=2x20"]),
    ],
)
def test_a_preset_arg_that_cannot_be_read_is_named(query, kept, dropped):
    """Lenient as for a layer's parameters: what cannot be read or does not fit goes, named."""
    link, ignored = link_from_query(query)
    assert dict(link.state.params) == kept
    assert ignored == dropped
    resolve(link.state)


# --- whatever arrives, a page that runs -----------------------------------------------------------

QUERY_KEYS = st.sampled_from(
    [
        *sorted(LINK_KEYS),
        "in_features",
        "kernel_size",
        "padding",
        "p",
        "bias",
        "reduction",
        "v",
        "x",
        "__theme",
        "__sign",
    ]
)
QUERY_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            *(NAMES + list(PRESETS)),
            *("dense", "conv", "recurrent", "none", "same", "1x4", "2x3x4x4", "0x4", "nan", "inf"),
            *("3x5", "3x", "(3, 5)", "3,5,", "x", "2x-1"),
            *("((1,2),(3,4))", "[[1,2],[3,4]]", "((1,2),(3))", "(((", "((1e999))", "tensor((1,2))", "((0,1,2,3))"),
        ]
    ),
    st.sampled_from(["-1", "1e400", "0", "1", "true", "9" * 5000, "weights", "layers", "seed,mode,nonsense"]),
    st.sampled_from(["Linear(out_features=8);ReLU", "Conv2d;Linear", "Nope(x=1);ReLU()", "Linear(" * 3, ";;"]),
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@settings(PROPERTY, max_examples=examples(300))
@given(st.dictionaries(st.one_of(QUERY_KEYS, st.text(max_size=8)), QUERY_VALUES, max_size=6))
def test_any_key_value_pairs_open_a_page(items):
    """Any keys with any values (a mapping, as Starlette's query params hand them over): a
    valid state, and each ignored part starts with a key that was given, quoted briefly."""
    link, ignored = link_from_query(items)
    assert_page_runs(link, ignored)
    for part in ignored:
        assert any(part.startswith(key) for key in items if not key.startswith("__")), (part, items)
        assert len(part) <= MAX_LABEL or "(" in part, part  # the one long form: layers past the stack's limit


@settings(PROPERTY, max_examples=examples(200))
@given(st.text(max_size=80))
def test_any_text_opens_a_page(text):
    link, ignored = link_from_query(text)
    assert_page_runs(link, ignored)


SAMPLE_LINKS = [
    "layer=Conv2d&out_channels=6&kernel_size=5&seed=42&panel=weights&hide=seed,mode,kernel_size",
    "model=LeNet&shape=4x1x32x32&mode=eval&backward=1&projector=1",
    "stack=Linear(in_features=4,out_features=8);ReLU;Linear(in_features=8,out_features=2)&dist=normal",
    "random=conv&count=3&arch_seed=7&shape=2x1x12x12&panel=layers&hide=random,source",
    "layer=Embedding&padding_idx=none&max_norm=1.5&shape=3x2&dist=tokens",
    "layer=MaxPool2d&kernel_size=3x5&stride=1x2&padding=1x2&shape=1x3x9x12",
    "stack=Conv2d(kernel_size=3x1,stride=2x1);ReLU;MaxPool2d(kernel_size=1x2)&shape=1x1x8x8",
    "layer=Dropout&values=((-1,2.5),(3,-4))&scale=2&shift=-0.5&calls=2",
]
MANGLE = st.sampled_from(
    ["%", "%%", "%2", "%ZZ", "%00", "%25", "%3D", "&", "=", ";", ",", "(", ")", "x", "-", "+", "none", "__", "é", ""]
)


@st.composite
def mangled_links(draw: st.DrawFn) -> str:
    """A real link after a chat client, a careless edit or a broken copy: characters cut,
    percent signs and separators put in."""
    text = draw(st.sampled_from(SAMPLE_LINKS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(MANGLE) + text[at + draw(st.integers(0, 4)) :]
    return text


@settings(PROPERTY, max_examples=examples(300))
@given(mangled_links())
def test_mangled_links_open_a_page(text):
    link, ignored = link_from_query(text)
    assert_page_runs(link, ignored)


def test_the_mangled_link_from_the_issue():
    link, ignored = link_from_query("layer=%%%&seed=abc&kernel_size=-9")
    assert_page_runs(link, ignored)
    assert ignored == ["layer=%%%", "seed=abc", "kernel_size=-9"]
    assert link.state == State("Linear")  # the Lab's own layer, every default


def test_sample_links_are_read_whole():
    """The links the property above mangles are themselves read with nothing ignored."""
    for query in SAMPLE_LINKS:
        link, ignored = link_from_query(query)
        assert ignored == [], (query, ignored)
        assert_page_runs(link, ignored)


# --- examples a person reads ----------------------------------------------------------------------


def test_a_conv2d_link_decodes_to_exactly_its_params():
    link, ignored = link_from_query("?layer=Conv2d&out_channels=6&kernel_size=5&seed=42")
    assert ignored == []
    assert link.tab == "lab"
    assert link.state.layer == "Conv2d"
    assert dict(link.state.params) == {"out_channels": 6, "kernel_size": 5}
    assert link.state.input == InputState(seed=42)
    assert link.view == View()


def test_a_stack_link_with_two_layers():
    query = "stack=Linear(out_features=8);Linear(in_features=8,out_features=2)&mode=eval"
    link, ignored = link_from_query(query)
    assert ignored == []
    assert link.tab == "builder"
    assert link.state.model == (
        StackLayer("Linear", {"out_features": 8}),
        StackLayer("Linear", {"in_features": 8, "out_features": 2}),
    )
    assert resolve(link.state).shapes == ((1, 4), (1, 8), (1, 2))
    assert link_to_query(link) == query  # the link the page writes is the one a person would type


def test_a_stack_link_spells_only_what_differs_from_the_defaults():
    """The README's three-layer link: in_features=4 is Linear's default, so the page's own link drops it."""
    link, ignored = link_from_query(
        "stack=Linear(in_features=4,out_features=8);ReLU;Linear(in_features=8,out_features=2)"
    )
    assert ignored == []
    assert [item.layer for item in link.state.model] == ["Linear", "ReLU", "Linear"]
    assert link_to_query(link) == "stack=Linear(out_features=8);ReLU;Linear(in_features=8,out_features=2)"


def test_hide_keeps_what_the_state_has_and_lists_the_rest():
    link, ignored = link_from_query("layer=Conv2d&hide=seed,nonsense")
    assert link.view.hidden == {"seed"}
    assert ignored == ["hide=nonsense"]
    # a parameter is hideable for its own layer only
    link, ignored = link_from_query("layer=Linear&hide=kernel_size,in_features")
    assert link.view.hidden == {"in_features"}
    assert ignored == ["hide=kernel_size"]


def test_a_preset_and_a_random_ensemble():
    link, ignored = link_from_query("model=LeNet&shape=16x1x32x32&mode=eval")
    assert ignored == [] and link.tab == "builder"
    assert link.state == State(model="LeNet", input=InputState((16, 1, 32, 32)), mode="eval")
    link, ignored = link_from_query("random=dense&count=3&arch_seed=7")
    assert ignored == []
    assert link.state.model == RandomSpec("dense", 7, 3)
    assert link.state.input.seed == DEFAULT_SEED


@st.composite
def ranged_ensembles(draw: st.DrawFn) -> State:
    """A random ensemble with some of its family's ranges set, on its input or another."""
    family = draw(st.sampled_from(RANDOM_FAMILIES))
    random = {"family": family, "seed": draw(st.integers(0, 99)), "count": draw(st.integers(1, 3))}
    random |= draw(random_ranges(family))
    shape = [draw(st.integers(2, 6)) for _ in RANDOM_INPUTS[family][0]] if draw(st.booleans()) else None
    return state_from_dict({"model": {"random": random}, "input": {"shape": shape}}, "model")


@settings(PROPERTY, max_examples=examples(100))
@given(ranged_ensembles(), st.data())
def test_every_ensembles_ranges_round_trip(state, data):
    """The ranges travel as keys of their own, each as the family's table spells it, and come back."""
    assume(state.model.ranges)
    assert_round_trip(state, data.draw(views(state)))
    back, _ = link_from_query(link_to_query(Link(state)))
    assert back.state.model == state.model


def test_an_ensembles_ranges_read_as_written():
    """The notes' dense stack as ranges: the link names each range once, readably, and opens
    the very state the JSON describes."""
    query = "random=dense&arch_seed=7&depth=3&widths=25-100&activations=ReLU,Tanh&dropouts=0.2&classes=none"
    link, ignored = link_from_query(query)
    assert ignored == []
    ranges = {"depth": [3, 3], "widths": [25, 100], "activations": ["ReLU", "Tanh"], "dropouts": [0.2], "classes": None}
    assert link.state == state_from_dict({"model": {"random": {"family": "dense", "seed": 7, **ranges}}}, "model")
    assert link_to_query(link) == query
    # a recurrent one, with the input whose last axis is the LSTM's input_size
    query = "random=recurrent&cells=LSTM&hidden_sizes=256&depth=1-2&directions=2&classes=none&shape=2x12x100"
    link, ignored = link_from_query(query)
    assert ignored == [] and link_to_query(link) == query
    assert dict(link.state.model.ranges)["hidden_sizes"] == (256, 256)


def test_a_range_that_does_not_read_is_named_and_the_rest_kept():
    """Leniently: a range out of its bounds, backwards, of another family or misspelled is
    named as the link wrote it; the ensemble opens with the others."""
    query = "random=conv&channels=8-16&kernels=2-4&depth=5-1&hidden_sizes=8&classes=many&activations=ReLU,Nope"
    link, ignored = link_from_query(query)
    assert sorted(ignored) == sorted(
        ["kernels=2-4", "depth=5-1", "hidden_sizes=8", "classes=many", "activations=ReLU,Nope"]
    )
    assert link.state.model.ranges == (("channels", (8, 16)),)
    assert_page_runs(link, ignored)
    # ranges at their defaults are left out: the link of today's ensembles is unchanged
    link, ignored = link_from_query("random=dense&depth=1-4&widths=16-256&classes=10")
    assert ignored == [] and link_to_query(link) == "random=dense"


def test_the_writer_leaves_out_defaults():
    """Links stay short: a default state is its subject alone, a default view adds nothing."""
    assert link_to_query(Link(State("Linear"))) == "layer=Linear"
    assert link_to_query(Link(State("Linear", params={"in_features": 4}))) == "layer=Linear"
    assert link_to_query(Link(State(model="LeNet"))) == "model=LeNet"
    # the ensemble's count 4 and its seed following the input's are the JSON's defaults too
    assert (
        link_to_query(Link(State(model=RandomSpec("dense", 9, 4), input=InputState(seed=9)))) == "random=dense&seed=9"
    )
    assert link_to_query(Link(State(model=RandomSpec("dense", DEFAULT_SEED, 4)))) == "random=dense"


def test_the_writer_spells_every_part_readably():
    state = State(
        "Conv2d",
        params={"out_channels": 8, "padding": "same", "bias": False},
        input=InputState((2, 3, 16, 16), "image", 7),
        mode="eval",
        backward=True,
    )
    view = View("weights", True, frozenset({"seed", "padding", "layer"}))
    assert link_to_query(Link(state, view)) == (
        "layer=Conv2d&out_channels=8&padding=same&bias=0&shape=2x3x16x16&dist=image&seed=7&mode=eval&backward=1"
        "&panel=weights&projector=1&hide=layer,padding,seed"
    )


def test_view_entries_that_do_not_apply_are_left_out_of_the_link():
    """A panel of the other tab, a control the state lacks: the page may hold them after a switch."""
    view = View("layers", False, frozenset({"kernel_size", "seed"}))
    assert link_to_query(Link(State("Linear"), view)) == "layer=Linear&hide=seed"


def test_choice_named_none_survives_a_link():
    state = State("MSELoss", params={"reduction": "none"})
    query = link_to_query(Link(state))
    assert query == "layer=MSELoss&reduction=none"
    link, ignored = link_from_query(query)
    assert ignored == []
    assert link.state.params == {"reduction": "none"}


def test_mode_defaults_to_train_in_links():
    assert link_from_query("layer=Linear")[0].state.mode == "train"
    assert "mode" not in link_to_query(Link(State("Linear")))
    assert link_from_query(link_to_query(Link(State("Linear", mode="eval"))))[0].state.mode == "eval"


# --- what a bad link does -------------------------------------------------------------------------


def test_what_cannot_be_read_is_named_and_the_rest_kept():
    link, ignored = link_from_query(
        "layer=Linear&colour=red&in_features=abc&out_features=5&seed=-3&mode=test&backward=maybe&dist=gaussian"
    )
    assert dict(link.state.params) == {"out_features": 5}
    assert link.state.input.seed == DEFAULT_SEED and link.state.mode == "train" and link.state.backward is False
    assert sorted(ignored) == sorted(
        ["colour=red", "in_features=abc", "seed=-3", "mode=test", "backward=maybe", "dist=gaussian"]
    )


def test_an_unknown_layer_falls_back_to_the_labs_own():
    link, ignored = link_from_query("layer=Nope&in_features=5")
    assert link.state.layer == "Linear"
    assert ignored == ["layer=Nope"]
    assert link.state.params["in_features"] == 5  # read against the fallback layer's parameters


def test_of_parts_that_do_not_fit_the_one_to_blame_is_dropped():
    """groups=4 cannot split in_channels=6; the refusal names in_channels, but without it the
    default in_channels=1 is refused too, while without groups the rest runs: groups goes."""
    link, ignored = link_from_query("layer=Conv2d&groups=4&in_channels=6&out_channels=8&seed=9&mode=eval")
    assert ignored == ["groups=4"]
    assert link.state.layer == "Conv2d" and dict(link.state.params) == {"in_channels": 6, "out_channels": 8}
    assert link.state.input.seed == 9 and link.state.mode == "eval"
    # the same in a stack, where the refusal names layers[0].in_channels
    link, ignored = link_from_query("stack=Conv2d(in_channels=3,groups=2);ReLU&shape=1x3x8x8")
    assert ignored == ["stack[0].groups=2"]
    assert link.state.model == (StackLayer("Conv2d", {"in_channels": 3}), StackLayer("ReLU"))
    assert link.state.input.shape == (1, 3, 8, 8)


def test_the_part_a_refusal_names_stays_where_dropping_it_would_not_help():
    """kernel_size=9 is refused on a 4x4 input, but the default kernel 5 would be too; without
    the shape, the input fits the kernel: the shape goes and the kernel the person set stays."""
    link, ignored = link_from_query("layer=Conv2d&kernel_size=9&shape=1x1x4x4")
    assert ignored == ["shape=1x1x4x4"]
    assert dict(link.state.params) == {"kernel_size": 9}
    resolve(link.state)


def test_a_shape_the_preset_cannot_take_is_dropped():
    link, ignored = link_from_query("model=LeNet&shape=1x3x32x32&seed=5")
    assert ignored == ["shape=1x3x32x32"]
    assert link.state == State(model="LeNet", input=InputState(seed=5))


def test_a_stack_keeps_the_layers_that_read_and_fit():
    link, ignored = link_from_query("stack=Linear(bias=maybe,nope=1,out_features=8);Nope;ReLU;LSTM;Conv2d")
    assert link.state.model == (StackLayer("Linear", {"out_features": 8}), StackLayer("ReLU"))
    assert ignored == [
        "stack[0].bias=maybe",
        "stack[0].nope=1",
        "stack[1]=Nope",
        "stack[3]=LSTM",  # gives several tensors: not for a Sequential
        "stack[4]=Conv2d",  # takes 4-d maps, but the layer before gives (1, 8)
    ]


def test_a_stack_past_the_builders_limit_keeps_its_first_layers():
    link, ignored = link_from_query("stack=" + ";".join(["ReLU"] * (MAX_STACK + 5)))
    assert len(link.state.model) == MAX_STACK
    assert ignored == [f"stack[{MAX_STACK}:] (5 layers past the builder's {MAX_STACK})"]


def test_an_unreadable_model_opens_the_builders_own():
    for query in ("model=Nope", "stack=Nope;Never", "random=cnn&count=3"):
        link, ignored = link_from_query(query)
        assert link.tab == "builder" and link.state.model == "LeNet", query
        assert ignored and ignored[0] == query.split("&")[0]


def test_the_first_subject_that_reads_wins():
    link, ignored = link_from_query("layer=GELU&model=LeNet")
    assert link.state.layer == "GELU" and ignored == ["model=LeNet"]
    link, ignored = link_from_query("layer=Nope&model=LeNet")
    assert link.state.model == "LeNet" and ignored == ["layer=Nope"]


def test_keys_of_another_subject_or_tab_are_named():
    link, ignored = link_from_query("layer=ReLU&count=3&arch_seed=1&panel=layers&in_features=4")
    assert link.state == State("ReLU") and link.view == View()
    assert sorted(ignored) == ["arch_seed=1", "count=3", "in_features=4", "panel=layers"]


def test_spaces_keys_are_ignored_silently_and_others_named():
    link, ignored = link_from_query("layer=GELU&__theme=dark&__sign=abc.def&__anything=1&colour=red&projector=1")
    assert link.state == State("GELU") and link.view.projector
    assert ignored == ["colour=red"]


def test_a_repeated_key_counts_once_the_last_time():
    link, ignored = link_from_query("layer=Linear&seed=1&seed=2")
    assert link.state.input.seed == 2 and ignored == ["seed=1"]


def test_a_huge_link_is_read_in_bounded_parts():
    link, ignored = link_from_query("layer=Linear&" + "&".join(f"k{i}={'9' * 500}" for i in range(MAX_PARTS + 50)))
    assert link.state == State("Linear")
    assert len(ignored) == MAX_PARTS  # MAX_PARTS - 1 unknown keys, then one entry for the 51 past the limit
    assert ignored[-1].endswith(" and 50 more")
    assert all(len(part) <= MAX_LABEL + len(" and 50 more") for part in ignored)


def test_no_layer_parameter_is_spelled_like_a_link_key():
    """A layer's parameters are top-level keys of its link: one named `seed` or `hide` would be
    read as the other."""
    clashes = {(spec.name, name) for spec in REGISTRY.values() for name in spec.param_names if name in LINK_KEYS}
    clashes |= {(preset.name, name) for preset in PRESETS.values() for name in preset.arg_names if name in LINK_KEYS}
    assert not clashes


def test_the_tab_follows_the_subject():
    assert Link(State("Linear")).tab == "lab"
    for model in ("LeNet", (StackLayer("ReLU"),), RandomSpec("dense", 1, 2)):
        assert Link(State(model=model)).tab == "builder"


def test_hideable_controls():
    assert hideable(State("Linear")) == (
        "layer",
        "in_features",
        "out_features",
        "bias",
        "shape",
        "dist",
        "scale",
        "shift",
        "values",
        "seed",
        "calls",
        "mode",
        "backward",
        "tensor",
    )
    # the Lab offers no second call of a layer of several outputs, and no scale of token ids
    assert "calls" not in hideable(State("LSTM")) and "values" in hideable(State("LSTM"))
    assert {"scale", "shift"}.isdisjoint(hideable(State("Embedding")))
    assert hideable(State(model="LeNet")) == (
        "source",
        "preset",
        "stack",
        "random",
        "shape",
        "dist",
        "seed",
        "mode",
        "backward",
    )


def test_a_link_runs_what_its_page_ran():
    """The reproducibility contract holds through a link: the same numbers after the trip."""
    from playground.run import engine

    state = State("Conv2d", params={"in_channels": 3, "kernel_size": 3}, input=InputState((1, 3, 8, 8), seed=3))
    link, _ = link_from_query(link_to_query(Link(state)))
    before, after = engine.run(state, torch.device("cpu")), engine.run(link.state, torch.device("cpu"))
    assert before.ok and after.ok
    assert before.values["output"] == after.values["output"]


def test_the_readmes_example_links_are_ones_the_page_writes():
    """Each example in the README's Links section reads with nothing ignored, and is exactly
    the link its page would write back (nothing a default, nothing out of order)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = readme.split("## Links", 1)[1].split("```", 2)[1]
    queries = [line.removeprefix("?") for line in block.splitlines() if line.startswith("?")]
    assert len(queries) == 4
    tabs = []
    for query in queries:
        link, ignored = link_from_query(query)
        assert ignored == [], (query, ignored)
        assert link_to_query(link) == query
        tabs.append(link.state.kind)
    assert tabs == [Subject.LAYER, Subject.PRESET, Subject.STACK, Subject.RANDOM]
    # and the bad link it shows does what the README says
    bad = readme.split("So\n`?", 1)[1].split("`", 1)[0]
    link, ignored = link_from_query(bad)
    assert link_to_query(link) == "layer=Conv2d&in_channels=6&hide=seed"
    assert ignored == ["kernel_size=-9", "seed=abc", "groups=4", "hide=nonsense", "colour=red"]


def test_a_link_broken_everywhere_costs_a_bounded_number_of_resolves(monkeypatch):
    """A page load must not be made slow by a crafted link: each round drops a part (so at most
    one round per part) and the searches for the part to blame share MAX_TRIALS resolves."""
    from playground.request import link as codec

    calls = []
    monkeypatch.setattr(codec, "resolve", lambda state: calls.append(state) or resolve(state))
    layer = "Conv2d(in_channels=3,out_channels=64,kernel_size=1,padding=same,groups=2,stride=2,dilation=3,bias=0)"
    query = "stack=" + ";".join([layer] * MAX_STACK) + "&shape=4x3x64x64&dist=normal"
    link, ignored = link_from_query(query)
    assert_page_runs(link, ignored)
    parts = MAX_STACK * (1 + layer.count("=")) + 2
    assert len(calls) <= codec.MAX_TRIALS + parts + 1


# --- one value per spatial axis -------------------------------------------------------------------


def test_a_non_square_kernel_is_written_as_a_shape_is():
    """`kernel_size=3x5`, as `shape=1x1x32x32`: short, readable, and free of the commas that
    separate a stack layer's parameters; an int stays an int and a one-axis tuple keeps its x."""
    state = State("Conv2d", params={"kernel_size": (3, 5), "stride": 2, "padding": (1, 0)})
    assert link_to_query(Link(state)) == "layer=Conv2d&kernel_size=3x5&stride=2&padding=1x0"
    assert link_to_query(Link(State("AvgPool1d", params={"kernel_size": (3,)}))) == "layer=AvgPool1d&kernel_size=3x"
    stack = State(model=(StackLayer("Conv2d", {"kernel_size": (3, 5), "stride": (1, 2)}), StackLayer("ReLU")))
    query = link_to_query(Link(stack))
    assert query == "stack=Conv2d(kernel_size=3x5,stride=1x2);ReLU"
    back, ignored = link_from_query(query)
    assert ignored == [] and back.state.model == stack.model


@pytest.mark.parametrize("spelling", ["3x5", "3X5", "3,5", "(3,5)", "(3, 5)", "[3, 5]", "3*5", "3 x 5"])
def test_a_per_axis_value_is_read_leniently(spelling):
    link, ignored = link_from_query({"layer": "Conv2d", "kernel_size": spelling})
    assert ignored == []
    assert link.state.params == {"kernel_size": (3, 5)}


def test_a_tuple_of_equal_entries_stays_a_tuple_through_a_link():
    """MaxPool2d((3, 3)) prints `kernel_size=(3, 3)`, MaxPool2d(3) `kernel_size=3`: the link keeps which."""
    for value, spelled in (((3, 3), "3x3"), (3, "3")):
        query = link_to_query(Link(State("MaxPool2d", params={"kernel_size": value, "padding": 1})))
        assert f"kernel_size={spelled}&" in query
        assert link_from_query(query)[0].state.params["kernel_size"] == value


@pytest.mark.parametrize(
    "part", ["kernel_size=3x5x7", "kernel_size=3", "kernel_size=3x0", "kernel_size=3xa", "kernel_size=x", "stride=1x"]
)
def test_a_per_axis_value_that_does_not_fit_is_named(part):
    """Wrong lengths, non-integers and values out of range are left out and named, as the link spelled them."""
    link, ignored = link_from_query(f"layer=Conv2d&{part}&out_channels=3")
    if part == "kernel_size=3":  # an int is fine: the control for the comparison
        assert ignored == [] and link.state.params["kernel_size"] == 3
        return
    assert ignored == [part]
    assert dict(link.state.params) == {"out_channels": 3}


def test_a_non_square_kernel_runs_the_same_after_a_link():
    from playground.run import engine

    state = State("Conv2d", params={"kernel_size": (3, 5), "stride": (2, 1)}, input=InputState((1, 1, 11, 9), seed=4))
    link, ignored = link_from_query(link_to_query(Link(state)))
    assert ignored == []
    before, after = engine.run(state, torch.device("cpu")), engine.run(link.state, torch.device("cpu"))
    assert before.ok and after.ok
    assert (after.module, after.values["output"]) == (before.module, before.values["output"])


def test_a_models_functional_calls_ride_in_its_link():
    """The summary's call rows (LeNet's F.relu, F.max_pool2d, flatten) are part of the view a
    link reproduces; a layer has no summary rows, so there the key is named as ignored."""
    link, ignored = link_from_query("model=LeNet&functional=1")
    assert ignored == [] and link.state.functional_calls
    assert "functional=1" in link_to_query(link).split("&")
    assert not link_from_query("model=LeNet")[0].state.functional_calls
    wrong = (("layer=Linear&functional=1", "functional=1"), ("model=LeNet&functional=maybe", "functional=maybe"))
    for query, part in wrong:
        link, ignored = link_from_query(query)
        assert ignored == [part] and not link.state.functional_calls
