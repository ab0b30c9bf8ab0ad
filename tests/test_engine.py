"""The engine against plain PyTorch.

The playground's promise is that the numbers on screen are the numbers a student gets by
typing the few lines of PyTorch the course shows. So each check here writes those lines out
by hand (seed, build, draw, mode, call) and compares the printed tensors character for
character with what `engine.run` reports. Everything else the page shows (parameter counts,
FLOPs, mode comparison, curves) is checked against torch computing it directly.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from subprocess import PIPE

import numpy as np
import pytest
import torch
from helpers import early, started
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from playground import records
from playground.records import FLOPS_COUNTED
from playground.registry.specs import REGISTRY, conv
from playground.request.plan import resolve
from playground.request.state import InputState, State
from playground.run import budget, cost, engine

CPU = torch.device("cpu")
ROOT = Path(__file__).resolve().parents[1]


def _run(state: State) -> records.RunResult:
    result = engine.run(state, CPU)
    assert result.ok, result.error
    return result


def _reprs(**tensors: torch.Tensor) -> dict[str, str]:
    return {name: repr(t) for name, t in tensors.items()}


def _state_reprs(module: nn.Module) -> dict[str, str]:
    # keep_vars: a parameter prints as "Parameter containing: ...", as the page lists it
    return {name: repr(t) for name, t in module.state_dict(keep_vars=True).items()}


# --- the course's own printed example ---------------------------------------------------------


def test_course_linear_example():
    """The course prints these two lines for its seeded Linear(4, 3) on torch.rand(1, 4)."""
    result = _run(State("Linear"))
    assert result.values["input"] == "tensor([[0.4294, 0.8854, 0.5739, 0.2666]])"
    assert result.values["output"] == "tensor([[0.9562, 0.0486, 0.3799]], grad_fn=<AddmmBackward0>)"
    assert result.input_shape == (1, 4)
    assert result.output_shape == (1, 3)


# --- reproducibility: the same lines of plain torch ---------------------------------------------


def _lstm():
    state = State("LSTM", params={"num_layers": 2, "bidirectional": True}, input=InputState(seed=3))
    torch.manual_seed(3)
    m = nn.LSTM(8, 16, num_layers=2, bidirectional=True)
    x = torch.randn(5, 3, 8)
    m.eval()
    output, (h_n, c_n) = m(x)
    return state, m, _reprs(input=x, output=output, h_n=h_n, c_n=c_n)


def _conv2d():
    state = State(
        "Conv2d",
        params={"in_channels": 2, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
        input=InputState((2, 2, 9, 9), "normal", 11),
    )
    torch.manual_seed(11)
    m = nn.Conv2d(2, 4, 3, stride=2, padding=1)
    x = torch.randn(2, 2, 9, 9)
    m.eval()
    output = m(x)
    return state, m, _reprs(input=x, output=output)


def _embedding():
    state = State(
        "Embedding",
        params={"num_embeddings": 12, "embedding_dim": 3, "padding_idx": 0},
        input=InputState((2, 6), "tokens", 5),
    )
    torch.manual_seed(5)
    m = nn.Embedding(12, 3, padding_idx=0)
    x = torch.randint(0, 12, (2, 6))
    m.eval()
    output = m(x)
    return state, m, _reprs(input=x, output=output)


def _attention():
    state = State(
        "MultiheadAttention",
        params={"embed_dim": 8, "num_heads": 2, "batch_first": True},
        input=InputState((2, 4, 8), "normal", 9),
    )
    torch.manual_seed(9)
    m = nn.MultiheadAttention(8, 2, batch_first=True)
    x = torch.randn(2, 4, 8)
    m.eval()
    attn_output, attn_weights = m(x, x, x)
    return state, m, _reprs(input=x, attn_output=attn_output, attn_weights=attn_weights)


def _dropout_train():
    state = State("Dropout", params={"p": 0.25}, input=InputState(seed=1), mode="train")
    torch.manual_seed(1)
    m = nn.Dropout(0.25)
    x = torch.ones(4, 16)
    m.train()
    output = m(x)
    return state, m, _reprs(input=x, output=output)


def _batchnorm_train():
    state = State("BatchNorm1d", params={"num_features": 3}, input=InputState((4, 3, 5), "normal", 2), mode="train")
    torch.manual_seed(2)
    m = nn.BatchNorm1d(3)
    x = torch.randn(4, 3, 5)
    m.train()
    output = m(x)  # updates running_mean and running_var, which the page then lists
    return state, m, _reprs(input=x, output=output)


def _cross_entropy():
    state = State("CrossEntropyLoss", input=InputState(seed=8))
    torch.manual_seed(8)
    m = nn.CrossEntropyLoss()
    x = torch.randn(4, 5)
    target = torch.randint(0, 5, (4,))
    m.eval()
    loss = m(x, target)
    return state, m, _reprs(input=x, target=target, loss=loss)


def _bilinear():
    state = State("Bilinear", input=InputState(seed=4))
    torch.manual_seed(4)
    m = nn.Bilinear(4, 5, 3)
    x = torch.randn(1, 4)
    x2 = torch.randn(1, 5)
    m.eval()
    output = m(x, x2)
    return state, m, _reprs(input=x, x2=x2, output=output)


def _decoder_layer():
    state = State("TransformerDecoderLayer", input=InputState(seed=12), mode="eval")
    torch.manual_seed(12)
    m = nn.TransformerDecoderLayer(16, 4, dim_feedforward=64)
    x = torch.randn(5, 2, 16)
    memory = torch.randn(5, 2, 16)
    m.eval()
    output = m(x, memory)
    return state, m, _reprs(input=x, memory=memory, output=output)


def _transformer_train():
    state = State("Transformer", params={"num_encoder_layers": 1, "num_decoder_layers": 1}, mode="train")
    torch.manual_seed(42)
    m = nn.Transformer(16, 4, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=64)
    x = torch.randn(5, 2, 16)
    tgt = torch.randn(5, 2, 16)
    m.train()
    output = m(x, tgt)  # dropout draws come from the same stream, after the inputs
    return state, m, _reprs(input=x, tgt=tgt, output=output)


PLAIN_TORCH = [
    _lstm,
    _conv2d,
    _embedding,
    _attention,
    _dropout_train,
    _batchnorm_train,
    _cross_entropy,
    _bilinear,
    _decoder_layer,
    _transformer_train,
]


@pytest.mark.parametrize("plain", PLAIN_TORCH, ids=lambda f: f.__name__.strip("_"))
def test_values_match_plain_torch(plain):
    state, module, expected = plain()
    expected.update(_state_reprs(module))
    result = _run(state)
    # the same keys (nothing missing, nothing extra) and the same printed tensors
    assert result.values == expected
    assert result.module == repr(module)
    assert [name for name, _ in result.outputs] == list(REGISTRY[state.layer].output_names)
    assert [(p.name, p.shape) for p in result.params] == [(k, tuple(v.shape)) for k, v in module.state_dict().items()]


def test_lstm_parameter_shapes_follow_torch():
    """A second bidirectional layer reads both directions: weight_ih_l1 is (4H, 2H)."""
    state, module, _ = _lstm()
    result = _run(state)
    shapes = {p.name: p.shape for p in result.params}
    hidden = 16
    assert shapes["weight_ih_l0"] == (4 * hidden, 8)
    assert shapes["weight_ih_l1"] == (4 * hidden, 2 * hidden)
    assert shapes["weight_ih_l1_reverse"] == (4 * hidden, 2 * hidden)
    assert shapes["weight_hh_l1"] == (4 * hidden, hidden)
    assert shapes == {k: tuple(v.shape) for k, v in module.state_dict().items()}
    assert result.outputs == (("output", (5, 3, 2 * hidden)), ("h_n", (4, 3, hidden)), ("c_n", (4, 3, hidden)))


def test_runs_are_reproducible():
    first = _run(State("GRU", mode="train", params={"num_layers": 2, "dropout": 0.5}))
    second = _run(State("GRU", mode="train", params={"num_layers": 2, "dropout": 0.5}))
    assert first.values == second.values


# --- the API dict -------------------------------------------------------------------------------

API_KEYS = {
    "ok",
    "error",
    "module",
    "input_shape",
    "output_shape",
    "params",
    "total_params",
    "trainable_params",
    "flops",
    "device",
    "timings_ms",
    "values",
    "code",
}


@pytest.mark.parametrize("plain", [_lstm, _batchnorm_train, _embedding], ids=lambda f: f.__name__.strip("_"))
def test_api_dict_is_json_and_counts_like_torch(plain):
    state, module, _ = plain()
    result = _run(state)
    api = json.loads(json.dumps(result.to_api()))
    assert api.keys() >= API_KEYS
    assert api["ok"] is True and api["error"] is None
    assert api["values"] == result.values
    assert api["module"] == repr(module)
    assert api["device"] == "cpu"
    assert api["input_shape"] == list(result.input_shape)
    assert api["output_shape"] == list(result.outputs[0][1])
    # buffers (running_mean, num_batches_tracked) are listed but are not parameters
    assert api["total_params"] == sum(p.numel() for p in module.parameters())
    assert api["trainable_params"] == sum(p.numel() for p in module.parameters() if p.requires_grad)
    parameters = dict(module.named_parameters())
    assert [(p["name"], p["shape"], p["kind"]) for p in api["params"]] == [
        (k, list(v.shape), "parameter" if k in parameters else "buffer") for k, v in module.state_dict().items()
    ]
    assert isinstance(api["flops"], int)
    assert all(isinstance(v, (int, float)) and v >= 0 for v in api["timings_ms"].values())
    assert api["code"].startswith("import torch")


# --- refusals come back as data ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "param"),
    [
        (State("Conv2d", params={"groups": 4, "in_channels": 6}), "in_channels"),
        (State("Conv2d", params={"kernel_size": 9}, input=InputState((1, 1, 6, 6))), "kernel_size"),
        (State("Nope"), "layer"),
        (State("Linear", input=InputState((1, 5))), "input.shape"),
        (State("Linear", input=InputState(dist="tokens")), "input.dist"),
        (State("LSTM", params={"proj_size": 32}), "proj_size"),
    ],
)
def test_invalid_states_return_errors(state, param):
    result = engine.run(state, CPU)
    assert not result.ok
    assert result.error.param == param
    assert result.error.message
    api = json.loads(json.dumps(result.to_api()))
    assert api == {"ok": False, "error": {"param": param, "message": result.error.message}}


def test_a_state_built_directly_is_checked_like_json():
    """The page builds States without the JSON codec; the engine checks their values all the same."""
    result = engine.run(State("Dropout", params={"p": 1.5}), CPU)
    assert not result.ok
    assert result.error.param == "p"
    assert result.error.message == "p must be <= 1, got 1.5"


def test_torch_refusal_becomes_an_error_not_an_exception(monkeypatch):
    """Should the registry miss a rule, torch's own refusal still comes back as data."""
    unguarded = dataclasses.replace(REGISTRY["Conv2d"], constraints=())
    monkeypatch.setitem(REGISTRY, "Conv2d", unguarded)
    result = engine.run(State("Conv2d", params={"in_channels": 6, "groups": 4}), CPU)
    assert not result.ok
    assert result.error.message.startswith("PyTorch refused this configuration")
    assert result.error.param == "in_channels"  # torch's message names it: "in_channels must be divisible by groups"


