"""The Model Builder tab: presets, a stack of registry layers to edit, random ensembles.

Callbacks assemble the model state from the controls, run it through the same strict
parser as `/run_model`, and hand the result to `present_model`.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ..api import run_model_state
from ..engine import failure
from ..model_state import model_state_from_dict
from ..models import MAX_STACK, PRESETS, RANDOM_FAMILIES, stackable
from ..specs import REGISTRY, Dist, SpecError, get_spec
from ..state import DEFAULT_SEED
from .controls import from_widget, to_int, to_widget
from .plots import plot_view
from .present import MODEL_OUTPUTS, present_model, refusal, starts_visible
from .repeats import once

DEFAULT_PRESET = "LeNet"
STARTER_STACK: list[dict[str, Any]] = [
    {"layer": "Linear", "params": {"in_features": 20, "out_features": 64}},
    {"layer": "ReLU", "params": {}},
    {"layer": "Linear", "params": {"in_features": 64, "out_features": 10}},
]
SOURCES = ("preset", "stack", "random")
QUIET: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}


def stack_labels(stack: list[dict[str, Any]]) -> list[str]:
    labels = []
    for index, item in enumerate(stack):
        args = ", ".join(f"{k}={v!r}" for k, v in item["params"].items())
        labels.append(f"{index}: {item['layer']}({args})")
    return labels


def selected_index(label: str | None) -> int | None:
    try:
        return int(str(label).split(":", 1)[0])
    except ValueError:
        return None


def parse_shape(text: str) -> list[int] | None:
    """'16x1x32x32' -> [16, 1, 32, 32]; empty means the model's own default."""
    text = (text or "").strip().lower().replace(" ", "")
    if not text:
        return None
    try:
        return [int(part) for part in text.replace(",", "x").split("x")]
    except ValueError:
        raise SpecError("input.shape", f"input shape {text!r} should look like 2x20 or 16x1x32x32") from None


def assemble(
    source: str,
    preset: str,
    family: str,
    random_seed: Any,
    count: Any,
    stack: list[dict[str, Any]],
    shape_text: str,
    dist: str,
    seed: Any,
    mode: str,
    backward: bool,
) -> dict[str, Any]:
    """The controls as the JSON state /run_model takes: one parser checks both paths."""
    if source == "stack":
        model: dict[str, Any] = {"layers": [{"layer": i["layer"], "params": dict(i["params"])} for i in stack]}
    elif source == "random":
        model = {"random": {"family": family, "seed": to_int(random_seed, DEFAULT_SEED), "count": to_int(count, 4)}}
    else:
        model = {"preset": preset}
    state: dict[str, Any] = {"model": model, "mode": mode if mode in ("train", "eval") else "eval"}
    state["input"] = {"seed": to_int(seed, DEFAULT_SEED), "shape": parse_shape(shape_text)}
    if dist and dist != "default":
        state["input"]["dist"] = dist
    state["backward"] = bool(backward)
    return state


