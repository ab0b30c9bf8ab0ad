"""Every figure's claims checked against its data, for every layer of the registry.

Why: a figure can be valid plotly and still lie: a title saying two identical panels differ,
a colour scale centred on 0 for data that is never negative, a block mean that squashes a
disc into an ellipse, axes over rows that do not exist. Each claim a figure makes (in its
title, its colour scale, its axes, its panels) is checked here against the numbers it was
drawn from, with torch or numpy as the oracle, over each layer's defaults and over settings
drawn by hypothesis (derandomized: CI runs the same cases every time).
"""

from __future__ import annotations

import base64
import json
import math
import re
from typing import Any

import numpy as np
import pytest
import torch
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import layer_states
from torch import nn

from playground import records
from playground.registry.specs import REGISTRY, Family
from playground.render import figures
from playground.request.plan import resolve
from playground.request.state import InputState, State, state_from_dict
from playground.run import engine
from playground.ui.outputs import LAB_PLOTS, Shown

CPU = torch.device("cpu")
CLAIMS = settings(
    max_examples=examples(6),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# layers whose output is a probability, and the one output of MultiheadAttention that is
PROBABILITY_LAYERS = {name for name, spec in REGISTRY.items() if spec.cls in (nn.Softmax, nn.Softmin, nn.Sigmoid)}


def as_json(fig: figures.Figure) -> dict[str, Any]:
    return json.loads(fig.to_json())


def decode(spec: Any) -> np.ndarray:
    """A typed array as the browser reads it."""
    if isinstance(spec, list):
        return np.asarray(spec, dtype=np.float64)
    dtypes = {code: np.dtype(name) for name, code in figures.PLOTLY_DTYPES.items()}
    array = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=dtypes[spec["dtype"]])
    return array.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else array


def heatmaps(fig: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in fig["data"] if t["type"] == "heatmap"]


def axis_of(fig: dict[str, Any], trace: dict[str, Any], letter: str) -> dict[str, Any]:
    ref = trace.get(f"{letter}axis", letter)
    return fig["layout"][f"{letter}axis{ref[1:]}"]


def texts(fig: dict[str, Any]) -> str:
    """Every word on the figure: its title and its annotations."""
    layout = fig["layout"]
    title = layout.get("title", {})
    words = [title.get("text", "") if isinstance(title, dict) else str(title)]
    words += [a.get("text", "") for a in layout.get("annotations", [])]
    return "\n".join(unwrapped(w) for w in words)


def unwrapped(text: str) -> str:
    """A text as read: the figures break long lines with <br> where a space was, or after a dot
    inside a name longer than a line (figures.wrap)."""
    return re.sub(r"(?<=\.)<br>", "", text).replace("<br>", " ")


def run(state: State) -> records.RunResult:
    r = engine.run(state, CPU)
    assert r.ok, r.error
    return r


def drawn_figures(r: records.RunResult) -> dict[str, figures.Figure]:
    """Every plot of the Layer Lab's table, as the page draws it, by the short names the checks use."""
    made = {plot.name.removesuffix("_plot"): plot.draw(Shown(r)) for plot in LAB_PLOTS}
    return {name: fig for name, fig in made.items() if fig is not None}


# --- the claims ------------------------------------------------------------------------------


def check_square_pixels_and_axes(fig: dict[str, Any]) -> None:
    """Pixels are square (one block factor for both axes), images keep aspect ratio 1, and
    the axes run over exactly the cells drawn, with integer ticks."""
    for trace in heatmaps(fig):
        z = decode(trace["z"])
        assert trace.get("dx", 1) == trace.get("dy", 1)
        assert trace.get("x0", 0) == trace.get("y0", 0)
        factor = trace.get("dx", 1)
        xaxis, yaxis = axis_of(fig, trace, "x"), axis_of(fig, trace, "y")
        for axis, cells in ((xaxis, z.shape[1]), (yaxis, z.shape[0])):
            low, high = sorted(axis["range"])
            assert low == -0.5
            n = high + 0.5
            assert n == int(n) and math.ceil(n / factor) == cells, (axis["range"], cells, factor)
            if axis.get("tickmode") == "linear":
                assert axis["tick0"] == 0 and axis["dtick"] == int(axis["dtick"]) >= 1
        assert yaxis["range"][0] > yaxis["range"][1]  # row 0 on top, as a matrix is printed
        if min(z.shape) > 1:
            assert yaxis.get("scaleanchor") == trace.get("xaxis", "x") and yaxis.get("scaleratio", 1) == 1


