"""Activations and losses: parameter-free (or nearly) functions, drawn as curves."""

from __future__ import annotations

from typing import Any

from torch import nn

from playground.registry.specs.base import (
    FLOAT_DISTS,
    Dim,
    Dist,
    ExtraInput,
    Family,
    LayerSpec,
    OptionalAxis,
    Params,
    ParamSpec,
    Shape,
    StateEntry,
)
from playground.registry.specs.common import batch, choice_param, float_param, int_param, same_shape


def _features(p: Params) -> tuple[Dim, ...]:
    return (batch(4), Dim("H", default=8, ui_max=256, help="features"))


def _activation(
    cls: type[nn.Module],
    summary: str,
    params: tuple[ParamSpec, ...] = (),
    elementwise: bool = True,
    **extra: Any,
) -> LayerSpec:
    return LayerSpec(
        name=cls.__name__,
        family=Family.ACTIVATION,
        cls=cls,
        summary=summary,
        formula="Input (*) -> Output (*), the same shape" + ("" if elementwise else "; normalised along dim"),
        params=params,
        input_dims=_features,
        predict_output=same_shape,
        elementwise=elementwise,
        any_rank=True,
        **extra,
    )


def _min_below_max(p: Params, s: Shape) -> tuple[str, str] | None:
    if p["max_val"] <= p["min_val"]:
        return (
            "max_val",
            f"max_val {p['max_val']} must be greater than min_val {p['min_val']}",
        )
    return None


def _dim_in_rank(p: Params, s: Shape) -> tuple[str, str] | None:
    if p["dim"] is not None and not -len(s) <= p["dim"] < len(s):
        return "dim", f"dim {p['dim']} is out of range for a {len(s)}-d input (valid: {-len(s)} to {len(s) - 1})"
    return None


def _slopes_fit_channels(p: Params, s: Shape) -> tuple[str, str] | None:
    """PReLU's slopes: one for every element, or one per channel, where torch reads channels on axis 1."""
    count = p["num_parameters"]
    if count == 1:
        return None
    if len(s) < 2:
        return "input.shape", f"num_parameters {count} needs channels on axis 1; a {len(s)}-d input has 1 channel"
    if s[1] != count:
        return "input.shape", f"input axis 1 (C) is {s[1]} but num_parameters is {count}: they must match"
    return None


PRELU = LayerSpec(
    name="PReLU",
    family=Family.ACTIVATION,
    cls=nn.PReLU,
    summary="Like LeakyReLU, but the slope for x < 0 is learned: one slope shared by all channels, or one per "
    "channel, each drawn as its own curve.",
    formula="Input (*) -> Output (*), the same shape; with num_parameters > 1, channels C on axis 1",
    params=(
        int_param(
            "num_parameters",
            1,
            "num_parameters (int): learned slopes: 1 shared, or C, one per channel of the input's axis 1. Default: 1",
            high=4096,
            ui_max=16,
        ),
        float_param("init", 0.25, "init (float): the starting value of every slope. Default: 0.25", -1.0, 1.0),
    ),
    # (N, C, L) as after a Conv1d: C follows num_parameters, so one slope a channel always fits
    input_dims=lambda p: (
        batch(4),
        Dim("C", "num_parameters"),
        Dim("L", default=8, ui_max=64, help="length"),
    ),
    predict_output=same_shape,
    predict_state=lambda p, s: (StateEntry("weight", (p["num_parameters"],)),),
    constraints=(_slopes_fit_channels,),
    elementwise=True,
    any_rank=True,
    curve_channels=lambda p: p["num_parameters"],  # one curve a slope: a 1-d sweep has 1 channel
)


IMPLICIT_DIM = (
    "Default: None, which torch reads as dim 0 for a 0-, 1- or 3-d input and dim 1 otherwise, "
    "with a warning that this implicit choice is deprecated"
)


