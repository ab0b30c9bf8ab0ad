"""RunResult -> plotly figures. Pure functions: no torch, no gradio, no module, only records.

Every figure is bounded whatever the tensor: maps are cut to sample 0 and a few
channels, block-averaged down to MAX_SIDE, and histograms arrive pre-binned. Figures
say on themselves when they show less than the whole tensor.
"""

from __future__ import annotations

import base64
import enum
import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.records import LayerRecord, Mode, ModeComparison, RunResult, TensorRecord

MAX_SIDE = 64  # cells per axis of any map sent to the browser: six float32 maps stay under 150 KB
POSITIONAL = ("N", "L", "D", "H", "W")
FONT = 15  # px, of the figures' text (the template's), tick labels included
TICK_FONT = 13  # px, of the layer names along an axis
PROJECTOR_FONT = 20  # px, the least any text is drawn at in projector mode (ui/plots.py's `project`)
TITLE_FONT = 18  # px: plotly's default (1.4 x FONT) took a half-width panel for 27 characters
HEAD_FONT = 13  # px, of a subplot's title
CAPTION = 0.7  # <sup> text, in title font sizes (plotly.js' own ratio)
LINE_SPACING = 1.3  # plotly.js' line height, in font sizes
CAP_SHIFT = 0.7  # plotly.js' cap height, in font sizes (alignment.CAP_SHIFT)
CHAR_WIDTH = 0.62  # a character of the page's sans-serif, in font sizes: a generous average
TICK_ANGLE = 30  # degrees the layer names under a plot are tilted by
MAX_LABEL_MARGIN = 360  # px: longer layer names are clipped rather than squeeze the bars away
NAME_MARGIN = 160  # px of a line of parameter name beside the parameter-count bars
MAX_TILES = 16  # channels (or kernels per axis) in a mosaic
# px: the narrowest width the page draws a plot at (half its results column at 1280 x 720 measures
# 401: tests/test_e2e_page.py); figures lay out their words and ticks for it, a wider plot only spreads them
PANEL_WIDTH = 400
MARGIN_LEFT, MARGIN_RIGHT = 50, 20  # px: the template's
PLOT_AREA = PANEL_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # px of a plot's width inside them
# px: a plot alone in its row is drawn full width (844 at 1280 x 720); side-by-side maps take
# their heights from it, and their ticks from PANEL_WIDTH, so that they fit either width
FULL_WIDTH = 840
COLOURBAR_ROOM = 80  # px right of a map for its colour bar and its tick labels (plotly pushes the margin)
TOP_MARGIN = 100  # px: what the page's plot view gives every titled figure at least (ui/plots.py)
BOTTOM_MARGIN = 44
TITLE_GAP = 8  # px between the title's last line and what lies below it
LABEL_CHIP = 30  # px: the page's block label (gradio's) covers the top-left of every plot this far down
MIN_PLOT_HEIGHT, MAX_PLOT_HEIGHT = 40, 260  # px of one map's plot area
TICK_ROOM = int(LINE_SPACING * FONT) + 4  # px below an axis for its tick labels
AXIS_TITLE_STANDOFF = 8  # px between tick labels and the axis title: plotly's own let their boxes touch
AXIS_TITLE_ROOM = int(LINE_SPACING * FONT) + AXIS_TITLE_STANDOFF + 4  # px below the tick labels for the axis title
MIN_TICK_GAP = 8  # px between neighbouring tick labels
MAX_TICKS = 8  # per axis of a map, however long it is
MAX_HISTOGRAMS = 6  # small multiples; the caption names the ones left out
HISTOGRAM_PLOT = 56  # px of one histogram's plot area: room for its y axis' three ticks
Shape = tuple[int, ...]
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

TEMPLATE = go.layout.Template(
    layout={
        "font": {"size": FONT, "family": "system-ui, sans-serif"},
        "title": {"font": {"size": TITLE_FONT}},
        "margin": {"l": MARGIN_LEFT, "r": MARGIN_RIGHT, "t": 56, "b": BOTTOM_MARGIN},
        "colorway": OKABE_ITO,
        # transparent, and grey lines that read on a light or a dark page: the page sets the
        # font colour (ui/plots.py reads it off the page when it draws)
        "plot_bgcolor": "rgba(0,0,0,0)",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"size": 15}},
        "xaxis": {"gridcolor": "rgba(128,128,128,0.25)", "zerolinecolor": "rgba(128,128,128,0.6)"},
        "yaxis": {"gridcolor": "rgba(128,128,128,0.25)", "zerolinecolor": "rgba(128,128,128,0.6)"},
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
    """The figure, with room above its plot for its title's lines and the subplot titles under
    them: the plot area keeps the height it was given, and a longer title adds to the figure's."""
    layout = {**BASE_LAYOUT, **layout}
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        heads = [
            _text_height(a["text"], a.get("font", {}).get("size", FONT))
            for a in layout.get("annotations", [])
            if _on_top(a)
        ]
        above = max(heads, default=0.0)
        block = _text_height(title["text"], title.get("font", {}).get("size", TITLE_FONT))
        top = max(TOP_MARGIN, math.ceil(LABEL_CHIP + block + TITLE_GAP + above))
        # the title's block centred in what lies above the subplot titles, as plotly centres one
        # line, but never under the block label
        pad = max(LABEL_CHIP, (top - above - TITLE_GAP - block) / 2)
        if "<br>" in title["text"]:  # plotly.js lifts a title of several lines by its cap height
            pad += CAP_SHIFT * title.get("font", {}).get("size", TITLE_FONT)
        layout["title"] = title | {"y": 1, "yanchor": "top", "pad": {"t": pad}}
        layout["margin"] = {**layout.get("margin", {}), "t": top}
        if "height" in layout:
            layout["height"] = int(layout["height"] + top - TOP_MARGIN)
    return Figure(data, layout)


def _on_top(note: dict[str, Any]) -> bool:
    """A subplot title over the top plot: it lies in the top margin, under the figure's title."""
    return note.get("yref") == "paper" and note.get("yanchor") == "bottom" and note.get("y", 0) >= 1 - 1e-9