# --- the memory budget ---------------------------------------------------------------------------


def _rss_mb() -> float:
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _meta_param_count(module_factory) -> int:
    with torch.device("meta"):
        return sum(p.numel() for p in module_factory().parameters())


@pytest.mark.parametrize(
    ("state", "factory"),
    [
        # the largest values the ranges allow: ~65 billion parameters
        (
            State("Embedding", params={"num_embeddings": 1_000_000, "embedding_dim": 65536}),
            lambda: nn.Embedding(1_000_000, 65536),
        ),
        # 4096 is the largest input axis, so in_features stops there: a 1 GiB weight
        (
            State("Linear", params={"in_features": 4096, "out_features": 65536}),
            lambda: nn.Linear(4096, 65536),
        ),
    ],
    ids=["embedding", "linear"],
)
def test_huge_configuration_is_refused_without_allocating(state, factory):
    rss, peak = _rss_mb(), _peak_rss_mb()
    start = time.perf_counter()
    result = engine.run(state, CPU)
    elapsed = time.perf_counter() - start
    assert not result.ok
    message = result.error.message
    assert "GB" in message or "MB" in message
    assert f"{_meta_param_count(factory):,} parameters" in message
    assert elapsed < 0.5, f"refusing took {elapsed:.2f} s: something was built for real"
    assert _rss_mb() - rss < 50
    assert _peak_rss_mb() - peak < 50


