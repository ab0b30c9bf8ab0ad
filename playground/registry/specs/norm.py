"""Normalization and dropout: the layers whose train() and eval() behaviours differ."""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from playground.registry.specs.base import (
    IMAGE_DISTS,
    UNBATCHED,
    Dim,
    Dist,
    Family,
    LayerSpec,
    OptionalAxis,
    Params,
    Shape,
    StateEntry,
)
from playground.registry.specs.common import (
    AFFINE,
    BIAS,
    DROPOUT_P,
    EPS,
    MOMENTUM,
    affine_entries,
    batch,
    bool_param,
    divides,
    float_param,
    int_param,
    running_stats,
    same_shape,
    spatial_dims,
)

NUM_FEATURES = int_param("num_features", 4, "num_features (int): C, the number of channels (or features)", ui_max=32)
TRACK = bool_param(
    "track_running_stats",
    True,
    "track_running_stats (bool): keep running mean and variance for eval mode. Default: ``True``",
)

BATCHNORM_NOTE = (
    "train() normalises with the statistics of this batch, then updates running_mean and running_var; "
    "eval() normalises with the running statistics as they were before this call (a new layer's: "
    "mean 0, variance 1), not the updated ones the tensors panel prints."
)


def _batchnorm_state(p: Params, s: Shape) -> tuple[StateEntry, ...]:
    c = p["num_features"]
    return affine_entries("", c, p["affine"], p["affine"]) + (running_stats(c) if p["track_running_stats"] else ())


def _needs_values_per_channel(skip: int, what: str) -> Any:
    """Batch statistics need more than one value per channel (torch refuses in train mode)."""

    def check(p: Params, s: Shape) -> tuple[str, str] | None:
        count = s[0] * math.prod(s[2:]) if skip == 0 else math.prod(s[2:])
        if count <= 1:
            return (
                "input.shape",
                f"{what} needs more than one value per channel, got input {tuple(s)}",
            )
        return None

    return check


def _batchnorm(n: int, cls: type[nn.Module]) -> LayerSpec:
    dims = (Dim("L", default=8, ui_max=64),) if n == 1 else spatial_dims(2, 8, 64)
    shapes = "(N, C) or (N, C, L)" if n == 1 else "(N, C, H, W)"
    return LayerSpec(
        name=cls.__name__,
        family=Family.NORM,
        cls=cls,
        summary="Normalises each channel to zero mean and unit variance over the batch"
        + (" (and positions, if any)" if n == 1 else " and positions")
        + ", "
        "then applies a learned scale and shift.",
        formula=f"Input {shapes} -> Output, the same shape, y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta",
        params=(NUM_FEATURES, EPS, MOMENTUM, AFFINE, TRACK),
        input_dims=lambda p: (batch(4), Dim("C", "num_features"), *dims),
        predict_output=same_shape,
        predict_state=_batchnorm_state,
        constraints=(_needs_values_per_channel(0, "batch normalisation"),),
        # BatchNorm1d takes (N, C), the features of a Linear layer, as well as (N, C, L); no
        # unbatched input: torch reads a 2-d input as (N, C). BatchNorm2d takes 4-d only
        optional_axis=OptionalAxis("L", lambda p: (2,)) if n == 1 else None,
        mode_note=BATCHNORM_NOTE,
        dists=IMAGE_DISTS if n == 2 else IMAGE_DISTS[:-1],
    )


def _layernorm_state(p: Params, s: Shape) -> tuple[StateEntry, ...]:
    e = p["normalized_shape"]
    return affine_entries("", e, p["elementwise_affine"], p["elementwise_affine"] and p["bias"])


