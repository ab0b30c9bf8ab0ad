"""Exported code, run for real, prints what the playground showed.

The code panel claims that pasting it into a notebook reproduces the page. The only honest
check is to execute it in a clean interpreter (no playground import, no state shared with
the engine) and compare its stdout with the engine's reprs, line for line and in order.

One interpreter runs every script (each with runpy in a fresh namespace, seeding itself as
exported) so the whole registry costs one torch import instead of ~50.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from helpers import Scripts, early, started

from playground import records
from playground.registry.specs import REGISTRY
from playground.request.state import InputState, State
from playground.run import engine

CPU = torch.device("cpu")
CASES: dict[str, State] = {f"default-{name}": State(name) for name in REGISTRY}
CASES.update(
    {
        "image-Conv2d": State("Conv2d", input=InputState(dist="image", seed=3)),
        "image-Conv2d-3-channels": State(
            "Conv2d", params={"in_channels": 3, "padding": "same"}, input=InputState((2, 3, 12, 10), "image")
        ),
        "tokens-Embedding": State(
            "Embedding", params={"num_embeddings": 50, "padding_idx": 1, "max_norm": 1.0}, input=InputState((3, 7))
        ),
        "backward-Linear": State("Linear", backward=True, input=InputState(seed=5)),
        "backward-LSTM": State("LSTM", params={"num_layers": 2, "bidirectional": True}, backward=True),
        "backward-Embedding": State("Embedding", backward=True),
        "backward-CrossEntropyLoss": State("CrossEntropyLoss", backward=True),
        "train-Dropout": State("Dropout", mode="train", input=InputState(seed=0)),
        "train-BatchNorm2d": State("BatchNorm2d", mode="train", input=InputState(dist="image")),
        "train-Transformer": State("Transformer", mode="train", params={"batch_first": True}),
        "arange-MaxPool1d": State(
            "MaxPool1d", params={"ceil_mode": True, "stride": 3}, input=InputState(dist="arange")
        ),
        # torch's own defaults and shapes: stride=None, dim=None, unbatched inputs, BatchNorm1d's (N, C)
        "stride-None-MaxPool2d": State("MaxPool2d", params={"kernel_size": 3}),
        "dim-None-Softmax": State("Softmax", input=InputState((2, 3, 4))),
        "unbatched-image-Conv2d": State("Conv2d", input=InputState((1, 12, 12), "image")),
        "unbatched-LSTM": State("LSTM", params={"batch_first": True, "bidirectional": True}, input=InputState((5, 8))),
        "unbatched-MultiheadAttention": State("MultiheadAttention", input=InputState((5, 16))),
        "unbatched-CrossEntropyLoss": State("CrossEntropyLoss", input=InputState((5,)), backward=True),
        "unbatched-Transformer": State("Transformer", input=InputState((5, 16))),
        "features-BatchNorm1d": State("BatchNorm1d", input=InputState((8, 4))),
        # a notebook's input lines: scaled and shifted draws, typed tensors, the stream continued
        "scaled-BatchNorm1d": State(
            "BatchNorm1d",
            params={"num_features": 4},
            input=InputState((1, 4, 4), "uniform", scale=20, shift=5),
            prints=("input.mean()", "output.mean()"),
        ),
        "shifted-down-Tanh": State("Tanh", input=InputState((2, 3), "normal", 9, scale=0.5, shift=-1.25)),
        "typed-Linear": State(
            "Linear", params={"in_features": 3, "out_features": 2}, input=InputState(values=((1, 2.5, -3),))
        ),
        "typed-Embedding": State("Embedding", input=InputState(values=((1, 4, 2), (0, 9, 9)))),
        "twice-Dropout": State("Dropout", params={"p": 0.4}, input=InputState((1, 4, 4), "uniform"), calls=2),
        "after-MaxPool2d": State(
            "MaxPool2d",
            params={"kernel_size": 3},
            input=InputState(
                (1, 6, 6),
                "uniform",
                after=(
                    State("Linear", {"in_features": 4, "out_features": 3}, InputState((1, 4), "uniform")),
                    State("Dropout", input=InputState((2, 5)), calls=2),
                    State("CrossEntropyLoss", backward=True),
                ),
            ),
            prints=("output.max()",),
        ),
        # one value per spatial axis: a 3x5 kernel, strides and paddings per axis, a square tuple
        "tuple-Conv2d": State(
            "Conv2d",
            params={"kernel_size": (3, 5), "stride": (1, 2), "padding": (1, 0)},
            input=InputState(dist="image"),
        ),
        "tuple-Conv3d-same": State(
            "Conv3d", params={"kernel_size": (1, 2, 3), "padding": "same", "dilation": (1, 2, 1)}
        ),
        "tuple-ConvTranspose2d": State(
            "ConvTranspose2d", params={"kernel_size": (2, 3), "stride": (2, 1), "output_padding": (1, 0)}
        ),
        "tuple-MaxPool2d": State("MaxPool2d", params={"kernel_size": (3, 3), "stride": (1, 2), "dilation": (2, 1)}),
        "tuple-AvgPool1d": State("AvgPool1d", params={"kernel_size": (3,), "padding": (1,)}),
    }
)


def _expected_stdout(result: records.RunResult, state: State) -> str:
    """What the exported script prints, built from the engine's own record, in the script's order."""
    spec = REGISTRY[state.layer]
    lines = [result.values["input"]]
    lines += [result.values[extra.name] for extra in spec.extra_inputs]
    lines += [result.values[name] for name in spec.output_names]
    lines += [
        result.values[f"{name} (call {call})"] for call in range(2, state.calls + 1) for name in spec.output_names
    ]
    lines += [result.values[asked] for asked in state.prints]
    lines.append(result.module)  # printed after the forward, when a lazy layer knows its shapes
    if state.backward:
        lines += [f"{name} {result.values[name + '.grad']}" for name, _ in _named_parameters(result)]
    return "\n".join(lines) + "\n"


def _named_parameters(result: records.RunResult) -> list[tuple[str, tuple[int, ...]]]:
    return [(p.name, p.shape) for p in result.params if p.is_parameter]


@early
def exported(folder: Path) -> tuple[dict[str, records.RunResult], Scripts]:
    """Run the engine for every case, then start every exported script in one fresh interpreter."""
    results: dict[str, records.RunResult] = {}
    for key, state in CASES.items():
        result = engine.run(state, CPU)
        assert result.ok, f"{key}: {result.error}"
        results[key] = result
    return results, Scripts(folder, {key: result.code for key, result in results.items()})


@pytest.fixture(scope="module")
def executed() -> dict[str, tuple[records.RunResult, str]]:
    results, scripts = started(exported)
    outputs = scripts.printed()
    return {key: (results[key], outputs[key]) for key in CASES}


@pytest.mark.parametrize("key", list(CASES))
def test_exported_code_prints_what_the_playground_shows(executed, key):
    result, printed = executed[key]
    assert "Traceback" not in printed, printed
    assert printed == _expected_stdout(result, CASES[key])


def test_the_lazy_layer_comment_is_only_on_lazy_layers(executed):
    """Every exported script ended with a comment about lazy layers learning in_features; it is
    true of LazyLinear only (torch's LazyModuleMixin)."""
    for key, (result, _) in executed.items():
        lazy = issubclass(REGISTRY[CASES[key].layer].cls, torch.nn.modules.lazy.LazyModuleMixin)
        assert ("lazy" in result.code.lower()) == lazy, key


def test_a_tuple_is_written_as_a_tuple_and_an_int_as_an_int(executed):
    """The code says what the person chose: `kernel_size=(3, 5)` for a tuple, the bare int
    otherwise (torch prints Conv2d's int as a tuple too, but the code is what was typed)."""
    code = executed["tuple-Conv2d"][0].code
    assert "nn.Conv2d(in_channels=1, out_channels=6, kernel_size=(3, 5), stride=(1, 2), padding=(1, 0)," in code
    assert "kernel_size=5," in executed["default-Conv2d"][0].code
    assert "kernel_size=(3, 3), stride=(1, 2)" in executed["tuple-MaxPool2d"][0].code