def test_budget_can_be_lowered(monkeypatch):
    monkeypatch.setattr(budget, "MAX_MEMORY_MB", 1.0)
    refused = engine.run(State("Linear", params={"in_features": 1024, "out_features": 1024}), CPU)
    assert not refused.ok
    assert "MB" in refused.error.message and "1,049,600 parameters" in refused.error.message
    assert _run(State("Linear")).ok  # a small layer still fits


def test_configuration_with_too_much_work_is_refused_before_it_runs(monkeypatch):
    """The memory guard lets a small volume through a large kernel: this Conv2d is 10 GFLOP
    on 5 MB (seconds on one core), and is refused by name of the limit, before anything runs."""
    params = {"in_channels": 32, "out_channels": 32, "kernel_size": 11, "padding": 8}
    state = State("Conv2d", params=params, input=InputState((8, 32, 64, 64)))
    config = resolve(state)
    flops = 2 * 8 * 32 * (64 + 16 - 10) ** 2 * 32 * 11 * 11

    def execute(*args, **kwargs):
        raise AssertionError("the refused configuration was run")

    monkeypatch.setattr(engine, "execute", execute)
    result = engine.run(state, CPU)
    assert not result.ok and result.error.param is None
    assert f"{flops / 1e6:,.0f} million FLOPs" in result.error.message
    assert "PLAYGROUND_MAX_MFLOP" in result.error.message
    assert cost.analyse(config).memory_bytes < 20 * 2**20  # the memory guard alone would have let it run