SPECS = (
    _batchnorm(1, nn.BatchNorm1d),
    _batchnorm(2, nn.BatchNorm2d),
    LayerSpec(
        name="LayerNorm",
        family=Family.NORM,
        cls=nn.LayerNorm,
        summary="Normalises each sample over its last axis (per token), the same in train and eval mode.",
        formula="Input (N, L, E) or unbatched (L, E) -> Output, the same shape, statistics over the last axis (E)",
        params=(
            int_param(
                "normalized_shape",
                8,
                "normalized_shape (int): size of the last axis, normalised over",
                ui_max=256,
            ),
            EPS,
            bool_param(
                "elementwise_affine",
                True,
                "elementwise_affine (bool): learn a per-element scale and shift. Default: ``True``",
            ),
            BIAS,
        ),
        input_dims=lambda p: (
            batch(2),
            Dim("L", default=4, ui_max=64),
            Dim("E", "normalized_shape"),
        ),
        predict_output=same_shape,
        predict_state=_layernorm_state,
        optional_axis=UNBATCHED,  # one sequence (L, E)
    ),
    LayerSpec(
        name="GroupNorm",
        family=Family.NORM,
        cls=nn.GroupNorm,
        summary="Splits the channels into num_groups groups and normalises each group of each sample; "
        "independent of the batch size.",
        formula="Input (N, C, H, W) -> Output (N, C, H, W), C = num_channels",
        params=(
            int_param(
                "num_groups",
                2,
                "num_groups (int): groups the channels are split into",
                ui_max=32,
            ),
            int_param(
                "num_channels",
                4,
                "num_channels (int): C, channels of the input",
                ui_max=64,
            ),
            EPS,
            AFFINE,
        ),
        input_dims=lambda p: (
            batch(2),
            Dim("C", "num_channels"),
            *spatial_dims(2, 8, 64),
        ),
        predict_output=same_shape,
        predict_state=lambda p, s: affine_entries("", p["num_channels"], p["affine"], p["affine"]),
        constraints=(divides("num_channels", "num_groups"),),
        # no unbatched input: torch reads the first axis of any input as N
        dists=IMAGE_DISTS,
    ),
    LayerSpec(
        name="InstanceNorm2d",
        family=Family.NORM,
        cls=nn.InstanceNorm2d,
        summary="Normalises each channel of each sample over its own H x W; no learned scale unless affine.",
        formula="Input (N, C, H, W) or unbatched (C, H, W) -> Output, the same shape",
        params=(
            NUM_FEATURES,
            EPS,
            MOMENTUM,
            bool_param(
                "affine",
                False,
                "affine (bool): learn a per-channel scale and shift. Default: ``False``",
            ),
            bool_param(
                "track_running_stats",
                False,
                "track_running_stats (bool): keep running statistics for eval mode. Default: ``False``",
            ),
        ),
        input_dims=lambda p: (
            batch(2),
            Dim("C", "num_features"),
            *spatial_dims(2, 8, 64),
        ),
        predict_output=same_shape,
        predict_state=lambda p, s: (
            affine_entries("", p["num_features"], p["affine"], p["affine"])
            + (running_stats(p["num_features"]) if p["track_running_stats"] else ())
        ),
        constraints=(_needs_values_per_channel(2, "instance normalisation"),),
        optional_axis=UNBATCHED,  # (C, H, W) unbatched
        mode_note=(
            "Only with track_running_stats: eval() then uses the running statistics as they were before this call."
        ),
        dists=IMAGE_DISTS,
    ),
    LayerSpec(
        name="Dropout",
        family=Family.DROPOUT,
        cls=nn.Dropout,
        summary="In train mode zeroes each element with probability p and scales the rest by 1/(1-p); "
        "in eval mode passes the input through.",
        formula="Input (*) -> Output (*), the same shape",
        params=(DROPOUT_P,),
        input_dims=lambda p: (batch(4), Dim("H", default=16, ui_max=256)),
        predict_output=same_shape,
        mode_note="train() draws a fresh random mask and scales survivors by 1/(1-p); eval() is the identity.",
        any_rank=True,
        default_dist=Dist.ONES,  # ones make the mask and the 1/(1-p) scale readable at a glance
    ),
    LayerSpec(
        name="Dropout2d",
        family=Family.DROPOUT,
        cls=nn.Dropout2d,
        summary="Zeroes whole channels at random in train mode (and scales the rest by 1/(1-p)), "
        "since neighbouring pixels are too correlated for element-wise dropout.",
        formula="Input (N, C, H, W) -> Output (N, C, H, W)",
        params=(
            float_param(
                "p",
                0.5,
                "p (float): probability that a whole channel is zeroed in train mode; the others are scaled "
                "by 1/(1-p). Default: 0.5",
                0.0,
                1.0,
            ),
        ),
        input_dims=lambda p: (
            batch(2),
            Dim("C", default=8, ui_max=64),
            *spatial_dims(2, 8, 64),
        ),
        predict_output=same_shape,
        mode_note="train() zeroes whole channels and scales the others by 1/(1-p); eval() is the identity.",
        # no unbatched (C, H, W): torch reads a 3-d input as (N, C, L) and warns that it does
        # 1-d channel dropout, which is Dropout1d's job
        dists=IMAGE_DISTS,
        default_dist=Dist.ONES,
    ),
)
