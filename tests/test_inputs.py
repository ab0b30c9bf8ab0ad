"""A notebook's ways of making an input, held to torch: a draw scaled and shifted, a tensor typed
by hand, the module called twice on one input, reductions printed beside the tensors, and a
random stream that earlier cells already drew from.

The oracle is the few lines of plain torch a student types, run here beside the engine; the
exported code's agreement with the engine is tests/test_codegen.py's."""

from __future__ import annotations

import json
import re

import pytest
import torch
from torch import nn

from playground.registry.specs import REGISTRY, SpecError
from playground.render import report
from playground.request.plan import resolve
from playground.request.state import InputState, State, state_from_dict, state_from_json
from playground.run import engine

CPU = torch.device("cpu")


def printed(state: State) -> dict[str, str]:
    result = engine.run(state, CPU)
    assert result.ok, result.error
    return result.values


def test_a_scaled_and_shifted_draw_is_the_draw_times_scale_plus_shift():
    state = State("BatchNorm1d", {"num_features": 4}, InputState((1, 4, 4), "uniform", 7, scale=20, shift=5))
    torch.manual_seed(7)
    norm = nn.BatchNorm1d(4)
    x = torch.rand(1, 4, 4) * 20 + 5
    values = printed(state)
    assert values["input"] == repr(x)
    assert values["output"] == repr(norm(x))


def test_a_negative_shift_subtracts():
    state = State("Identity", input=InputState((3,), "normal", 1, scale=0.5, shift=-2))
    torch.manual_seed(1)
    x = torch.randn(3) * 0.5 - 2
    assert printed(state)["input"] == repr(x)


def test_a_typed_tensor_is_fed_as_typed_and_gives_the_shape():
    params = {"in_features": 3, "out_features": 2}
    state = state_from_json(json.dumps({"layer": "Linear", "params": params, "input": {"values": [[1, 2.5, -3]]}}))
    assert state.input.shape == (1, 3)
    torch.manual_seed(42)
    linear = nn.Linear(3, 2)
    x = torch.tensor([[1.0, 2.5, -3.0]])  # typed integers become floats, as a Linear needs
    values = printed(state)
    assert values["input"] == repr(x)
    assert values["output"] == repr(linear(x))


def test_typed_token_ids_stay_integers_and_must_be_rows_the_embedding_has():
    params = {"num_embeddings": 10, "embedding_dim": 3}
    state = State("Embedding", params, InputState(values=((1, 4), (9, 0))))
    torch.manual_seed(42)
    embedding = nn.Embedding(10, 3)
    ids = torch.tensor([[1, 4], [9, 0]])
    values = printed(state)
    assert values["input"] == repr(ids)
    assert values["output"] == repr(embedding(ids))
    with pytest.raises(SpecError, match=r"token ids must be in \[0, 9\]"):
        resolve(State("Embedding", params, InputState(values=((10,),))))


def test_called_twice_shows_two_dropout_masks_as_torch_draws_them():
    state = State("Dropout", {"p": 0.4}, InputState((1, 4, 4), "uniform", 3), calls=2)
    torch.manual_seed(3)
    dropout = nn.Dropout(p=0.4)
    x = torch.rand(1, 4, 4)
    first, second = dropout(x), dropout(x)
    values = printed(state)
    assert (values["output"], values["output (call 2)"]) == (repr(first), repr(second))
    assert values["output"] != values["output (call 2)"]  # two masks, or the step shows nothing


def test_prints_are_the_reductions_torch_gives():
    state = State("Tanh", input=InputState((2, 5), "normal", 11), prints=("input.mean()", "output.std()"))
    torch.manual_seed(11)
    x = torch.randn(2, 5)
    values = printed(state)
    assert values["input.mean()"] == repr(x.mean())
    assert values["output.std()"] == repr(torch.tanh(x).std())


def test_a_run_after_earlier_cells_continues_their_stream():
    """Cell one seeds and builds a Linear and draws its input; cell two draws without seeding."""
    earlier = (
        State("Linear", {"in_features": 4, "out_features": 3}, InputState((1, 4), "uniform")),
        State("Dropout", input=InputState((2, 5), "normal"), calls=2),  # a train-mode Dropout draws its masks too
    )
    state = State("MaxPool2d", {"kernel_size": 3}, InputState((1, 6, 6), "uniform", 42, after=earlier))
    torch.manual_seed(42)
    linear = nn.Linear(4, 3)
    linear(torch.rand(1, 4))
    dropout = nn.Dropout()
    x = torch.randn(2, 5)
    dropout(x), dropout(x)
    x = torch.rand(1, 6, 6)
    values = printed(state)
    assert values["input"] == repr(x)
    assert values["output"] == repr(nn.MaxPool2d(3)(x))
    assert values["input"] != printed(State("MaxPool2d", {"kernel_size": 3}, InputState((1, 6, 6), "uniform")))["input"]


