"""RunResult -> component updates: the one place where engine errors become UI messages."""

from __future__ import annotations

from typing import Any

import gradio as gr

from .. import figures, report
from ..engine import RunResult

# the order of the outputs of every update; app.py lays the components out under these names
OUTPUTS = (
    "error",
    "change",
    "summary",
    "input_plot",
    "output_plot",
    "special_plot",
    "compare_plot",
    "weights_plot",
    "grads_plot",
    "params_plot",
    "hist_plot",
    "module",
    "state_dict",
    "values",
    "code",
    "fingerprint",
    "tensor",
)


def refusal(result: RunResult, count: int) -> list[Any]:
    """On a refusal only the message changes: the last valid plots stay on screen."""
    error = result.error
    where = f"**{error.param}**: " if error and error.param else ""
    text = f"⛔ {where}{error.message if error else 'unknown error'}"
    return [gr.Markdown(text, visible=True), *[gr.skip()] * (count - 1)]


def present(result: RunResult, previous: dict[str, Any] | None, tensor: str | None = None) -> list[Any]:
    if not result.ok:
        return refusal(result, len(OUTPUTS))
    special = figures.special_figure(result)
    comparison = figures.comparison_figure(result)
    return [
        gr.Markdown("", visible=False),
        report.change_line(previous, result),
        report.summary_markdown(result),
        figures.input_figure(result),
        figures.output_figure(result),
        gr.Plot(special, visible=special is not None),
        gr.Plot(comparison, visible=comparison is not None),
        figures.weights_figure(result, tensor),
        figures.weights_figure(result, tensor, prefix="grad"),
        figures.params_figure(result),
        figures.histogram_figure(result),
        result.module,
        report.state_dict_markdown(result),
        report.values_text(result),
        result.code,
        report.fingerprint(result),
        gr.Dropdown(choices=figures.tensor_names(result), value=figures.weight_choice(result, tensor)),
    ]


MODEL_OUTPUTS = (
    "error",
    "change",
    "extras",
    "summary",
    "summary_plot",
    "depth_plot",
    "pick",
    "layer_plot",
    "ensemble",
    "ensemble_plot",
    "module",
    "forward",
    "code",
    "fingerprint",
)


def present_model(result: RunResult, previous: dict[str, Any] | None, pick: str | None) -> list[Any]:
    if not result.ok:
        return refusal(result, len(MODEL_OUTPUTS))
    labels = [figures.row_label(i, row) for i, row in enumerate(result.summary)]
    index = labels.index(pick) if pick in labels else len(labels) - 1
    ensemble = figures.ensemble_figure(result)
    forward = result.extras.get("forward", "")
    return [
        gr.Markdown("", visible=False),
        report.change_line(previous, result),
        report.extras_markdown(result),
        report.model_summary_markdown(result),
        figures.summary_figure(result),
        figures.depth_figure(result),
        gr.Dropdown(choices=labels, value=labels[index] if labels else None),
        figures.layer_output_figure(result, index),
        gr.Markdown(report.ensemble_markdown(result), visible=bool(result.ensemble)),
        gr.Plot(ensemble, visible=ensemble is not None),
        result.module,
        gr.Code(forward, visible=bool(forward)),
        result.code,
        report.fingerprint(result),
    ]
