"""The Runner protocol: whoever runs torch (this process, a worker pool, a test double), the
same state gives the same result, and a refusal has one shape for a layer and a model."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import Any

import pytest

from playground.isolation.runner import InProcess, RequestKind, Runner, answer
from playground.isolation.worker import WorkerPool
from playground.limits import LIMITS
from playground.records import RunResult
from playground.ui.api import Api

BIG_CONV = {"in_channels": 32, "out_channels": 32, "kernel_size": 11, "padding": 5}
STATES = {
    "layer": ("run_layer", {"layer": "Conv2d", "params": {"out_channels": 4}, "backward": True}),
    "layer eval": ("run_layer", {"layer": "BatchNorm2d", "mode": "eval"}),
    "preset": ("run_model", {"model": {"preset": "LeNet"}}),
    "stack": ("run_model", {"model": {"layers": [{"layer": "Linear"}, {"layer": "ReLU"}]}, "input": {"seed": 7}}),
    "ensemble": ("run_model", {"model": {"random": {"family": "dense", "seed": 3, "count": 2}}}),
    "refused layer": ("run_layer", {"layer": "Conv2d", "params": BIG_CONV, "input": {"shape": [8, 32, 64, 64]}}),
    "refused model": (
        "run_model",
        {"model": {"layers": [{"layer": "Conv2d", "params": BIG_CONV}] * 12}, "input": {"shape": [8, 32, 64, 64]}},
    ),
    "bad field": ("run_layer", {"layer": "Conv2d", "params": {"kernel_size": -1}}),
}


class PipeDouble:
    """A stand-in for a worker: the request and the answer cross a pickle, as they cross a
    pipe, and every request is recorded."""

    def __init__(self) -> None:
        self.seen: list[tuple[RequestKind, dict[str, Any]]] = []

    def run(self, kind: RequestKind, payload: dict[str, Any]) -> RunResult:
        kind, payload = pickle.loads(pickle.dumps((kind, payload)))
        self.seen.append((kind, payload))
        return pickle.loads(pickle.dumps(answer(kind, payload)))

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def runners() -> Iterator[dict[str, Runner]]:
    pool = WorkerPool(1, LIMITS.worker_memory_mb, LIMITS.timeout_s)
    try:
        yield {"in-process": InProcess(), "pool": pool, "double": PipeDouble()}
    finally:
        pool.close()


def comparable(text: str) -> dict[str, Any]:
    """An API answer without what depends on the moment: how long each phase took."""
    data = json.loads(text)
    data.pop("timings_ms", None)
    return data


@pytest.mark.server
def test_every_runner_gives_the_same_results(runners: dict[str, Runner]) -> None:
    for label, (endpoint, state) in STATES.items():
        answers = {name: comparable(getattr(Api(r), endpoint)(json.dumps(state))) for name, r in runners.items()}
        first = answers["in-process"]
        assert first["ok"] == (not label.startswith(("refused", "bad"))), (label, first)
        for name, got in answers.items():
            assert got == first, (label, name)


@pytest.mark.server
def test_the_double_saw_what_the_api_sent(runners: dict[str, Runner]) -> None:
    double = runners["double"]
    assert isinstance(double, PipeDouble)
    Api(double).run_model(json.dumps({"model": {"preset": "MLP"}}))
    kind, payload = double.seen[-1]
    assert kind is RequestKind.API and payload["model"] == {"preset": "MLP"}


def test_a_refused_layer_and_a_refused_model_have_one_shape() -> None:
    """Both are refused by the same guard, before anything is built, in the same words."""
    api = Api(InProcess())
    layer = json.loads(api.run_layer(json.dumps(STATES["refused layer"][1])))
    model = json.loads(api.run_model(json.dumps(STATES["refused model"][1])))
    assert layer.keys() == model.keys() == {"ok", "error"}
    assert layer["error"].keys() == model["error"].keys() == {"param", "message"}
    assert not layer["ok"] and not model["ok"]
    form = "this {} needs about {} million FLOPs; the limit is 500 million (PLAYGROUND_MAX_MFLOP)"
    for answer_, subject in ((layer, "configuration"), (model, "model")):
        message = answer_["error"]["message"]
        flops = message.split("about ")[1].split(" million")[0]
        assert message.startswith(form.format(subject, flops)), message
