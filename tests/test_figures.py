"""Figures and text reports: built for every layer, bounded in size, and saying true things."""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import records
from playground.registry.models import PRESETS
from playground.registry.specs import REGISTRY
from playground.render import figures, report
from playground.request.state import InputState, RandomSpec, State
from playground.run import engine
from playground.run.engine import run as run_model
from playground.ui.outputs import LAB_PLOTS, Shown

CPU = torch.device("cpu")


def plotly_figure(fig: figures.Figure) -> go.Figure:
    """Our JSON read back through plotly's own validation: a wrong key or value raises."""
    return go.Figure(json.loads(fig.to_json(), parse_constant=lambda c: pytest.fail(f"{c} is not JSON")))


def decoded(fig: figures.Figure, trace: int = 0, key: str = "z") -> np.ndarray:
    """An array as the browser gets it: the typed-array spec decoded."""
    spec = json.loads(fig.to_json())["data"][trace][key]
    if isinstance(spec, list):
        return np.asarray(spec)
    dtypes = {code: np.dtype(name) for name, code in figures.PLOTLY_DTYPES.items()}
    array = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=dtypes[spec["dtype"]])
    return array.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else array


def all_figures(r: records.RunResult) -> list[figures.Figure]:
    """Every plot of the Layer Lab's table, as the page draws it."""
    made = [plot.draw(Shown(r)) for plot in LAB_PLOTS]
    return [f for f in made if f is not None]


@pytest.mark.parametrize("layer", list(REGISTRY))
@pytest.mark.parametrize(("mode", "backward"), [("eval", False), ("train", True)])
def test_every_layer_draws_bounded_figures(layer: str, mode: str, backward: bool) -> None:
    r = engine.run(State(layer, mode=mode, backward=backward), CPU)
    assert r.ok, r.error
    for fig in all_figures(r):
        for index, trace in enumerate(plotly_figure(fig).data):
            if isinstance(trace, go.Heatmap):
                z = decoded(fig, index)
                assert z.ndim == 2
                assert max(z.shape) <= figures.MAX_SIDE
        assert len(fig.to_json()) < 150_000
    title = plotly_figure(figures.output_figure(r)).layout.title.text
    assert figures.shape_text(r.output_shape) in title


def test_gradients_appear_with_backward() -> None:
    without = engine.run(State("Linear"), CPU)
    assert "turn on backward" in json.dumps(figures.weights_figure(without, gradient=True).to_plotly_json())
    with_grad = engine.run(State("Linear", backward=True), CPU)
    fig = figures.weights_figure(with_grad, gradient=True)
    assert "Gradient of weight (3, 4)" in plotly_figure(fig).layout.title.text
    # d(sum(x W^T + b))/dW is the input repeated for each output row
    x = with_grad.arrays["input"]
    np.testing.assert_allclose(decoded(fig), np.repeat(x, 3, axis=0), rtol=1e-6)


def test_downsample_is_a_block_mean() -> None:
    """One factor for both axes: a block of 4 x 4, so that a disc stays a disc."""
    rows = 3 * figures.MAX_SIDE + 2  # a factor of 4, the last block partial (2 rows)
    a = np.arange(rows * 10, dtype=np.float32).reshape(rows, 10)
    small, factor = figures.downsample(a)
    assert factor == 4
    assert small.shape == (math.ceil(rows / 4), math.ceil(10 / 4))
    np.testing.assert_allclose(small[0, 0], a[:4, :4].mean())
    np.testing.assert_allclose(small[-1, -1], a[-2:, 8:].mean())


def test_conv_kernels_are_a_mosaic_of_every_kernel() -> None:
    r = engine.run(State("Conv2d", params={"in_channels": 2, "out_channels": 3, "kernel_size": 3}), CPU)
    weight = r.weights["weight"]  # (3, 2, 3, 3)
    z = decoded(figures.weights_figure(r))
    assert z.shape == (3 * 4 - 1, 2 * 4 - 1)  # tiles of 3 plus one blank line between them
    np.testing.assert_array_equal(z[4:7, 4:7], weight[1, 1])
    assert np.isnan(z[3]).all()