def build_builder_tab(demo: gr.Blocks) -> None:
    """Lay out and wire the tab; called inside a gr.Tab of the page's Blocks."""
    stack = gr.State([dict(item, params=dict(item["params"])) for item in STARTER_STACK])
    structure = gr.Number(0, visible=False)  # bumped on add/move/remove: re-renders the layer's controls
    fingerprint = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=330, elem_id="builder-controls"):
            error = gr.Markdown(visible=False, elem_id="builder-error")
            source = gr.Radio(list(SOURCES), value="preset", label="model", elem_id="builder-source")
            preset = gr.Dropdown(list(PRESETS), value=DEFAULT_PRESET, label="preset", elem_id="builder-preset")
            with gr.Group(visible=False) as random_group:
                family = gr.Dropdown(
                    list(RANDOM_FAMILIES), value="dense", label="random family", elem_id="random-family"
                )
                random_seed = gr.Number(DEFAULT_SEED, precision=0, label="architecture seed", elem_id="random-seed")
                count = gr.Slider(
                    1, 8, value=4, step=1, precision=0, label="models in the ensemble", elem_id="random-count"
                )
                generate = gr.Button("Generate ensemble", elem_id="random-generate")
            with gr.Group(visible=False) as stack_group:
                layers = gr.Radio(
                    stack_labels(stack.value), label="stack: pick a layer to edit or move", elem_id="stack-list"
                )
                with gr.Row():
                    add_layer = gr.Dropdown(
                        [name for name in REGISTRY if stackable(name)], value="ReLU", label="layer to add", scale=3
                    )
                    add = gr.Button("Add", elem_id="stack-add", scale=1)
                with gr.Row():
                    up = gr.Button("Move up", elem_id="stack-up", size="sm")
                    down = gr.Button("Move down", elem_id="stack-down", size="sm")
                    remove = gr.Button("Remove", elem_id="stack-remove", size="sm")
                editor = gr.Column()
            shape = gr.Textbox(
                "", label="input shape", info="e.g. 16x1x32x32; empty: the model's default", elem_id="builder-shape"
            )
            dist = gr.Dropdown(["default", *(d.value for d in Dist)], value="default", label="input distribution")
            seed = gr.Number(DEFAULT_SEED, precision=0, label="seed", info="torch.manual_seed", elem_id="builder-seed")
            mode = gr.Radio(["eval", "train"], value="eval", label="mode")
            backward = gr.Checkbox(False, label="backward")
        with gr.Column(scale=3, elem_id="builder-results"):
            change = gr.Markdown(elem_id="builder-change")
            extras = gr.Markdown(elem_id="builder-extras")
            summary = gr.Markdown(elem_id="builder-summary")
            ensemble = gr.Markdown(visible=False, elem_id="builder-ensemble")
            ensemble_plot = plot_view("ensemble", "plot-ensemble", starts_visible("ensemble_plot"))
            with gr.Row():
                summary_plot = plot_view("parameters per layer", "plot-summary")
                depth_plot = plot_view("activations through depth", "plot-depth")
            pick = gr.Dropdown([], label="layer to look at", elem_id="builder-pick", allow_custom_value=True)
            layer_plot = plot_view("layer output", "plot-layer")
            with gr.Tabs():
                with gr.Tab("Module"):
                    module = gr.Code(language=None, label="print(model)", elem_id="builder-module")
                    forward = gr.Code(language="python", label="its forward", visible=False, elem_id="builder-forward")
                with gr.Tab("Code"):
                    code = gr.Code(language="python", label="a script that rebuilds this model", elem_id="builder-code")

    named = {
        "error": error,
        "change": change,
        "extras": extras,
        "summary": summary,
        "summary_plot": summary_plot,
        "depth_plot": depth_plot,
        "pick": pick,
        "layer_plot": layer_plot,
        "ensemble": ensemble,
        "ensemble_plot": ensemble_plot,
        "module": module,
        "forward": forward,
        "code": code,
        "fingerprint": fingerprint,
    }
    outputs = [named[name] for name in MODEL_OUTPUTS]
    inputs = [source, preset, family, random_seed, count, stack, shape, dist, seed, mode, backward, pick, fingerprint]

    def run(*values: Any) -> list[Any]:
        *controls, picked, previous = values
        try:
            state = model_state_from_dict(assemble(*controls))
        except SpecError as e:
            return refusal(failure(e), previous, MODEL_OUTPUTS)
        return present_model(run_model_state(state), previous, picked)

    update = once(run, len(outputs))

    def show_source(choice: str) -> list[Any]:
        return [
            gr.Dropdown(visible=choice == "preset"),
            gr.Group(visible=choice == "random"),
            gr.Group(visible=choice == "stack"),
        ]

    source.input(show_source, source, [preset, random_group, stack_group], **QUIET)
    demo.load(update, inputs, outputs, **QUIET)
    # a dropdown sends `input` twice per pick (see repeats.py); the page never sets these two
    # values (show_source only shows or hides the preset), so their `change` fires once, for a
    # person's pick; `update` drops a repeat should a re-mount ever fire it too
    triggers = [source.input, preset.change, generate.click, shape.submit, dist.change, seed.input, mode.input]
    triggers += [backward.input, pick.input]
    gr.on(triggers, update, inputs, outputs, trigger_mode="always_last", **QUIET)

    def edit(operation: str) -> Any:
        """Add, move or remove a layer: returns the new stack, its list and the selection."""

        def apply(items: list[dict[str, Any]], label: str | None, new_layer: str, version: float) -> list[Any]:
            items = [dict(item, params=dict(item["params"])) for item in items]
            index = selected_index(label)
            if operation == "add" and len(items) < MAX_STACK:
                index = len(items) if index is None else index + 1
                items.insert(index, {"layer": get_spec(new_layer).name, "params": {}})
            elif index is not None and index < len(items):
                if operation == "remove" and len(items) > 1:
                    items.pop(index)
                    index = min(index, len(items) - 1)
                elif operation == "up" and index > 0:
                    items[index - 1], items[index] = items[index], items[index - 1]
                    index -= 1
                elif operation == "down" and index < len(items) - 1:
                    items[index + 1], items[index] = items[index], items[index + 1]
                    index += 1
            labels = stack_labels(items)
            chosen = labels[index] if index is not None and index < len(labels) else None
            return [items, gr.Radio(choices=labels, value=chosen), version + 1]

        return apply

    for button, operation in ((add, "add"), (up, "up"), (down, "down"), (remove, "remove")):
        button.click(edit(operation), [stack, layers, add_layer, structure], [stack, layers, structure], **QUIET).then(
            update, inputs, outputs, **QUIET
        )
    layers.input(lambda version: version + 1, structure, structure, **QUIET)

    with editor:

        @gr.render(inputs=[stack, layers], triggers=[structure.change], show_progress="hidden")
        def render_editor(items: list[dict[str, Any]], label: str | None) -> None:
            index = selected_index(label)
            if index is None or index >= len(items):
                gr.Markdown("Pick a layer in the stack to edit its parameters.")
                return
            spec = get_spec(items[index]["layer"])
            gr.Markdown(f"**{index}: {spec.name}**: {spec.summary}")
            params = spec.params
            widgets = [to_widget(p, items[index]["params"].get(p.name)) for p in params]

            def set_params(current: list[dict[str, Any]], *values: Any) -> list[Any]:
                current = [dict(item, params=dict(item["params"])) for item in current]
                if index < len(current) and current[index]["layer"] == spec.name:
                    for p, value in zip(params, values, strict=True):
                        converted = from_widget(p, value)
                        if converted == p.default:
                            current[index]["params"].pop(p.name, None)
                        else:
                            current[index]["params"][p.name] = converted
                return [current, gr.Radio(choices=stack_labels(current), value=stack_labels(current)[index])]

            if widgets:
                gr.on(
                    [w.input for w in widgets],
                    set_params,
                    [stack, *widgets],
                    [stack, layers],
                    trigger_mode="always_last",
                    **QUIET,
                ).then(update, inputs, outputs, **QUIET)
