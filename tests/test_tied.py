"""One layer placed twice in a builder stack (`{"same_as": k}`): the same module object at both
places, as the course's shared layer is, held to torch: one weight, counted once, the numbers
of the same script written by hand; strict refusals; links that spell it `@k`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch
from torch import nn

from playground.registry.specs import SpecError
from playground.request.link import Link, link_from_query, link_to_query
from playground.request.plan import resolve
from playground.request.state import state_from_json
from playground.run import engine

CPU = torch.device("cpu")
LAYERS = [
    {"layer": "Linear", "params": {"in_features": 4, "out_features": 8}},
    {"layer": "ReLU"},
    {"layer": "Linear", "params": {"in_features": 8, "out_features": 8}},
    {"layer": "ReLU"},
    {"same_as": 2},
    {"layer": "ReLU"},
    {"layer": "Linear", "params": {"in_features": 8, "out_features": 1}},
]
STATE = {"model": {"layers": LAYERS}, "input": {"shape": [2, 4], "dist": "uniform", "seed": 3}}


def tied_by_hand() -> tuple[nn.Sequential, torch.Tensor]:
    """The course's shared layer, written as a student writes it, seeded as the playground seeds."""
    torch.manual_seed(3)
    first = nn.Linear(4, 8)
    shared = nn.Linear(8, 8)
    last = nn.Linear(8, 1)
    return nn.Sequential(first, nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), last), torch.rand(2, 4)


def test_one_module_at_two_places_prints_and_counts_as_torch_does():
    result = engine.run(state_from_json(json.dumps(STATE), "model"), CPU)
    assert result.ok, result.error
    model, x = tied_by_hand()
    assert result.module == repr(model)
    assert result.total_params == sum(p.numel() for p in model.parameters())  # 40 + 72 + 9: once
    assert result.values["output"] == repr(model(x))
    built = resolve(state_from_json(json.dumps(STATE), "model")).plans[0].build()
    assert built[2] is built[4]
    assert built[2].weight is built[4].weight


def test_the_exported_script_shares_the_module_and_prints_the_same():
    result = engine.run(state_from_json(json.dumps(STATE), "model"), CPU)
    run = subprocess.run([sys.executable, "-c", result.code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    model, x = tied_by_hand()
    expected = "\n".join([repr(x), repr(model(x)), repr(model), str(sum(p.numel() for p in model.parameters()))])
    assert run.stdout.strip() == expected
    assert "# a tied tensor counts once" in result.code


def test_the_state_round_trips_and_the_link_spells_the_place():
    state = state_from_json(json.dumps(STATE), "model")
    assert state.to_dict()["model"]["layers"][4] == {"same_as": 2}
    query = link_to_query(Link(state))
    assert "@2" in query
    again, ignored = link_from_query(query)
    assert ignored == []
    assert [item.get("same_as") for item in again.state.to_dict()["model"]["layers"]] == [None] * 4 + [2, None, None]
    before, after = engine.run(state, CPU), engine.run(again.state, CPU)
    assert (after.module, after.values, after.total_params) == (before.module, before.values, before.total_params)


def test_a_link_drops_a_place_that_names_no_earlier_layer_and_the_copies_of_a_dropped_layer():
    link, ignored = link_from_query("stack=Linear(out_features=8);@0;@5;Nope;@3")
    assert ignored == ["stack[2]=@5", "stack[3]=Nope", "stack[4]=@3", "stack[1]=@0"]  # @0 gets 8 features, wants 4
    assert link_to_query(link) == "stack=Linear(out_features=8)"


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        ([{"layer": "ReLU"}, {"same_as": 1}], "earlier layer"),
        ([{"same_as": 0}], "earlier layer"),
        ([{"layer": "ReLU"}, {"same_as": 0}, {"same_as": 1}], "itself layer 0"),
        ([{"layer": "ReLU"}, {"same_as": "0"}], "earlier layer"),
        ([{"layer": "ReLU"}, {"same_as": 0, "params": {}}], "unknown"),
    ],
)
def test_a_bad_place_is_refused_naming_it(layers, message):
    with pytest.raises(SpecError, match=message) as refused:
        state_from_json(json.dumps({"model": {"layers": layers}}), "model")
    assert refused.value.param is not None and refused.value.param.startswith("layers[")


def test_a_place_that_does_not_fit_where_it_is_put_is_refused_by_the_shape_walk():
    layers = [{"layer": "Linear", "params": {"in_features": 4, "out_features": 8}}, {"same_as": 0}]
    with pytest.raises(SpecError, match="in_features") as refused:
        resolve(state_from_json(json.dumps({"model": {"layers": layers}, "input": {"shape": [2, 4]}}), "model"))
    assert refused.value.param == "layers[1].in_features"