def test_parameter_formula_spells_out_the_count() -> None:
    r = engine.run(State("Linear", params={"in_features": 100, "out_features": 200}), CPU)
    assert figures.param_formula(r.params) == "weight 200 x 100 + bias 200 = 20,200"
    assert r.total_params == sum(p.numel() for p in torch.nn.Linear(100, 200).parameters())


def test_batchnorm_buffers_are_not_counted_as_parameters() -> None:
    r = engine.run(State("BatchNorm1d"), CPU)
    assert figures.param_formula(r.params) == "weight 4 + bias 4 = 8"
    table = report.state_dict_markdown(r)
    shape = tuple(torch.nn.BatchNorm1d(4).running_mean.shape)  # (4,), as Python writes it
    assert f"| `running_mean` | {shape} | 4 | False | buffer |" in table


def test_dropout_summary_counts_the_mask() -> None:
    r = engine.run(State("Dropout", params={"p": 0.25}, mode="train"), CPU)
    out, x = r.arrays["output"], r.arrays["input"]
    zeroed = float(((out == 0) & (x != 0)).sum() / (x != 0).sum())
    assert figures.mode_summary(r) == f"{zeroed:.0%} zeroed (p = 0.25), survivors x 1.33"
    np.testing.assert_allclose(out[out != 0], x[out != 0] / 0.75, rtol=1e-6)


def test_batchnorm_comparison_shows_batch_and_running_statistics() -> None:
    r = engine.run(State("BatchNorm2d", mode="train"), CPU)
    fig = figures.comparison_figure(r)
    names = {trace.name for trace in plotly_figure(fig).data}
    assert names == {"batch mean (train)", "running mean (eval)", "batch var (train)", "running var (eval)"}
    x = torch.from_numpy(r.arrays["input"])
    np.testing.assert_allclose(r.comparison.stats["batch_mean"], x.mean(dim=(0, 2, 3)).numpy(), rtol=1e-5)


def test_attention_map_rows_sum_to_one() -> None:
    r = engine.run(State("MultiheadAttention"), CPU)
    z = decoded(figures.special_figure(r))
    np.testing.assert_allclose(z.sum(axis=1), 1.0, rtol=1e-5)


def test_change_line_says_what_moved() -> None:
    before = engine.run(State("Linear"), CPU)
    after = engine.run(State("Linear", params={"out_features": 5}), CPU)
    line = report.change_line(report.fingerprint(before), after)
    assert line == "Changed: output (1, 3) → (1, 5); parameters 15 → 25 (+10); FLOPs 24 → 40 (+16)."
    # the same run again says so; another seed keeps every shape and changes only the numbers
    assert report.change_line(report.fingerprint(after), after) == "The same shapes, parameters and values as before."
    reseeded = engine.run(State("Linear", params={"out_features": 5}, input=InputState(seed=1)), CPU)
    assert report.change_line(report.fingerprint(after), reseeded) == "Same shapes, parameters and FLOPs; new values."
    # a second call prints one more tensor, and no number changes (Linear draws nothing at random)
    twice = engine.run(State("Linear", params={"out_features": 5}, calls=2), CPU)
    assert report.change_line(report.fingerprint(after), twice) == (
        "Same shapes, parameters and FLOPs; now also printed: output (call 2)."
    )
    # dropout between GRU layers: the print and (in train mode) the outputs both change
    gru = engine.run(State("GRU", params={"num_layers": 2}), CPU)
    dropped = engine.run(State("GRU", params={"num_layers": 2, "dropout": 0.5}), CPU)
    assert not np.array_equal(gru.arrays["output"], dropped.arrays["output"])
    assert report.change_line(report.fingerprint(gru), dropped) == (
        "Same shapes, parameters and FLOPs; the printed module changed (order or settings); new values."
    )
    assert "Switched from `Linear` to `ReLU`" in report.change_line(
        report.fingerprint(after), engine.run(State("ReLU"), CPU)
    )


