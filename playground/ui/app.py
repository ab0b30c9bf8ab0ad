"""The page: layout and wiring. Callbacks translate components to a State, call the engine
and hand its result to `present`; nothing here knows torch."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from playground.isolation.runner import Runner
from playground.limits import LIMITS
from playground.registry import catalogue
from playground.registry.specs import REGISTRY, by_family, get_spec
from playground.request.state import State
from playground.ui.api import Api, ping
from playground.ui.builder import build_builder_tab
from playground.ui.controls import DEFAULT_MODE, build_controls
from playground.ui.middleware import BodyLimit, KnownEndpoints
from playground.ui.outputs import LAB_PLOTS
from playground.ui.plots import PlotlyScript, plot_row
from playground.ui.present import OUTPUTS, present
from playground.ui.repeats import once

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DEFAULT_LAYER = "Linear"
PUBLIC_ENDPOINTS = ("run_layer", "run_model", "ping")
QUEUE_KWARGS: dict[str, Any] = {
    "max_size": int(LIMITS.queue_size),
    "default_concurrency_limit": int(LIMITS.concurrency),
    "api_open": False,  # no /gradio_api/run/...: nothing bypasses the queue
}
LAUNCH_KWARGS: dict[str, Any] = {
    "ssr_mode": False,
    "enable_monitoring": False,
    "show_error": False,
    "max_file_size": "1mb",
    "footer_links": ["api"],
    "theme": gr.themes.Default(text_size="lg"),
    "css_paths": [ASSETS / "style.css"],
    "js": (ASSETS / "page.js").read_text(),
    # gradio keeps a 150 KB state per session, 10,000 by default: 1.5 GB before it evicts one
    "state_session_capacity": int(LIMITS.sessions),
    "app_kwargs": {
        "middleware": [
            Middleware(BodyLimit, max_bytes=int(LIMITS.max_body_kb * 1024)),
            Middleware(KnownEndpoints, names=PUBLIC_ENDPOINTS),
            Middleware(PlotlyScript),
        ]
    },
}


# front-end only: the page's class switches the CSS, and each plot redraws itself (ui/plots.py)
PROJECTOR_JS = """(on) => {
  document.body.classList.toggle("lp-projector", on);
  window.dispatchEvent(new Event("lp-projector"));
  return [];
}"""


def layer_choices() -> list[tuple[str, str]]:
    return [(f"{spec.name}  ·  {family.value}", spec.name) for family, specs in by_family().items() for spec in specs]


def build_demo(runner: Runner) -> gr.Blocks:
    """The page and the API, every run going through `runner` (a worker pool on a server)."""
    api = Api(runner)
    with gr.Blocks(title="Layer Playground") as demo:
        with gr.Row(elem_id="lab-header"):
            gr.Markdown(
                "# Layer Playground\nPick a `torch.nn` layer, move its parameters, see what it is and what it does.",
                elem_id="intro",
            )
            projector = gr.Checkbox(False, label="projector mode", elem_id="projector", scale=0, min_width=190)
        fingerprint = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Layer Lab", elem_id="tab-lab"), gr.Row(equal_height=False, elem_id="lab-row"):
                # its own scroll at a projector's 720 px: a low control moved leaves the plots in view
                with gr.Column(scale=1, min_width=300, elem_id="controls", elem_classes=["lp-controls"]):
                    layer = gr.Dropdown(layer_choices(), value=DEFAULT_LAYER, label="layer", elem_id="ctl-layer")
                    about = gr.Markdown(catalogue.spec_markdown(get_spec(DEFAULT_LAYER)), elem_id="about")
                    controls_area = gr.Column()
                    # after the controls; assets/page.js repeats it under the control it names
                    error = gr.Markdown(visible=False, elem_id="error-box")
                with gr.Column(scale=3, elem_id="results"):
                    change = gr.Markdown(elem_id="change-line")
                    summary = gr.Markdown(elem_id="summary")
                    plots = plot_row(LAB_PLOTS, "maps")
                    # one click away; a panel's plots are drawn only while it is open
                    with gr.Tabs(selected="weights", elem_id="lab-panels") as panels:
                        with gr.Tab("how it behaves", id="behaviour", visible=False) as behaviour_tab:
                            plots |= plot_row(LAB_PLOTS, "behaviour")
                        with gr.Tab("weights & gradients", id="weights"):
                            tensor = gr.Dropdown(
                                [],
                                label="parameter to plot",
                                info="which parameter the weights and gradients plots show",
                                elem_id="ctl-tensor",
                                allow_custom_value=True,
                                interactive=True,  # its listener is inside gr.render, where gradio cannot see it
                            )
                            plots |= plot_row(LAB_PLOTS, "parameters")
                        with gr.Tab("counts & histograms", id="counts"):
                            plots |= plot_row(LAB_PLOTS, "counts")
                        # text panels stay in the page while closed: copying or reading them never waits
                        with gr.Tab("module", id="module", render_children=True):
                            module = gr.Code(language=None, label="print(module)", elem_id="module-repr")
                            state_dict = gr.Markdown(elem_id="state-dict")
                        with gr.Tab("tensors", id="tensors", render_children=True):
                            values = gr.Code(language=None, label="the tensors as torch prints them", elem_id="values")
                        with gr.Tab("code", id="code", render_children=True):
                            code = gr.Code(language="python", label="paste into a notebook", elem_id="code")

            with gr.Tab("Model Builder", elem_id="tab-builder"):
                build_builder_tab(demo, api)
        named = {
            "error": error,
            "change": change,
            "summary": summary,
            **plots,
            "module": module,
            "state_dict": state_dict,
            "values": values,
            "code": code,
            "fingerprint": fingerprint,
            "tensor": tensor,
            "behaviour_tab": behaviour_tab,
            "panels": panels,
        }
        outputs = [named[name] for name in OUTPUTS]
        quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}

        def run_defaults(name: str, previous: dict[str, Any] | None) -> list[Any]:
            return present(api.run_state(State(get_spec(name).name, mode=DEFAULT_MODE), page=True), previous)

        def describe(name: str) -> str:
            return catalogue.spec_markdown(get_spec(name))

        layer.change(describe, layer, about, **quiet)
        layer.change(run_defaults, [layer, fingerprint], outputs, **quiet)
        demo.load(run_defaults, [layer, fingerprint], outputs, **quiet)

        with controls_area:

            @gr.render(inputs=[layer], triggers=[layer.change, demo.load], show_progress="hidden")
            def render_controls(name: str) -> None:
                controls = build_controls(get_spec(name))

                def update(*values: Any) -> list[Any]:
                    *control_values, picked, previous = values
                    return present(api.run_state(controls.to_state(control_values), page=True), previous, picked)

                inputs = [*controls.components, tensor, fingerprint]
                # one event for all controls lets always_last keep the order
                triggers = [*controls.triggers, tensor.input]
                gr.on(triggers, once(update, len(outputs)), inputs, outputs, trigger_mode="always_last", **quiet)

        projector.change(None, projector, None, js=PROJECTOR_JS, **quiet)

        gr.api(api.run_layer, api_name="run_layer")
        gr.api(api.run_model, api_name="run_model")
        # the framework's own floor, for health checks and the benchmarks: no torch, no worker
        gr.api(ping, api_name="ping", api_visibility="undocumented")
        noop_out = gr.Markdown("0", elem_id="bench-noop-out", elem_classes=["bench-hidden"])
        noop = gr.Button("noop", elem_id="bench-noop", elem_classes=["bench-hidden"])
        noop.click(tick, None, noop_out, **quiet)
    demo.queue(**QUEUE_KWARGS)
    return demo


def tick() -> str:
    """The no-op event the browser benchmark measures: a round trip and nothing else."""
    return str(time.monotonic_ns())


def warm_up(runner: Runner) -> None:
    """Pay the first-use costs at start, not on a visitor's first slider move: the workers
    (each warms torch's meta kernels and flop counter), one layer of every family through
    them, and the figures and their serialiser here."""
    seen = set()
    for spec in REGISTRY.values():
        if spec.family not in seen:
            seen.add(spec.family)
            present(Api(runner).run_state(State(spec.name, backward=True), page=True), None)
    Api(runner).run_state(State(model="LeNet"), page=True)