def test_work_guard_counts_the_backward_pass(monkeypatch):
    """A backward costs about twice its forward; the guard counts both."""
    state = State("Linear", params={"in_features": 64, "out_features": 64}, input=InputState((8, 64)))
    forward = 2 * 8 * 64 * 64
    monkeypatch.setattr(budget, "MAX_FLOPS", 2 * forward)
    assert engine.run(state, CPU).ok
    refused = engine.run(dataclasses.replace(state, backward=True), CPU)
    assert not refused.ok and "(forward and backward)" in refused.error.message


@pytest.mark.parametrize(
    ("in_channels", "out_channels", "groups", "factor"),
    [
        (32, 32, 16, conv.SMALL_GROUPS),  # groups of 2: 3-4 GFLOP/s on one thread
        (32, 16, 16, conv.SMALL_GROUPS),  # 2 in, 1 out
        (16, 64, 16, conv.SMALL_GROUPS),  # 1 in, 4 out
        (32, 16, 8, conv.SMALL_GROUPS),  # 4 in, 2 out
        (48, 48, 16, conv.SMALL_GROUPS),  # groups of 3
        (20, 20, 4, conv.ODD_GROUPS),  # groups of 5: 14-17
        (24, 24, 4, conv.ODD_GROUPS),  # groups of 6
        (32, 32, 1, 1),  # ungrouped, whatever the channels: 60-85
        (3, 5, 1, 1),
        (32, 32, 32, 1),  # depthwise
        (32, 32, 8, 1),  # groups of 4
        (48, 48, 4, 1),  # groups of 12
    ],
)
@pytest.mark.parametrize("layer", ["Conv1d", "Conv2d", "Conv3d"])
def test_grouped_convolutions_torch_runs_slowly_count_more_work(layer, in_channels, out_channels, groups, factor):
    """Groups whose channels are not multiples of 4 run at a fraction of torch's usual rate
    per FLOP (rates in playground/registry/specs/conv.py); the work guard counts them that much more."""
    params = {"in_channels": in_channels, "out_channels": out_channels, "groups": groups}
    config = resolve(State(layer, params=params))
    analysis = cost.analyse(config)
    assert budget.work(config, analysis) == factor * analysis.flops


