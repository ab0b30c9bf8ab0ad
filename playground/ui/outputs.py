"""The page's plots as one table: each row is one plot, with where it goes, how it is labelled
and how it is filled. The layout (`plots.plot_row`), the wiring (`present`), the skipping of
figures a visitor already sees and the figure tests all read these tables, so a new plot is
one row here (and its figure function in figures.py).

No gradio and no torch here: the figure tests import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playground.records import RunResult
from playground.render import figures


@dataclass(frozen=True)
class Shown:
    """What a plot is drawn from: the run, and what the person picked around it."""

    result: RunResult
    tensor: str | None = None  # the Layer Lab's parameter picker
    whole: RunResult | None = None  # an ensemble's run; `result` is the member shown
    index: int | None = None  # the builder's summary row picked

    @property
    def ensemble(self) -> RunResult:
        return self.whole or self.result


@dataclass(frozen=True)
class Plot:
    name: str  # the output's name in OUTPUTS / MODEL_OUTPUTS
    label: str  # the block's label on the page
    elem_id: str
    draw: Callable[[Shown], figures.Figure | None]  # None: the plot is hidden for this run
    group: str  # plots of one group share a row, in table order
    starts_visible: bool = True


LAB_PLOTS = (
    Plot("input_plot", "input", "plot-input", lambda s: figures.input_figure(s.result), "maps"),
    Plot("output_plot", "output", "plot-output", lambda s: figures.output_figure(s.result), "maps"),
    Plot(
        "special_plot", "how it behaves", "plot-special", lambda s: figures.special_figure(s.result), "behaviour", False
    ),
    Plot(
        "compare_plot",
        "train vs eval",
        "plot-compare",
        lambda s: figures.comparison_figure(s.result),
        "behaviour",
        False,
    ),
    Plot("weights_plot", "weights", "plot-weights", lambda s: figures.weights_figure(s.result, s.tensor), "parameters"),
    Plot(
        "grads_plot",
        "gradients",
        "plot-grads",
        lambda s: figures.weights_figure(s.result, s.tensor, gradient=True),
        "parameters",
    ),
    Plot("params_plot", "parameter count", "plot-params", lambda s: figures.params_figure(s.result), "counts"),
    Plot("hist_plot", "histograms", "plot-hist", lambda s: figures.histogram_figure(s.result), "counts"),
)

MODEL_PLOTS = (
    Plot(
        "ensemble_plot", "ensemble", "plot-ensemble", lambda s: figures.ensemble_figure(s.ensemble), "ensemble", False
    ),
    Plot("summary_plot", "parameters per layer", "plot-summary", lambda s: figures.summary_figure(s.result), "layers"),
    Plot("depth_plot", "activations through depth", "plot-depth", lambda s: figures.depth_figure(s.result), "layers"),
    Plot("layer_plot", "layer output", "plot-layer", lambda s: figures.layer_output_figure(s.result, s.index), "layer"),
)

HIDDEN_AT_START = frozenset(p.name for p in (*LAB_PLOTS, *MODEL_PLOTS) if not p.starts_visible)


def in_group(plots: tuple[Plot, ...], group: str) -> tuple[Plot, ...]:
    return tuple(p for p in plots if p.group == group)
