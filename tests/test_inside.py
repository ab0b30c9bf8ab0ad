"""Inside a model: a submodule's print, state_dict and parameters, checked against torch itself.

The oracle is a model built here from torch alone, with the seed and the order of the
reproducibility contract (seed, build, draw, forward, backward): the playground's texts must be
the very characters `print(net[2].state_dict())`, `print(type(net[2].bias))` and
`print(net[2].weight.grad)` give in a notebook, before a backward (None) and after one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from helpers import Scripts, call_api, early, started
from torch import nn

from playground.isolation.runner import InProcess
from playground.records import RunResult
from playground.registry.specs import SpecError
from playground.render import report
from playground.request.link import Link, View, link_from_query, link_to_query
from playground.request.state import state_from_dict, state_from_json
from playground.run import model_engine
from playground.run.engine import run
from playground.ui.api import Api

CPU = torch.device("cpu")
STACK = {
    "model": {
        "layers": [
            {"layer": "Linear", "params": {"in_features": 4, "out_features": 8}},
            {"layer": "ReLU", "params": {}},
            {"layer": "Linear", "params": {"in_features": 8, "out_features": 1}},
        ]
    },
    "input": {"shape": [2, 4], "dist": "normal", "seed": 7},
}
PARAMETER_ACCESS = {"model": {"preset": "ParameterAccess"}, "input": {"shape": [2, 4], "seed": 42}}
MY_MODEL = {"model": {"preset": "MyModel"}, "input": {"shape": [3, 100], "seed": 5}}


class NotesModel(nn.Module):
    """The first note's MyModel, written again here so that the oracle does not lean on ours."""

    def __init__(self) -> None:
        super().__init__()
        self.linear1 = nn.Linear(100, 200)
        self.activation = nn.ReLU()
        self.linear2 = nn.Linear(200, 10)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.softmax(self.linear2(self.activation(self.linear1(x))))


def oracle(case: str, backward: bool) -> nn.Module:
    """The case's model as a notebook builds and runs it: seed, build, draw, forward, backward."""
    if case == "stack":
        torch.manual_seed(7)
        net: nn.Module = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        x = torch.randn(2, 4)
    elif case == "ParameterAccess":  # the notes' net: lazy layers, shapes known after the first call
        torch.manual_seed(42)
        net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
        x = torch.rand(2, 4)
    else:
        torch.manual_seed(5)
        net = NotesModel()
        x = torch.rand(3, 100)
    if backward:
        x.requires_grad_(True)
    output = net(x)
    if backward:
        output.sum().backward()
    return net


CASES = {"stack": (STACK, "2"), "ParameterAccess": (PARAMETER_ACCESS, "2"), "MyModel": (MY_MODEL, "linear2")}


def run_inside(state: dict, inside: str, backward: bool) -> RunResult:
    result = run(state_from_dict({**state, "inside": inside, "backward": backward}, "model"), CPU)
    assert result.ok, result.error
    return result


@pytest.mark.parametrize("backward", [False, True], ids=["no-backward", "backward"])
@pytest.mark.parametrize("case", list(CASES))
def test_inside_texts_are_torchs_own(case: str, backward: bool) -> None:
    """print(submodule), its state_dict, each parameter's type, shape, requires_grad and grad:
    the characters torch prints for the same model, None for every grad before a backward."""
    state, name = CASES[case]
    inside = run_inside(state, name, backward).inside
    assert inside is not None
    submodule = oracle(case, backward).get_submodule(name)
    assert inside.module == repr(submodule)
    assert inside.state_dict == repr(submodule.state_dict())
    expected = list(submodule.named_parameters())
    assert [p.name for p in inside.parameters] == [n for n, _ in expected] == ["weight", "bias"]
    for record, (_, parameter) in zip(inside.parameters, expected, strict=True):
        assert f"<class '{record.type}'>" == str(type(parameter)) == "<class 'torch.nn.parameter.Parameter'>"
        assert record.shape == tuple(parameter.shape)
        assert record.requires_grad is parameter.requires_grad is True
        if backward:
            assert parameter.grad is not None
            assert record.grad == repr(parameter.grad)
        else:
            assert parameter.grad is None and record.grad is None


