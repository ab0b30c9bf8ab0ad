"""Recurrent layers (RNN, LSTM, GRU) and Embedding."""

from __future__ import annotations

from typing import Any

from torch import nn

from playground.registry.specs.base import (
    UNBATCHED,
    Cost,
    Dim,
    Dist,
    Family,
    LayerSpec,
    OptionalAxis,
    Params,
    ParamSpec,
    Shape,
    StateEntry,
)
from playground.registry.specs.common import (
    batch,
    batch_first_param,
    bool_param,
    choice_param,
    copied,
    float_param,
    int_param,
)

GATES = {
    "RNN": 1,
    "GRU": 3,
    "LSTM": 4,
}  # weight rows per hidden unit: one block per gate
STEP_NUMBERS = {
    "RNN": 3,
    "GRU": 21,
    "LSTM": 21,
}  # numbers each time step's ops make per hidden unit and sample (torch 2.13's CPU cell code)


def _rnn_params(name: str) -> tuple[ParamSpec, ...]:
    params: tuple[ParamSpec, ...] = (
        int_param(
            "input_size",
            8,
            "input_size (int): H_in, features of each time step",
            ui_max=128,
        ),
        int_param(
            "hidden_size",
            16,
            "hidden_size (int): H, features of the hidden state",
            ui_max=128,
        ),
        int_param(
            "num_layers",
            1,
            "num_layers (int): recurrent layers stacked on each other. Default: 1",
            ui_max=2,
            high=16,
        ),
    )
    if name == "RNN":
        params += (
            choice_param(
                "nonlinearity",
                "tanh",
                ("tanh", "relu"),
                "nonlinearity (str): 'tanh' or 'relu'. Default: 'tanh'",
            ),
        )
    params += (
        bool_param(
            "bias",
            True,
            "bias (bool): if ``False``, the layer learns no bias weights b_ih and b_hh. Default: ``True``",
        ),
        batch_first_param("H_in", "; h_n" + (" and c_n keep" if name == "LSTM" else " keeps") + " N in the middle"),
        float_param(
            "dropout",
            0.0,
            "dropout (float): dropout on the outputs of every layer but the last, in train mode. Default: 0",
            0.0,
            1.0,
        ),
        bool_param(
            "bidirectional",
            False,
            "bidirectional (bool): also run the sequence backwards. Default: ``False``",
        ),
    )
    if name == "LSTM":
        params += (
            int_param(
                "proj_size",
                0,
                "proj_size (int): if > 0, project the hidden state down to this size (LSTMP). Default: 0",
                low=0,
                ui_max=128,
            ),
        )
    return params


def _h_out(p: Params) -> int:
    return p.get("proj_size") or p["hidden_size"]


def _rnn_dims(p: Params) -> tuple[Dim, ...]:
    length = Dim("L", default=5, ui_max=32, help="sequence length")
    n = batch(3, ui_max=8)
    return (n, length, Dim("H_in", "input_size")) if p["batch_first"] else (length, n, Dim("H_in", "input_size"))


def _rnn_out(name: str) -> Any:
    def predict(p: Params, s: Shape) -> tuple[Shape, ...]:
        d = 2 if p["bidirectional"] else 1
        seq = (s[0], s[1], d * _h_out(p))
        n = s[0] if p["batch_first"] else s[1]
        h_n = (d * p["num_layers"], n, _h_out(p))
        if name == "LSTM":
            return seq, h_n, (d * p["num_layers"], n, p["hidden_size"])
        return seq, h_n

    return predict


def _rnn_state(name: str) -> Any:
    def predict(p: Params, s: Shape) -> tuple[StateEntry, ...]:
        rows, hidden, out = GATES[name] * p["hidden_size"], p["hidden_size"], _h_out(p)
        d = 2 if p["bidirectional"] else 1
        entries = []
        for layer in range(p["num_layers"]):
            width = p["input_size"] if layer == 0 else d * out
            for suffix in ("", "_reverse")[:d]:
                tag = f"_l{layer}{suffix}"
                entries += [
                    StateEntry(f"weight_ih{tag}", (rows, width)),
                    StateEntry(f"weight_hh{tag}", (rows, out)),
                ]
                if p["bias"]:
                    entries += [
                        StateEntry(f"bias_ih{tag}", (rows,)),
                        StateEntry(f"bias_hh{tag}", (rows,)),
                    ]
                if p.get("proj_size"):
                    entries.append(StateEntry(f"weight_hr{tag}", (out, hidden)))
        return tuple(entries)

    return predict


