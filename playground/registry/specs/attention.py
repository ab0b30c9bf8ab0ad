"""Attention and transformer layers."""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from playground.registry.specs.base import (
    Cost,
    Dim,
    ExtraInput,
    Family,
    LayerSpec,
    OptionalAxis,
    Params,
    ParamSpec,
    Shape,
    StateEntry,
    Wrapped,
)
from playground.registry.specs.common import (
    BIAS,
    affine_entries,
    batch,
    batch_first_param,
    bool_param,
    choice_param,
    copied,
    divides,
    float_param,
    int_param,
    linear_entries,
    same_shape,
)

D_MODEL = int_param("d_model", 16, "d_model (int): E, features of every token", ui_max=128)
NHEAD = int_param(
    "nhead",
    4,
    "nhead (int): attention heads; d_model must be divisible by it",
    ui_max=16,
)
BATCH_FIRST = batch_first_param("E")
FEEDFORWARD = int_param(
    "dim_feedforward",
    64,  # torch's 2048 would dwarf a 16-wide model on screen
    "dim_feedforward (int): width of the hidden layer of the feed-forward block. Torch's default: 2048",
    ui_max=512,
)
DROPOUT = float_param(
    "dropout",
    0.1,
    "dropout (float): dropout probability in train mode. Default: 0.1",
    0.0,
    1.0,
)
ACTIVATION = choice_param(
    "activation",
    "relu",
    ("relu", "gelu"),
    "activation (str): of the feed-forward block. Default: 'relu'",
)
LAYER_NORM_EPS = float_param(
    "layer_norm_eps",
    1e-5,
    "layer_norm_eps (float): eps of the layer normalisations. Default: 1e-5",
    1e-12,
    1.0,
    1e-5,
)
NORM_FIRST = bool_param(
    "norm_first",
    False,
    "norm_first (bool): normalise before attention and feed-forward (pre-LN) instead of after. Default: ``False``",
)
TRANSFORMER_NOTE = "train() applies dropout after attention and inside the feed-forward block; eval() does not."
# one sequence (L, E) unbatched; the output's batch is where the input's is
ONE_SEQUENCE = OptionalAxis("N", lambda p: (0 if p["batch_first"] else 1,))


def _tokens(param: str, batch_max: int = 8) -> Any:
    def dims(p: Params) -> tuple[Dim, ...]:
        seq, n, e = (
            Dim("L", default=5, ui_max=32, help="sequence length"),
            batch(2, batch_max),
            Dim("E", param),
        )
        return (n, seq, e) if p["batch_first"] else (seq, n, e)

    return dims


def _attention_entries(prefix: str, e: int, bias: bool, bias_kv: bool = False) -> tuple[StateEntry, ...]:
    entries = [StateEntry(f"{prefix}in_proj_weight", (3 * e, e))]
    if bias:
        entries.append(StateEntry(f"{prefix}in_proj_bias", (3 * e,)))
    if bias_kv:
        entries += [
            StateEntry(f"{prefix}bias_k", (1, 1, e)),
            StateEntry(f"{prefix}bias_v", (1, 1, e)),
        ]
    return (*entries, *linear_entries(f"{prefix}out_proj.", e, e, bias))


def _block_entries(prefix: str, p: Params, decoder: bool) -> tuple[StateEntry, ...]:
    e, f, bias = p["d_model"], p["dim_feedforward"], p["bias"]
    entries = _attention_entries(f"{prefix}self_attn.", e, bias)
    if decoder:
        entries += _attention_entries(f"{prefix}multihead_attn.", e, bias)
    entries += linear_entries(f"{prefix}linear1.", f, e, bias) + linear_entries(f"{prefix}linear2.", e, f, bias)
    for i in range(1, 4 if decoder else 3):
        entries += affine_entries(f"{prefix}norm{i}.", e, True, bias)
    return entries


def _transformer_entries(p: Params, s: Shape) -> tuple[StateEntry, ...]:
    entries: tuple[StateEntry, ...] = ()
    for side, count in (
        ("encoder", p["num_encoder_layers"]),
        ("decoder", p["num_decoder_layers"]),
    ):
        for i in range(count):
            entries += _block_entries(f"{side}.layers.{i}.", p, side == "decoder")
        entries += affine_entries(f"{side}.norm.", p["d_model"], True, p["bias"])
    return entries


def _mha_weights(p: Params, s: Shape) -> tuple[Shape, ...]:
    length, n = (s[1], s[0]) if p["batch_first"] else (s[0], s[1])
    keys = length + int(p["add_bias_kv"]) + int(p["add_zero_attn"])
    return (tuple(s), (n, length, keys))