def test_the_notes_values_a_lazy_net_shows_after_its_first_call() -> None:
    """net[2] of the notes' lazy net has in_features 8 once it has run, and its bias grad is the
    batch size (the sum's gradient reaches the bias once per row)."""
    inside = run_inside(PARAMETER_ACCESS, "2", True).inside
    assert inside is not None
    assert inside.module == "Linear(in_features=8, out_features=1, bias=True)"
    assert inside.access == "model[2]"
    assert [p.shape for p in inside.parameters] == [(1, 8), (1,)]
    assert inside.parameters[1].grad == repr(torch.tensor([2.0]))


def test_the_whole_model_and_a_nested_submodule() -> None:
    """ "" is the model itself (its state_dict holds every layer's entries); a nested name is reached
    by index through Sequentials and by attribute elsewhere, as a student would write it."""
    whole = run_inside(STACK, "", False).inside
    assert whole is not None and whole.access == "model"
    assert [p.name for p in whole.parameters] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert whole.parameters[0].access == "model[0].weight"
    chimera = run(state_from_dict({"model": {"preset": "LazyChimera"}, "inside": "0.net.0"}, "model"), CPU)
    assert chimera.ok, chimera.error
    assert chimera.inside is not None and chimera.inside.access == "model[0].net[0]"
    assert chimera.inside.module.startswith("Linear(in_features=20")
    my_model = run_inside(MY_MODEL, "linear2", False).inside
    assert my_model is not None and my_model.parameters[0].access == "model.linear2.weight"


def test_unknown_names_and_ensembles_are_refused_by_the_field() -> None:
    result = run(state_from_dict({**STACK, "inside": "3"}, "model"), CPU)
    assert not result.ok and result.error is not None
    assert result.error.param == "inside"
    assert "'3'" in result.error.message and "'0', '1', '2'" in result.error.message
    assert "'' (the model)" in result.error.message
    with pytest.raises(SpecError) as caught:
        state_from_dict({"model": {"random": {"family": "dense", "count": 3}}, "inside": "0"}, "model")
    assert caught.value.param == "inside" and "3" in caught.value.message
    with pytest.raises(SpecError) as caught:
        state_from_dict({**STACK, "inside": 2}, "model")
    assert caught.value.param == "inside"
    with pytest.raises(SpecError) as caught:  # a layer run has no submodules to name
        state_from_dict({"layer": "Linear", "inside": "weight"}, "layer")
    assert caught.value.param == "inside"
    single = run(state_from_dict({"model": {"random": {"family": "dense", "count": 1}}, "inside": ""}, "model"), CPU)
    assert single.ok and single.inside is not None


def test_no_inside_asked_records_only_the_names() -> None:
    """Looking inside costs printing every tensor of the submodule: only where asked."""
    result = run(state_from_dict(STACK, "model"), CPU)
    assert result.inside is None
    torch.manual_seed(7)
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    assert result.submodules == tuple(name for name, _ in net.named_modules())
    assert "state_dict()" not in result.code


def test_the_api_result_carries_it() -> None:
    """/run_model's JSON: `submodules`, and `inside` with texts, types, shapes and grads."""
    api = Api(InProcess())
    answer = json.loads(api.run_model(json.dumps({**PARAMETER_ACCESS, "inside": "2", "backward": True})))
    assert answer["ok"], answer["error"]
    assert answer["state"]["inside"] == "2"
    assert answer["submodules"] == ["", "0", "1", "2"]
    net = oracle("ParameterAccess", True)
    inside = answer["inside"]
    assert inside["state_dict"] == repr(net[2].state_dict())
    assert inside["parameters"] == [
        {
            "name": name,
            "type": "torch.nn.parameter.Parameter",
            "shape": list(p.shape),
            "requires_grad": True,
            "grad": repr(p.grad),
        }
        for name, p in net[2].named_parameters()
    ]
    refused = json.loads(api.run_model(json.dumps({**PARAMETER_ACCESS, "inside": "net.2"})))
    assert refused == {"ok": False, "error": {"param": "inside", "message": refused["error"]["message"]}}
    assert "'net.2'" in refused["error"]["message"]


