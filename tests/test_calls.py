"""The summary's optional call rows (`functional_calls`): the functions a forward calls between
its modules, checked against torch running those very functions on the same tensors; and,
with the option off, rows that stay exactly torchinfo's."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from helpers import call_api
from test_models import assert_rows_match, run_json, seeded_preset, torchinfo_rows
from torch import nn
from torch.nn import functional as F  # noqa: N812  # torch's own spelling, as the presets write it
from torch.utils.flop_counter import FlopCounterMode

from playground.records import RowKind
from playground.registry.specs import SpecError
from playground.render import figures, report
from playground.request.state import State, state_from_json
from playground.run.calls import CALLEES, spell_call
from playground.run.summary import MAX_CALL_ROWS, collect

LENET = {"model": {"preset": "LeNet"}, "input": {"seed": 7}}


def lenet_oracle(seed: int) -> dict[str, torch.Tensor]:
    """LeNet's forward redone by hand with torch's functions, on the seeded model and input the
    engine builds: every tensor between its modules, by the step that made it."""
    model, x = seeded_preset("LeNet", seed)
    model.train()  # the engine runs the state's mode, train by default
    with torch.no_grad():
        conv1 = model.conv1(x)
        relu1 = F.relu(conv1)
        pool1 = F.max_pool2d(relu1, 2)
        relu2 = F.relu(model.conv2(pool1))
        pool2 = F.max_pool2d(relu2, 2)
        flat = torch.flatten(pool2, 1)
        relu3 = F.relu(model.fc1(flat))
        relu4 = F.relu(model.fc2(relu3))
    steps = {"conv1": conv1, "relu1": relu1, "pool1": pool1, "relu2": relu2, "pool2": pool2, "flat": flat}
    return steps | {"relu3": relu3, "relu4": relu4}


def test_lenet_lists_its_relu_pooling_and_flatten_between_the_modules() -> None:
    result = run_json({**LENET, "functional_calls": True})
    assert result.ok, result.error
    rows = result.summary
    assert [(row.kind, row.name) for row in rows] == [
        (RowKind.MODULE, "LeNet"),
        (RowKind.MODULE, "conv1"),
        (RowKind.CALL, "F.relu()"),
        (RowKind.CALL, "F.max_pool2d(kernel_size=2)"),
        (RowKind.MODULE, "conv2"),
        (RowKind.CALL, "F.relu()"),
        (RowKind.CALL, "F.max_pool2d(kernel_size=2)"),
        (RowKind.CALL, "torch.flatten(start_dim=1)"),
        (RowKind.MODULE, "fc1"),
        (RowKind.CALL, "F.relu()"),
        (RowKind.MODULE, "fc2"),
        (RowKind.CALL, "F.relu()"),
        (RowKind.MODULE, "fc3"),
    ]
    oracle = lenet_oracle(7)
    relu, pool, flatten = rows[2], rows[3], rows[7]
    assert relu.input_shape == tuple(oracle["conv1"].shape) == (1, 6, 28, 28)
    assert relu.output_shape == tuple(oracle["relu1"].shape) == (1, 6, 28, 28)
    assert pool.input_shape == tuple(oracle["relu1"].shape)
    assert pool.output_shape == tuple(oracle["pool1"].shape) == (1, 6, 14, 14)
    assert flatten.input_shape == tuple(oracle["pool2"].shape) == (1, 16, 6, 6)
    assert flatten.output_shape == tuple(oracle["flat"].shape) == (1, 576)
    # not only the shapes: the rows carry the very numbers torch's functions give
    steps = ("relu1", "pool1", "relu2", "pool2", "flat", "relu3", "relu4")
    for index, key in zip((2, 3, 5, 6, 7, 9, 11), steps, strict=True):
        row = rows[index]
        assert row.output_shape == tuple(oracle[key].shape), key
        assert np.array_equal(row.output, oracle[key].numpy()), row.name
    # the pooling halves what conv2 then takes, which the table showed as a jump before
    assert rows[4].input_shape == pool.output_shape
    # a call sits among the children of the module whose forward made it (LeNet's, depth 0)
    assert {row.depth for row in rows if row.kind is RowKind.CALL} == {1}
    assert all(row.type == row.name.split("(")[0] for row in rows if row.kind is RowKind.CALL)


def test_call_rows_change_no_total_and_no_module_row() -> None:
    """The option adds rows and nothing else: the module rows, the totals and the output are those of
    the run without it, and so torchinfo's."""
    off = run_json(LENET)
    on = run_json({**LENET, "functional_calls": True})
    assert off.ok and on.ok
    assert [row.kind for row in off.summary] == [RowKind.MODULE] * len(off.summary)
    modules = [row for row in on.summary if row.kind is RowKind.MODULE]
    assert [row.to_api() for row in modules] == [row.to_api() for row in off.summary]
    _, stats = torchinfo_rows("LeNet", 7)
    assert_rows_match([row.to_api() for row in off.summary], stats)
    assert_rows_match([row.to_api() for row in modules], stats)
    assert on.total_params == off.total_params == stats.total_params
    assert sum(row.params for row in on.summary) == stats.total_params
    assert on.summary[0].mult_adds == off.summary[0].mult_adds == stats.total_mult_adds
    assert on.flops == off.flops
    assert on.values["output"] == off.values["output"]  # the forward a person sees is untouched
    calls = [row for row in on.summary if row.kind is RowKind.CALL]
    assert all(row.params == row.trainable == row.mult_adds == 0 and row.share == 0 for row in calls)