def _rnn_cost(name: str) -> Any:
    """FLOPs as torch's counter takes them: per layer and direction, one matmul projects every
    time step's input at once (L*N x width x G*H), then each step multiplies the hidden state
    (N x H_out x G*H) and, with proj_size, projects it down (N x H x H_out); the gates'
    elementwise work counts 0. The numbers are the tensors those ops return in a training-mode
    trace with oneDNN off (see cost._trace), read off traces of torch 2.13 and held to them
    by tests/test_registry.py."""

    def cost(p: Params, s: Shape) -> Cost:
        hidden, out, layers = p["hidden_size"], _h_out(p), p["num_layers"]
        rows, d = GATES[name] * hidden, 2 if p["bidirectional"] else 1
        length, n = (s[1], s[0]) if p["batch_first"] else (s[0], s[1])
        tokens, proj = length * n, out if p.get("proj_size") else 0
        states = d * layers * n * (out + (hidden if name == "LSTM" else 0))
        flops, numbers = 0, 2 * states  # the zero initial states, and h_n (c_n) stacked at the end
        for layer in range(layers):
            width = s[-1] if layer == 0 else d * out
            flops += d * 2 * tokens * ((width + out) * rows + hidden * proj)
            # first layer, batch_first: the input is copied and goes through matmul (mm, a view
            # copy, then the bias added) instead of one addmm; without bias always matmul
            first_copied = layer == 0 and copied(p, n, length)
            projection = rows * (1 + int(first_copied or not p["bias"]) + int(first_copied and p["bias"]))
            projection += 2 * width * first_copied
            steps = STEP_NUMBERS[name] * hidden + proj + out  # the step's ops, then the stacked output
            numbers += d * tokens * (projection + steps)
            numbers += tokens * d * out * int(d == 2)  # the two directions concatenated
        if p["dropout"] > 0:  # between layers: a mask, drawn, scaled and applied; p = 1 multiplies by a zero
            numbers += (layers - 1) * (4 * tokens * d * out if p["dropout"] < 1 else tokens * d * out + 1)
        if name != "LSTM" and p["batch_first"]:
            numbers += tokens * d * out  # the output transposed back in place
        return Cost(flops, numbers, max(tokens * rows, tokens * d * out, tokens * s[-1], states))

    return cost


def _proj_smaller(p: Params, s: Shape) -> tuple[str, str] | None:
    if p["proj_size"] >= p["hidden_size"]:
        return (
            "proj_size",
            f"proj_size {p['proj_size']} must be smaller than hidden_size {p['hidden_size']}",
        )
    return None


SUMMARIES = {
    "RNN": "An Elman network: at each step h_t = tanh(W_ih x_t + W_hh h_(t-1) + b) (relu with "
    "nonlinearity='relu'), one weight block.",
    "LSTM": "Keeps a cell state c_t next to h_t, guarded by input, forget and output gates "
    "(four weight blocks), so it remembers over long sequences.",
    "GRU": "A lighter LSTM: reset and update gates plus a candidate state (three weight blocks), no cell state.",
}


def _rnn_spec(cls: type[nn.Module]) -> LayerSpec:
    name = cls.__name__
    return LayerSpec(
        name=name,
        family=Family.RECURRENT,
        cls=cls,
        summary=SUMMARIES[name],
        formula="Input (L, N, H_in) or unbatched (L, H_in) -> output (L, N, D*H_out), h_n (D*num_layers, N, H_out)"
        + (", c_n (D*num_layers, N, H)" if name == "LSTM" else "")
        + "; D = 2 if bidirectional else 1"
        + ("; H_out = proj_size if proj_size > 0 else hidden_size" if name == "LSTM" else "; H_out = hidden_size")
        + "; batch_first swaps L and N in input and output; unbatched, no N anywhere",
        params=_rnn_params(name),
        input_dims=_rnn_dims,
        predict_output=_rnn_out(name),
        predict_state=_rnn_state(name),
        cost=_rnn_cost(name),
        constraints=(_proj_smaller,) if name == "LSTM" else (),
        outputs="output, (h_n, c_n)" if name == "LSTM" else "output, h_n",
        # one sequence (L, H_in); the hidden states have their batch in the middle either way
        optional_axis=OptionalAxis("N", lambda p: (0 if p["batch_first"] else 1, 1, 1)[: 3 if name == "LSTM" else 2]),
        mode_note="Only with dropout > 0 and num_layers > 1: train() drops outputs between layers.",
    )


def _padding_idx_in_range(p: Params, s: Shape) -> tuple[str, str] | None:
    idx, n = p["padding_idx"], p["num_embeddings"]
    if idx is not None and not -n <= idx < n:
        return (
            "padding_idx",
            f"padding_idx {idx} must be within [-{n}, {n - 1}] for num_embeddings {n}",
        )
    return None


EMBEDDING = LayerSpec(
    name="Embedding",
    family=Family.EMBEDDING,
    cls=nn.Embedding,
    summary="A lookup table: token id i returns row i of the weight, a learned vector of embedding_dim numbers.",
    formula="Input (N, L) or unbatched (L,) integer ids in [0, num_embeddings) -> Output (N, L, embedding_dim)",
    params=(
        int_param(
            "num_embeddings",
            10,
            "num_embeddings (int): size of the vocabulary",
            ui_max=1000,
            high=1_000_000,
        ),
        int_param("embedding_dim", 4, "embedding_dim (int): size of each vector", ui_max=256),
        ParamSpec(
            "padding_idx",
            "int",
            None,
            "padding_idx (int, optional): this id maps to a zero vector that gets no gradient. Default: None",
            low=-1_000_000,
            high=1_000_000,
            ui_max=999,
            optional=True,
        ),
        float_param(
            "max_norm",
            None,  # torch's default: no renormalisation
            "max_norm (float, optional): rows looked up are rescaled in place to at most this norm. Default: None",
            0.01,
            100.0,
            optional=True,
        ),
    ),
    input_dims=lambda p: (batch(2, ui_max=16), Dim("L", default=5, ui_max=64)),
    predict_output=lambda p, s: ((*s, p["embedding_dim"]),),
    predict_state=lambda p, s: (StateEntry("weight", (p["num_embeddings"], p["embedding_dim"])),),
    constraints=(_padding_idx_in_range,),
    dists=(Dist.TOKENS,),
    default_dist=Dist.TOKENS,
    vocab_param="num_embeddings",
    optional_axis=UNBATCHED,  # one sequence of ids (L,)
)

SPECS = (_rnn_spec(nn.RNN), _rnn_spec(nn.LSTM), _rnn_spec(nn.GRU), EMBEDDING)