def one_colour(trace: dict[str, Any]) -> bool:
    scale = trace["colorscale"]
    return isinstance(scale, list) and len({colour for _, colour in scale}) == 1


def comparable(r: records.RunResult) -> bool:
    """Output and input mean the same kind of number (the registry's elementwise layers)."""
    spec = REGISTRY[r.layer]
    same = r.output_shape == r.input_shape
    return same and (spec.elementwise or spec.family in (Family.ACTIVATION, Family.DROPOUT))


def finite_values(traces: list[dict[str, Any]]) -> np.ndarray:
    values = np.concatenate([decode(t["z"]).ravel() for t in traces]) if traces else np.zeros(0)
    return values[np.isfinite(values)]


def bar_px(layout: dict[str, Any], trace: dict[str, Any]) -> float:
    """A colour bar's length on screen: its share of the plot area the figure's height leaves."""
    margin = layout.get("margin", {})
    return trace["colorbar"]["len"] * (layout["height"] - margin.get("t", 0) - margin.get("b", 0))


def bar_labels(trace: dict[str, Any]) -> list[float]:
    """The numbers a colour bar is labelled with, as plotly places them in [zmin, zmax]."""
    bar, low, high = trace.get("colorbar", {}), trace["zmin"], trace["zmax"]
    if bar.get("tickmode") == "array":
        return [v for v in bar["tickvals"] if low <= v <= high]
    step, start = bar["dtick"], bar["tick0"]
    first = math.ceil((low - start) / step - 1e-9)
    return [start + k * step for k in range(first, math.floor((high - start) / step + 1e-9) + 1)]


def check_scale(traces: list[dict[str, Any]], caption: str, probability: bool, layout: dict[str, Any]) -> None:
    """The colour scale's kind follows the numbers drawn: 0..1 for probabilities, one colour
    for a constant, sequential from the min when nothing is negative, else diverging and
    symmetric around 0. No number drawn falls outside the scale."""
    values = finite_values(traces)
    if not values.size:
        return
    exact = all(t.get("dx", 1) == 1 for t in traces)  # no block means: z is the data itself
    for t in traces:
        if one_colour(t):
            assert np.all(values == values[0]), "a one-colour scale over values that differ"
            assert t.get("showscale") is False
            assert f"constant {values[0]:.4g}" in caption
            continue
        assert t["zmin"] <= values.min() + 1e-6 and values.max() <= t["zmax"] + 1e-6
        if t.get("showscale") is not False:
            room = 1 if bar_px(layout, t) < 2 * (1.3 * figures.FONT + figures.MIN_TICK_GAP) else 2
            assert len(bar_labels(t)) >= room, f"a colour bar labelled {bar_labels(t)} for {t['zmin']}..{t['zmax']}"
        if probability:
            assert t["zmin"] == 0 and t["zmax"] == pytest.approx(max(1.0, values.max()), abs=1e-6)
        elif t.get("zmid") == 0:
            assert t["zmin"] == -t["zmax"]
            if exact:
                assert values.min() < 0, "diverging scale for data that is never negative"
                assert t["zmax"] == pytest.approx(np.abs(values).max(), rel=1e-6)
        else:
            assert t["colorscale"] == "Viridis"
            assert t["zmin"] >= 0
            if exact:
                assert t["zmin"] == pytest.approx(values.min(), abs=1e-6)
    if exact and not probability and values.min() != values.max():
        assert all(t.get("zmid") == 0 for t in traces) == (values.min() < 0)


