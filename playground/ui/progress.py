"""Every event's loading status on one hidden component, not on its outputs.

No event on the page shows progress (`show_progress="hidden"`), but gradio's front end still
keeps a loading status for each event's progress targets (its outputs, unless
`show_progress_on` names others). It remembers every target any event has ever had, and at
each status change of any event (pending, queued, started, complete: several per round trip)
it updates all of them, and updating one copies it: `update_loading_stati_state` ->
`update_state` -> `get_data`, a `$state.snapshot` of every prop of the block and, for a layout
block, of every block inside it (Svelte's snapshot calls `structuredClone` once per value).
After the page's first runs those targets were the Layer Lab's outputs with the panels' Tabs
(every plot, code and table inside them), the column of controls that `gr.render` fills and
the Model Builder's outputs: 4,600 clones per no-op click on our page, about 30-45 ms of its
main thread in Chromium's CPU profile (2026-12-07), where the minimal app has one block.

Pointed at one hidden component that is never mounted, the outputs leave that list: 760
clones per no-op. What stays is gradio's own doing: an event's inputs join the list when it
completes (it marks the status "closed" as if every event streamed), so the controls and the
Model Builder's inputs are still copied at each status change; they are small.

Nothing a person sees changes: with progress hidden no component draws its status (gradio's
HTML and Markdown dim a pending value only when progress shows).
"""

from __future__ import annotations

import gradio as gr
from gradio.components import Component


def progress_sink() -> gr.Markdown:
    """The hidden component that takes every event's loading status; make it inside the Blocks."""
    return gr.Markdown(visible=False, elem_id="progress-sink")


def aim_progress(demo: gr.Blocks, sink: Component) -> None:
    """Point the progress of every event of `demo` that hides it at `sink`: the events the page
    defines when it is built, the Model Builder's and `gr.render`'s own included. An event
    that shows its progress keeps it on its outputs, and one that names its own targets keeps
    them. Events that `gr.render` defines when it runs are not in `demo` yet: they name the
    sink themselves (`show_progress_on`)."""
    for fn in demo.fns.values():
        if fn.show_progress == "hidden" and fn.show_progress_on is None:
            fn.show_progress_on = [sink]