def _mha_scratch(p: Params, s: Shape) -> int:
    """The packed query-key-value projection (tokens x 3E) and the scores (N x heads x L x S)."""
    n, length, keys = _mha_weights(p, s)[1]
    return math.prod(s[:-1]) * 3 * s[-1] + n * p["num_heads"] * length * keys


def _block_scratch(p: Params, s: Shape) -> int:
    """Self-attention's projection and scores, and the feed-forward block's hidden layer."""
    tokens, length = math.prod(s[:-1]), s[1] if p["batch_first"] else s[0]
    return tokens * (3 * s[-1] + p["nhead"] * length + p["dim_feedforward"])


# --- closed-form costs ------------------------------------------------------------------------
# FLOPs as torch's counter takes them: every matmul is 2 x its multiply-adds, the projections
# of queries, keys and values, the scores (L x S x E per sample), the mixing of the values
# (the same) and the output projection. Softmax, norms, activations and bias adds count 0.
# The numbers are the tensors each op returns in a training-mode forward with the plain
# (math) attention kernel, as the trace adds them up; the coefficients are what torch 2.13's
# attention code makes, read off traces and held to them by tests/test_registry.py. Dropout
# adds a mask, a scaled copy and a product per site; batch_first adds the copies that make
# the transposed tokens contiguous.


def _mha_cost(p: Params, s: Shape) -> Cost:
    n, length, keys = _mha_weights(p, s)[1]
    e, heads, tokens = p["embed_dim"], p["num_heads"], n * length
    scores = n * heads * length * keys
    extra_keys = int(p["add_bias_kv"]) + int(p["add_zero_attn"])  # each concatenates keys and values again
    copies = 8 * tokens * e * copied(p, n, length) + 2 * extra_keys * n * keys * e
    return Cost(
        flops=2 * tokens * e * 3 * e + 4 * n * length * keys * e + 2 * tokens * e * e,
        numbers=11 * tokens * e + (6 if p["dropout"] > 0 else 2) * scores + n * length * keys + copies,
        largest=max(3 * tokens * e, scores),
    )


def _block_cost(p: Params, s: Shape, attentions: int) -> Cost:
    """One encoder (one attention) or decoder (self- and cross-attention) layer; the memory
    has the target's length, as the registry draws it."""
    e, f, heads = p["d_model"], p["dim_feedforward"], p["nhead"]
    length, n = (s[1], s[0]) if p["batch_first"] else (s[0], s[1])
    tokens, scores = n * length, n * heads * length * length
    if p["dropout"] > 0:
        numbers = (8 + 18 * attentions) * tokens * e + 6 * tokens * f + 7 * attentions * scores
    else:
        numbers = (4 + 14 * attentions) * tokens * e + 2 * tokens * f + 3 * attentions * scores
    copies = (10 * attentions - 2) * tokens * e * copied(p, n, length)
    return Cost(
        flops=attentions * (8 * tokens * e * e + 4 * n * length * length * e) + 4 * tokens * e * f,
        numbers=numbers + (2 + 2 * attentions) * tokens + copies,
        largest=max(3 * tokens * e, tokens * f, scores),
    )


def _transformer_cost(p: Params, s: Shape) -> Cost:
    """The encoder's layers over src, the decoder's over tgt, and the two final LayerNorms."""
    encoder, decoder = _block_cost(p, s, 1), _block_cost(p, s, 2)
    counts = (p["num_encoder_layers"], p["num_decoder_layers"])
    norms = 2 * (math.prod(s) + 2 * math.prod(s[:-1]))
    return Cost(
        flops=counts[0] * encoder.flops + counts[1] * decoder.flops,
        numbers=counts[0] * encoder.numbers + counts[1] * decoder.numbers + norms,
        largest=max(encoder.largest, decoder.largest),
    )


BLOCK_PARAMS: tuple[ParamSpec, ...] = (
    D_MODEL,
    NHEAD,
    FEEDFORWARD,
    DROPOUT,
    ACTIVATION,
    LAYER_NORM_EPS,
    BATCH_FIRST,
    NORM_FIRST,
    BIAS,
)
BLOCK_NAMES = tuple(p.name for p in BLOCK_PARAMS)


def _num_layers(what: str, default: int) -> ParamSpec:
    """A stack's depth: torch requires it, the default keeps an update near its ~15 ms (ui_max
    as the whole Transformer's)."""
    return int_param(
        "num_layers",
        default,
        f"num_layers (int): copies of the {what} stacked; each starts with the same weights (a deep copy)",
        ui_max=2,
        high=24,
    )