def _dim_param(what: str) -> ParamSpec:
    """`dim` of the softmax family: torch's default is None (an implicit, deprecated choice)."""
    return ParamSpec(
        "dim",
        "int",
        None,
        f"dim (int, optional): the axis {what}. {IMPLICIT_DIM}",
        low=-6,  # an input has at most 6 axes (state.parse_shape); the rank check is _dim_in_rank
        high=5,
        ui_max=3,
        optional=True,
    )


ACTIVATIONS = (
    _activation(
        nn.ReLU,
        "max(0, x): passes positives, zeroes negatives; its gradient is 0 or 1.",
    ),
    _activation(
        nn.LeakyReLU,
        "Like ReLU but lets a small slope through for negatives, so no unit stops learning.",
        (
            float_param(
                "negative_slope",
                0.01,
                "negative_slope (float): slope for x < 0. Default: 0.01",
                0.0,
                1.0,
            ),
        ),
    ),
    _activation(
        nn.ELU,
        "x for positives, alpha (exp(x) - 1) for negatives: smooth, and saturates at -alpha.",
        (
            float_param(
                "alpha",
                1.0,
                "alpha (float): the negative saturation value. Default: 1.0",
                0.0,
                10.0,
            ),
        ),
    ),
    _activation(
        nn.GELU,
        "x times the standard normal CDF of x: a smooth ReLU used by transformers.",
        (
            choice_param(
                "approximate",
                "none",
                ("none", "tanh"),
                "approximate (str): 'tanh' uses a faster formula. Default: 'none'",
            ),
        ),
    ),
    PRELU,
    _activation(
        nn.SiLU,
        "x times sigmoid(x) (also called swish): smooth, dips slightly below zero.",
    ),
    _activation(
        nn.Sigmoid,
        "1 / (1 + exp(-x)): squashes to (0, 1); its gradient vanishes far from 0.",
    ),
    _activation(nn.Tanh, "Squashes to (-1, 1), centred at 0; saturates like the sigmoid."),
    _activation(
        nn.Hardtanh,
        "Clamps x to [min_val, max_val]: a piecewise-linear tanh.",
        (
            float_param(
                "min_val",
                -1.0,
                "min_val (float): lower bound. Default: -1",
                -10.0,
                10.0,
                0.1,
            ),
            float_param(
                "max_val",
                1.0,
                "max_val (float): upper bound. Default: 1",
                -10.0,
                10.0,
                0.1,
            ),
        ),
        constraints=(_min_below_max,),
    ),
    _activation(
        nn.Softplus,
        "log(1 + exp(beta x)) / beta: a smooth ReLU that is never exactly zero.",
        (
            float_param("beta", 1.0, "beta (float): sharpness. Default: 1", 0.01, 100.0, 0.01),
            float_param(
                "threshold",
                20.0,
                "threshold (float): above beta x > threshold it is linear. Default: 20",
                0.01,
                100.0,
                0.1,
            ),
        ),
    ),
    _activation(
        nn.Softmax,
        "exp(x_i) / sum_j exp(x_j) along dim: turns scores into probabilities that sum to 1.",
        (_dim_param("whose entries are turned into probabilities that sum to 1"),),
        elementwise=False,
        constraints=(_dim_in_rank,),
    ),
    _activation(
        nn.LogSoftmax,
        "The log of Softmax, computed stably; pairs with NLLLoss.",
        (_dim_param("along which log-probabilities are computed (their exponentials sum to 1)"),),
        elementwise=False,
        constraints=(_dim_in_rank,),
    ),
)


def _reduction(per_sample: bool) -> ParamSpec:
    """Class losses have one loss per sample; the others one per element."""
    each = "per-sample" if per_sample else "per-element"
    return choice_param(
        "reduction",
        "mean",
        ("mean", "sum", "none"),
        f"reduction (str): 'mean' averages the {each} losses, 'sum' adds them, 'none' returns them all. "
        "Default: 'mean'",
    )