def test_the_api_marks_each_row_as_a_module_or_a_call() -> None:
    on = json.loads(json.dumps(run_json({**LENET, "functional_calls": True}).to_api()))
    assert [row["kind"] for row in on["summary"]].count("call") == 7
    pool = next(row for row in on["summary"] if row["type"] == "F.max_pool2d")
    assert pool["kind"] == "call" and pool["input_shape"] == [1, 6, 28, 28] and pool["output_shape"] == [1, 6, 14, 14]
    off = run_json(LENET).to_api()
    assert {row["kind"] for row in off["summary"]} == {"module"}
    assert on["state"]["functional_calls"] is True and "functional_calls" not in off["state"]


def test_a_stack_of_modules_has_no_call_rows() -> None:
    """nn.ReLU, nn.MaxPool2d and nn.Flatten call F.relu, F.max_pool2d and flatten inside their own
    forward: those calls are what the modules' rows stand for, not rows of their own."""
    layers = [
        {"layer": "Conv2d", "params": {"in_channels": 1, "out_channels": 4, "kernel_size": 3}},
        {"layer": "ReLU"},
        {"layer": "MaxPool2d", "params": {"kernel_size": 2}},
        {"layer": "Flatten"},
        {"layer": "Linear", "params": {"in_features": 4 * 15 * 15, "out_features": 10}},
    ]
    state = {"model": {"layers": layers}, "input": {"shape": [2, 1, 32, 32]}}
    off, on = run_json(state), run_json({**state, "functional_calls": True})
    assert off.ok and on.ok, (off.error, on.error)
    assert [row.to_api() for row in on.summary] == [row.to_api() for row in off.summary]
    assert len(on.summary) == 6


class Composed(nn.Module):
    """A forward that calls F.linear itself, between two modules: its FLOPs are the call's row's."""

    def __init__(self) -> None:
        super().__init__()
        self.first = nn.Linear(8, 16)
        self.weight = nn.Parameter(torch.randn(4, 16))
        self.act = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(F.linear(self.first(x).view(2, -1, 16), self.weight))


def test_a_call_counts_its_own_flops_and_spells_a_reshape_as_written() -> None:
    torch.manual_seed(0)
    model, x = Composed(), torch.randn(6, 8)
    _, rows = collect(model, lambda m: m(x), calls=True)
    assert [row.name for row in rows] == ["Composed", "first", "Tensor.view(2, -1, 16)", "F.linear()", "act"]
    linear = rows[3]
    with FlopCounterMode(display=False) as counter:
        F.linear(torch.randn(2, 3, 16), model.weight)
    assert linear.flops == counter.get_total_flops() == 2 * 6 * 16 * 4
    assert linear.input_shape == (2, 3, 16) and linear.output_shape == (2, 3, 4)
    assert rows[0].flops == sum(row.flops for row in rows[1:])  # the root's total holds its calls'


