"""The Model Builder tab: presets, a stack of registry layers to edit, random ensembles.

Callbacks assemble the model state from the controls, run it through the same strict
parser as `/run_model`, and hand the result to `present_model`.

Every action is one event that changes the stack and runs the model it leaves, so the
printed model, the summary and the message always describe the stack on screen. (The
first version changed the stack in one event and ran the model in a `.then` after it: a
second edit typed while the first ran lost its `.then`, and the page kept the run before.)
Layers are known by an id that moves with them, not by their position, so an edit made
in the editor reaches the layer it shows wherever that layer has moved meanwhile, and
the editor is drawn from the stack and selection held on the server (gr.State), never
from the radio's value in the browser, which lags behind a relabel.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr
from gradio.components import Component

from playground.records import WHOLE_MODEL, RunResult
from playground.registry.models import PRESETS, stackable
from playground.registry.specs import REGISTRY, SpecError, get_spec
from playground.request.link import DEFAULT_PRESET, Link, hideable, link_from_query
from playground.request.plan import accepted_dists
from playground.request.ranges import CLASSES, DEFAULT_CLASSES, MAX_CLASSES, RANGES, Draw, Range
from playground.request.state import (
    DEFAULT_ENSEMBLE,
    DEFAULT_SEED,
    MAX_ENSEMBLE,
    MAX_STACK,
    RANDOM_FAMILIES,
    RandomSpec,
    State,
    state_from_dict,
)
from playground.run.errors import failure
from playground.ui.api import Api
from playground.ui.controls import (
    DEFAULT_MODE,
    MODES,
    AxisControls,
    axis_widgets,
    edit_triggers,
    from_widget,
    to_int,
    to_widget,
)
from playground.ui.outputs import MODEL_PLOTS
from playground.ui.plots import plot_row
from playground.ui.present import MODEL_OUTPUTS, model_refusal, present_model
from playground.ui.repeats import once
from playground.ui.share import BUILDER_DEFAULT_PANEL, BUILDER_PANEL_LABELS, link_notice, share_value

STARTER_STACK: list[dict[str, Any]] = [
    {"id": 0, "layer": "Linear", "params": {"in_features": 20, "out_features": 64}},
    {"id": 1, "layer": "ReLU", "params": {}},
    {"id": 2, "layer": "Linear", "params": {"in_features": 64, "out_features": 10}},
]
SOURCES = ("preset", "stack", "random")
QUIET: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
DEFAULT_DIST = "default"
DEFAULT_FAMILY = RANDOM_FAMILIES[0]
SHOWN_BY_SOURCE = ("preset", "random", "stack")  # what each source shows, by its hideable name
RUN_NAMES = ("shape", "dist", "seed", "mode", "backward")  # the controls after the stack, as a link hides them


@dataclass(frozen=True)
class RangeSlot:
    """One control of the random group: an end of a family's range, its list of choices, or
    (family None) the classifier's checkbox and its number of classes."""

    family: str | None
    row: Range | None
    part: str  # "low", "high", "values", "classifier", "classes"

    def default(self) -> Any:
        if self.row is None:  # an ensemble has a classifier of DEFAULT_CLASSES unless told otherwise
            return True if self.part == "classifier" else DEFAULT_CLASSES
        return self.shown(self.row.default)

    def shown(self, value: tuple[Any, ...]) -> Any:
        """A range's value as this control shows it (a rate as text: the menu may take a typed one)."""
        if self.part in ("low", "high"):
            return value[0 if self.part == "low" else 1]
        return [_rate(v) for v in value] if self.row is not None and self.row.numbers else list(value)


def _rate(value: float) -> str:
    return f"{value:g}"


RANGE_SLOTS: tuple[RangeSlot, ...] = (
    *(
        RangeSlot(family, row, part)
        for family, rows in RANGES.items()
        for row in rows
        for part in (("values",) if row.draw in (Draw.CHOICE, Draw.COIN) else ("low", "high"))
    ),
    RangeSlot(None, None, "classifier"),
    RangeSlot(None, None, "classes"),
)
DIRECTIONS = {1: "one way", 2: "both ways"}  # a recurrent layer's, as the directions boxes say them
RATES = tuple(_rate(i / 10) for i in range(10))  # the dropout rates offered; another may be typed
# the controls before the stack in every event's inputs: source, preset, random family,
# architecture seed, count, the preset's constructor arguments (BASE of them), then the
# random group's ranges, one per RANGE_SLOTS
BASE = 6
HEAD = BASE + len(RANGE_SLOTS)


# --- the stack as data (no gradio below this line until the tab) -----------------------


def copy_stack(stack: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(item, params=dict(item["params"])) for item in stack]