def _text_height(text: str, font: float) -> float:
    """Px of a text of `<br>`-separated lines: plotly.js spaces them by LINE_SPACING fonts."""
    return (text.count("<br>") + 1) * LINE_SPACING * font


def wrap(text: str, width: float, font: float) -> list[str]:
    """Lines of `text` no wider than `width` px at `font` px, broken at spaces outside brackets
    (a shape such as (6, 1, 5, 5) stays whole); a bracket longer than a line breaks at its own
    spaces, and a name longer than a line after dots."""
    per_line = max(8, int(width / (CHAR_WIDTH * font)))
    lines: list[str] = []
    for word in _words(text):
        while len(word) > per_line:  # a space inside it, else a dot, else where the line ends
            cut = word.rfind(" ", 0, per_line + 1)
            cut = cut + 1 if cut > 0 else word.rfind(".", 0, per_line) + 1 or per_line
            if lines and len(lines[-1]) + 1 + len(word[:cut].rstrip()) <= per_line:
                lines[-1] += " " + word[:cut].rstrip()
            else:
                lines.append(word[:cut].rstrip())
            word = word[cut:]
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _words(text: str) -> list[str]:
    """Words split at spaces, with what is inside brackets kept as one word."""
    words, depth = [""], 0
    for char in text:
        depth += (char in "([") - (char in ")]")
        if char == " " and depth <= 0:
            words.append("")
        else:
            words[-1] += char
    return [w for w in words if w] or [""]


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


def _title(text: str, caption: str = "", width: float = PANEL_WIDTH, font: float = TITLE_FONT) -> dict[str, Any]:
    """The title and its caption in lines that fit `width` px (the narrowest plot the page draws);
    `figure` gives the lines their room."""
    room = width * 0.96 - MARGIN_RIGHT  # the title starts 2% in; keep clear of the right edge
    words = "<br>".join(wrap(text, room, font))
    if caption:  # one <sup> around all its lines: a break is the space it replaced
        words += "<br><sup>" + "<br>".join(wrap(caption, room, font * CAPTION)) + "</sup>"
    title: dict[str, Any] = {"text": words, "x": 0.02}
    return title | ({"font": {"size": font}} if font != TITLE_FONT else {})


class ScaleKind(enum.Enum):
    """How values become colours, chosen from the data (DESIGN: diverging for signed values,
    sequential for non-negative ones)."""

    SEQUENTIAL = "sequential"  # never negative: Viridis from the data's own min to its max
    DIVERGING = "diverging"  # signed: blue-white-red, white at 0, symmetric
    PROBABILITY = "probability"  # a probability: 0..1 whatever this draw spans
    CONSTANT = "constant"  # one value: one colour and no colour bar, not a scale around it


# ColorBrewer's RdBu (colour-blind safe), given as stops: plotly.js has no "RdBu_r"
DIVERGING_COLOURS = [[0.0, "#2166ac"], [0.25, "#92c5de"], [0.5, "#f7f7f7"], [0.75, "#f4a582"], [1.0, "#b2182b"]]


@dataclass(frozen=True)
class Scale:
    kind: ScaleKind
    low: float
    high: float

    def trace(self) -> dict[str, Any]:
        """The heatmap keys that draw with this scale."""
        if self.kind is ScaleKind.CONSTANT:
            value = self.low if math.isfinite(self.low) else 0.0
            colour = OKABE_ITO[0]
            return {"colorscale": [[0, colour], [1, colour]], "zmin": value - 1, "zmax": value + 1, "showscale": False}
        if self.kind is ScaleKind.DIVERGING:
            return {"colorscale": DIVERGING_COLOURS, "zmid": 0, "zmin": self.low, "zmax": self.high}
        return {"colorscale": "Viridis", "zmin": self.low, "zmax": self.high}

    @property
    def caption(self) -> str:
        if self.kind is ScaleKind.CONSTANT:
            return f"constant {self.low:.4g}" if math.isfinite(self.low) else "no finite values"
        if self.kind is ScaleKind.PROBABILITY and self.high > 1:
            return f"probabilities, some rescaled up to {self.high:.3g}"
        return ""


def choose_scale(views: Sequence[MapView], probability: bool = False) -> Scale:
    """One scale for all `views` (a shared scale makes equal numbers equal colours): 0..1 for
    probabilities, one colour for a constant, sequential from the min when nothing is
    negative, else diverging and symmetric around 0."""
    lows = [v.low for v in views if math.isfinite(v.low)]
    highs = [v.high for v in views if math.isfinite(v.high)]
    if not lows:
        return Scale(ScaleKind.CONSTANT, math.nan, math.nan)
    low, high = min(lows), max(highs)
    if probability:  # dropout on attention weights rescales them past 1: the scale says so
        return Scale(ScaleKind.PROBABILITY, 0.0, max(1.0, high))
    if low == high:
        return Scale(ScaleKind.CONSTANT, low, high)
    if low >= 0:
        return Scale(ScaleKind.SEQUENTIAL, low, high)
    bound = max(-low, high)
    return Scale(ScaleKind.DIVERGING, -bound, bound)


@dataclass(frozen=True)
class Tile:
    """A label on one tile of a mosaic, placed at the tile's top-left corner (index units)."""

    text: str
    row: int
    col: int


@dataclass(frozen=True)
class MapView:
    """A 2-d view of a tensor, ready to draw, and the words that say what it is.

    `z` may be block-averaged by `factor` (the same along both axes, so pixels stay square);
    `rows` x `cols` is the extent before that, in the units the axes and hover name."""

    z: np.ndarray
    caption: str
    x_label: str = ""
    y_label: str = ""
    rows: int = 0
    cols: int = 0
    factor: int = 1
    low: float = math.nan  # the finite min and max of the numbers shown, before the block mean
    high: float = math.nan
    mosaic: bool = False  # tiles on a canvas: axes count canvas cells, not tensor indices
    tiles: tuple[Tile, ...] = ()
    x_ticks: tuple[tuple[float, str], ...] = ()  # tile centres and what they are (kernel grids)
    y_ticks: tuple[tuple[float, str], ...] = ()
    shown: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # the numbers drawn

    @property
    def image(self) -> bool:
        """Square cells (scaleanchor): maps and mosaics; a single row or column is a strip."""
        return self.mosaic or min(self.rows, self.cols) > 1