@pytest.mark.parametrize(
    ("in_channels", "out_channels", "groups", "factor"),
    [
        (64, 64, 16, conv.SMALL_GROUPS),  # groups of 4: fast forward, 6 GFLOP/s transposed
        (32, 32, 16, conv.SMALL_GROUPS),  # groups of 2
        (32, 16, 8, conv.SMALL_GROUPS),  # 4 in, 2 out
        (32, 32, 4, 1),  # groups of 8: 43 GFLOP/s
        (32, 32, 2, 1),
        (32, 32, 32, 1),  # depthwise
        (32, 32, 1, 1),
    ],
)
def test_transposed_groups_count_more_work_up_to_four_channels(in_channels, out_channels, groups, factor):
    """Transposed convolutions are slow in groups of 4 too (one thread, rates in
    conv.transposed_slowdown): 64 channels in 16 groups over 48x48 maps passed the guard as
    462 MFLOP and took 50 ms."""
    params = {"in_channels": in_channels, "out_channels": out_channels, "groups": groups}
    config = resolve(State("ConvTranspose2d", params=params))
    analysis = cost.analyse(config)
    assert budget.work(config, analysis) == factor * analysis.flops


def test_slow_grouped_convolution_is_refused_with_the_reason():
    """16 groups of 2 with kernel 11 on 8 maps of 64x64 is 361 MFLOP, under the limit, but
    took 45-59 ms for its forward alone; the same FLOPs in groups of 4 pass."""
    shape = InputState((8, 32, 64, 64))
    slow = State("Conv2d", params={"in_channels": 32, "out_channels": 32, "kernel_size": 11, "groups": 16}, input=shape)
    analysis = cost.analyse(resolve(slow))
    assert analysis.flops < budget.MAX_FLOPS < analysis.flops * conv.SMALL_GROUPS
    refused = engine.run(slow, CPU)
    assert not refused.ok and refused.error.param is None
    message = refused.error.message
    assert f"{analysis.flops / 1e6:,.0f} million FLOPs, counted {conv.SMALL_GROUPS} times" in message
    assert "groups of 2 input and 2 output channels" in message and "PLAYGROUND_MAX_MFLOP" in message
    params = {"in_channels": 16, "out_channels": 16, "kernel_size": 11, "groups": 4}  # groups of 4
    fast = State("Conv2d", params=params, input=InputState((8, 16, 64, 64)))
    assert cost.analyse(resolve(fast)).flops == analysis.flops and engine.run(fast, CPU).ok


# --- backward ------------------------------------------------------------------------------------


def test_backward_exposes_gradients():
    result = _run(State("Linear", backward=True, input=InputState(seed=6)))
    torch.manual_seed(6)
    m = nn.Linear(4, 3)
    x = torch.rand(1, 4)
    m.eval()
    x.requires_grad_(True)
    output = m(x)
    output.sum().backward()
    expected = {
        **_reprs(input=x, output=output),
        **_state_reprs(m),
        "weight.grad": repr(m.weight.grad),
        "bias.grad": repr(m.bias.grad),
    }
    assert result.values == expected
    np.testing.assert_array_equal(result.input_gradient, x.grad.numpy())


def test_no_gradients_without_backward():
    result = _run(State("Linear"))
    assert not any(key.endswith(".grad") for key in result.values)
    assert "requires_grad=True" not in result.values["input"]


