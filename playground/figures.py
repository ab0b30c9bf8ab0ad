"""RunResult -> plotly figures. Pure functions: no torch, no gradio, no module, only records.

Every figure is bounded whatever the tensor: maps are cut to sample 0 and a few
channels, block-averaged down to MAX_SIDE, and histograms arrive pre-binned. Figures
say on themselves when they show less than the whole tensor.
"""

from __future__ import annotations

import base64
import json
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from .engine import RunResult, TensorRecord
from .summary import LayerRecord

MAX_SIDE = 64  # cells per axis of any map sent to the browser: six float32 maps stay under 150 KB
POSITIONAL = ("N", "L", "D", "H", "W")
TICK_FONT = 13  # px, of the layer names along an axis
CHAR_WIDTH = 0.62  # a character of the page's sans-serif, in font sizes: a generous average
TICK_ANGLE = 30  # degrees the layer names under a plot are tilted by
MAX_LABEL_MARGIN = 360  # px: longer layer names are clipped rather than squeeze the bars away
MAX_TILES = 16  # channels (or kernels per axis) in a mosaic
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

TEMPLATE = go.layout.Template(
    layout={
        "font": {"size": 15, "family": "system-ui, sans-serif"},
        "margin": {"l": 50, "r": 20, "t": 56, "b": 44},
        "colorway": OKABE_ITO,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": {"font": {"size": 15}},
        "xaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
        "yaxis": {"gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
    }
)


# the slim template, given explicitly: without one plotly adds its default (6.5 KB) to every figure
BASE_LAYOUT = {"template": {"layout": TEMPLATE.layout.to_plotly_json()}}


PLOTLY_DTYPES = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "float32": "f4"}


@dataclass(frozen=True)
class Figure:
    """A plotly figure as the plain dicts plotly.js reads, serialised by us.

    Building a `go.Figure` (even unvalidated) and its `to_json()` cost about 1.3 ms per
    figure, a third of an update; the dicts are ours, and tests/test_figures.py checks every
    kind of figure against plotly's own validation. Arrays travel as plotly.js typed arrays
    (base64), as plotly's serialiser sends them.
    """

    data: list[dict[str, Any]]
    layout: dict[str, Any]

    def to_plotly_json(self) -> dict[str, Any]:
        return {"data": self.data, "layout": self.layout}

    def to_json(self) -> str:
        return json.dumps(self.to_plotly_json(), default=_typed, separators=(",", ":"))


def _typed(value: Any) -> Any:
    """json.dumps' fallback: numpy arrays as typed-array specs, numpy scalars as numbers."""
    if isinstance(value, np.generic):
        return value.item()
    if not isinstance(value, np.ndarray):
        raise TypeError(f"not serialisable: {type(value).__name__}")
    if value.size == 0:
        return []
    if value.dtype.kind == "f":
        value = value.astype(np.float32, copy=False)  # the precision of every tensor shown
    elif value.dtype.name not in PLOTLY_DTYPES:
        if value.min() < np.iinfo(np.int32).min or value.max() > np.iinfo(np.int32).max:
            return value.tolist()
        value = value.astype(np.int32)
    spec = {"dtype": PLOTLY_DTYPES[value.dtype.name], "bdata": base64.b64encode(np.ascontiguousarray(value)).decode()}
    if value.ndim > 1:
        spec["shape"] = ", ".join(map(str, value.shape))
    return spec


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    return Figure(data, {**BASE_LAYOUT, **layout})


def label_margin(labels: list[str]) -> int:
    """Room in pixels beside horizontal tick labels, from their length: plotly's `automargin`
    finds it by laying the plot out a second time, which took two thirds of a model plot's
    30 ms redraw."""
    return int(16 + min(_text_width(_longest(labels)), MAX_LABEL_MARGIN))


def tilted_margins(labels: list[str]) -> dict[str, int]:
    """Room below labels tilted by TICK_ANGLE, and to the left for the first one, which
    reaches back past the axis."""
    tilt = math.radians(TICK_ANGLE)
    below = _text_width(_longest(labels)) * math.sin(tilt) + TICK_FONT * math.cos(tilt)
    left = _text_width(labels[0] if labels else "") * math.cos(tilt)
    return {"b": int(24 + min(below, MAX_LABEL_MARGIN)), "l": int(max(50, 16 + min(left, MAX_LABEL_MARGIN)))}