@pytest.mark.server
def test_the_api_over_http(server_url: str) -> None:
    answer = call_api(server_url, "run_model", json.dumps({**MY_MODEL, "inside": "linear2"}))
    assert answer["ok"], answer["error"]
    assert answer["inside"]["module"] == repr(NotesModel().linear2)
    assert [p["grad"] for p in answer["inside"]["parameters"]] == [None, None]


SCRIPT_CASES = {
    f"{case}-{'backward' if backward else 'forward'}": {**state, "inside": name, "backward": backward}
    for case, (state, name) in CASES.items()
    for backward in (False, True)
} | {"chimera-nested": {"model": {"preset": "LazyChimera"}, "inside": "0.net", "backward": True}}


@early
def exported(folder: Path) -> tuple[dict[str, RunResult], Scripts]:
    results = {key: run(state_from_json(json.dumps(state), "model"), CPU) for key, state in SCRIPT_CASES.items()}
    assert all(result.ok for result in results.values())
    return results, Scripts(folder, {key: result.code for key, result in results.items()})


@pytest.mark.parametrize("key", list(SCRIPT_CASES))
def test_the_exported_script_prints_the_pages_texts(key: str) -> None:
    """The script's last lines print the submodule exactly as the page shows it."""
    results, scripts = started(exported)
    result = results[key]
    assert result.inside is not None
    printed = scripts.printed()[key]
    texts = [text for _, text in result.inside.printed()]
    assert printed.endswith("\n".join(texts) + "\n"), result.code
    assert printed.startswith(result.values["input"] + "\n" + result.values["output"] + "\n")


def test_a_link_carries_the_pick() -> None:
    """`inside=2` in a model link, `inside=` for the model itself; a layer or an ensemble of several
    has no one model to look into, and the link names the part it ignored."""
    state = state_from_dict({**PARAMETER_ACCESS, "inside": "2", "backward": True}, "model")
    query = link_to_query(Link(state, View(panel="inside")))
    assert "inside=2" in query and "panel=inside" in query
    link, ignored = link_from_query(query)
    assert link.state == state and link.view.panel == "inside" and ignored == []
    whole, _ = link_from_query("model=MyModel&inside=")
    assert whole.state.inside == ""
    for query in ("layer=Linear&inside=weight", "random=dense&count=3&inside=0", "model=LeNet&inside=" + "x" * 300):
        link, ignored = link_from_query(query)
        assert link.state.inside is None
        assert any(part.startswith("inside=") for part in ignored), query


def test_a_big_submodule_lists_a_bounded_number_of_parameters() -> None:
    """The state_dict is whole; the parameters listed one by one stop at the bound, and say so."""
    layers = [{"layer": "Linear", "params": {"in_features": 4, "out_features": 4}}] * 20
    state = {"model": {"layers": layers}, "input": {"shape": [1, 4], "seed": 3}, "inside": ""}
    result = run(state_from_dict(state, "model"), CPU)
    assert result.ok and result.inside is not None
    torch.manual_seed(3)
    net = nn.Sequential(*(nn.Linear(4, 4) for _ in range(20)))
    assert result.inside.state_dict == repr(net.state_dict())
    assert len(result.inside.parameters) == model_engine.MAX_INSIDE_PARAMETERS
    assert result.inside.left_out == 40 - model_engine.MAX_INSIDE_PARAMETERS
    assert f"the {result.inside.left_out} others are in the state_dict" in report.inside_markdown(result)