@dataclass(frozen=True)
class Panel:
    view: MapView
    title: str
    scale: Scale
    show_scale: bool = True


# --- views ---------------------------------------------------------------------------------


def fit_dims(dims: tuple[str, ...], ndim: int) -> tuple[str, ...]:
    """Axis names for an array of `ndim` axes: the layer's own, or without N for an unbatched
    input (torch accepts those), or none when they do not fit."""
    if len(dims) == ndim:
        return dims
    if len(dims) == ndim + 1 and "N" in dims:
        return tuple(d for d in dims if d != "N")
    return ()


def batch_axis_of(dims: tuple[str, ...], ndim: int) -> int | None:
    """Which axis holds samples: the one named N, else the first of a 3-d or larger array."""
    return dims.index("N") if "N" in dims else (0 if ndim >= 3 and not dims else None)


def _axis_word(name: str, tensor_axes: bool) -> tuple[str, str]:
    """(what one slice along this axis is, its short tile label)."""
    if name == "D":
        return "depth slice", "d"
    if tensor_axes:
        return (name or "matrix"), (name.split("_")[0] if name else "#")
    return "channel", "ch"


def view(
    array: np.ndarray, dims: tuple[str, ...] = (), batch_axis: int | None = 0, axes: tuple[str, ...] = ()
) -> MapView:
    """Sample 0 (along the batch axis), then a matrix: 1-d a row, 3-d tiles along the first
    axis, 4-d a grid of tiles, depth (C, D, H, W) the depth slices of channel 0 as tiles.

    `dims` name an activation's axes (N, C, D, H, W); `axes` name a parameter's axes by the
    constructor arguments that count them (out_features, ...)."""
    a = np.asarray(array, dtype=np.float32)
    tensor_axes = not dims and batch_axis is None
    names = list(dims) if len(dims) == a.ndim else list(axes) if len(axes) == a.ndim else [""] * a.ndim
    notes = []
    if batch_axis is not None and a.ndim >= 3 and a.shape[batch_axis] >= 1:
        if a.shape[batch_axis] > 1:
            notes.append(f"sample 0 of {a.shape[batch_axis]}")
        a = np.take(a, 0, axis=batch_axis)
        names.pop(batch_axis)
    every_name = list(names)
    fixed = []  # leading axes held at index 0, so that what remains fits on a page
    while a.ndim > 4 or (a.ndim == 4 and names[1] == "D"):
        word = _axis_word(names[0], tensor_axes)[0] if names[0] != "D" else "depth slice"
        fixed.append(f"{word} 0" + (f" (of {a.shape[0]})" if a.shape[0] > 1 else ""))
        a = a[0]
        names.pop(0)
    held = " of " + ", ".join(fixed) if fixed else ""
    if a.ndim <= 2:
        shown = a.reshape(1, -1) if a.ndim < 2 else a
        names = ["", names[0] if names else ""] if a.ndim < 2 else names
        canvas, tiles, x_ticks, y_ticks = shown, (), (), ()
        caption = ""
    elif a.ndim == 3:
        shown, canvas, tiles, caption = _wrapped(a, names[0], tensor_axes)
        caption += held
        x_ticks = y_ticks = ()
    else:
        shown, canvas, tiles, x_ticks, y_ticks, caption = _grid(a, names)
        caption += held
    if tensor_axes and any(every_name) and a.ndim >= 3:  # what the axes are: "out_features x in1_features x ..."
        caption = " x ".join(n or "?" for n in every_name) + ": " + caption
    z, factor = downsample(canvas)
    if factor > 1:
        notes.append(f"block mean {factor}x{factor}")
    low, high = _finite_range(shown)
    mosaic = a.ndim >= 3
    grid = bool(x_ticks)  # kernels in rows and columns: the axes count the first two axes
    return MapView(
        z,
        ", ".join(n for n in (caption, *notes) if n),
        x_label=(names[1] or "col") if grid else "" if mosaic else names[-1],
        y_label=(names[0] or "row") if grid else "" if mosaic else names[-2],
        rows=canvas.shape[0],
        cols=canvas.shape[1],
        factor=factor,
        low=low,
        high=high,
        mosaic=mosaic,
        tiles=tiles,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        shown=shown,
    )


def _finite_range(a: np.ndarray) -> tuple[float, float]:
    """The min and max of the finite numbers (NaN, NaN if none): a mask is copied only when
    the plain min or max is not finite, which is rare and cost a millisecond per map."""
    if not a.size:
        return math.nan, math.nan
    low, high = float(a.min()), float(a.max())
    if math.isfinite(low) and math.isfinite(high):
        return low, high
    finite = a[np.isfinite(a)]
    return (float(finite.min()), float(finite.max())) if finite.size else (math.nan, math.nan)