def _loss_out(per_sample: bool) -> Any:
    def predict(p: Params, s: Shape) -> tuple[Shape, ...]:
        if p["reduction"] != "none":
            return ((),)
        return ((s[0],),) if per_sample else (tuple(s),)

    return predict


def _loss(
    cls: type[nn.Module],
    summary: str,
    target: ExtraInput,
    params: tuple[ParamSpec, ...] = (),
    per_sample: bool = False,
    **extra: Any,
) -> LayerSpec:
    return LayerSpec(
        name=cls.__name__,
        family=Family.LOSS,
        cls=cls,
        summary=summary,
        formula="input (N, C), target "
        + ("(N,) class indices" if per_sample else "(N, C)")
        + " -> loss (), or "
        + ("(N,)" if per_sample else "(N, C)")
        + " with reduction='none'; unbatched: input (C,), target "
        + ("() one class index" if per_sample else "(C,)"),
        params=(_reduction(per_sample), *params),
        input_dims=lambda p: (
            batch(4),
            Dim("C", default=5, ui_max=64, help="classes or features"),
        ),
        predict_output=_loss_out(per_sample),
        extra_inputs=(target,),
        call_args=("x", "target"),
        outputs="loss",
        is_loss=True,
        # one sample (C,) unbatched, with its target (a class index () or (C,)); reduced, the
        # loss has no batch axis to lose
        optional_axis=OptionalAxis("N", lambda p: (None,) if p["reduction"] != "none" else (0,)),
        **extra,
    )


REAL_TARGET = ExtraInput(
    "target",
    lambda p, s: tuple(s),
    "randn",
    "real-valued target, shaped like the input",
)
PROB_TARGET = ExtraInput("target", lambda p, s: tuple(s), "rand", "target probabilities in [0, 1]")
CLASS_TARGET = ExtraInput(
    "target",
    lambda p, s: (s[0],),
    "randint:dim1",
    "one class index in [0, C) per sample",
)

LOSSES = (
    _loss(
        nn.MSELoss,
        "Squared differences (averaged by default): punishes large errors most.",
        REAL_TARGET,
    ),
    _loss(
        nn.L1Loss,
        "Absolute differences (averaged by default): robust to outliers, constant gradient.",
        REAL_TARGET,
    ),
    _loss(
        nn.SmoothL1Loss,
        "Squared error below beta, absolute error above it: the Huber-style compromise.",
        REAL_TARGET,
        (
            float_param(
                "beta",
                1.0,
                "beta (float): where the quadratic part ends. Default: 1.0",
                0.0,
                10.0,
            ),
        ),
    ),
    _loss(
        nn.CrossEntropyLoss,
        "LogSoftmax of the scores then the negative log-likelihood of the true class.",
        CLASS_TARGET,
        (
            float_param(
                "label_smoothing",
                0.0,
                "label_smoothing (float): spread this much probability over all classes. Default: 0",
                0.0,
                1.0,
            ),
        ),
        per_sample=True,
    ),
    _loss(
        nn.NLLLoss,
        "Picks -input[target] per sample: expects log-probabilities, as LogSoftmax gives.",
        CLASS_TARGET,
        per_sample=True,
        # drawn as log-probabilities; a plain draw shows what other numbers do (a loss below 0)
        dists=(Dist.LOG_SOFTMAX, *FLOAT_DISTS),
        default_dist=Dist.LOG_SOFTMAX,
    ),
    _loss(
        nn.BCELoss,
        "Binary cross-entropy of probabilities in [0, 1] against targets in [0, 1].",
        PROB_TARGET,
        dists=(
            Dist.UNIFORM,
            Dist.ONES,
            Dist.ZEROS,
        ),  # its input must already be a probability
        default_dist=Dist.UNIFORM,
    ),
    _loss(
        nn.BCEWithLogitsLoss,
        "Sigmoid and binary cross-entropy in one numerically stable step; takes raw scores.",
        PROB_TARGET,
    ),
)

SPECS = ACTIVATIONS + LOSSES