def test_values_text_is_bounded_but_the_api_keeps_everything() -> None:
    r = engine.run(State("Transformer"), CPU)
    text = report.values_text(r)
    assert len(text) < report.MAX_VALUES_CHARS + 5_000
    assert "more tensors" in text
    assert len(r.to_api()["values"]) == len(r.values)


@pytest.mark.parametrize(
    "state",
    [
        State("Transformer"),
        State("Conv3d", params={"in_channels": 4}, input=InputState((8, 4, 16, 16, 16))),
        State("Linear"),
        State("LSTM", backward=True),
    ],
)
def test_a_page_run_prints_only_what_the_panel_shows(state) -> None:
    """The page's run stops printing at the panel's budget: the panel's text is the same as
    from a run that printed everything, and what it left out is counted."""
    full = engine.run(state, CPU)
    page = engine.run(state, CPU, values_chars=records.PAGE_VALUES_CHARS)
    assert report.values_text(page) == report.values_text(full)
    assert len(page.values) + page.unprinted == len(full.values)
    assert all(full.values[name] == text for name, text in page.values.items())
    if sum(map(len, full.values.values())) > records.PAGE_VALUES_CHARS:
        assert page.unprinted > 0
    else:
        assert page.unprinted == 0


@pytest.mark.parametrize("model", [*PRESETS, *(RandomSpec(family, 1, 3) for family in ("dense", "conv", "recurrent"))])
def test_model_figures_pass_plotly_validation(model) -> None:
    r = run_model(State(model=model), CPU)
    assert r.ok, r.error
    made = [
        figures.summary_figure(r),
        figures.depth_figure(r),
        figures.layer_output_figure(r, None),
        figures.ensemble_figure(r),
    ]
    for fig in made:
        if fig is not None:
            plotly_figure(fig)
            assert len(fig.to_json()) < 150_000


def test_one_huge_tensor_is_cut_to_the_budget() -> None:
    """A summarised 5-d input prints 6^5 numbers; the page shows its first lines, not 150 KB."""
    r = engine.run(State("Conv3d", params={"in_channels": 4}, input=InputState((8, 4, 16, 16, 16))), CPU)
    assert len(r.values["input"]) > report.MAX_VALUES_CHARS
    text = report.values_text(r)
    assert len(text) < report.MAX_VALUES_CHARS + 500
    first = text.split("\n")[0]
    lines = r.values["input"].count("\n") + 1
    assert first.startswith("# input: the first ") and first.endswith(f"of {lines} lines")
    assert r.values["input"].startswith(text.split("\n", 1)[1].split("\n\n#")[0])  # torch's own text, cut
    assert "more tensors" in text


_WORD = st.text("abcdef|.", min_size=1, max_size=14)
_BRACKETED = st.lists(_WORD, min_size=1, max_size=8).map(lambda ws: "(" + " ".join(ws) + ")")


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(st.lists(st.one_of(_WORD, _BRACKETED), min_size=1, max_size=12), st.integers(8, 40))
def test_a_wrapped_title_keeps_its_words_and_fits_its_lines(words: list[str], per_line: int) -> None:
    """Lines fit the width, their words read back as the text, and a word is cut only where it
    is longer than a line by itself (a bracket longer than a line breaks at its own spaces: the
    train-vs-eval title once read "|diffe" / "rence|")."""
    text = " ".join(words)
    width = per_line * figures.CHAR_WIDTH * figures.TITLE_FONT
    lines = figures.wrap(text, width, figures.TITLE_FONT)
    assert all(len(line) <= per_line for line in lines), lines
    assert " ".join(lines).split() == text.split() or "".join(lines).replace(" ", "") == text.replace(" ", "")
    whole = {w for w in text.replace("(", " ").replace(")", " ").split() if len(w) + 2 <= per_line}
    pieces = {p.strip("()") for line in lines for p in line.split()}
    assert whole <= pieces, f"{sorted(whole - pieces)} cut across lines: {lines}"