# --- FLOPs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "factory", "shape"),
    [
        (State("Linear", params={"in_features": 6, "out_features": 5}, input=InputState((3, 6))),
         lambda: nn.Linear(6, 5), (3, 6)),
        (State("Conv2d", params={"in_channels": 2, "out_channels": 4, "kernel_size": 3, "stride": 2},
               input=InputState((2, 2, 9, 9), "normal")),
         lambda: nn.Conv2d(2, 4, 3, stride=2), (2, 2, 9, 9)),
    ],
    ids=["linear", "conv2d"],
)  # fmt: skip
def test_flops_match_torch_counter(state, factory, shape):
    result = _run(state)
    counter = FlopCounterMode(display=False)
    with counter:
        factory()(torch.randn(shape))
    assert result.flops == counter.get_total_flops() > 0


def test_linear_flops_are_two_per_multiply_add():
    """torch counts a matmul of (N, in) by (in, out) as 2 * N * in * out."""
    result = _run(State("Linear", params={"in_features": 6, "out_features": 5}, input=InputState((3, 6))))
    assert result.flops == 2 * 3 * 6 * 5


def test_bilinear_flops_count_the_multiply_adds_torchs_counter_leaves_out():
    """torch has no formula for aten._trilinear, so its counter says 0 for a Bilinear: the
    playground counts every multiply-add of x1 A_k x2, as a matmul is counted."""
    state = State(
        "Bilinear", params={"in1_features": 6, "in2_features": 5, "out_features": 4}, input=InputState((3, 6))
    )
    counter = FlopCounterMode(display=False)
    with counter:
        nn.Bilinear(6, 5, 4)(torch.randn(3, 6), torch.randn(3, 5))
    assert counter.get_total_flops() == 0  # if torch learns it, ours should go
    assert _run(state).flops == 2 * 3 * 4 * 6 * 5
    config = resolve(state)
    assert cost._trace(config, "cpu").flops == cost._trace(config, "meta").flops == 2 * 3 * 4 * 6 * 5


# --- train/eval comparison -----------------------------------------------------------------------


def test_dropout_compares_with_train_mode():
    spec = REGISTRY["Dropout"]
    result = _run(State("Dropout", params={"p": 0.5}, mode="eval"))
    comparison = result.comparison
    assert comparison is not None
    assert comparison.other_mode == "train"
    assert comparison.note == spec.mode_note
    assert comparison.other_output.shape == (4, 16)
    # ones in, so train mode shows only dropped zeros and survivors scaled by 1 / (1 - p)
    assert set(np.unique(comparison.other_output)) <= {0.0, 2.0}
    # eval mode itself is the identity
    assert result.values["output"] == repr(torch.ones(4, 16))

    train = _run(State("Dropout", params={"p": 0.5}, mode="train"))
    assert train.comparison.other_mode == "eval"
    np.testing.assert_array_equal(train.comparison.other_output, np.ones((4, 16), dtype=np.float32))