def _wrapped(a: np.ndarray, name: str, tensor_axes: bool) -> tuple[np.ndarray, np.ndarray, tuple[Tile, ...], str]:
    """(n, h, w): tiles wrapped into a square, each labelled with its index."""
    n, h, w = a.shape
    count = min(n, MAX_TILES)
    word, short = _axis_word(name, tensor_axes)
    if tensor_axes and name != "D":
        caption = f"{n} matrices of {h} x {w}" if count == n else f"{count} of {n} matrices of {h} x {w}"
    else:
        plural = word + "s" * (n > 1)
        caption = f"{count} of {n} {word}s" if count < n else f"{n} {plural}"
    shown = a[:count]
    canvas, (cols, _) = mosaic(shown[:, None])
    tiles = tuple(Tile(f"{short} {i}", (i // cols) * (h + 1), (i % cols) * (w + 1)) for i in range(count))
    return shown, canvas, tiles, caption


Ticks = tuple[tuple[float, str], ...]


def _grid(a: np.ndarray, names: list[str]) -> tuple[np.ndarray, np.ndarray, tuple[Tile, ...], Ticks, Ticks, str]:
    """(rows, cols, h, w): a grid of tiles (kernels: out x in); a single column wraps."""
    rows, cols, h, w = a.shape
    if cols == 1:
        shown, canvas, tiles, caption = _wrapped(a[:, 0], names[0], True)
        return shown, canvas, tiles, (), (), caption.replace("matrices", "kernels")
    shown = a[:MAX_TILES, :MAX_TILES]
    canvas, _ = mosaic(shown)
    r, c = shown.shape[:2]
    caption = f"{r} x {c} kernels of {h} x {w}" + (f" (of {rows} x {cols})" if (r, c) != (rows, cols) else "")
    # the tiles' indices as ticks, the axes' names as axis titles: "in_channels 0" under each
    # column took more room than a narrow kernel has
    y_ticks = tuple((i * (h + 1) + (h - 1) / 2, str(i)) for i in range(r))
    x_ticks = tuple((j * (w + 1) + (w - 1) / 2, str(j)) for j in range(c))
    return shown, canvas, (), x_ticks, y_ticks, caption


def mosaic(a: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """(rows, cols, h, w) -> one image of tiles split by blank lines; (n, 1, h, w) wraps to a
    square. Returns the canvas and its (tiles across, tiles down)."""
    rows, cols, h, w = a.shape
    if cols == 1:
        count = rows
        cols = math.ceil(math.sqrt(count))
        rows = math.ceil(count / cols)
        padded = np.full((rows * cols, h, w), np.nan, dtype=np.float32)
        padded[:count] = a[:, 0]
        a = padded.reshape(rows, cols, h, w)
    canvas = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan, dtype=np.float32)
    for r in range(rows):
        for c in range(cols):
            canvas[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = a[r, c]
    return canvas, (cols, rows)


def downsample(a: np.ndarray) -> tuple[np.ndarray, int]:
    """Block mean by the smallest integer factor that brings both sides within MAX_SIDE, the
    same factor along both axes: a disc stays a disc."""
    factor = max(1, *(math.ceil(side / MAX_SIDE) for side in a.shape))
    if factor == 1:
        return a, 1
    h, w = (math.ceil(side / factor) * factor for side in a.shape)
    padded = np.full((h, w), np.nan, dtype=np.float32)
    padded[: a.shape[0], : a.shape[1]] = a
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-blank block averages to NaN, as it should
        blocks = np.nanmean(padded.reshape(h // factor, factor, w // factor, factor), axis=(1, 3))
    return blocks.astype(np.float32), factor


# --- figures -------------------------------------------------------------------------------


def _step(n: int, pixels: float = math.inf, label: float = 0.0) -> int:
    """An integer tick step over n indices drawn `pixels` long: 1, 2, 5, 10, 20, ..., the
    smallest that leaves `label` px (a tick label's extent along the axis) and MIN_TICK_GAP
    between neighbouring labels, and at most MAX_TICKS ticks."""
    step = 1
    while n / step > MAX_TICKS or step * pixels / max(n, 1) < label + MIN_TICK_GAP:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
        if step >= n:
            return max(step, 1)
    return step


def _plot_height(v: MapView, width: float) -> float:
    """A map's plot height from its aspect ratio, within bounds: a 1 x 200 row gets a strip,
    not a panel of blank space."""
    if v.rows <= 1:
        return MIN_PLOT_HEIGHT
    return min(MAX_PLOT_HEIGHT, max(MIN_PLOT_HEIGHT, width * v.rows / max(v.cols, 1)))


def _extent(v: MapView, width: float, height: float) -> tuple[float, float]:
    """(px along x, px along y) the map is drawn in: an image's square cells take the smaller
    of the two scales (plotly's constrain="domain"); a strip fills its box."""
    if not v.image:
        return width, height
    cell = min(width / max(v.cols, 1), height / max(v.rows, 1))
    return cell * v.cols, cell * v.rows


def _axes(
    v: MapView, k: str, x_domain: list[float], y_domain: list[float], extent: tuple[float, float] = (math.inf,) * 2
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Axes over exactly the real indices (-0.5 .. n - 0.5), with integer ticks spaced by the
    pixels the axis has (`extent`, px along x and y), or the tiles' indices for a mosaic,
    whose canvas cells are no tensor's indices."""
    common = {"showgrid": False, "zeroline": False}
    x_title = {"text": v.x_label, "standoff": AXIS_TITLE_STANDOFF}
    xaxis = {"range": [-0.5, v.cols - 0.5], "domain": x_domain, "anchor": f"y{k}", "title": x_title}
    yaxis = {"range": [v.rows - 0.5, -0.5], "domain": y_domain, "anchor": f"x{k}", "title": {"text": v.y_label}}
    for axis, ticks, n, pixels, across in (
        (xaxis, v.x_ticks, v.cols, extent[0], True),
        (yaxis, v.y_ticks, v.rows, extent[1], False),
    ):
        axis |= common
        longest = max((len(t[1]) for t in ticks), default=len(str(max(n - 1, 0))))
        label = longest * CHAR_WIDTH * FONT if across else LINE_SPACING * FONT
        if ticks:  # tile centres: every step-th tile, where its label fits
            step = _step(len(ticks), pixels, label)
            kept = ticks[::step]
            axis |= {"tickmode": "array", "tickvals": [t[0] for t in kept], "ticktext": [t[1] for t in kept]}
        elif v.mosaic:
            axis["showticklabels"] = False
        else:
            # ticks at real indices only: where plotly.js widens a square-celled range to fill
            # its box (it did on Plotly.react), linear ticks went on past the last index
            axis |= {"tickmode": "array", "tickvals": list(range(0, n, _step(n, pixels, label)))}
        axis["tickangle"] = 0  # plotly tilts crowded labels, out of the room measured for them
    if v.rows == 1 and not v.mosaic:
        yaxis["showticklabels"] = False  # one row: its index says nothing
    if v.image:
        yaxis |= {"scaleanchor": f"x{k}", "scaleratio": 1, "constrain": "domain"}
        xaxis["constrain"] = "domain"
    return xaxis, yaxis


def _hover(v: MapView) -> str:
    if v.mosaic:
        return "%{z:.4g}<extra></extra>"  # canvas cells: no tensor index to name
    if v.factor > 1:
        return f"mean of the {v.factor}x{v.factor} block around row %{{y}}, col %{{x}}: %{{z:.4g}}<extra></extra>"
    return "row %{y}, col %{x}: %{z:.4g}<extra></extra>"


def maps_figure(panels: Sequence[Panel], title: str, caption: str = "", side_by_side: bool = False) -> Figure:
    """Heatmaps stacked (or side by side), each on its own axes over its own indices, square
    cells where it is an image, and a height that follows their aspect ratios. Laid out for a
    plot PANEL_WIDTH wide: ticks, subplot titles and the room between panels are sized in the
    pixels each panel gets there."""
    gap_x = 0.16 if side_by_side else 0.0  # room for the right panel's y tick labels
    half = (1 - gap_x) / 2
    scales = any(p.show_scale and p.scale.kind is not ScaleKind.CONSTANT for p in panels)
    rows = max((p.view.rows for p in panels if not p.view.mosaic), default=1)
    left = max(MARGIN_LEFT, int(len(str(rows - 1)) * CHAR_WIDTH * FONT + AXIS_TITLE_ROOM + 12))
    plot_width = PANEL_WIDTH - left - MARGIN_RIGHT - COLOURBAR_ROOM * scales
    width = plot_width * (half if side_by_side else 1)
    tall = (FULL_WIDTH - left - MARGIN_RIGHT - COLOURBAR_ROOM * scales) * half if side_by_side else width
    heights = [_plot_height(p.view, tall) for p in panels]
    if sum(heights) > MAX_PLOT_HEIGHT * 1.5:  # a stack stays within about one and a half maps
        heights = [max(MIN_PLOT_HEIGHT, h * MAX_PLOT_HEIGHT * 1.5 / sum(heights)) for h in heights]
    titled = len(panels) > 1
    heads = []
    for panel in panels:
        words = ", ".join(w for w in (panel.view.caption, panel.scale.caption) if w)
        text = panel.title + (f": {words}" if words else "")
        heads.append("<br>".join(wrap(text, width if side_by_side else plot_width + COLOURBAR_ROOM, HEAD_FONT)))
    if side_by_side:
        area = max(heights)
        slots = [(0.0, 1.0)] * len(panels)
    else:
        # between two panels: the upper one's tick labels and axis title, the lower one's title
        gaps = [
            TICK_ROOM * (not p.view.mosaic or bool(p.view.x_ticks))
            + AXIS_TITLE_ROOM * bool(p.view.x_label)
            + _text_height(head, HEAD_FONT)
            + 4
            for p, head in zip(panels[:-1], heads[1:], strict=True)
        ]
        area = sum(heights) + sum(gaps)
        slots, top = [], 0.0
        for h, gap in zip(heights, [*gaps, 0.0], strict=True):
            slots.append((1 - (top + h) / area, 1 - top / area))
            top += h + gap
    traces, layout, notes = [], {}, []
    for i, (panel, (y0, y1)) in enumerate(zip(panels, slots, strict=True)):
        k = "" if i == 0 else str(i + 1)
        v = panel.view
        x_domain = [0.0, 1.0] if not side_by_side else ([0.0, half] if i == 0 else [1 - half, 1.0])
        extent = _extent(v, width, heights[i])  # at PANEL_WIDTH: a wider plot only spreads the ticks
        layout[f"xaxis{k}"], layout[f"yaxis{k}"] = _axes(v, k, x_domain, [y0, y1], extent)
        if side_by_side and i > 0:
            layout[f"yaxis{k}"]["title"] = {"text": ""}  # the left panel's names the rows of both
        start = (v.factor - 1) / 2  # a block's centre, in the tensor's own indices
        trace = {"type": "heatmap", "z": v.z, "x0": start, "dx": v.factor, "y0": start, "dy": v.factor}
        trace |= {"xaxis": f"x{k}", "yaxis": f"y{k}", "hovertemplate": _hover(v)}
        trace |= panel.scale.trace()
        trace["colorbar"] = {"thickness": 14, "len": y1 - y0, "y": (y0 + y1) / 2, "yanchor": "middle"}
        trace["colorbar"] |= _colourbar_ticks(trace["zmin"], trace["zmax"], heights[i])
        # projector mode draws its labels at PROJECTOR_FONT px (ui/plots.py): fewer fit
        trace["meta"] = {
            "projector_colorbar": _colourbar_ticks(trace["zmin"], trace["zmax"], heights[i], PROJECTOR_FONT)
        }
        if not panel.show_scale:
            trace["showscale"] = False
        traces.append(trace)
        if titled:
            notes.append(
                _head(heads[i], sum(x_domain) / 2 if side_by_side else 0.0, y1, "center" if side_by_side else "left")
            )
        notes += [_tile_note(t, k) for t in v.tiles]
    if not titled:
        caption = ", ".join(w for w in (caption, panels[0].view.caption, panels[0].scale.caption) if w)
    last = panels[-1].view
    bottom = max(BOTTOM_MARGIN, TICK_ROOM + AXIS_TITLE_ROOM * bool(last.x_label))
    layout |= {"title": _title(title, caption), "height": int(TOP_MARGIN + bottom + area), "annotations": notes}
    # the colour bar's room given, not left to plotly's margin push, which a Plotly.react after
    # a figure of another size sometimes skipped (a tick label cut off at the right)
    layout["margin"] = {"l": left, "b": bottom, "r": MARGIN_RIGHT + COLOURBAR_ROOM * scales}
    return figure(traces, layout)


def _colourbar_ticks(low: float, high: float, length: float, font: float = FONT) -> dict[str, Any]:
    """As many colour-bar ticks as its `length` px holds, at the finest round step whose ticks
    in [low, high] fit, and never one tick alone where two fit: plotly's own choice (and its `nticks`) drew
    three labels on a 40 px strip's bar, one on another, and a step rounded up for a short bar
    left a bar labelled "0" and nothing else. Without two round ticks it shows its two ends; a
    bar with room for one label (a one-row map's) shows the end farthest from 0, its reach."""
    span = high - low
    if not math.isfinite(span) or span <= 0:
        return {}
    fit = int(length // (LINE_SPACING * font + MIN_TICK_GAP))  # labels, each a line and a gap
    if fit < 2:
        end = high if abs(high) >= abs(low) else low
        return {"tickmode": "array", "tickvals": [end], "ticktext": [f"{end:.2g}"]}
    power = 10 ** math.floor(math.log10(span / fit))
    for step in (m * power for m in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50)):
        ticks = math.floor(high / step + 1e-9) - math.ceil(low / step - 1e-9) + 1
        if ticks <= fit:
            if ticks >= 2:
                return {"tickmode": "linear", "tick0": 0, "dtick": step}
            break
    return {"tickmode": "array", "tickvals": [low, high], "ticktext": [f"{low:.2g}", f"{high:.2g}"]}


def _head(text: str, x: float, y: float, anchor: str) -> dict[str, Any]:
    return {"text": text, "x": x, "y": y, "xref": "paper", "yref": "paper", "showarrow": False} | {
        "xanchor": anchor,
        "yanchor": "bottom",
        "font": {"size": HEAD_FONT},
    }


def _tile_note(tile: Tile, k: str) -> dict[str, Any]:
    return {
        "text": tile.text,
        "x": tile.col - 0.5,
        "y": tile.row - 0.5,
        "xref": f"x{k}",
        "yref": f"y{k}",
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 11, "color": "white"},
        "bgcolor": "rgba(0,0,0,0.75)",  # white on it stays 4.5:1 whatever the tile: 10:1 over white
    }


def heatmap(v: MapView, title: str, scale: Scale | None = None) -> Figure:
    return maps_figure([Panel(v, "", scale or choose_scale([v]))], title)


def message(title: str, text: str, size: int = 16) -> Figure:
    """An empty plot that says why it is empty, instead of a blank rectangle."""
    note = {
        "text": "<br>".join(wrap(text, PANEL_WIDTH * 0.95, size)),
        "showarrow": False,
        "font": {"size": size},
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
    }
    hidden = {"visible": False}
    return figure([], {"title": _title(title), "height": 240, "annotations": [note], "xaxis": hidden, "yaxis": hidden})


def _activation_view(r: RunResult, key: str, dims: tuple[str, ...] = ()) -> MapView:
    return _array_view(r.arrays[key], dims)


def _array_view(array: np.ndarray, dims: tuple[str, ...]) -> MapView:
    dims = fit_dims(dims, array.ndim)
    return view(array, dims, batch_axis_of(dims, array.ndim))


def _shape(r: RunResult, key: str) -> Shape:
    return r.shapes.get(key, r.arrays[key].shape if key in r.arrays else ())


def _input_dims(r: RunResult, key: str) -> tuple[str, ...]:
    """The main input's axis names; another input of the same rank shares its layout (a
    decoder's memory, a Transformer's tgt), by the positional names only."""
    if key == "input":
        return r.input_dims
    return tuple(d if d in POSITIONAL else "" for d in r.input_dims)


def _shared(r: RunResult) -> list[MapView]:
    """Input and output on one scale where they are comparable: ReLU's 0 is one colour on both."""
    name = r.outputs[0][0] if r.outputs else ""
    if not r.elementwise or name in r.probabilities or "input" not in r.arrays or name not in r.arrays:
        return []
    return [_activation_view(r, "input", r.input_dims), _activation_view(r, name, _output_dims(r, _shape(r, name)))]


def input_figure(r: RunResult) -> Figure:
    """Every tensor the forward takes, one panel each: Bilinear's x2, a decoder's memory, a loss's target."""
    names = [n for n in r.inputs if n in r.arrays] or ["input"]
    if len(names) == 1:
        return tensor_figure(r, names[0], f"Input {shape_text(r.input_shape)}", r.input_dims, _shared(r))
    panels = []
    for name in names:
        v = _activation_view(r, name, _input_dims(r, name))
        shared = _shared(r) if name == "input" else []
        panels.append(Panel(v, f"{name} {shape_text(_shape(r, name))}", choose_scale([v, *shared])))
    return maps_figure(panels, "Inputs: " + ", ".join(names))


def output_figure(r: RunResult) -> Figure:
    name, shape = r.outputs[0]
    dims = _output_dims(r, shape)
    label = "Output" if name == "output" else f"Output {name}"
    title = f"{label} {shape_text(shape)}"
    if not shape and name in r.arrays:  # a loss's value: a number, not a one-colour square
        return message(title, f"{name} = {float(r.arrays[name].reshape(-1)[0]):.5g}", size=40)
    return tensor_figure(r, name, title, dims, _shared(r), probability=name in r.probabilities)


def tensor_figure(
    r: RunResult,
    key: str,
    title: str,
    dims: tuple[str, ...],
    shared: Sequence[MapView] = (),
    probability: bool = False,
) -> Figure:
    if key not in r.arrays:
        return message(title, "empty tensor")
    v = _activation_view(r, key, dims)
    return heatmap(v, title, choose_scale([v, *shared], probability))


def tensor_names(r: RunResult) -> list[str]:
    return [p.name for p in r.params if p.is_parameter and p.name in r.weights]


def weight_choice(r: RunResult, wanted: str | None = None) -> str | None:
    """The tensor the weights figure shows: the one asked for, else the first matrix-like one."""
    names = tensor_names(r)
    if wanted in names:
        return wanted
    for name in names:
        if r.weights[name].ndim >= 2:
            return name
    return names[0] if names else None


def weights_figure(r: RunResult, wanted: str | None = None, gradient: bool = False) -> Figure:
    what = "Gradient of" if gradient else "Parameter"
    name = weight_choice(r, wanted)
    if gradient and (name is None or name not in r.gradients):
        if r.input_gradient is not None:
            v = _array_view(r.input_gradient, r.input_dims)
            return heatmap(v, "Gradient of the input", choose_scale([v]))
        return message("Gradients", "turn on backward to see gradients" if not r.backward else "no gradient")
    if name is None:
        return message("Weights", f"{r.layer} has no parameters")
    array = (r.gradients if gradient else r.weights)[name]
    axes = next((p.axes for p in r.params if p.name == name), ())
    return heatmap(view(array, batch_axis=None, axes=axes), f"{what} {name} {shape_text(array.shape)}")


def histogram_figure(r: RunResult) -> Figure:
    """Small multiples: each tensor on its own axis (one gradient of 250 would flatten the
    rest into one bar), titled with its name and shape; the first MAX_HISTOGRAMS of them."""
    drawn = [hist for hist in r.histograms if hist.counts.size]
    shown, left = drawn[:MAX_HISTOGRAMS], drawn[MAX_HISTOGRAMS:]
    notes = []
    for hist in shown:
        if hist.kept < hist.total:
            notes.append(f"{hist.label}: first {hist.kept:,} of {hist.total:,}")
    if left:
        notes.append("not shown: " + ", ".join(hist.label for hist in left))
    if not shown:
        return message("Value histograms", "no finite values")
    labels = ["<br>".join(wrap(f"{hist.label} {shape_text(hist.shape)}", PLOT_AREA, HEAD_FONT)) for hist in shown]
    gaps = [TICK_ROOM + _text_height(label, HEAD_FONT) + 4 for label in labels[1:]]
    area = HISTOGRAM_PLOT * len(shown) + sum(gaps)
    bars, layout, heads, top = [], {}, [], 0.0
    for i, (hist, label) in enumerate(zip(shown, labels, strict=True)):
        k = "" if i == 0 else str(i + 1)
        y1 = 1 - top / area
        y0 = max(0.0, y1 - HISTOGRAM_PLOT / area)
        top += HISTOGRAM_PLOT + (gaps[i] if i < len(gaps) else 0)
        centres = ((hist.edges[:-1] + hist.edges[1:]) / 2).astype(np.float32)
        bars.append(
            {"type": "bar", "x": centres, "y": hist.counts.astype(np.float32), "xaxis": f"x{k}", "yaxis": f"y{k}"}
            | {"width": float(hist.edges[1] - hist.edges[0]), "marker": {"color": OKABE_ITO[i % len(OKABE_ITO)]}}
            | {"hovertemplate": "%{x:.3g}: %{y:.0f}<extra></extra>"}
        )
        x_ticks = max(2, int(PLOT_AREA // 70))  # room for labels such as "-0.25" side by side
        layout[f"xaxis{k}"] = {"domain": [0.0, 1.0], "anchor": f"y{k}", "nticks": x_ticks, "tickangle": 0}
        layout[f"yaxis{k}"] = {"domain": [y0, y1], "anchor": f"x{k}", "rangemode": "tozero"} | _count_ticks(hist.counts)
        heads.append(_head(label, 0.0, y1, "left"))
    layout |= {"title": _title("Value histograms", "; ".join(notes)), "showlegend": False, "annotations": heads}
    layout["height"] = int(TOP_MARGIN + BOTTOM_MARGIN + area)
    return figure(bars, layout)


def _count_ticks(counts: np.ndarray) -> dict[str, Any]:
    """At most two whole-number ticks over a small histogram's counts, and none at 0: at five a
    HISTOGRAM_PLOT-high axis had labels lying on each other, and its 0 lay on the x axis' first."""
    tallest = float(counts.max(initial=0))
    step = _nice(tallest / 2)
    return {"tickmode": "array", "tickvals": [step * k for k in (1, 2) if step * k <= tallest]}


def _nice(at_least: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... not below `at_least`."""
    step = 1
    while step < at_least:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step


def params_figure(r: RunResult) -> Figure:
    if not r.params:
        return message("Parameters", f"{r.layer} has no parameters or buffers")
    counts = [p.numel for p in r.params][::-1]
    # long dotted names (a Transformer's reach 47 characters) in lines after their dots: on one
    # line they took the whole of a PANEL_WIDTH plot
    names = ["<br>".join(wrap(p.name, NAME_MARGIN, TICK_FONT)) for p in r.params][::-1]
    texts = [f"{dims_text(p.shape)} = {p.numel:,}" + ("" if p.is_parameter else " (buffer)") for p in r.params][::-1]
    bar = {
        "type": "bar",
        "x": counts,
        "y": names,
        "orientation": "h",
        "marker": {"color": [OKABE_ITO[0] if p.is_parameter else "#999999" for p in r.params][::-1]},
        "text": texts,
        "textposition": "outside",
        "textfont": {"size": TICK_FONT},
        "cliponaxis": False,
    }
    margin = label_margin([line for name in names for line in name.split("<br>")])
    plot = max(PANEL_WIDTH - margin - MARGIN_RIGHT, 120)
    row = max(26, max(_text_height(name, TICK_FONT) for name in names) + 8)  # px per bar: its name's lines
    # each text sits right of its bar: the axis reaches far enough that every one ends inside
    # the plot (a bar of c drawn c / reach of the plot wide, its text after it)
    reach = max(
        [c * plot / max(plot - _text_width(t) - 12, plot * 0.3) for c, t in zip(counts, texts, strict=True)] + [1]
    )
    layout = {
        "title": _title(param_formula(r.params), font=14),
        "height": int(TOP_MARGIN + BOTTOM_MARGIN + row * len(counts)),
        "xaxis": {"title": {"text": "elements"}, "range": [0, reach], "nticks": max(2, int(plot // 80))},
        "yaxis": {"tickfont": {"size": TICK_FONT}},
        "margin": {"l": margin, "r": MARGIN_RIGHT},
    }
    return figure([bar], layout)


def special_figure(r: RunResult) -> Figure | None:
    """The one picture that explains this family: a curve, a loss landscape or attention."""
    if "f" in r.curves and r.curves["f"].ndim == 2:
        return channel_curves_figure(r)
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
        title = f"{r.layer}: f(x) and its derivative"
        if "classes" in r.curves:  # class scores (x, 0, 0, ...), class 0 the target
            scores = "(" + ", ".join(["x", *["0"] * (int(r.curves["classes"][0]) - 1)]) + ")"
            scores = f"log_softmax{scores}" if r.curves["log_softmax"][0] else f"scores {scores}"
            title = f"{r.layer} of {scores}, class 0 the target"
        elif is_loss:
            title = f"{r.layer} against one prediction (target {float(r.curves['target'][0]):g})"
        axis = "class 0's score x" if "classes" in r.curves else "prediction" if is_loss else "x"
        layout = {"title": _title(title), "height": 340, "xaxis": {"title": {"text": axis}}}
        layout["margin"] = {"l": 70}  # a loss' values reach -1000: five characters of tick label
        return figure(curves, layout)
    attention = next((name for name in r.probabilities if name in r.arrays and r.arrays[name].ndim >= 2), None)
    if attention is not None and attention != r.outputs[0][0]:
        weights = r.arrays[attention]
        dims = ("N", "query", "key")[-weights.ndim :]
        v = view(weights, dims, 0 if weights.ndim == 3 else None)
        return heatmap(v, "Attention weights (mean over heads)", choose_scale([v], probability=True))
    return None


def channel_curves_figure(r: RunResult) -> Figure:
    """An activation with parameters per channel (PReLU's num_parameters) has a curve per channel:
    one colour a channel, f(x) solid and f'(x) dashed in it, each channel's slope its own."""
    f, df = r.curves["f"], r.curves["df"]
    traces: list[dict[str, Any]] = []
    for c in range(f.shape[1]):
        colour = OKABE_ITO[c % len(OKABE_ITO)]
        common = {"type": "scatter", "x": r.curves["x"], "legendgroup": f"channel {c}"}
        traces.append(common | {"y": f[:, c], "name": f"channel {c}: f(x)", "line": {"width": 4, "color": colour}})
        traces.append(
            common
            | {"y": df[:, c], "name": f"channel {c}: f'(x)", "showlegend": False}
            | {"line": {"width": 3, "dash": "dash", "color": colour}}
        )
    total = int(r.curves["channels"][0]) if "channels" in r.curves else f.shape[1]
    which = f"channels 0-{f.shape[1] - 1} of {total}" if total > f.shape[1] else "per channel"
    title = f"{r.layer} {which}: f(x) solid, f'(x) dashed"
    layout = {"title": _title(title), "height": 340, "xaxis": {"title": {"text": "x"}}, "margin": {"l": 70}}
    return figure(traces, layout)


def side_by_side(titles: tuple[str, str], gap: float = 0.1) -> dict[str, Any]:
    """Two subplots' axes and titles, as make_subplots lays them out, without its validation."""
    half = (1 - gap) / 2
    heads = [
        {"text": "<br>".join(wrap(text, PLOT_AREA * half, FONT)), "x": x, "y": 1.0, "xref": "paper", "yref": "paper"}
        | {"showarrow": False, "yanchor": "bottom"}
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
    """The same input through train() and eval(); the title says whether, and by how much,
    the outputs differ, computed from them."""
    c = r.comparison
    if c is None:
        return None
    if c.stats:
        layout = side_by_side(("mean per channel", "variance per channel"))
        channels = np.arange(len(c.stats["batch_mean"]))
        traces: list[dict[str, Any]] = []
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
        title = "train vs eval: statistics used to normalise; " + _difference_words(c)
        layout |= {"title": _title(title, c.note), "height": 340, "legend": {"orientation": "h", "y": -0.2}}
        return figure(traces, layout)
    name, shape = r.outputs[0]
    dims = _output_dims(r, shape)
    mine = _activation_view(r, name, dims)
    dims = fit_dims(dims, c.other_output.ndim)
    other = view(c.other_output, dims, batch_axis_of(dims, c.other_output.ndim))
    by_mode = {r.mode: mine, c.other_mode: other}
    scale = choose_scale([mine, other], probability=name in r.probabilities)
    panels = [Panel(by_mode[mode], f"{mode}()", scale, show_scale=mode is Mode.EVAL) for mode in Mode]
    if c.identical:
        title = "train() and eval() give identical outputs here"
        if c.max_difference > 0:
            title += f" (to float rounding: max |difference| {c.max_difference:.1g})"
    else:
        title = "train vs eval: " + mode_summary(r)
    return maps_figure(panels, title, c.note, side_by_side=True)


def _difference_words(c: ModeComparison) -> str:
    if c.identical:
        return "the outputs are identical"
    if math.isnan(c.max_difference):
        return "outputs of different shapes"
    return f"the outputs differ by up to {c.max_difference:.3g}"


def mode_summary(r: RunResult) -> str:
    """For a zeroing dropout: how many of the entries drawn were zeroed, and by how much the
    survivors were scaled; for any other layer, by how much the outputs differ."""
    c = r.comparison
    if c is None:
        return ""
    train = r.arrays[r.outputs[0][0]] if r.mode is Mode.TRAIN else c.other_output
    source = r.arrays["input"]
    p = c.dropout_p
    if p is None or train.shape != source.shape:
        return _difference_words(c)
    dims = fit_dims(_output_dims(r, train.shape), train.ndim)
    axis = batch_axis_of(dims, train.ndim)
    shown_train, shown_input = view(train, dims, axis), view(source, dims, axis)
    live = shown_input.shown != 0
    zeroed = float(((shown_train.shown == 0) & live).sum() / max(1, live.sum()))
    sample = train[(slice(None),) * axis + (0,)] if axis is not None and train.ndim >= 3 else train
    where = ""
    if shown_train.shown.size < sample.size:
        where = f" of the {shown_train.shown.size:,} entries drawn"
    elif sample.size < train.size:
        where = " in sample 0"
    scale = 1 / (1 - p) if p < 1 else math.inf
    return f"{zeroed:.0%} zeroed{where} (p = {p:g}), survivors x {scale:.3g}"


# --- words ---------------------------------------------------------------------------------


def shape_text(shape: tuple[int, ...]) -> str:
    """As Python and torch.Size write it: (3,) for one axis, never (3)."""
    return str(tuple(shape)) if shape else "scalar ()"


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
    """A summary row as menus and axes name it: position, qualified name, type; a call row by
    the call itself, which names its function already."""
    if row.is_call:
        return f"{index}: call {row.name}"
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