def test_call_spelling_leaves_out_tensors_and_defaults() -> None:
    """As the forward wrote it, less what the row shows already (the tensors, as shapes) and what
    torch's wrappers pass on at its default (F.max_pool2d hands on all five of its options)."""
    x = torch.zeros(1, 2, 4, 4)
    callee = CALLEES[F.max_pool2d]
    defaults = {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False, "return_indices": False}
    assert spell_call(callee, (x, 2), defaults) == "F.max_pool2d(kernel_size=2)"
    assert spell_call(callee, (x, 3), {**defaults, "stride": 1}) == "F.max_pool2d(kernel_size=3, stride=1)"
    assert spell_call(CALLEES[F.softmax], (x,), {"dim": 1}) == "F.softmax(dim=1)"
    assert spell_call(CALLEES[torch.cat], ([x, x],), {"dim": 1}) == "torch.cat(dim=1)"
    assert spell_call(CALLEES[torch.Tensor.__getitem__], (x, (slice(None), -1)), {}) == "Tensor[:, -1]"


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_functional_calls_is_strictly_a_boolean(value: object) -> None:
    with pytest.raises(SpecError) as refused:
        state_from_json(json.dumps({**LENET, "functional_calls": value}), "model")
    assert refused.value.param == "functional_calls"


def test_functional_calls_is_a_model_field_only() -> None:
    with pytest.raises(SpecError) as refused:
        state_from_json(json.dumps({"layer": "Linear", "functional_calls": True}), "layer")
    assert refused.value.param == "functional_calls"
    parsed = state_from_json(json.dumps({**LENET, "functional_calls": True}), "model")
    assert parsed.functional_calls and state_from_json(json.dumps(parsed.to_dict()), "model") == parsed
    assert "functional_calls" not in State(model="LeNet").to_dict()


def test_the_table_marks_call_rows_and_keeps_the_totals() -> None:
    off = run_json(LENET)
    on = run_json({**LENET, "functional_calls": True})
    table = report.model_summary_markdown(on)
    lines = table.splitlines()
    calls = [line for line in lines if "*call*" in line and line.startswith("|")]
    assert len(calls) == sum(1 for row in on.summary if row.kind is RowKind.CALL) == 7
    assert any("*`F.max_pool2d(kernel_size=2)`*" in line and "*(1, 6, 14, 14)*" in line for line in calls)
    assert "7 rows marked *call*" in table
    total = [line for line in lines if "**total**" in line]
    assert total == [line for line in report.model_summary_markdown(off).splitlines() if "**total**" in line]
    assert "call" not in report.model_summary_markdown(off)
    labels = [figures.row_label(i, row) for i, row in enumerate(on.summary)]
    assert labels[3] == "3: call F.max_pool2d(kernel_size=2)"


@pytest.mark.server
def test_run_model_over_http_lists_the_calls_through_the_worker(server_url: str) -> None:
    """The field crosses the server, the worker's own parse and the JSON back, as a client sends it."""
    on = call_api(server_url, "run_model", json.dumps({**LENET, "functional_calls": True}))
    off = call_api(server_url, "run_model", json.dumps(LENET))
    assert on["ok"] and off["ok"], (on.get("error"), off.get("error"))
    pool = [row for row in on["summary"] if row["kind"] == "call" and row["type"] == "F.max_pool2d"]
    assert [(row["input_shape"], row["output_shape"]) for row in pool] == [
        ([1, 6, 28, 28], [1, 6, 14, 14]),
        ([1, 16, 12, 12], [1, 16, 6, 6]),
    ]
    assert [row for row in on["summary"] if row["kind"] == "module"] == off["summary"]
    assert on["total_params"] == off["total_params"]
    refused = call_api(server_url, "run_model", json.dumps({**LENET, "functional_calls": "yes"}))
    assert not refused["ok"] and refused["error"]["param"] == "functional_calls"


class Looping(nn.Module):
    """A forward that calls F.relu once per step of a loop, as a recurrence written by hand does."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps
        self.linear = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for _ in range(self.steps):
            x = F.relu(x)
        return self.linear(x)


def test_a_looping_forward_lists_its_first_calls_only() -> None:
    """The table stays readable: past MAX_CALL_ROWS calls, the rest run unlisted, the modules still listed."""
    model, x = Looping(MAX_CALL_ROWS + 10), torch.randn(2, 4)
    _, rows = collect(model, lambda m: m(x), calls=True)
    assert sum(row.is_call for row in rows) == MAX_CALL_ROWS
    assert [row.name for row in rows if not row.is_call] == ["Looping", "linear"]
