"""Linear maps and shape plumbing: Linear, LazyLinear, Bilinear, Identity, Flatten."""

from __future__ import annotations

import math

from torch import nn

from playground.registry.specs.base import (
    UNBATCHED,
    Cost,
    Dim,
    Dist,
    ExtraInput,
    Family,
    LayerSpec,
    Params,
    Shape,
    StateEntry,
)
from playground.registry.specs.common import BIAS, batch, int_param, linear_entries, same_shape


def _bilinear_cost(p: Params, s: Shape) -> Cost:
    """One product of both inputs with the weight (a multiply-add per weight entry and
    sample, see summary._trilinear_flops) and the bias added: its trace on meta took 26 ms
    at the sliders' maximum, a third of the update."""
    samples, out = math.prod(s[:-1]), p["out_features"]
    made = samples * out * (2 if p["bias"] else 1)
    return Cost(2 * samples * out * p["in1_features"] * p["in2_features"], made, samples * out)


# hard limits far above any budget, on purpose: the meta analysis refuses with the size
IN_FEATURES = int_param(
    "in_features", 4, "in_features (int): size of each input sample, the last axis", ui_max=512, high=1 << 20
)
OUT_FEATURES = int_param("out_features", 3, "out_features (int): size of each output sample", ui_max=512, high=1 << 20)


def _flatten_dims(p: Params) -> tuple[Dim, ...]:
    return (
        batch(2),
        Dim("C", default=3, ui_max=16),
        Dim("H", default=4, ui_max=32),
        Dim("W", default=4, ui_max=32),
    )


def _flatten_axes(p: Params, shape: Shape) -> tuple[int, int]:
    rank = len(shape)
    return p["start_dim"] % rank, p["end_dim"] % rank


def _flatten_out(p: Params, shape: Shape) -> tuple[Shape, ...]:
    start, end = _flatten_axes(p, shape)
    return ((*tuple(shape[:start]), math.prod(shape[start : end + 1]), *tuple(shape[end + 1 :])),)


def _flatten_dims_exist(p: Params, shape: Shape) -> tuple[str, str] | None:
    rank = len(shape)
    for name in ("start_dim", "end_dim"):
        if not -rank <= p[name] < rank:
            return name, f"{name} {p[name]} is out of range for a {rank}-d input"
    return None


def _flatten_order(p: Params, shape: Shape) -> tuple[str, str] | None:
    start, end = _flatten_axes(p, shape)
    if start > end:
        return (
            "start_dim",
            f"start_dim {p['start_dim']} comes after end_dim {p['end_dim']} for a {len(shape)}-d input",
        )
    return None


SPECS = (
    LayerSpec(
        name="Linear",
        family=Family.LINEAR,
        cls=nn.Linear,
        summary="An affine map y = x Wᵀ + b: every output feature is a weighted sum of all input features.",
        formula="Input (*, H_in) -> Output (*, H_out), H_in = in_features, H_out = out_features",
        params=(IN_FEATURES, OUT_FEATURES, BIAS),
        input_dims=lambda p: (batch(), Dim("H_in", "in_features")),
        predict_output=lambda p, s: ((*s[:-1], p["out_features"]),),
        predict_state=lambda p, s: linear_entries("", p["out_features"], p["in_features"], p["bias"]),
        default_dist=Dist.UNIFORM,  # the course draws torch.rand for its seeded Linear example
        optional_axis=UNBATCHED,  # one sample (H_in,)
    ),
    LayerSpec(
        name="LazyLinear",
        family=Family.LINEAR,
        cls=nn.LazyLinear,
        summary="A Linear layer that learns in_features from the first input it sees; "
        "its weight stays an uninitialized placeholder until that first forward.",
        formula="Input (*, H_in) -> Output (*, H_out), H_in inferred at the first forward",
        params=(OUT_FEATURES, BIAS),
        input_dims=lambda p: (batch(), Dim("H_in", default=4, ui_max=512)),
        predict_output=lambda p, s: ((*s[:-1], p["out_features"]),),
        predict_state=lambda p, s: linear_entries("", p["out_features"], s[-1], p["bias"]),
        optional_axis=UNBATCHED,  # one sample (H_in,)
    ),
    LayerSpec(
        name="Bilinear",
        family=Family.LINEAR,
        cls=nn.Bilinear,
        summary="Mixes two inputs through a 3-d weight: y_k = x1ᵀ A_k x2 + b_k.",
        formula="Input1 (*, H_in1), Input2 (*, H_in2) -> Output (*, H_out)",
        params=(
            int_param(
                "in1_features",
                4,
                "in1_features (int): size of each sample of the first input",
                ui_max=64,
            ),
            int_param(
                "in2_features",
                5,
                "in2_features (int): size of each sample of the second input",
                ui_max=64,
            ),
            OUT_FEATURES,
            BIAS,
        ),
        input_dims=lambda p: (batch(), Dim("H_in1", "in1_features")),
        extra_inputs=(
            ExtraInput(
                "x2",
                lambda p, s: (*s[:-1], p["in2_features"]),
                "like",
                "second input (N, in2_features)",
            ),
        ),
        call_args=("x", "x2"),
        predict_output=lambda p, s: ((*s[:-1], p["out_features"]),),
        predict_state=lambda p, s: (
            StateEntry("weight", (p["out_features"], p["in1_features"], p["in2_features"])),
            *linear_entries("", p["out_features"], 0, p["bias"])[1:],
        ),
        cost=_bilinear_cost,
        optional_axis=UNBATCHED,  # one sample of each input, (H_in1,) and (H_in2,)
    ),
    LayerSpec(
        name="Identity",
        family=Family.LINEAR,
        cls=nn.Identity,
        summary="Returns its input unchanged: a placeholder where a model expects a layer.",
        formula="Input (*) -> Output (*), the same tensor",
        params=(),
        input_dims=lambda p: (batch(), Dim("H", default=4, ui_max=512)),
        predict_output=same_shape,
        any_rank=True,
    ),
    LayerSpec(
        name="Flatten",
        family=Family.LINEAR,
        cls=nn.Flatten,
        summary="Merges the axes from start_dim to end_dim into one, as conv features enter a Linear layer.",
        formula="Input (*, S_start, ..., S_end, *) -> Output (*, S_start x ... x S_end, *)",
        params=(
            int_param(
                "start_dim",
                1,
                "start_dim (int): first axis to merge. Default: 1",
                low=-4,
                high=3,
                ui_max=3,
            ),
            int_param(
                "end_dim",
                -1,
                "end_dim (int): last axis to merge. Default: -1",
                low=-4,
                high=3,
                ui_max=3,
            ),
        ),
        input_dims=_flatten_dims,
        predict_output=_flatten_out,
        constraints=(_flatten_dims_exist, _flatten_order),
        any_rank=True,
    ),
)
