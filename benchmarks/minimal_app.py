"""The smallest Gradio app a person could compare ours to: one `gr.Plot` filled on load with a
small plotly figure, one button whose event changes a line of text and does nothing else.

The browser part's feel rows launch it beside ours, as a real process on loopback
(`python -m benchmarks.minimal_app`, the port in GRADIO_SERVER_PORT, as `python app.py`
reads it), so that a load time or a round trip is read against what the framework itself
costs on the same machine in the same minute, not against a number from elsewhere. It takes
the launch settings of ours that change what a page costs (no SSR, no analytics, no
monitoring, a theme whose fonts are served locally) and none of our page's own work.

Gradio is imported in `main` only: the benchmark imports this module for its element ids
(benchmarks/feel.py builds every selector from them) and should not pay for gradio or
switch its analytics setting.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr
    import plotly.graph_objects as go

LAUNCH_ARGS = ("-m", "benchmarks.minimal_app")  # for the interpreter, in the repository (tests/harness/app.py)
PLOT_ID = "min-plot"
NOOP_ID = "min-noop"
NOOP_OUT_ID = "min-noop-out"


def figure() -> go.Figure:
    """A small plotly figure: a line of eight points, about what a person's first plot is."""
    import plotly.graph_objects as go

    return go.Figure(go.Scatter(x=list(range(8)), y=[i * i for i in range(8)]), layout={"title": "squares"})


def tick() -> str:
    return str(time.monotonic_ns())


def build() -> gr.Blocks:
    import gradio as gr

    quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}  # as our page's events
    with gr.Blocks(title="minimal") as demo:
        plot = gr.Plot(elem_id=PLOT_ID)
        out = gr.Markdown("0", elem_id=NOOP_OUT_ID)
        button = gr.Button("noop", elem_id=NOOP_ID)
        button.click(tick, None, out, **quiet)
        demo.load(figure, None, plot, **quiet)
    return demo


def main() -> None:
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported, as app.py does
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    import gradio as gr

    build().launch(
        server_name="127.0.0.1",
        ssr_mode=False,
        enable_monitoring=False,
        show_error=False,
        theme=gr.themes.Default(),  # its fonts are bundled: the page fetches nothing from elsewhere
    )


if __name__ == "__main__":
    main()