def test_batchnorm_comparison_has_statistics():
    state = State("BatchNorm1d", params={"num_features": 3}, input=InputState((4, 3, 5), "normal", 2), mode="eval")
    result = _run(state)
    comparison = result.comparison
    assert comparison.other_mode == "train"
    stats = comparison.stats
    assert set(stats) == {"batch_mean", "batch_var", "running_mean", "running_var"}
    assert all(v.shape == (3,) for v in stats.values())

    torch.manual_seed(2)
    m = nn.BatchNorm1d(3)
    x = torch.randn(4, 3, 5)
    np.testing.assert_allclose(stats["batch_mean"], x.mean(dim=(0, 2)).numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(stats["batch_var"], x.var(dim=(0, 2), unbiased=False).numpy(), rtol=1e-5)
    m.train()
    with torch.no_grad():
        np.testing.assert_allclose(comparison.other_output, m(x).numpy(), rtol=1e-6, atol=1e-6)


def test_batchnorm_comparison_shows_the_running_statistics_eval_used():
    state = State("BatchNorm1d", params={"num_features": 3}, input=InputState((4, 3, 5), "normal", 2), mode="eval")
    result = _run(state)
    stats = result.comparison.stats
    torch.manual_seed(2)
    m = nn.BatchNorm1d(3)  # eval mode normalised with these (fresh) running statistics
    np.testing.assert_array_equal(stats["running_mean"], m.running_mean.numpy())
    np.testing.assert_array_equal(stats["running_var"], m.running_var.numpy())


def test_comparison_after_a_training_forward_uses_the_statistics_from_before_it():
    """The train-mode forward moves the running statistics; the eval-mode comparison must
    see them as a fresh module has them, as a notebook running eval() first would."""
    state = State("BatchNorm1d", params={"num_features": 3}, input=InputState((4, 3, 5), "normal", 2), mode="train")
    result = _run(state)
    torch.manual_seed(2)
    m = nn.BatchNorm1d(3)
    x = torch.randn(4, 3, 5)
    m.eval()
    with torch.no_grad():
        np.testing.assert_allclose(result.comparison.other_output, m(x).numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(result.comparison.stats["running_mean"], np.zeros(3, dtype=np.float32))


def test_rewind_rebuilds_a_module_whose_forward_changed_its_parameters():
    """Embedding(max_norm) renormalises rows of its weight in place during the forward."""
    config = resolve(State("Embedding", params={"max_norm": 0.1}))
    torch.manual_seed(config.seed)
    module = config.spec.build(config.params)
    original = module.weight.detach().clone()
    before = engine.Rewind.of(module)
    module(torch.tensor([0, 1, 2]))
    assert not torch.equal(module.weight, original)
    rewound = before.restore(module, config, CPU)
    assert rewound is not module
    assert torch.equal(rewound.weight, original)
    assert before.restore(rewound, config, CPU) is rewound  # nothing moved: the same module


def test_layers_without_mode_difference_have_no_comparison():
    assert _run(State("Linear")).comparison is None


# --- curves --------------------------------------------------------------------------------------

ACTIVATIONS = [name for name, spec in REGISTRY.items() if spec.elementwise]
LOSSES = [name for name, spec in REGISTRY.items() if spec.is_loss]


def test_curve_families_are_not_empty():
    assert ACTIVATIONS and LOSSES


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_curves_are_torch(name):
    spec = REGISTRY[name]
    result = _run(State(name))
    curves = result.curves
    assert set(curves) == {"x", "f", "df"}
    x = torch.from_numpy(curves["x"]).requires_grad_(True)
    module = spec.build(spec.defaults())
    f = module(x)
    (df,) = torch.autograd.grad(f.sum(), x)
    np.testing.assert_array_equal(curves["f"], f.detach().numpy())
    np.testing.assert_array_equal(curves["df"], df.numpy())
    assert curves["x"][0] < 0 < curves["x"][-1]  # the curve spans both signs, where activations differ


@pytest.mark.parametrize("name", LOSSES)
def test_loss_curves_are_consistent(name):
    """The plotted slope must be the derivative of the plotted loss (checked by finite differences)."""
    curves = _run(State(name)).curves
    assert {"x", "f", "df"} <= set(curves)
    x, f, df = curves["x"].astype(np.float64), curves["f"].astype(np.float64), curves["df"].astype(np.float64)
    assert x.shape == f.shape == df.shape and x.ndim == 1 and len(x) > 10
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(df))
    assert np.all(np.diff(x) > 0)
    numeric = np.gradient(f, x)
    # central differences miss at a kink (L1) and where the slope is steep (BCE near 0): a few points
    close = np.isclose(numeric[1:-1], df[1:-1], rtol=0.05, atol=1e-3)
    assert close.mean() > 0.9, f"{name}: slope disagrees with the loss at {np.sum(~close)} points"


# --- the engine stays importable without the UI --------------------------------------------------


@early
def gradio_free_imports(folder: Path) -> subprocess.Popen[str]:
    """One fresh interpreter imports what the worker, the API and the renderers are made of."""
    code = (
        "import sys\n"
        "import playground.run.engine, playground.run.codegen, playground.render.figures, playground.render.report\n"
        "import playground.request.link, playground.ui.api\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'gradio'))\n"
    )
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=PIPE, stderr=PIPE, text=True)