def check_maps(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """Each panel on its own scale, except those drawn on a shared one (checked together)."""
    shared = comparable(r) and r.layer not in PROBABILITY_LAYERS
    for name, fig in made.items():
        data = as_json(fig)
        check_square_pixels_and_axes(data)
        if name == "compare" or (shared and name in ("input", "output")):
            continue
        probability = name == "special" or (name == "output" and r.layer in PROBABILITY_LAYERS)
        for trace in heatmaps(data):
            check_scale([trace], texts(data), probability, data["layout"])


def check_shared_scale(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """Elementwise layers (activations, dropout) draw input and output on one scale: equal
    numbers are equal colours on both sides (ReLU's 0)."""
    if not comparable(r) or r.layer in PROBABILITY_LAYERS:
        return
    (a,), (b,) = heatmaps(as_json(made["input"])), heatmaps(as_json(made["output"]))
    keys = ("zmin", "zmax", "zmid", "colorscale")
    assert {k: a.get(k) for k in keys} == {k: b.get(k) for k in keys}
    check_scale([a, b], texts(as_json(made["input"])), False, as_json(made["input"])["layout"])


def check_every_input_drawn(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """Each tensor the forward takes (spec.call_args / extra_inputs) has its own panel, named."""
    spec = REGISTRY[r.layer]
    names = {"input" if n == "x" else n for n in spec.call_args} | {e.name for e in spec.extra_inputs}
    data = as_json(made["input"])
    words = texts(data)
    drawn = [n for n in names if n in r.arrays]
    assert len(heatmaps(data)) == len(drawn)
    for name in drawn:
        assert re.search(rf"\b{re.escape(name)}\b", words) or (name == "input" and len(drawn) == 1), (name, words)
    for name in drawn:  # a small 2-d tensor is drawn as it is, in its own panel
        array = r.arrays[name]
        if array.ndim == 2 and max(array.shape) <= figures.MAX_SIDE:
            assert any(
                decode(t["z"]).shape == array.shape and np.allclose(decode(t["z"]), array, equal_nan=True)
                for t in heatmaps(data)
            ), name


def check_scalar_output(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """A loss's value is written as a number, and it is the number torch computes."""
    name, shape = r.outputs[0]
    if shape:
        return
    data = as_json(made["output"])
    assert not heatmaps(data)
    spec = REGISTRY[r.layer]
    config = resolve(state_from_dict(r.state))
    module = spec.build(config.params)
    inputs = {"x": torch.from_numpy(r.arrays["input"])}
    for extra in spec.extra_inputs:
        t = torch.from_numpy(r.arrays[extra.name])
        inputs[extra.name] = t.long() if extra.draw.startswith("randint") else t
    with torch.no_grad():
        value = float(module(*(inputs[n] for n in spec.call_args)))
    match = re.search(rf"{name} = (\S+)", texts(data))
    assert match, texts(data)
    assert float(match.group(1)) == pytest.approx(value, rel=1e-4, abs=1e-6)


def check_comparison(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """The title says the outputs differ only when they do, and by as much as they do; the
    caption speaks of running statistics only for a module that has them."""
    c = r.comparison
    if c is None:
        return
    data = as_json(made["compare"])
    title = unwrapped(data["layout"]["title"]["text"])
    mine = torch.from_numpy(r.arrays[r.outputs[0][0]])
    other = torch.from_numpy(c.other_output)
    assert mine.shape == other.shape
    both_nan = torch.isnan(mine) & torch.isnan(other)
    gap = float(torch.where(both_nan, 0.0, (mine - other).abs()).max()) if mine.numel() else 0.0
    largest = float(mine.abs().nan_to_num(0, 0, 0).max()) if mine.numel() else 0.0
    if "identical" in title:
        assert gap <= 1e-5 * max(1.0, largest), title
    else:
        assert gap > 0, title
        match = re.search(r"differ by up to ([\d.e+-]+)", title)
        if match:
            assert float(match.group(1)) == pytest.approx(gap, rel=6e-3)  # printed to 3 digits
        if "zeroed" in title:
            check_zeroed_fraction(r, title)
    module = REGISTRY[r.layer].build(resolve(state_from_dict(r.state)).params)
    has_running = any(getattr(m, "running_mean", None) is not None for m in module.modules())
    if "running_mean" in title or re.search(r"(with|uses) the running statistics", title):
        assert has_running, title
    if has_running and c.stats and r.state.get("input", {}).get("after") in (None, []):
        # the bars are a new layer's running statistics, as torch makes them, before the call
        # updates them; a caption that speaks of them says so
        running = next(m for m in module.modules() if getattr(m, "running_mean", None) is not None)
        assert np.allclose(c.stats["running_mean"], running.running_mean.numpy())
        assert np.allclose(c.stats["running_var"], running.running_var.numpy())
        if "running statistics" in title:
            assert "before this call" in title, title
    if "Dropout is 0" in title:
        rates = [m.p for m in module.modules() if isinstance(m, nn.Dropout)]
        rates += [m.dropout for m in module.modules() if isinstance(m, (nn.MultiheadAttention, nn.RNNBase))]
        assert rates and not any(rates), title
    panels = heatmaps(data)
    if panels:  # both panels on one scale, of the kind their numbers call for
        a, b = panels
        keys = ("zmin", "zmax", "zmid", "colorscale")
        assert {k: a.get(k) for k in keys} == {k: b.get(k) for k in keys}
        check_scale(panels, texts(data), r.outputs[0][0] in ("attn_weights",), data["layout"])


def check_zeroed_fraction(r: records.RunResult, title: str) -> None:
    """The zeroed share is that of the sample drawn (sample 0 of a batch of maps)."""
    c = r.comparison
    train = r.arrays[r.outputs[0][0]] if r.state["mode"] == "train" else c.other_output
    x = r.arrays["input"]
    if x.ndim >= 3:  # a batch of maps: the figure draws sample 0
        train, x = train[0], x[0]
    live = x != 0
    share = ((train == 0) & live).sum() / max(1, live.sum())
    match = re.search(r"(\d+)% zeroed", title)
    assert match and int(match.group(1)) == round(100 * share), (title, share)


def check_histograms(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """Each tensor on its own axis, so that no tensor's range hides another's; titled with
    its name and shape; the ones left out are named."""
    data = as_json(made["hist"])
    bars = [t for t in data["data"] if t["type"] == "bar"]
    if not bars:
        return
    assert len({t.get("xaxis", "x") for t in bars}) == len(bars)
    assert not data["layout"].get("showlegend", True)
    shown = [h for h in r.histograms if h.counts.size][: len(bars)]
    assert len(bars) <= 6
    words = texts(data)
    for h, bar in zip(shown, bars, strict=True):
        assert f"{label(h)} {figures.shape_text(h.shape)}" in words
        centres = decode(bar["x"])
        values = snapshot(r, h)[np.isfinite(snapshot(r, h))]
        assert values.min() - 1 <= centres.min() and centres.max() <= values.max() + 1
    for h in r.histograms[len(bars) :]:
        if h.counts.size:
            assert label(h) in words


def label(h: records.Histogram) -> str:
    return f"gradient of {h.name}" if h.source is records.Source.GRADIENT else h.name


def snapshot(r: records.RunResult, h: records.Histogram) -> np.ndarray:
    """The array a histogram was binned from, found by where it came from."""
    if h.source is records.Source.DATA:
        return r.arrays[h.name]
    if h.source is records.Source.PARAMETER:
        return r.weights[h.name]
    return r.input_gradient if h.name == "input" else r.gradients[h.name]


def check_params_chart(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """Labels get the room they need, and the value texts stay inside the plot."""
    data = as_json(made["params"])
    bars = [t for t in data["data"] if t["type"] == "bar"]
    if not bars:
        return
    (bar,) = bars
    longest = max(len(line) for label in bar["y"] for line in label.split("<br>"))  # long names wrap after dots
    layout = data["layout"]
    assert layout["margin"]["l"] >= min(0.5 * figures.TICK_FONT * longest, figures.MAX_LABEL_MARGIN)
    assert layout["xaxis"]["range"][1] > max(decode(bar["x"]) if isinstance(bar["x"], dict) else bar["x"])


def check_weight_caption(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """A 3-d parameter is a stack of matrices, not channels."""
    name = figures.weight_choice(r)
    if name is None:
        return
    array = r.weights[name]
    words = texts(as_json(made["weights"]))
    if array.ndim == 3:
        assert not re.search(r"\d+ channels", words), words  # its first axis counts matrices, not channels
        count = min(array.shape[0], figures.MAX_TILES)
        assert f"matrices of {array.shape[1]} x {array.shape[2]}" in words
        assert f"{count}" in words


def check_depth(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """A 5-d input shows its depth slices as labelled tiles, and says which channel and sample."""
    if len(r.input_shape) != 5:
        return
    depth = r.input_shape[2]
    words = texts(as_json(made["input"]))
    shown = min(depth, figures.MAX_TILES)
    assert f"{depth} depth slice" in words and "channel 0" in words
    assert len(re.findall(r"^d \d+$", words, flags=re.M)) == shown
    if r.input_shape[0] > 1:
        assert "sample 0" in words


def check_loss_curve(r: records.RunResult, made: dict[str, figures.Figure]) -> None:
    """A loss's curve is the loss of what its title says it is fed: for classes, scores
    (x, 0, 0) (or their log_softmax) with class 0 the target; else the prediction x against the
    target named. torch's loss of each, with the layer's own settings, is the oracle. (The
    title once named target 1 for a curve computed for class 0.)"""
    if not REGISTRY[r.layer].is_loss or "special" not in made:
        return
    data = as_json(made["special"])
    title = unwrapped(data["layout"]["title"]["text"])
    xs = torch.from_numpy(decode(data["data"][0]["x"]).astype(np.float32))
    f = decode(data["data"][0]["y"])
    module = REGISTRY[r.layer].build(resolve(state_from_dict(r.state)).params)
    module.reduction = "none"
    classes = re.search(r"of (log_softmax|scores )\((x(?:, 0)+)\), class 0 the target", title)
    if classes:
        scores = torch.zeros(len(xs), classes.group(2).count(",") + 1)
        scores[:, 0] = xs
        given = scores.log_softmax(dim=1) if classes.group(1) == "log_softmax" else scores
        expected = module(given, torch.zeros(len(xs), dtype=torch.long))
    else:
        target = re.search(r"against one prediction \(target ([-\d.e]+)\)", title)
        assert target, title
        expected = module(xs[:, None], torch.full((len(xs), 1), float(target.group(1)))).flatten()
    assert np.allclose(f, expected.detach().numpy(), rtol=1e-4, atol=1e-5), title


def check_all(r: records.RunResult) -> None:
    made = drawn_figures(r)
    for check in (
        check_maps,
        check_shared_scale,
        check_every_input_drawn,
        check_scalar_output,
        check_comparison,
        check_histograms,
        check_params_chart,
        check_weight_caption,
        check_depth,
        check_loss_curve,
    ):
        check(r, made)


# --- over the registry ---------------------------------------------------------------------


@pytest.mark.parametrize("layer", list(REGISTRY))
@pytest.mark.parametrize(("mode", "backward"), [("eval", False), ("train", True)])
def test_defaults_tell_the_truth(layer: str, mode: str, backward: bool) -> None:
    check_all(run(State(layer, mode=mode, backward=backward)))


@pytest.mark.parametrize("layer", list(REGISTRY))
def test_drawn_settings_tell_the_truth(layer: str) -> None:
    @CLAIMS
    @given(layer_states(REGISTRY[layer]))
    def check(data: dict[str, Any]) -> None:
        try:
            state = state_from_dict(data)
        except Exception:
            return  # the registry refuses it: nothing is drawn
        r = engine.run(state, CPU)
        if r.ok:
            check_all(r)

    check()


# --- the cases the review named --------------------------------------------------------------


@pytest.mark.parametrize(
    ("layer", "params"),
    [
        ("RNN", {}),
        ("LSTM", {}),
        ("GRU", {}),
        ("MultiheadAttention", {}),
        ("InstanceNorm2d", {}),
        ("BatchNorm2d", {"track_running_stats": False}),
        ("Dropout", {"p": 0.0}),
        ("Transformer", {"dropout": 0.0}),
    ],
)
def test_modes_that_agree_say_so_and_why(layer: str, params: dict[str, Any]) -> None:
    r = run(State(layer, params=params, mode="train"))
    title = unwrapped(as_json(figures.comparison_figure(r))["layout"]["title"]["text"])
    assert title.startswith("train() and eval() give identical outputs here")
    assert "running_mean" not in title
    assert "<sup>" in title  # a reason is given


def test_dropout2d_counts_the_sample_it_draws() -> None:
    r = run(State("Dropout2d", params={"p": 0.5}, input=InputState((4, 8, 6, 6), "normal", 3), mode="train"))
    title = unwrapped(as_json(figures.comparison_figure(r))["layout"]["title"]["text"])
    check_zeroed_fraction(r, title)
    assert "sample 0" in title


def test_dropout_on_non_negative_data_is_sequential_and_shared() -> None:
    r = run(State("Dropout", params={"p": 0.5}, input=InputState((4, 16), "uniform", 1), mode="train"))
    (a,), (b,) = heatmaps(as_json(figures.input_figure(r))), heatmaps(as_json(figures.output_figure(r)))
    assert a["colorscale"] == b["colorscale"] == "Viridis"
    assert a["zmin"] == b["zmin"] == pytest.approx(float(min(r.arrays["input"].min(), r.arrays["output"].min())))
    assert a["zmax"] == b["zmax"] == pytest.approx(float(r.arrays["output"].max()))


def test_a_constant_is_one_colour() -> None:
    r = run(State("BatchNorm1d"))  # weight starts as ones
    data = as_json(figures.weights_figure(r, "weight"))
    (trace,) = heatmaps(data)
    assert trace["showscale"] is False
    assert trace["colorscale"][0][1] == trace["colorscale"][-1][1]
    assert "constant 1" in texts(data)


def test_attention_and_softmax_are_on_a_fixed_probability_scale() -> None:
    for layer in ("MultiheadAttention", "Softmax", "Sigmoid"):
        r = run(State(layer))
        fig = figures.special_figure(r) if layer == "MultiheadAttention" else figures.output_figure(r)
        (trace,) = heatmaps(as_json(fig))
        assert (trace["zmin"], trace["zmax"]) == (0, 1), layer


def test_bilinear_weight_is_matrices_named_by_their_axes() -> None:
    words = texts(as_json(figures.weights_figure(run(State("Bilinear")), "weight")))
    assert "out_features x in1_features x in2_features: 3 matrices of 4 x 5" in words


def test_a_loss_value_is_a_number() -> None:
    r = run(State("MSELoss"))
    x, target = torch.from_numpy(r.arrays["input"]), torch.from_numpy(r.arrays["target"])
    assert f"loss = {float(nn.MSELoss()(x, target)):.5g}" in texts(as_json(figures.output_figure(r)))


@settings(max_examples=examples(40), derandomize=True, database=None, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300))
def test_maps_keep_square_pixels_over_their_real_indices(rows: int, cols: int) -> None:
    """Any matrix: one block factor for both axes, the block means are numpy's, and the axes
    cover exactly rows x cols in the matrix's own indices."""
    a = np.arange(rows * cols, dtype=np.float32).reshape(rows, cols)
    fig = as_json(figures.heatmap(figures.view(a, batch_axis=None), "m"))
    check_square_pixels_and_axes(fig)
    (trace,) = heatmaps(fig)
    factor = trace.get("dx", 1)
    assert factor == max(1, math.ceil(max(rows, cols) / figures.MAX_SIDE))
    z = decode(trace["z"])
    assert z[0, 0] == pytest.approx(a[:factor, :factor].mean(), rel=1e-6)
    assert fig["layout"]["xaxis"]["range"] == [-0.5, cols - 0.5]
    assert fig["layout"]["yaxis"]["range"] == [rows - 0.5, -0.5]
    if rows > 1 and cols > 1:
        assert fig["layout"]["yaxis"]["scaleanchor"] == "x"


def test_thin_matrices_get_a_thin_figure() -> None:
    row = as_json(figures.heatmap(figures.view(np.ones((1, 200), np.float32), batch_axis=None), "row"))
    square = as_json(figures.heatmap(figures.view(np.eye(64, dtype=np.float32), batch_axis=None), "square"))
    strip = as_json(figures.heatmap(figures.view(np.eye(3, 64, dtype=np.float32), batch_axis=None), "strip"))
    assert row["layout"]["height"] <= strip["layout"]["height"] < square["layout"]["height"]
    assert strip["layout"]["height"] < square["layout"]["height"] / 2  # most of a panel is not blank