def stack_labels(stack: list[dict[str, Any]]) -> list[str]:
    labels = []
    for index, item in enumerate(stack):
        if item.get("same_as") is not None:  # a place of another layer's module
            labels.append(f"{index}: layer {position(stack, item['same_as'])} again ({item['layer']}, shared)")
            continue
        args = ", ".join(f"{k}={v!r}" for k, v in item["params"].items())
        labels.append(f"{index}: {item['layer']}({args})")
    return labels


def stack_choices(stack: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(label, id): the label says where the layer is and what it holds, the id which it is."""
    return list(zip(stack_labels(stack), (item["id"] for item in stack), strict=True))


def position(stack: list[dict[str, Any]], layer_id: int | None) -> int | None:
    return next((index for index, item in enumerate(stack) if item["id"] == layer_id), None)


def edit_stack(
    stack: list[dict[str, Any]], selected: int | None, operation: str, new_layer: str
) -> tuple[list[dict[str, Any]], int | None, str]:
    """Add after the selection, move it, or remove it: the new stack, the selected id, and a
    note when the click could do nothing (so that it never does nothing silently)."""
    items = copy_stack(stack)
    index = position(items, selected)
    if operation == "add":
        if len(items) >= MAX_STACK:
            return items, selected, f"A stack holds at most {MAX_STACK} layers."
        new_id = max((item["id"] for item in items), default=-1) + 1
        at = len(items) if index is None else index + 1
        items.insert(at, {"id": new_id, "layer": get_spec(new_layer).name, "params": {}})
        return items, new_id, ""
    if index is None:
        verb = {"up": "move it up", "down": "move it down", "again": "place it again"}.get(operation, operation)
        return items, selected, f"Pick a layer in the stack first, then {verb}."
    if operation == "again":  # the same module once more, after the selection: one weight, two places
        if len(items) >= MAX_STACK:
            return items, selected, f"A stack holds at most {MAX_STACK} layers."
        original = items[index].get("same_as")
        if original is None:  # the selection is a layer's own place: that layer
            original = items[index]["id"]
        new_id = max(item["id"] for item in items) + 1
        layer = items[position(items, original) or 0]["layer"]
        items.insert(index + 1, {"id": new_id, "layer": layer, "params": {}, "same_as": original})
        return items, new_id, ""
    if operation == "remove":
        if len(items) == 1:
            return items, selected, "A stack keeps at least one layer: add another before removing this one."
        removed = items.pop(index)
        copies = [item for item in items if item.get("same_as") == removed["id"]]
        if len(copies) == len(items):
            items.insert(index, removed)
            return items, selected, "A stack keeps at least one layer: add another before removing this one."
        items = [item for item in items if item.get("same_as") != removed["id"]]  # its other places go too
        note = f"Its other places went with it ({len(copies)})." if copies else ""
        return items, items[min(index, len(items) - 1)]["id"], note
    step = -1 if operation == "up" else 1
    if not 0 <= index + step < len(items):
        return items, selected, f"Layer {index} is already the {'first' if step < 0 else 'last'}."
    items[index], items[index + step] = items[index + step], items[index]
    return items, selected, ""


def set_layer_params(
    stack: list[dict[str, Any]], layer_id: int, names_and_values: list[tuple[Any, Any]]
) -> list[dict[str, Any]]:
    """The editor's values into the layer with this id, wherever it now stands; a value equal to
    the registry's default is left out, as the exported code leaves it out."""
    items = copy_stack(stack)
    index = position(items, layer_id)
    if index is None:
        return items
    for p, value in names_and_values:
        converted = from_widget(p, value)
        if converted == p.default:
            items[index]["params"].pop(p.name, None)
        else:
            items[index]["params"][p.name] = converted
    return items


def editor_title(stack: list[dict[str, Any]], selected: int | None, note: str = "") -> str:
    index = position(stack, selected)
    lines = [f"⚠ {note}"] if note else []
    if index is None:
        lines.append("Pick a layer in the stack to edit its parameters.")
    elif stack[index].get("same_as") is not None:
        original = position(stack, stack[index]["same_as"])
        lines.append(
            f"**Layer {index} is layer {original} again**: the same {stack[index]['layer']} module, so one weight "
            f"serves both places and counts once. Edit layer {original} to change both."
        )
    else:
        spec = get_spec(stack[index]["layer"])
        lines.append(f"**Editing layer {index}: {spec.name}**: {spec.summary}")
    return "\n\n".join(lines)


def parse_shape(text: str) -> list[int] | None:
    """'16x1x32x32' -> [16, 1, 32, 32]; empty means the model's own default."""
    text = (text or "").strip().lower().replace(" ", "")
    if not text:
        return None
    try:
        return [int(part) for part in text.replace(",", "x").split("x")]
    except ValueError:
        raise SpecError("input.shape", f"input shape {text!r} should look like 2x20 or 16x1x32x32") from None


def parse_args(text: str) -> dict[str, Any]:
    """'hidden_size=64, output_size=5' -> {"hidden_size": 64, "output_size": 5}; empty: the
    preset's own. What is not `name=integer` is kept as typed, for the strict parser to refuse
    by its name (`model.args.hidden_size must be an integer, got 'big'`)."""
    args: dict[str, Any] = {}
    for part in filter(None, (piece.strip() for piece in (text or "").split(","))):
        name, _, value = part.partition("=")
        try:
            args[name.strip()] = int(value.strip())
        except ValueError:
            args[name.strip()] = value.strip()
    return args


def spell_args(args: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={value}" for name, value in args.items())


def args_control(source: str, preset: str, hidden: list[str], value: str = "") -> dict[str, Any]:
    """The arguments box, shown under the preset menu where the preset's constructor takes any;
    its hint is the call with every default, e.g. MLP(input_size=20, hidden_size=256, output_size=10)."""
    known = PRESETS.get(preset)
    takes = known is not None and bool(known.args)
    shown = source == "preset" and takes and "preset" not in hidden
    hint = f"{known.name}({spell_args(known.with_defaults({}))}): type the ones to change" if takes else ""
    return gr.update(value=value, visible=shown, info=hint)


def assemble(
    source: str,
    preset: str,
    family: str,
    random_seed: Any,
    count: Any,
    args_text: str,
    stack: list[dict[str, Any]],
    shape_text: str,
    dist: str,
    seed: Any,
    mode: str,
    backward: bool,
    ranges: Sequence[Any] = (),
) -> dict[str, Any]:
    """The controls as the JSON state /run_model takes: one parser checks both paths. `ranges`
    are the random group's controls, one per RANGE_SLOTS (none: every range at its default)."""
    if source == "stack":
        model: dict[str, Any] = {
            "layers": [
                {"same_as": position(stack, i["same_as"])}
                if i.get("same_as") is not None
                else {"layer": i["layer"], "params": dict(i["params"])}
                for i in stack
            ]
        }
    elif source == "random":
        model = {
            "random": {
                "family": family,
                "seed": to_int(random_seed, DEFAULT_SEED),
                "count": to_int(count, DEFAULT_ENSEMBLE),
                **ranges_from_controls(family, ranges),
            }
        }
    else:
        model = {"preset": preset}
        if parse_args(args_text):
            model["args"] = parse_args(args_text)
    state: dict[str, Any] = {"model": model, "mode": mode if mode in MODES else DEFAULT_MODE}
    state["input"] = {"seed": to_int(seed, DEFAULT_SEED), "shape": parse_shape(shape_text)}
    if dist and dist != DEFAULT_DIST:
        state["input"]["dist"] = dist
    state["backward"] = bool(backward)
    return state


def ranges_from_controls(family: str, values: Sequence[Any]) -> dict[str, Any]:
    """The family's ranges as the controls hold them, for model.random (each checked there;
    a range at its default is dropped there too). What a control holds that is not a number
    goes as typed, for the parser to refuse by the range's name."""
    by_slot = dict(zip(RANGE_SLOTS, values, strict=False))
    ranges: dict[str, Any] = {}
    for slot, value in by_slot.items():
        if slot.family == family and slot.row is not None:
            if slot.part == "values":
                ranges[slot.row.name] = [_number(v) if slot.row.numbers else v for v in value or []]
            else:
                ranges.setdefault(slot.row.name, [None, None])[slot.part == "high"] = to_int(value, value)
    classifier = [by_slot[s] for s in RANGE_SLOTS if s.part in ("classifier", "classes")] if by_slot else []
    if len(classifier) == 2:
        # an empty box goes as "", for the parser to refuse by name (not as no classifier)
        ranges[CLASSES] = to_int(classifier[1], classifier[1] or "") if classifier[0] else None
    return ranges


def _number(text: Any) -> Any:
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def controls_of_ranges(model: RandomSpec | None) -> list[Any]:
    """The random group's controls for an ensemble (its family's ranges; the other families'
    and any range it leaves out at their defaults), in RANGE_SLOTS order."""
    values = []
    for slot in RANGE_SLOTS:
        if model is not None and slot.row is None:
            classes = model.value(CLASSES)
            values.append(classes is not None if slot.part == "classifier" else classes or DEFAULT_CLASSES)
        elif model is not None and slot.family == model.family and slot.row is not None:
            values.append(slot.shown(model.value(slot.row.name)))
        else:
            values.append(slot.default())
    return values


def range_help(row: Range) -> str:
    """A range control's help, from the table: what it sets and what its default draws (the
    ensemble's table says what the ranges set now draw: see report.ensemble_markdown)."""
    return f"{row.about}; by default {row.spell(row.default)}, which draws {row.describe(row.default)}"


def range_control(slot: RangeSlot) -> Component:
    """The control of one slot: a slider for each end, a menu or boxes for a list, the classifier."""
    row, elem_id = slot.row, f"random-{slot.family}-{slot.row.name if slot.row else ''}-{slot.part}"
    if row is None:
        if slot.part == "classifier":
            return gr.Checkbox(
                slot.default(),
                label="classifier",
                info="a Linear to the classes after the drawn layers; off: the last layer's output is the model's",
                elem_id="random-classifier",
            )
        return gr.Number(
            slot.default(), precision=0, minimum=1, maximum=MAX_CLASSES, label="classes", elem_id="random-classes"
        )
    if slot.part in ("low", "high"):
        return gr.Slider(
            row.low,
            row.high,
            value=slot.default(),
            step=2 if row.draw is Draw.ODD else 1,
            precision=0,
            label=f"{row.name}: {'smallest' if slot.part == 'low' else 'largest'}",
            info=range_help(row) if slot.part == "low" else f"at most {row.high:g}",
            elem_id=elem_id,
        )
    if row.draw is Draw.COIN:
        labels = [(f"{choice}: {DIRECTIONS.get(choice, choice)}", choice) for choice in row.choices]
        return gr.CheckboxGroup(labels, value=slot.default(), label=row.name, info=range_help(row), elem_id=elem_id)
    return gr.Dropdown(
        list(RATES if row.numbers else row.choices),
        value=slot.default(),
        multiselect=True,
        allow_custom_value=row.numbers,  # a rate the menu does not list may be typed
        label=row.name,
        info=range_help(row),
        elem_id=elem_id,
    )


def dist_choices(data: dict[str, Any]) -> list[str]:
    """The distributions the assembled model takes, for the dropdown; `default` is always one."""
    try:
        bare = state_from_dict({**data, "input": {**data["input"], "dist": None}}, "model")
        allowed = accepted_dists(bare)
    except (SpecError, KeyError, IndexError):
        return [DEFAULT_DIST]
    return [DEFAULT_DIST, *(d.value for d in allowed)]


def controls_from_state(state: State) -> tuple[list[Any], list[dict[str, Any]], list[Any]]:
    """The controls that show a model state (a link's), in `assemble`'s order: [source, preset,
    family, architecture seed, count, the preset's arguments, the ranges (RANGE_SLOTS)], the
    stack, [shape, dist, seed, mode, backward]. What the state does not name keeps the tab's opening value, so switching
    source shows the usual."""
    head: list[Any] = ["preset", DEFAULT_PRESET, DEFAULT_FAMILY, DEFAULT_SEED, DEFAULT_ENSEMBLE, ""]
    items = copy_stack(STARTER_STACK)
    model = state.model
    if isinstance(model, str):
        head[1], head[5] = model, spell_args(state.params)
    elif isinstance(model, RandomSpec):
        head = ["random", DEFAULT_PRESET, model.family, model.seed, model.count, ""]
    elif model:
        head[0] = "stack"
        items = [
            {"id": i, "layer": item.layer, "params": {} if item.same_as is not None else dict(item.params)}
            | ({"same_as": item.same_as} if item.same_as is not None else {})  # ids are places here
            for i, item in enumerate(model)
        ]
    head += controls_of_ranges(model if isinstance(model, RandomSpec) else None)
    shape = "x".join(map(str, state.input.shape)) if state.input.shape else ""
    tail = [shape, state.input.dist or DEFAULT_DIST, state.input.seed, str(state.mode), state.backward]
    return head, items, tail


def shown_by_source(source: str, hidden: list[str]) -> list[dict[str, Any]]:
    """Visibility of the preset menu, the random group and the stack editor: the source's own,
    unless a link hid it."""
    return [gr.update(visible=source == name and name not in hidden) for name in SHOWN_BY_SOURCE]


def look_inside(api: Api, state: State, looked: str | None) -> tuple[RunResult, State]:
    """Run the model with the submodule the inside panel picked, and say which state ran (its
    link carries the pick); a pick this model lacks (the model on screen changed, or became an
    ensemble) is dropped rather than refused, and the panel offers this model's own names."""
    if looked and not (isinstance(state.model, RandomSpec) and state.model.count > 1):
        inside = dataclasses.replace(state, inside="" if looked == WHOLE_MODEL else looked)
        result = api.run_state(inside, page=True)
        if result.ok or result.error is None or result.error.param != "inside":
            return result, inside
    bare = dataclasses.replace(state, inside=None)
    return api.run_state(bare, page=True), bare


@dataclass(frozen=True)
class ModelLink:
    """What the page's header needs of this tab to finish and copy its link (see share.py)."""

    shared: gr.Textbox  # the query of the model on screen, rewritten by every run
    hide: gr.Dropdown  # the controls to hide in the link
    download: gr.Button  # the notebook of the view


# --- the tab -------------------------------------------------------------------------------


def build_builder_tab(demo: gr.Blocks, api: Api, sink: Component, notice: gr.Markdown) -> ModelLink:
    """Lay out and wire the tab; called inside a gr.Tab of the page's Blocks. Events that the
    editor defines as it renders send their loading status to `sink` (see ui/progress.py).
    `notice` is the page's note of what a visitor's link could not use: this tab writes it for
    links to a model."""
    stack = gr.State(copy_stack(STARTER_STACK))
    selected = gr.State(None)  # the id of the layer the editor shows
    structure = gr.Number(0, visible=False)  # bumped when the editor must show another layer
    fingerprint = gr.State(None)
    hidden = gr.State([])  # the controls a link hid, by their hideable names
    with gr.Row(equal_height=False, elem_id="builder-row"):
        with gr.Column(scale=1, min_width=300, elem_id="builder-controls", elem_classes=["lp-controls"]):
            error = gr.Markdown(visible=False, elem_id="builder-error")
            source = gr.Radio(list(SOURCES), value="preset", label="model", elem_id="builder-source")
            preset = gr.Dropdown(list(PRESETS), value=DEFAULT_PRESET, label="preset", elem_id="builder-preset")
            preset_args = gr.Textbox(
                "",
                label="preset arguments",
                visible=False,  # shown for a preset whose constructor takes sizes (see args_control)
                elem_id="builder-args",
            )
            with gr.Group(visible=False) as random_group:
                family = gr.Dropdown(
                    list(RANDOM_FAMILIES), value=DEFAULT_FAMILY, label="random family", elem_id="random-family"
                )
                random_seed = gr.Number(DEFAULT_SEED, precision=0, label="architecture seed", elem_id="random-seed")
                count = gr.Slider(
                    1,
                    MAX_ENSEMBLE,
                    value=DEFAULT_ENSEMBLE,
                    step=1,
                    precision=0,
                    label="models in the ensemble",
                    elem_id="random-count",
                )
                # the ranges drawn from: the chosen family's controls, then the classifier
                range_controls: list[Component] = []
                family_groups: list[gr.Column] = []
                for name in RANDOM_FAMILIES:
                    with gr.Column(visible=name == DEFAULT_FAMILY, elem_id=f"random-{name}-ranges") as group:
                        range_controls += [range_control(slot) for slot in RANGE_SLOTS if slot.family == name]
                    family_groups.append(group)
                range_controls += [range_control(slot) for slot in RANGE_SLOTS if slot.family is None]
                generate = gr.Button("Generate ensemble", elem_id="random-generate")
            with gr.Group(visible=False) as stack_group:
                layers = gr.Radio(
                    stack_choices(stack.value),
                    label="stack: pick a layer to edit or move",
                    interactive=True,  # an output only (picks come as select events): say it takes clicks
                    elem_id="stack-list",
                )
                with gr.Row():
                    add_layer = gr.Dropdown(
                        [name for name in REGISTRY if stackable(name)], value="ReLU", label="layer to add", scale=3
                    )
                    add = gr.Button("Add", elem_id="stack-add", scale=1, min_width=70)
                with gr.Row():
                    up = gr.Button("Move up", elem_id="stack-up", size="sm", min_width=70)
                    down = gr.Button("Move down", elem_id="stack-down", size="sm", min_width=70)
                    remove = gr.Button("Remove", elem_id="stack-remove", size="sm", min_width=70)
                    again = gr.Button("Place again", elem_id="stack-again", size="sm", min_width=70)
                title = gr.Markdown(editor_title(stack.value, None), elem_id="stack-editing")
                editor = gr.Column()
            shape = gr.Textbox(
                "", label="input shape", info="e.g. 16x1x32x32; empty: the model's default", elem_id="builder-shape"
            )
            dist = gr.Dropdown(
                dist_choices(assemble("preset", DEFAULT_PRESET, "dense", 0, 1, "", [], "", "", 0, "eval", False)),
                value=DEFAULT_DIST,
                label="input distribution",
                info="only those this model takes",
                elem_id="builder-dist",
                allow_custom_value=True,  # its choices follow the model: `settle` checks the value itself
            )
            seed = gr.Number(DEFAULT_SEED, precision=0, label="seed", info="torch.manual_seed", elem_id="builder-seed")
            mode = gr.Radio(
                list(MODES),
                value=DEFAULT_MODE,
                label="mode",
                info="model.train() or model.eval(); torch builds modules in train mode",
                elem_id="builder-mode",
            )
            backward = gr.Checkbox(
                False,
                label="backward",
                info="run out.sum().backward(); the gradients are listed under the model",
                elem_id="builder-backward",
            )
        with gr.Column(scale=3, elem_id="builder-results"):
            change = gr.Markdown(elem_id="builder-change")
            extras = gr.Markdown(elem_id="builder-extras")
            # custom values allowed: an event may carry a member of the ensemble before (its choices
            # follow each run), which gradio would refuse with an error toast; present_model falls back
            member = gr.Dropdown(
                [],
                label="ensemble member shown below",
                visible=False,
                elem_id="builder-member",
                interactive=True,
                allow_custom_value=True,
            )
            ensemble = gr.Markdown(visible=False, elem_id="builder-ensemble")
            plots = plot_row(MODEL_PLOTS, "ensemble")
            # the summary's call rows (F.relu, torch.flatten between the modules): the model runs again with them
            show_calls = gr.Checkbox(
                False,
                label="show functional calls",
                info="list the torch functions the forward calls between its modules, as rows marked call",
                elem_id="builder-calls",
            )
            summary = gr.Markdown(elem_id="builder-summary")
            # one click away, as in the Layer Lab; a panel's plots are drawn only while it is open
            with gr.Tabs(selected=BUILDER_DEFAULT_PANEL, elem_id="builder-panels") as panels:
                with gr.Tab(BUILDER_PANEL_LABELS["module"], id="module"):
                    module = gr.Code(language=None, label="print(model)", elem_id="builder-module")
                    forward = gr.Code(language="python", label="its forward", visible=False, elem_id="builder-forward")
                # inside a model: pick a submodule, see what a notebook prints of it (see `look_inside`)
                with gr.Tab(BUILDER_PANEL_LABELS["inside"], id="inside"):
                    inside_pick = gr.Dropdown(
                        [],
                        label="submodule to look inside",
                        info="by the name model.named_modules() gives it",
                        elem_id="builder-inside-pick",
                        interactive=True,
                        allow_custom_value=True,  # its choices follow each run, as the member menu's do
                    )
                    inside = gr.Markdown(elem_id="builder-inside")
                with gr.Tab(BUILDER_PANEL_LABELS["layers"], id="layers"):
                    plots |= plot_row(MODEL_PLOTS, "layers")
                with gr.Tab(BUILDER_PANEL_LABELS["layer"], id="layer"):
                    pick = gr.Dropdown([], label="layer to look at", elem_id="builder-pick", allow_custom_value=True)
                    plots |= plot_row(MODEL_PLOTS, "layer")
                with gr.Tab(BUILDER_PANEL_LABELS["code"], id="code"):
                    code = gr.Code(language="python", label="a script that rebuilds this model", elem_id="builder-code")
                    download = gr.Button("download notebook", elem_id="builder-download-notebook", size="sm")
                    hide = gr.Dropdown(
                        list(hideable(State(model=DEFAULT_PRESET))),
                        value=[],
                        multiselect=True,
                        label="controls to hide in the link",
                        info="a lesson link can show the class one knob; the page here keeps them all",
                        elem_id="builder-share-hide",
                    )
    # the link of the model on screen, rewritten by every run; the page adds the view to it
    shared = gr.Textbox("", elem_id="builder-share-state", elem_classes=["bench-hidden"], show_label=False)

    named = {
        "error": error,
        "change": change,
        "extras": extras,
        "member": member,
        "summary": summary,
        "pick": pick,
        "ensemble": ensemble,
        **plots,
        "module": module,
        "forward": forward,
        "inside_pick": inside_pick,
        "inside": inside,
        "code": code,
        "fingerprint": fingerprint,
    }
    # every run answers the distribution menu first (its choices follow the model), then the page
    outputs = [dist, *(named[name] for name in MODEL_OUTPUTS), shared]
    # the controls in assemble's order, with the stack cut out (events hand over their own)
    before_stack = [source, preset, family, random_seed, count, preset_args, *range_controls]
    after_stack = [shape, dist, seed, mode, backward, show_calls, member, pick, inside_pick, fingerprint]
    inputs = [*before_stack, stack, *after_stack]

    def settle(items: list[dict[str, Any]], head: list[Any], tail: list[Any]) -> list[Any]:
        """Run the model the controls describe with this stack: [dist, *MODEL_OUTPUTS, its link]."""
        return settled(items, head, tail)[0]

    def settled(items: list[dict[str, Any]], head: list[Any], tail: list[Any]) -> tuple[list[Any], State | None]:
        """`settle`'s outputs, and the state that ran (None where the controls were refused)."""
        shape_text, dist_value, seed_value, mode_value, backward_value, calls, shown, picked, looked, previous = tail
        data = assemble(
            *head[:BASE], items, shape_text, DEFAULT_DIST, seed_value, mode_value, backward_value, ranges=head[BASE:]
        )
        if calls:
            data["functional_calls"] = True
        choices = dist_choices(data)
        dist_value = dist_value if dist_value in choices else DEFAULT_DIST
        if dist_value != DEFAULT_DIST:
            data["input"]["dist"] = dist_value
        menu = gr.skip() if (previous or {}).get("dists") == choices else gr.update(choices=choices, value=dist_value)
        try:
            state: State | None = state_from_dict(data, "model")
        except SpecError as e:
            answer, link, state = model_refusal(failure(e), previous), gr.skip(), None
        else:
            result, state = look_inside(api, state, looked)
            answer, link = present_model(result, previous, picked, shown), share_value(state)
        # what the run was of, so that a menu the page sets to it (see `switch`) does not run it again
        answer[MODEL_OUTPUTS.index("fingerprint")] |= {"dists": choices, "subject": head[:3]}
        return [menu, *answer, link], state

    def run(*values: Any) -> list[Any]:
        head, items, tail = list(values[:HEAD]), values[HEAD], list(values[HEAD + 1 :])
        return settle(items, head, tail)

    update = once(run, len(outputs))

    def arrive(request: gr.Request) -> list[Any]:
        """The model a visitor's link names, with its controls, hidden controls and panel; any
        other link opens the tab as usual (what a link could not read, the page's notice says)."""
        link, ignored = link_from_query(dict(request.query_params))
        if link.tab != "builder":
            link, ignored = Link(State(model=DEFAULT_PRESET)), None  # the Lab's load says what it left out
        head, items, tail = controls_from_state(link.state)
        gone = sorted(link.view.hidden)
        shown = shown_by_source(head[0], gone)
        after = [gr.update(value=value, visible=name not in gone) for name, value in zip(RUN_NAMES, tail, strict=True)]
        looked = None if link.state.inside is None else link.state.inside or WHOLE_MODEL
        calls = link.state.functional_calls
        answer, ran = settled(items, head, [*tail, calls, None, None, looked, None])
        if ignored is not None and looked is not None and (ran is None or ran.inside is None):
            ignored.append(f"inside={link.state.inside}")  # a name this model does not have
        answer[0] = {**answer[0], "visible": "dist" not in gone}  # the menu: its choices follow the model
        return [
            gr.update(value=head[0], visible="source" not in gone),
            {**shown[0], "value": head[1]},
            *head[2:5],
            args_control(head[0], head[1], gone, head[5]),
            *shown[1:],
            items,
            gr.update(choices=stack_choices(items), value=None),
            after[0],
            *after[2:],  # the distribution menu is the first of the outputs
            gone,
            gr.update(selected=link.view.panel or BUILDER_DEFAULT_PANEL),
            gone,
            *head[BASE:],
            calls,
            gr.skip() if ignored is None else link_notice(ignored),
            *answer,
        ]

    opening = [source, preset, family, random_seed, count, preset_args, random_group, stack_group, stack, layers]
    opening += [shape, seed, mode, backward, hidden, panels, hide, *range_controls, show_calls, notice]
    demo.load(arrive, None, [*opening, *outputs], **QUIET)
    # a dropdown sends `input` twice per pick (see repeats.py): `update` drops the repeat
    triggers = [generate.click, shape.submit, preset_args.submit, dist.input, seed.input, mode.input, backward.input]
    triggers += [pick.input, member.input, inside_pick.input, show_calls.input]
    gr.on(triggers, update, inputs, outputs, trigger_mode="always_last", **QUIET)

    # switching the model resets the input shape (each model has its own) in the same event
    # as the run, so the run never sees the previous model's shape or distribution
    def switch(*values: Any) -> list[Any]:
        head, items, tail, gone = list(values[:HEAD]), values[HEAD], list(values[HEAD + 1 : -1]), values[-1]
        if (tail[-1] or {}).get("subject") == head[:3]:  # the page's own setting (a link opened): no switch
            return [gr.skip() for _ in switched]
        tail[0], head[5] = "", ""  # another model: its own input and arguments
        shown = shown_by_source(head[0], gone)
        return [*shown, args_control(head[0], head[1], gone), "", *settle(items, head, tail)]

    switched = [preset, random_group, stack_group, preset_args, shape, *outputs]
    # the page sets these menus only where it runs what they show (a link opened), so `change`
    # fires once per pick that switches (a dropdown's `input` fires twice)
    gr.on([source.input, preset.change, family.change], switch, [*inputs, hidden], switched, **QUIET)
    # the family's own ranges shown (a link sets the family too: its ranges show with it)
    family.change(
        lambda chosen: [gr.update(visible=chosen == name) for name in RANDOM_FAMILIES], family, family_groups, **QUIET
    )

    def edit(operation: str) -> Callable[..., list[Any]]:
        """Add, move or remove a layer, and run the stack that leaves, in one event."""

        def apply(
            items: list[dict[str, Any]], chosen: int | None, new_layer: str, version: float, *values: Any
        ) -> list[Any]:
            head, tail = list(values[:HEAD]), list(values[HEAD + 1 :])
            new_items, new_choice, note = edit_stack(items, chosen, operation, new_layer)
            moved = new_choice != chosen  # the editor shows another layer: draw it again
            head_list = [
                new_items,
                new_choice,
                gr.update(choices=stack_choices(new_items), value=new_choice),
                version + 1 if moved else gr.skip(),
                editor_title(new_items, new_choice, note),
            ]
            if new_items == items:
                return [*head_list, *(gr.skip() for _ in outputs)]
            return [*head_list, *settle(new_items, head, tail)]

        return apply

    edited = [stack, selected, layers, structure, title, *outputs]
    for button, operation in ((add, "add"), (up, "up"), (down, "down"), (remove, "remove"), (again, "again")):
        button.click(edit(operation), [stack, selected, add_layer, structure, *inputs], edited, **QUIET)

    def choose(items: list[dict[str, Any]], chosen: int | None, version: float, event: gr.SelectData) -> list[Any]:
        """A pick, read from the click's own data rather than from the radio's value: the radio
        is never an input, so a click that lands while its choices are being replaced cannot
        end in gradio's "not in the list of choices" toast. The id the click carries names
        the layer; its position is the fallback."""
        choice = event.value if position(items, event.value) is not None else None
        if choice is None and isinstance(event.index, int) and 0 <= event.index < len(items):
            choice = items[event.index]["id"]
        if choice is None or choice == chosen:
            return [gr.skip(), gr.skip(), gr.skip()]
        return [choice, version + 1, editor_title(items, choice)]

    layers.select(choose, [stack, selected, structure], [selected, structure, title], **QUIET)

    with editor:

        @gr.render(inputs=[stack, selected], triggers=[structure.change], show_progress="hidden")
        def render_editor(items: list[dict[str, Any]], chosen: int | None) -> None:
            index = position(items, chosen)
            if index is None:
                return
            layer_id = chosen
            if items[index].get("same_as") is not None:  # another layer's module: edited at its own place
                return
            spec = get_spec(items[index]["layer"])
            params = spec.params
            # the marker says which layer these controls edit (tests wait for it); the keys let a
            # re-render of the same layer keep its controls and its event, so a value typed while
            # the editor is redrawn still lands
            gr.HTML(f'<span id="editor-layer-{layer_id}"></span>', padding=False, key=f"mark-{layer_id}")
            widgets, groups = [], list[AxisControls]()
            for p in params:
                value = items[index]["params"].get(p.name)
                widget = to_widget(p, value, key=f"{layer_id}-{p.name}", visible=not isinstance(value, tuple))
                widgets.append(widget)
                if len(p.axes) > 1:  # as in the Layer Lab: a "per axis" box and a slider per axis
                    groups.append(axis_widgets(p, widget, value, True, key=f"{layer_id}-{p.name}"))
            extras = [component for group in groups for component in group.components]

            def set_params(current: list[dict[str, Any]], *values: Any) -> list[Any]:
                edits, rest = list(values[: len(params)]), values[len(params) :]
                per_axis, rest = rest[: len(extras)], rest[len(extras) :]
                at = 0
                for group in groups:
                    tuple_value = group.read(per_axis[at], per_axis[at + 1 : at + len(group.components)])
                    at += len(group.components)
                    if tuple_value is not None:
                        edits[params.index(group.param)] = tuple_value
                head, tail = list(rest[:HEAD]), list(rest[HEAD + 1 :])
                new_items = set_layer_params(current, layer_id, list(zip(params, edits, strict=True)))
                if new_items == current:  # a repeat (a dropdown sends its pick twice), or a layer gone
                    return [gr.skip() for _ in range(2 + len(outputs))]
                relabel = gr.update(choices=stack_choices(new_items), value=layer_id)
                return [new_items, relabel, *settle(new_items, head, tail)]

            if widgets:
                toggles = {id(group.toggle) for group in groups}
                edited = [w for w in (*widgets, *extras) if id(w) not in toggles]
                settings: dict[str, Any] = {"trigger_mode": "always_last", **QUIET, "show_progress_on": sink}
                gr.on(
                    [trigger for w in edited for trigger in edit_triggers(w)],
                    set_params,
                    [stack, *widgets, *extras, *inputs],
                    [stack, layers, *outputs],
                    key=f"edit-{layer_id}",
                    **settings,
                )
                for group in groups:  # the box swaps its controls first, then the stack reads them
                    swapped = [group.main, *group.sliders]
                    group.toggle.input(group.swap, [group.toggle, *swapped], swapped, **QUIET).then(
                        set_params, [stack, *widgets, *extras, *inputs], [stack, layers, *outputs], **settings
                    )

    return ModelLink(shared, hide, download)
