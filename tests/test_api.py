"""The public endpoint against a launched app: raw HTTP and gradio_client, every layer."""

from __future__ import annotations

import json
import os

import httpx
import pytest
import torch
from helpers import call_api

from playground.registry.specs import REGISTRY
from playground.request.plan import resolve
from playground.request.state import State

pytestmark = pytest.mark.server


@pytest.mark.parametrize("layer", list(REGISTRY))
def test_every_layer_over_raw_http(server_url: str, layer: str) -> None:
    result = call_api(server_url, "run_layer", json.dumps({"layer": layer}))
    assert result["ok"], result["error"]
    config = resolve(State(layer))
    predicted = config.spec.predict_output(config.params, config.shape)
    assert result["output_shape"] == list(predicted[0])
    assert [list(s) for s in result["outputs"].values()] == [list(s) for s in predicted]
    assert result["input_shape"] == list(config.shape)
    # the state_dict the API reports is the real module's
    module = config.spec.build(config.params)
    if not any(isinstance(p, torch.nn.parameter.UninitializedParameter) for p in module.parameters()):
        assert [p["name"] for p in result["params"]] == list(module.state_dict())
        assert result["total_params"] == sum(p.numel() for p in module.parameters())
    assert result["code"].startswith("import torch")
    assert result["device"] == "cpu"


def test_every_layer_through_gradio_client(server_url: str) -> None:
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    from gradio_client import Client

    client = Client(server_url, verbose=False)
    for layer in REGISTRY:
        result = json.loads(client.predict(json.dumps({"layer": layer, "mode": "train"}), api_name="/run_layer"))
        assert result["ok"], (layer, result["error"])
        assert result["state"]["mode"] == "train"


def test_course_example_over_http(server_url: str) -> None:
    """The seeded Linear(4, 3) of the course prints these numbers; so must the API."""
    state = {"layer": "Linear", "params": {"in_features": 4, "out_features": 3}, "input": {"seed": 42}}
    result = call_api(server_url, "run_layer", json.dumps(state))
    assert result["values"]["input"] == "tensor([[0.4294, 0.8854, 0.5739, 0.2666]])"
    assert result["values"]["output"] == "tensor([[0.9562, 0.0486, 0.3799]], grad_fn=<AddmmBackward0>)"


@pytest.mark.parametrize(
    ("payload", "param"),
    [
        (json.dumps({"layer": "Conv2d", "params": {"in_channels": 6, "groups": 4}}), "in_channels"),
        (json.dumps({"layer": "Conv2d", "params": {"padding": "same", "stride": 2}}), "padding"),
        (
            json.dumps({"layer": "Conv2d", "params": {"kernel_size": 9}, "input": {"shape": [1, 1, 5, 5]}}),
            "kernel_size",
        ),
        (json.dumps({"layer": "Linear", "params": {"in_features": -3}}), "in_features"),
        (json.dumps({"layer": "Linear", "params": {"in_features": "four"}}), "in_features"),
        (json.dumps({"layer": "Linear", "params": {"wat": 1}}), "wat"),
        (json.dumps({"layer": "MultiheadAttention", "params": {"embed_dim": 10, "num_heads": 3}}), "embed_dim"),
        (json.dumps({"layer": "LSTM", "params": {"hidden_size": 4, "proj_size": 4}}), "proj_size"),
        (json.dumps({"layer": "Linear", "input": {"shape": [2, 5]}}), "input.shape"),
        (json.dumps({"layer": "NoSuchLayer"}), "layer"),
        (json.dumps({"layer": "Linear", "mode": "test"}), "mode"),
        ('{"layer": "Linear", "params": {"in_features": NaN}}', None),
        ("not json at all", None),
        (12, None),
        (None, None),
    ],
)
def test_invalid_input_is_a_clean_refusal(server_url: str, payload: object, param: str | None) -> None:
    result = call_api(server_url, "run_layer", payload)
    assert result["ok"] is False
    assert result["error"]["param"] == param
    assert result["error"]["message"]


def test_server_survives_refusals(server_url: str) -> None:
    for _ in range(3):
        call_api(server_url, "run_layer", "{")
    assert call_api(server_url, "run_layer", json.dumps({"layer": "ReLU"}))["ok"]


def test_ui_events_are_private_and_queue_is_not_bypassed(server_url: str) -> None:
    info = httpx.get(f"{server_url}gradio_api/info", timeout=10).json()
    assert sorted(info["named_endpoints"]) == ["/lessons", "/run_layer", "/run_lesson", "/run_model"]
    bypass = httpx.post(f"{server_url}gradio_api/run/run_layer", json={"data": ['{"layer": "ReLU"}']}, timeout=10)
    assert bypass.status_code == 404
    assert httpx.get(f"{server_url}monitoring/summary", timeout=10).status_code in (403, 404)