def test_the_state_round_trips_through_json_with_every_new_field():
    state = State(
        "Dropout",
        {"p": 0.4},
        InputState((1, 2), "uniform", 5, 2.5, -1, None, (State("Linear", input=InputState((1, 8))),)),
        calls=2,
        prints=("output.sum()",),
    )
    again = state_from_json(json.dumps(state.to_dict()))
    assert again.to_dict() == state.to_dict()
    assert again.input.after[0].layer == "Linear" and again.calls == 2 and again.input.scale == 2.5


def test_a_plain_state_writes_none_of_the_new_fields():
    """Clients written before these fields read the same JSON as before."""
    data = State("Linear").to_dict()
    assert set(data) == {"v", "layer", "params", "input", "mode", "backward"}
    assert set(data["input"]) == {"shape", "dist", "seed"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"calls": 3}, "calls"),
        ({"calls": True}, "calls"),
        ({"prints": ["input.median()"]}, "prints"),
        ({"prints": ["weight.mean()"]}, "prints"),
        ({"input": {"scale": "20"}}, "input.scale"),
        ({"input": {"shift": 1e9}}, "input.shift"),
        ({"input": {"values": [[1, 2], [3]]}}, "input.values"),
        ({"input": {"values": [[]]}}, "input.values"),
        ({"input": {"values": [[1, True]]}}, "input.values"),
        ({"input": {"values": [list(range(300))]}}, "input.values"),
        ({"input": {"values": [[1, 2]], "shape": [2, 1]}}, "input.shape"),
        ({"input": {"after": {"layer": "Linear"}}}, "input.after"),
        ({"input": {"after": [{"layer": "Nope"}]}}, "input.after[0]"),
        (
            {"input": {"after": [{"layer": "Linear", "input": {"after": [{"layer": "Linear"}]}}]}},
            "input.after[0].input.after",
        ),
    ],
)
def test_strict_refusals_name_their_field(change, field):
    data = {"layer": "Linear", **change}
    with pytest.raises(SpecError) as refused:
        state_from_dict(data)
    assert refused.value.param is not None and refused.value.param.startswith(field)


def test_calling_twice_is_refused_for_a_layer_of_several_outputs():
    with pytest.raises(SpecError, match="several tensors"):
        state_from_dict({"layer": "LSTM", "calls": 2})


@pytest.mark.parametrize(("field", "value"), [("values", [[1.0]]), ("after", [{"layer": "Linear"}])])
def test_a_model_draws_its_input(field, value):
    with pytest.raises(SpecError) as refused:
        state_from_dict({"model": {"preset": "LeNet"}, "input": {field: value}})
    assert refused.value.param == f"input.{field}"


MULTI_INPUT = [name for name, spec in REGISTRY.items() if len(spec.call_args) > 1 and len(set(spec.call_args)) > 1]


@pytest.mark.parametrize("name", MULTI_INPUT)
def test_the_shapes_row_names_every_tensor_the_forward_takes(name):
    """A loss's target, a decoder's memory, Bilinear's second input: the summary's Shapes row
    lists each with its shape, and torch's module, called on tensors of exactly those shapes,
    gives the output shape the row states (the oracle is torch, not the engine's records)."""
    result = engine.run(State(name), torch.device("cpu"))
    row = report.summary_markdown(result).splitlines()[0]
    given, _, produced = row.removeprefix("- **Shapes**: ").partition(" → ")
    pairs = re.findall(r"(\w+) (?:scalar )?\(([\d, ]*)\)", given)
    assert [n for n, _ in pairs] == list(result.inputs) and len(pairs) == len(REGISTRY[name].call_args)
    spec = REGISTRY[name]
    module = spec.build(spec.defaults()).eval()
    integer = name in ("CrossEntropyLoss", "NLLLoss")
    tensors = [
        torch.zeros(tuple(int(d) for d in dims.replace(" ", "").split(",") if d), dtype=torch.long)
        if integer and n == "target"
        else torch.rand(tuple(int(d) for d in dims.replace(" ", "").split(",") if d))
        for n, dims in pairs
    ]
    out = module(*tensors)
    out = out[0] if isinstance(out, tuple) else out
    first = re.match(r"`\w+` (?:scalar )?\(([\d, ]*)\)", produced)
    assert first is not None
    assert tuple(out.shape) == tuple(int(d) for d in first.group(1).replace(" ", "").split(",") if d)