def _longest(labels: list[str]) -> str:
    return max(labels, key=len, default="")


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH * TICK_FONT


def _title(text: str, caption: str = "") -> dict[str, Any]:
    return {"text": text + (f"<br><sup>{caption}</sup>" if caption else ""), "x": 0.02}


@dataclass(frozen=True)
class MapView:
    """A 2-d view of a tensor, ready to draw, and the words that say what it is."""

    z: np.ndarray
    caption: str
    x_label: str = ""
    y_label: str = ""


# --- views ---------------------------------------------------------------------------------


def view(array: np.ndarray, dims: tuple[str, ...] = (), batch_axis: int | None = 0) -> MapView:
    """Sample 0 (along the batch axis), then a matrix: 1-d a row, 3-d a channel mosaic."""
    a = np.asarray(array, dtype=np.float32)
    notes = []
    names = list(dims) if len(dims) == a.ndim else [""] * a.ndim
    if batch_axis is not None and a.ndim >= 3 and a.shape[batch_axis] >= 1:
        if a.shape[batch_axis] > 1:
            notes.append("sample 0")
        a = np.take(a, 0, axis=batch_axis)
        names.pop(batch_axis)
    if a.ndim == 0:
        a = a.reshape(1, 1)
    elif a.ndim == 1:
        a, names = a.reshape(1, -1), ["", names[0]]
    elif a.ndim == 3:
        a, note = mosaic(a[:, None])
        names = ["", ""]
        notes.append(note)
    elif a.ndim >= 4:
        while a.ndim > 4:  # (C, D, H, W): the middle depth slice
            notes.append(f"middle {names[1] if len(names) > 1 else 'depth'} slice")
            a = np.take(a, a.shape[1] // 2, axis=1)
            names.pop(1)
        a, note = mosaic(a)
        names = ["", ""]
        notes.append(note)
    a, (fy, fx) = downsample(a)
    if fy * fx > 1:
        notes.append(f"block mean {fy}x{fx}")
    y_label, x_label = ([""] * 2 + names)[-2:]
    return MapView(a, ", ".join(n for n in notes if n), x_label=x_label, y_label=y_label)


def mosaic(a: np.ndarray) -> tuple[np.ndarray, str]:
    """(rows, cols, h, w) -> one image of tiles split by blank lines; (C, 1, h, w) wraps to a square."""
    rows, cols, h, w = a.shape
    note = ""
    if cols == 1:
        count = min(rows, MAX_TILES)
        note = f"{count} of {rows} channels" if rows > count else f"{rows} channel" + "s" * (rows > 1)
        a = a[:count, 0]
        cols = math.ceil(math.sqrt(count))
        rows = math.ceil(count / cols)
        padded = np.full((rows * cols, h, w), np.nan, dtype=np.float32)
        padded[:count] = a
        a = padded.reshape(rows, cols, h, w)
    else:
        shown_r, shown_c = min(rows, MAX_TILES), min(cols, MAX_TILES)
        note = f"{shown_r} x {shown_c} of {rows} x {cols} kernels" if (shown_r, shown_c) != (rows, cols) else ""
        a = a[:shown_r, :shown_c]
        rows, cols = shown_r, shown_c
    canvas = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan, dtype=np.float32)
    for r in range(rows):
        for c in range(cols):
            canvas[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = a[r, c]
    return canvas, note


def downsample(a: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """Block mean by the smallest integer factor per axis that brings each side within MAX_SIDE."""
    fy, fx = (max(1, math.ceil(side / MAX_SIDE)) for side in a.shape)
    if fy == fx == 1:
        return a, (1, 1)
    h, w = math.ceil(a.shape[0] / fy) * fy, math.ceil(a.shape[1] / fx) * fx
    padded = np.full((h, w), np.nan, dtype=np.float32)
    padded[: a.shape[0], : a.shape[1]] = a
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-blank block averages to NaN, as it should
        blocks = np.nanmean(padded.reshape(h // fy, fy, w // fx, fx), axis=(1, 3))
    return blocks.astype(np.float32), (fy, fx)


# --- figures -------------------------------------------------------------------------------


def heatmap(v: MapView, title: str, signed: bool | None = None) -> Figure:
    finite = v.z[np.isfinite(v.z)]
    low = float(finite.min()) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 0.0
    signed = low < 0 if signed is None else signed
    bound = max(abs(low), abs(high)) or 1.0
    trace: dict[str, Any] = {
        "type": "heatmap",
        "z": v.z,
        "colorscale": "RdBu_r" if signed else "Viridis",
        "hovertemplate": "row %{y}, col %{x}: %{z:.4g}<extra></extra>",
        "colorbar": {"thickness": 14},
    }
    if signed:
        trace |= {"zmid": 0, "zmin": -bound, "zmax": bound}
    yaxis: dict[str, Any] = {
        "autorange": "reversed",
        "title": {"text": v.y_label},
        "showgrid": False,
        "zeroline": False,
    }
    if v.z.shape[0] == 1:
        yaxis["showticklabels"] = False  # one row: its index says nothing
    elif v.z.shape[1] > 1:
        yaxis |= {"scaleanchor": "x", "constrain": "domain"}
    xaxis = {"title": {"text": v.x_label}, "showgrid": False, "zeroline": False}
    return figure([trace], {"title": _title(title, v.caption), "height": 340, "xaxis": xaxis, "yaxis": yaxis})


def message(title: str, text: str) -> Figure:
    """An empty plot that says why it is empty, instead of a blank rectangle."""
    note = {
        "text": text,
        "showarrow": False,
        "font": {"size": 16},
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
    }
    hidden = {"visible": False}
    return figure([], {"title": _title(title), "height": 240, "annotations": [note], "xaxis": hidden, "yaxis": hidden})


def input_figure(r: RunResult) -> Figure:
    dims = r.input_dims
    return tensor_figure(r, "input", f"Input {shape_text(r.input_shape)}", dims)


def output_figure(r: RunResult) -> Figure:
    name, shape = r.outputs[0]
    dims = _output_dims(r, shape)
    label = "Output" if name == "output" else f"Output {name}"
    return tensor_figure(r, name, f"{label} {shape_text(shape)}", dims)


def tensor_figure(r: RunResult, key: str, title: str, dims: tuple[str, ...]) -> Figure:
    if key not in r.arrays:
        return message(title, "empty tensor")
    array = r.arrays[key]
    batch_axis = dims.index("N") if "N" in dims else (0 if array.ndim >= 3 else None)
    return heatmap(view(array, dims, batch_axis), title)


def tensor_names(r: RunResult) -> list[str]:
    return [p.name for p in r.params if p.is_parameter and f"param:{p.name}" in r.arrays]


def weight_choice(r: RunResult, wanted: str | None = None) -> str | None:
    """The tensor the weights figure shows: the one asked for, else the first matrix-like one."""
    names = tensor_names(r)
    if wanted in names:
        return wanted
    for name in names:
        if r.arrays[f"param:{name}"].ndim >= 2:
            return name
    return names[0] if names else None


def weights_figure(r: RunResult, wanted: str | None = None, prefix: str = "param") -> Figure:
    what = "Gradient of" if prefix == "grad" else "Parameter"
    name = weight_choice(r, wanted)
    if prefix == "grad" and (name is None or f"grad:{name}" not in r.arrays):
        if "grad:input" in r.arrays:
            return tensor_figure(r, "grad:input", "Gradient of the input", r.input_dims)
        return message(
            "Gradients", "turn on backward to see gradients" if not r.state.get("backward") else "no gradient"
        )
    if name is None:
        return message("Weights", f"{r.layer} has no parameters")
    array = r.arrays[f"{prefix}:{name}"]
    return heatmap(view(array, batch_axis=None), f"{what} {name} {shape_text(array.shape)}")


def histogram_figure(r: RunResult) -> Figure:
    bars = []
    cut = []
    for key, hist in r.histograms.items():
        shown = r.arrays[key].size if key in r.arrays else hist.total
        if shown < hist.total:
            cut.append(f"{key.replace('param:', '')}: first {shown:,} of {hist.total:,}")
        if not hist.counts.size:
            continue
        bars.append(
            {
                "type": "bar",
                "x": ((hist.edges[:-1] + hist.edges[1:]) / 2).astype(np.float32),
                "y": hist.counts.astype(np.float32),
                "width": float(hist.edges[1] - hist.edges[0]),
                "name": key.replace("param:", "").replace("grad:", "grad "),
                "opacity": 0.6,
                "hovertemplate": "%{x:.3g}: %{y:.0f}<extra>" + key + "</extra>",
            }
        )
    caption = "; ".join(cut)
    layout = {"barmode": "overlay", "title": _title("Value histograms", caption), "height": 300}
    return figure(bars, layout | {"legend": {"orientation": "h", "y": -0.25}})


def params_figure(r: RunResult) -> Figure:
    if not r.params:
        return message("Parameters", f"{r.layer} has no parameters or buffers")
    counts = [p.numel for p in r.params][::-1]
    bar = {
        "type": "bar",
        "x": counts,
        "y": [p.name for p in r.params][::-1],
        "orientation": "h",
        "marker": {"color": [OKABE_ITO[0] if p.is_parameter else "#999999" for p in r.params][::-1]},
        "text": [f"{dims_text(p.shape)} = {p.numel:,}" + ("" if p.is_parameter else " (buffer)") for p in r.params][
            ::-1
        ],
        "textposition": "outside",
        "cliponaxis": False,
    }
    layout = {
        "title": {"text": param_formula(r.params), "x": 0.02, "font": {"size": 14}},
        "height": min(600, 120 + 26 * len(counts)),
        "xaxis": {"title": {"text": "elements"}, "range": [0, max(counts) * 1.6]},  # room for the labels
    }
    return figure([bar], layout)


def special_figure(r: RunResult) -> Figure | None:
    """The one picture that explains this family: a curve, a loss landscape or attention."""
    if "f" in r.curves:
        is_loss = "target" in r.curves
        curves = [
            {"type": "scatter", "x": r.curves["x"], "y": r.curves["f"], "name": "loss" if is_loss else "f(x)"}
            | {"line": {"width": 4}},
            {
                "type": "scatter",
                "x": r.curves["x"],
                "y": r.curves["df"],
                "name": "d loss / d input" if is_loss else "f'(x)",
            }
            | {"line": {"width": 3, "dash": "dash"}},
        ]
        title = (
            f"{r.layer} against one prediction (target {float(r.curves['target'][0]):g})"
            if is_loss
            else f"{r.layer}: f(x) and its derivative"
        )
        layout = {"title": _title(title), "height": 340, "xaxis": {"title": {"text": "prediction" if is_loss else "x"}}}
        return figure(curves, layout)
    if "attn_weights" in r.arrays:
        weights = r.arrays["attn_weights"]
        v = view(weights, ("N", "query", "key"), 0)
        return heatmap(MapView(v.z, v.caption, "key", "query"), "Attention weights (mean over heads)", signed=False)
    return None


def side_by_side(titles: tuple[str, str], gap: float = 0.1) -> dict[str, Any]:
    """Two subplots' axes and titles, as make_subplots lays them out, without its validation."""
    half = (1 - gap) / 2
    heads = [
        {"text": text, "x": x, "y": 1.0, "xref": "paper", "yref": "paper", "showarrow": False, "yanchor": "bottom"}
        for text, x in zip(titles, (half / 2, 1 - half / 2), strict=True)
    ]
    return {
        "xaxis": {"domain": [0, half], "anchor": "y"},
        "xaxis2": {"domain": [1 - half, 1], "anchor": "y2"},
        "yaxis": {"anchor": "x"},
        "yaxis2": {"anchor": "x2"},
        "annotations": heads,
    }


def comparison_figure(r: RunResult) -> Figure | None:
    c = r.comparison
    if c is None:
        return None
    name, shape = r.outputs[0]
    dims = _output_dims(r, shape)
    batch_axis = dims.index("N") if "N" in dims else (0 if r.arrays[name].ndim >= 3 else None)
    mine = view(r.arrays[name], dims, batch_axis)
    other = view(c.other_output, dims, batch_axis)
    by_mode = {r.state["mode"]: mine, c.other_mode: other}
    traces: list[dict[str, Any]] = []
    if c.stats:
        layout = side_by_side(("mean per channel", "variance per channel"))
        channels = np.arange(len(c.stats["batch_mean"]))
        for axis, stat in (("", "mean"), ("2", "var")):
            for colour, (source, mode) in zip(OKABE_ITO, (("batch", "train"), ("running", "eval")), strict=False):
                traces.append(
                    {
                        "type": "bar",
                        "x": channels,
                        "y": c.stats[f"{source}_{stat}"],
                        "name": f"{source} {stat} ({mode})",
                    }
                    | {"xaxis": f"x{axis}", "yaxis": f"y{axis}", "marker": {"color": colour}}
                )
        title = "train vs eval: statistics used to normalise"
    else:
        layout = side_by_side(("train()", "eval()"), gap=0.08)
        bound = max(float(np.nanmax(np.abs(v.z))) if np.isfinite(v.z).any() else 0.0 for v in by_mode.values()) or 1.0
        for axis, mode in (("", "train"), ("2", "eval")):
            traces.append(
                {
                    "type": "heatmap",
                    "z": by_mode[mode].z,
                    "colorscale": "RdBu_r",
                    "zmid": 0,
                    "zmin": -bound,
                    "zmax": bound,
                }
                | {"xaxis": f"x{axis}", "yaxis": f"y{axis}", "showscale": axis == "2"}
                | {"hovertemplate": "%{z:.4g}<extra>" + mode + "</extra>"}
            )
            layout[f"yaxis{axis}"]["autorange"] = "reversed"
        title = "train vs eval: " + mode_summary(r)
    layout |= {"title": _title(title, c.note), "height": 340, "legend": {"orientation": "h", "y": -0.2}}
    return figure(traces, layout)


def mode_summary(r: RunResult) -> str:
    """For dropout: how many were zeroed and by how much the survivors were scaled."""
    c = r.comparison
    if c is None:
        return ""
    train = r.arrays[r.outputs[0][0]] if r.state["mode"] == "train" else c.other_output
    source = r.arrays["input"]
    p = r.state["params"].get("p")
    if p is None or train.shape != source.shape:
        return "the outputs differ"
    live = source != 0
    zeroed = float(((train == 0) & live).sum() / max(1, live.sum()))
    scale = 1 / (1 - p) if p < 1 else math.inf
    return f"{zeroed:.0%} zeroed (p = {p:g}), survivors x {scale:.3g}"


# --- words ---------------------------------------------------------------------------------


def shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ")" if shape else "scalar ()"


def dims_text(shape: tuple[int, ...]) -> str:
    return " x ".join(map(str, shape)) if shape else "1"


def param_formula(params: tuple[TensorRecord, ...]) -> str:
    """'weight 200 x 100 + bias 200 = 20,200': the parameter count, spelled out."""
    parts = [p for p in params if p.is_parameter]
    if not parts:
        return "no parameters"
    terms = " + ".join(f"{p.name} {dims_text(p.shape)}" for p in parts)
    return f"{terms} = {sum(p.numel for p in parts):,}"


def _output_dims(r: RunResult, shape: tuple[int, ...]) -> tuple[str, ...]:
    """Outputs keep the input's positional axis names where the rank matches (N stays N, L
    stays L); names tied to an input parameter (C_in, H_in) do not describe the output."""
    if len(r.input_dims) != len(shape):
        return ()
    return tuple(name if name in POSITIONAL else "" for name in r.input_dims)


# --- models ----------------------------------------------------------------------------------


PITFALL_NOTE = (
    "its layers are in a plain Python list, so the module registers none of them: no parameters, nothing to summarise"
)


def row_label(index: int, row: LayerRecord) -> str:
    """A summary row as menus and axes name it: position, qualified name, type."""
    return f"{index}: {row.name} ({row.type})" if row.name != row.type else f"{index}: {row.type}"


def summary_figure(r: RunResult) -> Figure:
    """Each row's share of the parameters, with its output shape and mult-adds on hover."""
    rows = [(i, row) for i, row in enumerate(r.summary) if row.depth > 0]
    if not rows:
        # the pitfall's forward does call its layers; torch just cannot see them
        return message("Layers", PITFALL_NOTE if r.extras.get("pitfall") else "this model has no submodules")
    shares = [100 * row.share for _, row in rows][::-1]
    bar = {
        "type": "bar",
        "x": shares,
        "y": ["  " * (row.depth - 1) + row_label(i, row) for i, row in rows][::-1],
        "orientation": "h",
        "marker": {"color": [OKABE_ITO[2] if row.is_leaf else "#999999" for _, row in rows][::-1]},
        "hovertext": [
            f"output {shape_text(row.output_shape)}<br>{row.params:,} parameters<br>{row.mult_adds:,} mult-adds"
            + ("<br>reused: counted where first called" if row.recursive else "")
            for _, row in rows
        ][::-1],
        "hoverinfo": "text",
        "text": [f"{s:.1f}%" if s else "" for s in shares],
        "textposition": "outside",
        "cliponaxis": False,
    }
    layout = {
        "title": _title("Share of the parameters", f"{r.total_params:,} in all, layer by layer"),
        "height": min(700, 140 + 24 * len(rows)),
        "xaxis": {"title": {"text": "% of parameters"}, "range": [0, max([*shares, 1]) * 1.25]},
        "yaxis": {"tickfont": {"size": TICK_FONT}},
        "margin": {"l": label_margin(bar["y"])},  # layer names are long; never clip them
    }
    return figure([bar], layout)


def depth_figure(r: RunResult) -> Figure:
    """How activations spread through the depth of the model: a box per layer output."""
    rows = [(i, row, row.quantiles) for i, row in enumerate(r.summary) if row.depth > 0]
    rows = [(i, row, q) for i, row, q in rows if len(q) == 7]
    if not rows:
        return message("Activations through depth", "no floating-point layer outputs")
    labels = [row_label(i, row) for i, row, _ in rows]
    q = np.array([quantiles for _, _, quantiles in rows], dtype=np.float32)
    box = {"type": "box", "x": labels, "lowerfence": q[:, 1], "q1": q[:, 2], "median": q[:, 3], "q3": q[:, 4]}
    box |= {"upperfence": q[:, 5], "marker": {"color": OKABE_ITO[0]}, "name": "5%-95%, quartiles, median"}
    ends = [
        {"type": "scatter", "x": labels, "y": q[:, column], "mode": "markers", "name": name}
        | {"marker": {"symbol": "line-ew-open"}}
        for column, name in ((0, "min"), (6, "max"))
    ]
    layout = {
        "title": _title("Activations through depth", "quartiles, median; whiskers 5-95%; ticks min, max"),
        "height": 400,
        "showlegend": False,  # the caption says it: a legend took a third of a narrow plot
        "xaxis": {"tickangle": -TICK_ANGLE, "tickfont": {"size": TICK_FONT}},
        "margin": tilted_margins(labels),
    }
    return figure([box, *ends], layout)


def layer_output_figure(r: RunResult, index: int | None) -> Figure:
    """One layer's output, drawn as the Layer Lab draws outputs."""
    if not r.summary:
        return message("Layer output", "no layers")
    index = index if index is not None and 0 <= index < len(r.summary) else len(r.summary) - 1
    row = r.summary[index]
    if row.output is None or row.output.size == 0:
        return message(f"Output of {row_label(index, row)}", "this module was not called (a container)")
    array = row.output
    if math.prod(row.output_shape) == array.size and array.shape != row.output_shape:
        array = array.reshape(row.output_shape)
    batch_axis = 0 if array.ndim >= 3 else None
    return heatmap(
        view(array, batch_axis=batch_axis), f"Output of {row_label(index, row)} {shape_text(row.output_shape)}"
    )


def ensemble_figure(r: RunResult) -> Figure | None:
    """Parameters and mult-adds per member; members built alike are one bar, named together."""
    if not r.ensemble:
        return None
    distinct = [m for m in r.ensemble if not m.get("same_as")]
    twins = {m["label"]: [t["label"] for t in r.ensemble if t.get("same_as") == m["label"]] for m in distinct}
    labels = [" = ".join([m["label"], *(t.split(" ")[-1] for t in twins[m["label"]])]) for m in distinct]
    bars = [
        {"type": "bar", "x": labels, "y": [m[key] for m in distinct], "name": name, "xaxis": f"x{axis}"}
        | {"yaxis": f"y{axis}", "marker": {"color": colour}}
        for key, name, axis, colour in (
            ("total_params", "parameters", "", OKABE_ITO[0]),
            ("mult_adds", "mult-adds", "2", OKABE_ITO[1]),
        )
    ]
    layout = side_by_side(("parameters", "mult-adds"))
    caption = "" if len(distinct) == len(r.ensemble) else "members built alike share a bar (a = b)"
    title = _title(f"Ensemble of {len(r.ensemble)} random models", caption)
    layout |= {"title": title, "height": 320, "showlegend": False}
    return figure(bars, layout)
