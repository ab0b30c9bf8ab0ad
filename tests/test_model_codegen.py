"""A model's exported code, run for real, prints what the model page showed.

The code panel claims that a student can paste the script into a notebook and get the
playground's numbers. The honest check runs every script in a clean interpreter (no
playground import: no PYTHONPATH, a temporary working directory) and compares its stdout with
the engine's reprs in the script's order: the input, then for each model its output, its
module and its parameter count. One interpreter runs all scripts, each with runpy in a fresh
namespace, so torch is imported once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from helpers import Scripts, early, started

from playground.registry.models import PRESETS, RANDOM_INPUTS, random_plans
from playground.registry.specs import REGISTRY
from playground.request.state import RANDOM_FAMILIES, InputState, RandomSpec, State, state_from_json
from playground.run.engine import RunResult
from playground.run.engine import run as run_model

CPU = torch.device("cpu")


def layer(name: str, **params) -> dict:
    return {"layer": name, "params": {**REGISTRY[name].defaults(), **params}}


def dropout_seed() -> int:
    """A dense ensemble seed whose models drop something: train mode then draws from the random
    stream during the forward, which the exported script must reproduce call for call."""
    shape = RANDOM_INPUTS["dense"][0]
    for seed in range(100):
        plans = random_plans(RandomSpec("dense", seed, 3), shape)
        if all(any(item.layer == "Dropout" and item.params["p"] > 0 for item in plan.layers) for plan in plans):
            return seed
    raise AssertionError("no dense ensemble with dropout in every model among 100 seeds")


STACK = [
    layer("Conv2d", in_channels=1, out_channels=4, kernel_size=3, padding="same"),
    layer("BatchNorm2d", num_features=4),
    layer("ReLU"),
    layer("MaxPool2d", kernel_size=2, stride=2),
    layer("Flatten"),
    layer("Dropout", p=0.3),
    layer("LazyLinear", out_features=5),
]
TOKEN_STACK = [
    layer("Embedding", num_embeddings=30, embedding_dim=8, padding_idx=0),
    layer("TransformerEncoderLayer", d_model=8, nhead=2, dim_feedforward=16, batch_first=True),
    layer("Flatten"),
    layer("Linear", in_features=8 * 5, out_features=3),
]
# BERT's shape in small: token vectors through an encoder-only stack (a wrapped layer, exported
# inline inside the Sequential), then a classifier over the flattened tokens
BERT_STACK = [
    layer("Embedding", num_embeddings=30, embedding_dim=8),
    layer("TransformerEncoder", d_model=8, nhead=2, dim_feedforward=16, batch_first=True, num_layers=2),
    layer("Flatten"),
    layer("Linear", in_features=8 * 5, out_features=3),
]

CASES: dict[str, dict] = {f"preset-{name}": {"model": {"preset": name}} for name in PRESETS}
CASES.update(
    {
        f"random-{family}-{seed}-{count}": {"model": {"random": {"family": family, "seed": seed, "count": count}}}
        for family in RANDOM_FAMILIES
        for seed, count in ((0, 3), (7, 2), (3, 1))
    }
)
CASES.update(
    {
        "stack-image": {"model": {"layers": STACK}, "input": {"shape": [2, 1, 12, 12], "dist": "image", "seed": 9}},
        "stack-image-train": {"model": {"layers": STACK}, "input": {"shape": [2, 1, 12, 12]}, "mode": "train"},
        "stack-tokens": {"model": {"layers": TOKEN_STACK}, "input": {"shape": [2, 5], "seed": 1}},
        "stack-bert": {"model": {"layers": BERT_STACK}, "input": {"shape": [2, 5], "seed": 2}},
        "backward-preset-LeNet": {"model": {"preset": "LeNet"}, "backward": True, "input": {"seed": 4}},
        "backward-stack": {"model": {"layers": STACK}, "input": {"shape": [1, 1, 8, 8]}, "backward": True},
        "backward-tokens-preset": {"model": {"preset": "LSTMTagger"}, "backward": True},
        "train-random-dense-dropout": {
            "model": {"random": {"family": "dense", "seed": dropout_seed(), "count": 3}},
            "mode": "train",
            "input": {"seed": 123},
        },
        "train-arange-preset": {"model": {"preset": "LazyChimera"}, "mode": "train", "input": {"shape": [3, 20]}},
        # ensembles drawn from ranges, without a classifier: the notes' dense stack and LSTM
        "ranges-dense-no-classifier": {
            "model": {
                "random": {"family": "dense", "seed": 3, "count": 2, "depth": [3, 3], "widths": [25, 100]}
                | {"activations": ["ReLU"], "dropouts": [0.2], "classes": None}
            },
            "input": {"shape": [2, 200]},
        },
        "ranges-conv-no-classifier": {
            "model": {"random": {"family": "conv", "seed": 1, "count": 2, "kernels": [1, 7], "classes": None}},
            "input": {"shape": [2, 1, 9, 9]},
        },
        "ranges-recurrent-lstm": {
            "model": {
                "random": {"family": "recurrent", "seed": 2, "count": 2, "cells": ["LSTM"], "hidden_sizes": [64, 256]}
                | {"directions": [2], "classes": None}
            },
            "input": {"shape": [2, 3, 100]},
        },
        "preset-args-MLP": {"model": {"preset": "MLP", "args": {"input_size": 12, "hidden_size": 7}}},
        "preset-args-LSTMTagger": {
            "model": {"preset": "LSTMTagger", "args": {"embedding_dim": 4, "vocab_size": 40, "tagset_size": 5}},
            "input": {"shape": [9]},
        },
        "stack-per-axis": {  # a 3x5 kernel then a 1x2 pool, as a JSON client sends tuples: lists
            "model": {
                "layers": [
                    {"layer": "Conv2d", "params": {"out_channels": 2, "kernel_size": [3, 5], "padding": [1, 2]}},
                    {"layer": "MaxPool2d", "params": {"kernel_size": [1, 2]}},
                ]
            },
            "input": {"shape": [1, 1, 6, 8]},
        },
    }
)


def expected_stdout(result: RunResult) -> str:
    """What the script prints, from the engine's own record, in codegen.model_code's order."""
    lines = [result.values["input"]]
    if result.ensemble:
        for member in result.ensemble:
            lines += [member["output"], member["module"], str(member["total_params"])]
    else:
        lines += [result.values["output"], result.module, str(result.total_params)]
    return "\n".join(lines) + "\n"


@early
def exported(folder: Path) -> tuple[dict[str, RunResult], Scripts]:
    """Run the engine for every case, then start every exported script in one fresh interpreter."""
    results: dict[str, RunResult] = {}
    for key, state in CASES.items():
        result = run_model(state_from_json(json.dumps(state), "model"), CPU)
        assert result.ok, f"{key}: {result.error}"
        results[key] = result
    return results, Scripts(folder, {key: result.code for key, result in results.items()})


@pytest.fixture(scope="module")
def executed() -> dict[str, tuple[RunResult, str]]:
    results, scripts = started(exported)
    outputs = scripts.printed()
    return {key: (results[key], outputs[key]) for key in CASES}


@pytest.mark.parametrize("key", list(CASES))
def test_exported_model_code_prints_what_the_playground_shows(executed, key):
    """The page's input, outputs, module reprs and parameter counts are exactly what the script prints."""
    result, printed = executed[key]
    assert printed == expected_stdout(result), f"{key}:\n{result.code}"


def test_cases_cover_what_they_claim(executed):
    """The special cases really are special: an ensemble per family, a single random model, a
    backward run whose input tracks gradients, and train-mode dropout that changes the outputs."""
    kinds = {key: result for key, (result, _) in executed.items()}
    for family in RANDOM_FAMILIES:
        assert len(kinds[f"random-{family}-0-3"].ensemble) == 3
        assert kinds[f"random-{family}-3-1"].ensemble == ()
    assert "requires_grad=True" in kinds["backward-preset-LeNet"].values["input"]
    train = kinds["train-random-dense-dropout"]
    state = CASES["train-random-dense-dropout"]
    evaluated = run_model(state_from_json(json.dumps({**state, "mode": "eval"}), "model"), CPU)
    assert all(a["output"] != b["output"] for a, b in zip(train.ensemble, evaluated.ensemble, strict=True))


def test_exported_code_is_the_same_for_the_same_state():
    """The script is a function of the state: the same ensemble state writes the same code twice."""
    state = State(model=RandomSpec("conv", 5, 4), input=InputState(seed=2))
    assert run_model(state, CPU).code == run_model(state, CPU).code