def _stack_entries(p: Params, decoder: bool) -> tuple[StateEntry, ...]:
    return tuple(e for i in range(p["num_layers"]) for e in _block_entries(f"layers.{i}.", p, decoder))


def _stack_cost(p: Params, s: Shape, attentions: int) -> Cost:
    """num_layers blocks, one after the other; no final norm (torch's norm=None)."""
    block = _block_cost(p, s, attentions)
    return Cost(block.flops * p["num_layers"], block.numbers * p["num_layers"], block.largest)


MEMORY = ExtraInput(
    "memory",
    lambda p, s: tuple(s),
    "like",
    "encoder output the decoder attends to, shaped like tgt",
)

SPECS = (
    LayerSpec(
        name="MultiheadAttention",
        family=Family.ATTENTION,
        cls=nn.MultiheadAttention,
        summary="Each head compares every query with every key (scaled dot products, softmax) and "
        "mixes the values with those weights; here as self-attention, query = key = value = x.",
        formula="Input (L, N, E) or unbatched (L, E) -> attn_output (L, N, E), attn_weights (N, L, S), "
        "averaged over heads; batch_first swaps L and N in input and attn_output",
        params=(
            int_param(
                "embed_dim",
                16,
                "embed_dim (int): E, features of every token",
                ui_max=128,
            ),
            int_param(
                "num_heads",
                4,
                "num_heads (int): parallel heads, each of width embed_dim / num_heads",
                ui_max=16,
            ),
            float_param(
                "dropout",
                0.0,
                "dropout (float): dropout on the attention weights in train mode. Default: 0",
                0.0,
                1.0,
            ),
            BIAS,
            bool_param(
                "add_bias_kv",
                False,
                "add_bias_kv (bool): append a learned key and value. Default: ``False``",
            ),
            bool_param(
                "add_zero_attn",
                False,
                "add_zero_attn (bool): append a zero key and value. Default: ``False``",
            ),
            BATCH_FIRST,
        ),
        input_dims=_tokens("embed_dim"),
        call_args=("x", "x", "x"),
        outputs="attn_output, attn_weights",
        predict_output=_mha_weights,
        predict_state=lambda p, s: _attention_entries("", p["embed_dim"], p["bias"], p["add_bias_kv"]),
        scratch=_mha_scratch,
        cost=_mha_cost,
        constraints=(divides("embed_dim", "num_heads"),),
        # one sequence (L, E) unbatched: attn_weights (N, L, S) then lose their first axis
        optional_axis=OptionalAxis("N", lambda p: (0 if p["batch_first"] else 1, 0)),
        mode_note="Only with dropout > 0: train() drops attention weights.",
    ),
    LayerSpec(
        name="TransformerEncoderLayer",
        family=Family.ATTENTION,
        cls=nn.TransformerEncoderLayer,
        summary="Self-attention then a two-layer feed-forward block, each wrapped in a residual "
        "connection and a LayerNorm: the building block of BERT-like encoders.",
        formula="Input (L, N, E) or unbatched (L, E) -> Output, the same shape, E = d_model",
        params=BLOCK_PARAMS,
        input_dims=_tokens("d_model"),
        predict_output=same_shape,
        predict_state=lambda p, s: _block_entries("", p, decoder=False),
        scratch=_block_scratch,
        cost=lambda p, s: _block_cost(p, s, 1),
        constraints=(divides("d_model", "nhead"),),
        optional_axis=ONE_SEQUENCE,
        mode_note=TRANSFORMER_NOTE,
    ),
    LayerSpec(
        name="TransformerDecoderLayer",
        family=Family.ATTENTION,
        cls=nn.TransformerDecoderLayer,
        summary="Self-attention over the target, attention over the encoder's memory, then a "
        "feed-forward block; residuals and LayerNorms around each.",
        formula="tgt (T, N, E), memory (S, N, E), or unbatched (T, E), (S, E) -> Output, shaped like tgt",
        params=BLOCK_PARAMS,
        input_dims=_tokens("d_model"),
        extra_inputs=(MEMORY,),
        call_args=("x", "memory"),
        predict_output=same_shape,
        predict_state=lambda p, s: _block_entries("", p, decoder=True),
        scratch=_block_scratch,
        cost=lambda p, s: _block_cost(p, s, 2),
        constraints=(divides("d_model", "nhead"),),
        optional_axis=ONE_SEQUENCE,
        mode_note=TRANSFORMER_NOTE,
    ),
    LayerSpec(
        name="TransformerEncoder",
        family=Family.ATTENTION,
        cls=nn.TransformerEncoder,
        summary="num_layers copies of one encoder layer applied in turn, each starting with the same weights: "
        "an encoder-only stack, the shape of BERT.",
        formula="Input (L, N, E) or unbatched (L, E) -> Output, the same shape, E = d_model",
        params=(
            *BLOCK_PARAMS,
            _num_layers("encoder layer", 2),  # the smallest stack: 14 ms an update on one thread
            bool_param(
                "enable_nested_tensor",
                True,
                "enable_nested_tensor (bool): in eval() without gradients, run a padded batch as nested "
                "tensors (with batch_first only; otherwise torch warns that it is off). Default: ``True``",
            ),
        ),
        # a batch of 4 at most, as the whole Transformer: two blocks, each compared in train and eval
        input_dims=_tokens("d_model", batch_max=4),
        predict_output=same_shape,
        predict_state=lambda p, s: _stack_entries(p, decoder=False),
        scratch=_block_scratch,
        cost=lambda p, s: _stack_cost(p, s, 1),
        constraints=(divides("d_model", "nhead"),),
        optional_axis=ONE_SEQUENCE,
        mode_note=TRANSFORMER_NOTE,
        wraps=Wrapped("encoder_layer", nn.TransformerEncoderLayer, BLOCK_NAMES),
    ),
    LayerSpec(
        name="TransformerDecoder",
        family=Family.ATTENTION,
        cls=nn.TransformerDecoder,
        summary="num_layers copies of one decoder layer applied in turn to tgt, each attending to the same "
        "memory and starting with the same weights: the decoder half of a Transformer.",
        formula="tgt (T, N, E), memory (S, N, E), or unbatched (T, E), (S, E) -> Output, shaped like tgt",
        # one layer: a decoder layer is two attentions, and two of them took 22 ms an update
        # on one thread (one: 11 ms); the slider offers the second
        params=(*BLOCK_PARAMS, _num_layers("decoder layer", 1)),
        input_dims=_tokens("d_model", batch_max=4),  # as TransformerEncoder's
        extra_inputs=(MEMORY,),
        call_args=("x", "memory"),
        predict_output=same_shape,
        predict_state=lambda p, s: _stack_entries(p, decoder=True),
        scratch=_block_scratch,
        cost=lambda p, s: _stack_cost(p, s, 2),
        constraints=(divides("d_model", "nhead"),),
        optional_axis=ONE_SEQUENCE,
        mode_note=TRANSFORMER_NOTE,
        wraps=Wrapped("decoder_layer", nn.TransformerDecoderLayer, BLOCK_NAMES),
    ),
    LayerSpec(
        name="Transformer",
        family=Family.ATTENTION,
        cls=nn.Transformer,
        summary="A whole encoder-decoder: a stack of encoder layers reads src, a stack of decoder "
        "layers writes tgt while attending to the encoded src.",
        formula="src (S, N, E), tgt (T, N, E), or unbatched (S, E), (T, E) -> Output, shaped like tgt",
        params=(
            # torch's defaults (512 wide, 8 heads, 6 + 6 layers) are over the work budget
            int_param("d_model", 16, "d_model (int): E, features of every token. Torch's default: 512", ui_max=128),
            int_param(
                "nhead",
                4,
                "nhead (int): attention heads; d_model must be divisible by it. Torch's default: 8",
                ui_max=16,
            ),
            int_param(
                "num_encoder_layers",
                1,  # the smallest whole model; torch's constructor is most of an update (5 ms for 2 + 2)
                "num_encoder_layers (int): encoder layers stacked. Torch's default: 6",
                ui_max=2,
                high=24,
            ),
            int_param(
                "num_decoder_layers",
                1,  # the smallest whole model; torch's constructor is most of an update (5 ms for 2 + 2)
                "num_decoder_layers (int): decoder layers stacked. Torch's default: 6",
                ui_max=2,
                high=24,
            ),
            *BLOCK_PARAMS[2:],
        ),
        # a batch of 4 at most: its train/eval comparison runs dropout at some 14 sites, 2.3x
        # an eval forward on CPU, and at 8 x 32 tokens the update took 60 ms; the figures
        # show one sample whatever the batch
        input_dims=_tokens("d_model", batch_max=4),
        extra_inputs=(ExtraInput("tgt", lambda p, s: tuple(s), "like", "target sequence, shaped like src"),),
        call_args=("x", "tgt"),
        predict_output=same_shape,
        predict_state=_transformer_entries,
        scratch=_block_scratch,
        cost=_transformer_cost,
        constraints=(divides("d_model", "nhead"),),
        optional_axis=ONE_SEQUENCE,
        mode_note=TRANSFORMER_NOTE,
    ),
)