def test_engine_does_not_import_gradio():
    """The worker process runs the engine only; pulling in gradio there costs seconds and memory.
    Nor do the parts the API, the share links and the figures are made of (one interpreter checks them all)."""
    process = started(gradio_free_imports)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stdout.strip() == "[]"


def test_small_configurations_are_traced_on_cpu_and_large_ones_on_meta(monkeypatch):
    """Meta costs 10-50x more than real kernels at playground sizes; real tensors would cost
    memory at large ones. The registry's size claim picks."""
    seen = []
    trace = cost._trace
    monkeypatch.setattr(cost, "_trace", lambda config, device: seen.append(device) or trace(config, device))
    assert _run(State("Conv2d")).ok
    assert _run(State("Linear", params={"in_features": 1024, "out_features": 1024})).ok
    assert seen == ["cpu", "meta"]


def test_attention_and_recurrent_layers_are_analysed_from_their_formulas_without_a_trace(monkeypatch):
    """A Transformer's or a long LSTM's trace cost more than the rest of its update; the
    registry's closed form replaces it (tests/test_registry.py holds the two together), at
    any size."""
    monkeypatch.setattr(cost, "_trace", lambda config, device: pytest.fail("traced"))
    for state in (
        State("Transformer"),
        State("MultiheadAttention", input=InputState((2048, 1, 16))),
        State("LSTM", params={"num_layers": 3, "bidirectional": True}, input=InputState((512, 4, 8))),
        State("GRU"),
        State("RNN"),
    ):
        result = _run(state)
        assert result.ok
        config = resolve(state)
        assert result.flops == config.spec.cost(config.params, config.shape).flops > 0


@pytest.mark.parametrize(("layer", "function"), [("Softmax", "softmax"), ("LogSoftmax", "log_softmax")])
def test_implicit_softmax_dim_runs_with_torchs_warning(layer, function):
    """torch takes dim=None (its default) and warns; the run reports the warning, although the
    analysis before it silenced torch's warnings (cost.quiet)."""
    for _ in range(2):  # a warning seen once must still be reported on the next run
        result = engine.run(State(layer, params={"dim": None}, input=InputState((2, 3, 4))), CPU)
        assert result.ok, result.error
        assert result.module == f"{layer}(dim=None)"
        assert any(f"Implicit dimension choice for {function}" in w for w in result.warnings), result.warnings
    torch.manual_seed(42)  # the state's seed; a Softmax has no parameters to draw first
    x = engine.draw_inputs(resolve(State(layer, input=InputState((2, 3, 4)))))["x"]
    with pytest.warns(UserWarning, match="Implicit dimension"):
        expected = getattr(nn, layer)()(x)  # a 3-d input: torch picks dim 0
    assert result.values["output"] == repr(expected)
    assert f"nn.{layer}()" in result.code


def test_an_lstms_flops_are_the_counters_with_onednn_off_as_the_caption_says() -> None:
    """The FLOPs line says how it was counted: torch's counter over the unfused kernels. On a
    CPU with oneDNN, the counter itself sees the LSTM as one fused op and counts 0."""
    assert "oneDNN off" in FLOPS_COUNTED
    result = engine.run(State("LSTM"), CPU)
    torch.manual_seed(0)
    layer, x = nn.LSTM(8, 16), torch.randn(5, 3, 8)
    assert result.input_shape == tuple(x.shape) and "LSTM(8, 16)" in result.module
    with torch.backends.mkldnn.flags(enabled=False), FlopCounterMode(display=False) as off:
        layer(x)
    assert result.flops == off.get_total_flops() > 0
    if torch.backends.mkldnn.is_available():
        with torch.backends.mkldnn.flags(enabled=True), FlopCounterMode(display=False) as on:
            layer(x)
        assert on.get_total_flops() == 0
