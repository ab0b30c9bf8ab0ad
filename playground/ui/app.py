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
from playground.request.link import DEFAULT_LAYER, Link, hideable, link_from_query, link_to_query
from playground.request.state import State
from playground.ui.api import Api, ping
from playground.ui.builder import build_builder_tab
from playground.ui.controls import DEFAULT_MODE, VALUES, build_controls, sync_typed, typed_at_start
from playground.ui.lessons import build_lessons_tab
from playground.ui.lessons import show as show_step
from playground.ui.middleware import BodyLimit, KnownEndpoints
from playground.ui.outputs import LAB_PLOTS
from playground.ui.plots import PlotlyScript, plot_row
from playground.ui.present import OUTPUTS, present, refusal_of, with_typed
from playground.ui.progress import aim_progress, progress_sink
from playground.ui.repeats import once
from playground.ui.share import (
    COPY_JS,
    FOLLOW_JS,
    LAB_DEFAULT_PANEL,
    LAB_PANEL_LABELS,
    SAVE_JS,
    WITH_LINK_JS,
    link_notice,
    share_base,
    share_value,
    take_home,
)

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PUBLIC_ENDPOINTS = ("run_layer", "run_model", "lessons", "run_lesson", "ping")
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


def arrived(query: str | None) -> Link | None:
    """The link a visitor arrived with, read again from the query the page keeps of it."""
    return link_from_query(query)[0] if query is not None else None


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
            share_link = gr.Textbox(
                label="link to this view (copied)",
                elem_id="share-link",
                interactive=False,
                visible=False,
                container=False,
                scale=2,
            )
            copy_link = gr.Button("copy link", elem_id="copy-link", scale=0, min_width=130, size="sm")
            projector = gr.Checkbox(False, label="projector mode", elem_id="projector", scale=0, min_width=190)
        notice = gr.Markdown(visible=False, elem_id="link-notice")
        # the link of the state on screen, rewritten by every run; the page adds the view to it
        shared = gr.Textbox(share_base(), elem_id="share-state", elem_classes=["bench-hidden"], show_label=False)
        opened = gr.State(None)  # the query of the link a visitor arrived with (a Link is not hashable)
        fingerprint = gr.State(None)
        # every event's loading status on one hidden block, which gradio copies for nothing (ui/progress.py)
        sink = progress_sink()
        quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden", "show_progress_on": sink}
        with gr.Tabs() as tabs:
            with gr.Tab("Layer Lab", id="lab", elem_id="tab-lab"), gr.Row(equal_height=False, elem_id="lab-row"):
                # its own scroll at a projector's 720 px: a low control moved leaves the plots in view
                with gr.Column(scale=1, min_width=300, elem_id="controls", elem_classes=["lp-controls"]):
                    layer = gr.Dropdown(layer_choices(), value=DEFAULT_LAYER, label="layer", elem_id="ctl-layer")
                    about = gr.Markdown(catalogue.spec_markdown(get_spec(DEFAULT_LAYER)), elem_id="about")
                    controls_area = gr.Column()
                    # after the controls; assets/page.js repeats it under the control it names
                    error = gr.Markdown(visible=False, elem_id="error-box")
                with gr.Column(scale=3, elem_id="results"):
                    change = gr.Markdown(elem_id="change-line")
                    # the input and output first: what the room looks at; their numbers just below
                    plots = plot_row(LAB_PLOTS, "maps")
                    summary = gr.Markdown(elem_id="summary")
                    # one click away; a panel's plots are drawn only while it is open
                    with gr.Tabs(selected=LAB_DEFAULT_PANEL, elem_id="lab-panels") as panels:
                        with gr.Tab(LAB_PANEL_LABELS["behaviour"], id="behaviour", visible=False) as behaviour_tab:
                            plots |= plot_row(LAB_PLOTS, "behaviour")
                        with gr.Tab(LAB_PANEL_LABELS["weights"], id="weights"):
                            tensor = gr.Dropdown(
                                [],
                                label="parameter to plot",
                                info="which parameter the weights and gradients plots show",
                                elem_id="ctl-tensor",
                                allow_custom_value=True,
                                interactive=True,  # its listener is inside gr.render, where gradio cannot see it
                            )
                            plots |= plot_row(LAB_PLOTS, "parameters")
                        with gr.Tab(LAB_PANEL_LABELS["counts"], id="counts"):
                            plots |= plot_row(LAB_PLOTS, "counts")
                        with gr.Tab(LAB_PANEL_LABELS["module"], id="module"):
                            module = gr.Code(language=None, label="print(module)", elem_id="module-repr")
                            state_dict = gr.Markdown(elem_id="state-dict")
                        with gr.Tab(LAB_PANEL_LABELS["tensors"], id="tensors"):
                            values = gr.Code(language=None, label="the tensors as torch prints them", elem_id="values")
                        with gr.Tab(LAB_PANEL_LABELS["code"], id="code"):
                            code = gr.Code(language="python", label="paste into a notebook", elem_id="code")
                            download = gr.Button("download notebook", elem_id="download-notebook", size="sm")
                            hide = gr.Dropdown(
                                list(hideable(State(DEFAULT_LAYER))),
                                value=[],
                                multiselect=True,
                                label="controls to hide in the link",
                                info="a lesson link can show the class one knob; the page here keeps them all",
                                elem_id="share-hide",
                            )

            with gr.Tab("Model Builder", id="builder", elem_id="tab-builder"):
                model_link = build_builder_tab(demo, api, sink, notice)
            with gr.Tab("Lessons", id="lessons", elem_id="tab-lessons") as lessons_tab:
                lessons = build_lessons_tab(api, quiet)
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

        def starting_state(name: str, link: Link | None) -> State:
            """The link's state while its layer is on screen, else the layer's defaults."""
            if link is not None and link.tab == "lab" and link.state.layer == get_spec(name).name:
                return link.state
            return State(get_spec(name).name, mode=DEFAULT_MODE)

        def run_layer_page(name: str, query: str | None, previous: dict[str, Any] | None) -> list[Any]:
            link = arrived(query)
            state = starting_state(name, link)
            hidden = list(hideable(state))
            shown = present(api.run_state(state, page=True), previous)
            typed = typed_at_start(state)
            return [
                *(with_typed(shown, typed, "") if typed is not None else shown),
                share_value(state),
                gr.update(choices=hidden, value=[h for h in (link.view.hidden if link else ()) if h in hidden]),
            ]

        def open_link(request: gr.Request) -> list[Any]:
            """A visitor's address: the tab, the layer and view it names (the Model Builder reads
            its own part, see builder.py), and a notice of what could not be read."""
            link, ignored = link_from_query(dict(request.query_params))
            lab = link.tab == "lab"
            return [
                # the Lab is the tab on screen already, and a visitor may have left it meanwhile
                gr.update(selected=link.tab) if not lab else gr.skip(),
                gr.update(value=link.state.layer if lab else DEFAULT_LAYER, visible="layer" not in link.view.hidden),
                link_to_query(link),
                link.view.projector,
                gr.update(selected=link.view.panel) if lab and link.view.panel else gr.skip(),
                gr.update(visible="tensor" not in link.view.hidden),
                # a part may be unreadable (`seed=abc`) or readable but not fit the rest (a stack's
                # layer whose input does not match): either way it is left out. The Model
                # Builder's own load says it for its links: whether `inside=` names a submodule
                # is known only once its model is built
                gr.skip() if link.tab == "builder" else link_notice(ignored),
            ]

        def describe(name: str) -> str:
            return catalogue.spec_markdown(get_spec(name))

        page_outputs = [*outputs, shared, hide]
        layer.change(describe, layer, about, **quiet)
        layer.change(run_layer_page, [layer, opened, fingerprint], page_outputs, **quiet)

        def first_run(name: str, query: str | None, previous: dict[str, Any] | None) -> list[Any]:
            """The page's first run, unless the link set the layer menu to another layer than
            it opens on: its `change` runs that one, and a second run would tell a fresh page
            that it shows "the same ... as before"."""
            link = arrived(query)
            if link is not None and link.tab == "lab" and link.state.layer != DEFAULT_LAYER:
                return [gr.skip() for _ in page_outputs]
            return run_layer_page(name, query, previous)

        def arrive_lesson(query: str | None) -> list[Any]:
            """A lesson link: the Lessons tab shows its step (the tab was selected by open_link)."""
            link = arrived(query)
            if link is None or link.tab != "lessons" or link.lesson is None:
                return [gr.skip()] * len(lessons.shown)
            return show_step(api, *link.lesson)

        demo.load(open_link, None, [tabs, layer, opened, projector, panels, tensor, notice], **quiet).then(
            first_run, [layer, opened, fingerprint], page_outputs, **quiet
        ).then(arrive_lesson, opened, lessons.shown, **quiet)
        # a step is run when it is shown: the tab opened shows the step it holds
        lessons_tab.select(
            lambda name, n: show_step(api, name, int(n or 1)), [lessons.lesson, lessons.step], lessons.shown, **quiet
        )

        with controls_area:

            @gr.render(inputs=[layer, opened], triggers=[layer.change, opened.change], show_progress="hidden")
            def render_controls(name: str, query: str | None) -> None:
                link = arrived(query)
                start = starting_state(name, link)
                controls = build_controls(get_spec(name), start, link.view.hidden if link else frozenset())

                # what a typed tensor changes besides the run: the size controls and the box itself
                synced = [controls.component(f"dim-{name}") for name in controls.free_dims]
                synced += [controls.component(VALUES)]

                def update(*values: Any) -> list[Any]:
                    *control_values, picked, previous = values
                    reading = controls.read(control_values, (previous or {}).get("typed"))
                    untouched = [gr.skip()] * len(synced)
                    if reading.refusal is not None:  # a typed tensor the layer cannot take: the box keeps it
                        error = reading.refusal
                        return [*refusal_of(error.param, error.message, previous), gr.skip(), *untouched]
                    result = api.run_state(reading.state, page=True)
                    shown = present(result, previous, picked)
                    if not result.ok:
                        return [*shown, share_value(reading.state), *untouched]
                    return [
                        *with_typed(shown, reading.typed, reading.cleared),
                        share_value(reading.state),
                        *sync_typed(controls, reading),
                    ]

                inputs = [*controls.components, tensor, fingerprint]
                # one event for all controls lets always_last keep the order
                triggers = [*controls.triggers, tensor.input]
                run = once(update, len(outputs) + 1 + len(synced))
                gr.on(triggers, run, inputs, [*outputs, shared, *synced], trigger_mode="always_last", **quiet)
                # a "per axis" box first swaps its controls (and starts the sliders at the one
                # value), then runs: the run reads the sliders as the swap left them
                for group in controls.axes:
                    swapped = [group.main, *group.sliders]
                    group.toggle.input(group.swap, [group.toggle, *swapped], swapped, **quiet).then(
                        run, inputs, [*outputs, shared, *synced], trigger_mode="always_last", **quiet
                    )

        # the link and the notebook of the tab on screen: each tab's state and hidden controls
        views = [shared, hide, model_link.shared, model_link.hide, lessons.shared]
        # ... and every part of the view a link holds: the panel open, the controls hidden, projector mode
        follows = [shared.change, model_link.shared.change, lessons.shared.change, tabs.select, panels.select]
        follows += [hide.change, model_link.hide.change, projector.change]
        for changed in follows:
            changed(None, views, None, js=FOLLOW_JS, **quiet)
        copy_link.click(lambda url, *_: gr.update(value=url, visible=True), views, share_link, js=COPY_JS, **quiet)
        # one click: the server writes the notebook of the view on screen, the page saves it
        parcel = gr.Textbox(elem_id="notebook-parcel", elem_classes=["bench-hidden"], show_label=False)
        for button in (download, model_link.download, lessons.download):
            button.click(lambda address, *_: take_home(api, address), views, parcel, js=WITH_LINK_JS, **quiet).then(
                None, parcel, None, js=SAVE_JS, **quiet
            )
        projector.change(None, projector, None, js=PROJECTOR_JS, **quiet)

        gr.api(api.run_layer, api_name="run_layer")
        gr.api(api.run_model, api_name="run_model")
        gr.api(api.lessons, api_name="lessons")
        gr.api(api.run_lesson, api_name="run_lesson")
        # the framework's own floor, for health checks and the benchmarks: no torch, no worker
        gr.api(ping, api_name="ping", api_visibility="undocumented")
        noop_out = gr.Markdown("0", elem_id="bench-noop-out", elem_classes=["bench-hidden"])
        noop = gr.Button("noop", elem_id="bench-noop", elem_classes=["bench-hidden"])
        noop.click(tick, None, noop_out, **quiet)
    aim_progress(demo, sink)  # the Model Builder's events and gr.render's own
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
