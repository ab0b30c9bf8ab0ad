"""The presets are the course's models: what each note prints, character for character.

Where a note prints a module (`print(model)` or a notebook cell ending in the module), the
text is copied here from the note: it is torch's own output, the fact a student compares the
page with. Each preset runs through the engine exactly as `/run_model` runs it (a JSON state,
the strict parser, `engine.run`), on the note's input, and its printout after that forward
must be the note's. Where a note builds a model without printing it, the structure it
declares (children, class names, sizes) is checked instead, with torch's own modules as the
oracle for shapes and parameter counts.
"""

from __future__ import annotations

import json
from collections import OrderedDict

import pytest
import torch
from test_models import seeded_preset
from torch import nn

from playground.lessons.printed import (  # the notes' printouts: one copy for tests and lessons
    LAZY_CHIMERA,
    MY_MODEL,
    MY_MODEL_LINEAR2,
    MY_SEQUENTIAL,
    MY_SEQUENTIAL_EXE,
    MY_SEQUENTIAL_L0,
    PARAMETER_NET,
    TIED_NET,
)
from playground.registry.models import PRESETS
from playground.registry.presets import builders_guide, building_models, model_construction
from playground.registry.specs import Dist, SpecError
from playground.request.state import state_from_json
from playground.run.engine import RunResult
from playground.run.engine import run as run_engine

CPU = torch.device("cpu")


def run_model(model: dict, **state) -> RunResult:
    """A model state through the path /run_model takes: JSON text, the strict parser, the engine."""
    result = run_engine(state_from_json(json.dumps({"model": model, **state}), "model"), CPU)
    assert result.ok, result.error
    return result


def run_preset(name: str) -> RunResult:
    return run_model({"preset": name})


# --- what the notes print, copied from them --------------------------------------------------


PRINTED = {
    "MyModel": MY_MODEL,
    "MySequential": MY_SEQUENTIAL,
    "LazyChimera": LAZY_CHIMERA,
    "MySequentialExe": MY_SEQUENTIAL_EXE,
    "ParameterAccess": PARAMETER_NET,
    "TiedMLP": TIED_NET,
}

# Each preset's input as its note feeds it: (shape, how it is drawn). Ours are marked.
NOTE_INPUTS: dict[str, tuple[tuple[int, ...], Dist]] = {
    "MyModel": ((16, 100), Dist.UNIFORM),  # 001: BATCH_SIZE 16, DIM_IN 100
    "LeNet": ((1, 1, 32, 32), Dist.IMAGE),  # 001: a 1x32x32 black and white image
    "LSTMTagger": ((5,), Dist.TOKENS),  # 001 gives no sentence: ours, five word ids
    "MLP": ((2, 20), Dist.UNIFORM),  # 004: torch.rand(2, 20)
    "MLP784": ((2, 784), Dist.UNIFORM),  # 003 runs none: its first layer takes 784 features
    "LazyMLP": ((2, 10), Dist.UNIFORM),  # 002: torch.rand((2, 10))
    "MySequential": ((2, 20), Dist.UNIFORM),  # 002: in_features=20 in its printout
    "MySequentialExe": ((2, 10), Dist.UNIFORM),  # 002: torch.rand(size=(2, 10))
    "LazyChimera": ((2, 20), Dist.ARANGE),  # 002: torch.arange(40.0).reshape(2, 20)
    "ParameterAccess": ((2, 4), Dist.UNIFORM),  # 002: torch.rand(size=(2, 4))
    "TiedMLP": ((2, 4), Dist.UNIFORM),  # 002: the same X
    "MyModule": ((2, 10), Dist.UNIFORM),  # 003 runs none: ten Linear(10, 10)
    "FancyMLP": ((2, 40), Dist.UNIFORM),  # 003 runs none: NestMLP's Linear(40, 30)
    "FixedHiddenMLP": ((2, 20), Dist.UNIFORM),  # 004: torch.rand(2, 20)
    "NestMLP": ((2, 20), Dist.UNIFORM),  # 004: its Linear(20, 64) on the same X
    "Chimera": ((2, 20), Dist.UNIFORM),  # 004: chimera(X), X = torch.rand(2, 20)
    "ParallelModule": ((2, 20), Dist.UNIFORM),  # ours
    "BlockFactory": ((2, 20), Dist.UNIFORM),  # ours
    "ModuleDictDemo": ((2, 16), Dist.UNIFORM),  # ours
}


def test_every_preset_has_its_notes_input():
    """The table above covers every preset (a new one must say where its input comes from)."""
    assert set(NOTE_INPUTS) == set(PRESETS)
    for name, (shape, dist) in NOTE_INPUTS.items():
        assert (PRESETS[name].input_shape, PRESETS[name].dist) == (shape, dist), name


@pytest.mark.parametrize("name", list(PRINTED))
def test_the_module_prints_as_in_the_note(name):
    """The page's printout after the forward on the note's input is the note's, to the character."""
    assert run_preset(name).module == PRINTED[name]


def test_the_notes_arange_input_is_the_one_fed():
    """002's chimera runs on torch.arange(40.0).reshape(2, 20): the very tensor the engine draws."""
    result = run_preset("LazyChimera")
    assert result.values["input"] == repr(torch.arange(40.0).reshape(2, 20))
    assert result.output_shape == ()  # FixedHiddenMLP returns a sum


def test_a_child_prints_as_in_the_note():
    """001 prints myModel.linear2 alone, 002 prints net.l0 after the forward."""
    model, _ = seeded_preset("MyModel", 42)
    assert repr(model.linear2) == MY_MODEL_LINEAR2
    model, _ = seeded_preset("MySequential", 42, ready=True)
    assert repr(model.l0) == MY_SEQUENTIAL_L0
    assert [name for name, _ in model.named_children()] == ["l0", "l1", "l2", "l3"]


def test_the_plain_list_module_registers_nothing():
    """002: net.state_dict() is OrderedDict() although the forward runs through three layers."""
    model, x = seeded_preset("MySequentialExe", 42, ready=True)
    assert repr(model.state_dict()) == "OrderedDict()"
    assert model.state_dict() == OrderedDict()
    assert tuple(model(x).shape) == (2, 1)
    result = run_preset("MySequentialExe")
    assert result.params == () and result.total_params == 0


def test_parameter_access_names_and_shapes():
    """002 lists [(name, param.shape) ...] after the forward; the page's state_dict table agrees,
    and no gradient exists before a backward pass."""
    model, _ = seeded_preset("ParameterAccess", 42, ready=True)
    named = [(name, param.shape) for name, param in model.named_parameters()]
    assert named == [
        ("0.weight", torch.Size([8, 4])),
        ("0.bias", torch.Size([8])),
        ("2.weight", torch.Size([1, 8])),
        ("2.bias", torch.Size([1])),
    ]
    assert model[2].weight.grad is None
    assert type(model[2].bias) is nn.Parameter
    result = run_preset("ParameterAccess")
    assert [(p.name, tuple(p.shape)) for p in result.params] == [(n, tuple(s)) for n, s in named]


def test_the_tied_layer_is_one_tensor_at_two_places():
    """002: net[2] and net[4] are one layer; a change through one shows through the other, and
    torch counts its parameters once."""
    model, _ = seeded_preset("TiedMLP", 42, ready=True)
    assert model[2] is model[4]
    model[2].weight.data[0, 0] = 100
    assert bool((model[2].weight.data == model[4].weight.data).all())
    assert float(model[4].weight.data[0, 0]) == 100
    once = sum(p.numel() for p in model.parameters())
    assert run_preset("TiedMLP").total_params == once == (4 * 8 + 8) + (8 * 8 + 8) + (8 * 1 + 1)


# --- what the notes declare without printing -------------------------------------------------

# Class names and parameter shapes each note's code gives (root class first).
LINEAR_10 = (("weight", (10, 10)), ("bias", (10,)))
TEN_LINEARS = {f"linears.{i}.{kind}": shape for i in range(10) for kind, shape in LINEAR_10}
DECLARED: dict[str, tuple[str, dict[str, tuple[int, ...]]]] = {
    "LeNet": (
        "LeNet",
        {
            "conv1.weight": (6, 1, 5, 5),
            "conv1.bias": (6,),
            "conv2.weight": (16, 6, 3, 3),
            "conv2.bias": (16,),
            "fc1.weight": (120, 576),
            "fc1.bias": (120,),
            "fc2.weight": (84, 120),
            "fc2.bias": (84,),
            "fc3.weight": (10, 84),
            "fc3.bias": (10,),
        },
    ),
    "MLP": ("MLP", {"hidden.weight": (256, 20), "hidden.bias": (256,), "out.weight": (10, 256), "out.bias": (10,)}),
    "LazyMLP": ("MLP", {"hidden.weight": (256, 10), "hidden.bias": (256,), "out.weight": (10, 256), "out.bias": (10,)}),
    "MLP784": (
        "MLP",
        {"hidden.weight": (256, 784), "hidden.bias": (256,), "output.weight": (10, 256), "output.bias": (10,)},
    ),
    "MyModule": (
        "MyModule",
        TEN_LINEARS,
    ),
    "FancyMLP": (
        "Sequential",
        {
            "0.net.0.weight": (30, 40),
            "0.net.0.bias": (30,),
            "1.weight": (20, 30),
            "1.bias": (20,),
            "2.linear.weight": (20, 20),
            "2.linear.bias": (20,),
        },
    ),
    "FixedHiddenMLP": ("FixedHiddenMLP", {"linear.weight": (20, 20), "linear.bias": (20,)}),
    "NestMLP": (
        "NestMLP",
        {
            "net.0.weight": (64, 20),
            "net.0.bias": (64,),
            "net.2.weight": (32, 64),
            "net.2.bias": (32,),
            "linear.weight": (16, 32),
            "linear.bias": (16,),
        },
    ),
    "Chimera": (
        "Sequential",
        {
            "0.net.0.weight": (64, 20),
            "0.net.0.bias": (64,),
            "0.net.2.weight": (32, 64),
            "0.net.2.bias": (32,),
            "0.linear.weight": (16, 32),
            "0.linear.bias": (16,),
            "1.weight": (20, 16),
            "1.bias": (20,),
            "2.linear.weight": (20, 20),
            "2.linear.bias": (20,),
        },
    ),
}
# the class names a nested preset prints for its children, as its note names them
CHILD_CLASSES = {
    "FancyMLP": ["NestMLP", "Linear", "FancyMLP"],
    "Chimera": ["NestMLP", "Linear", "FixedHiddenMLP"],
    "LazyChimera": ["NestMlp", "Linear", "FixedHiddenMLP"],
}


@pytest.mark.parametrize("name", list(DECLARED))
def test_declared_structure(name):
    """Class names and every parameter's shape as the note declares them, on the page and in torch."""
    root, shapes = DECLARED[name]
    result = run_preset(name)
    assert result.module.split("(", 1)[0] == root
    assert {p.name: tuple(p.shape) for p in result.params} == shapes
    model, _ = seeded_preset(name, 42, ready=True)
    assert {n: tuple(p.shape) for n, p in model.state_dict().items()} == shapes


@pytest.mark.parametrize("name", list(CHILD_CLASSES))
def test_nested_presets_keep_the_notes_class_names(name):
    model, _ = seeded_preset(name, 42, ready=True)
    assert [type(child).__name__ for child in model.children()] == CHILD_CLASSES[name]


def test_the_two_nestmlps_and_three_mlps_are_the_notes_own():
    """The same class name, different bodies, one per note: each preset builds its note's."""
    assert type(seeded_preset("LazyMLP", 0)[0]) is builders_guide.MLP
    assert type(seeded_preset("MLP", 0)[0]) is model_construction.MLP
    assert type(seeded_preset("MLP784", 0)[0]).__module__.endswith("module_basics")
    nest_003 = seeded_preset("FancyMLP", 0)[0][0]
    nest_004 = seeded_preset("Chimera", 0)[0][0]
    assert type(nest_003).__name__ == type(nest_004).__name__ == "NestMLP"
    assert type(nest_003) is not type(nest_004)


def test_fancy_mlp_rescales_by_the_norm():
    """003's forward: halve while the norm is over 1, then times 10 if under 0.8, and sum. Its
    output, recomputed here step by step with the module's own weights, is the engine's."""
    model, x = seeded_preset("FancyMLP", 42)
    fancy = model[2]
    h = fancy.linear(torch.relu(torch.mm(fancy.linear(model[1](model[0](x))), fancy.rand_weight) + 1))
    while h.norm().item() > 1:
        h = h / 2
    if h.norm().item() < 0.8:
        h = h * 10
    assert run_preset("FancyMLP").values["output"] == repr(h.sum())


def test_my_module_calls_earlier_layers_again():
    """003's loop: x = linears[i // 2](x) + linears[i](x), ten times; the engine's output is it."""
    model, x = seeded_preset("MyModule", 42)
    h = x
    for i in range(10):
        h = model.linears[i // 2](h) + model.linears[i](h)
    assert run_preset("MyModule").values["output"] == repr(h)


# --- every preset through the engine ---------------------------------------------------------


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_runs_on_its_notes_input(name):
    """Through /run_model's path on the note's input: the output, printout and parameter count
    are those of the same seeded torch module fed the same tensor."""
    shape, _ = NOTE_INPUTS[name]
    result = run_model({"preset": name}, input={"shape": list(shape)})
    model, x = seeded_preset(name, 42)
    model.train()  # the engine's default mode, torch's own
    output = model(x)
    assert result.input_shape == shape == tuple(x.shape)
    assert result.output_shape == tuple(output.shape)
    assert result.values["output"] == repr(output)
    assert result.module == repr(model)
    assert result.total_params == sum(p.numel() for p in model.parameters())


# --- constructor arguments --------------------------------------------------------------------


def test_mlp_args_shape_the_module_as_torch_does():
    """004's MLP(input_size, hidden_size, output_size): the sizes given build those layers, and
    the input takes input_size features."""
    args = {"input_size": 30, "hidden_size": 64, "output_size": 5}
    result = run_model({"preset": "MLP", "args": args})
    torch.manual_seed(42)
    model = model_construction.MLP(**args)
    x = torch.rand(2, 30)
    assert result.input_shape == (2, 30)
    assert result.output_shape == tuple(model(x).shape) == (2, 5)
    assert result.module == repr(model)
    assert {p.name: tuple(p.shape) for p in result.params} == {n: tuple(t.shape) for n, t in model.state_dict().items()}
    assert result.total_params == sum(p.numel() for p in model.parameters()) == 30 * 64 + 64 + 64 * 5 + 5
    assert result.values["output"] == repr(model(x))
    assert "model = MLP(input_size=30, hidden_size=64, output_size=5)" in result.code
    assert result.state["model"] == {"preset": "MLP", "args": args}


def test_mlp_with_the_notes_lazy_input_size():
    """002's MLP input (2, 10) also fits 004's MLP when input_size is 10."""
    result = run_model({"preset": "MLP", "args": {"input_size": 10}})
    assert result.input_shape == (2, 10)
    assert result.module.splitlines()[1] == "  (hidden): Linear(in_features=10, out_features=256, bias=True)"


def test_lstm_tagger_args():
    """001's LSTMTagger(embedding_dim, hidden_dim, vocab_size, tagset_size): the sizes reach the
    embedding, the LSTM and the classifier, and the word ids are drawn below vocab_size."""
    args = {"embedding_dim": 8, "hidden_dim": 12, "vocab_size": 50, "tagset_size": 4}
    result = run_model({"preset": "LSTMTagger", "args": args})
    torch.manual_seed(42)
    model = building_models.LSTMTagger(**args)
    assert result.module == repr(model)
    assert {p.name: tuple(p.shape) for p in result.params} == {n: tuple(t.shape) for n, t in model.state_dict().items()}
    assert result.output_shape == (5, 4)
    _, x = seeded_preset("LSTMTagger", 42, args=args)
    assert result.values["input"] == repr(x)
    assert 9 <= int(x.max()) < 50  # past the default vocabulary of 9, within the one given
    assert "model = LSTMTagger(embedding_dim=8, hidden_dim=12, vocab_size=50, tagset_size=4)" in result.code


def test_args_left_out_take_the_defaults_and_are_written_out():
    """The state as it ran spells every argument; fed back it runs the same model."""
    result = run_model({"preset": "MLP", "args": {"hidden_size": 7}})
    full = {"input_size": 20, "hidden_size": 7, "output_size": 10}
    assert result.state["model"] == {"preset": "MLP", "args": full}
    again = run_engine(state_from_json(json.dumps(result.state), "model"), CPU)
    assert again.module == result.module and again.values == result.values
    plain = run_model({"preset": "MLP"})
    assert plain.state["model"] == {"preset": "MLP", "args": {**full, "hidden_size": 256}}


def test_the_input_must_follow_the_args():
    """input_size 30 and a 20-feature input do not fit: refused as input.shape."""
    state = {"model": {"preset": "MLP", "args": {"input_size": 30}}, "input": {"shape": [2, 20]}}
    result = run_engine(state_from_json(json.dumps(state), "model"), CPU)
    assert not result.ok and result.error.param == "input.shape"
    assert "30" in result.error.message


@pytest.mark.parametrize(
    ("model", "param"),
    [
        ({"preset": "MLP", "args": {"wat": 1}}, "model.args.wat"),
        ({"preset": "MLP", "args": {"hidden_size": 1.5}}, "model.args.hidden_size"),
        ({"preset": "MLP", "args": {"hidden_size": "64"}}, "model.args.hidden_size"),
        ({"preset": "MLP", "args": {"hidden_size": True}}, "model.args.hidden_size"),
        ({"preset": "MLP", "args": {"hidden_size": None}}, "model.args.hidden_size"),
        ({"preset": "MLP", "args": {"input_size": 0}}, "model.args.input_size"),
        ({"preset": "MLP", "args": {"output_size": 1025}}, "model.args.output_size"),
        ({"preset": "LSTMTagger", "args": {"vocab_size": -1}}, "model.args.vocab_size"),
        ({"preset": "MLP", "args": [20]}, "model.args"),
        ({"preset": "LeNet", "args": {"input_size": 20}}, "model.args.input_size"),
        ({"layers": [{"layer": "ReLU"}], "args": {}}, "model.args"),
        ({"random": {"family": "dense"}, "args": {}}, "model.args"),
        ({"args": {"input_size": 20}}, "model"),
        ({"preset": "MLP", "args": {}, "wat": 1}, "model"),
    ],
)
def test_bad_args_are_refused_by_field(model, param):
    """Strict, like the rest of the state: the field is named, and the message names it too."""
    with pytest.raises(SpecError) as refused:
        state_from_json(json.dumps({"model": model}), "model")
    assert refused.value.param == param
    assert param in refused.value.message or param == "model"


def test_the_largest_args_still_run():
    """The upper bounds are sizes the engine builds and runs within its guard."""
    biggest = {p.name: int(p.high) for p in PRESETS["MLP"].args}
    result = run_model({"preset": "MLP", "args": biggest})
    assert result.total_params == 1024 * 1024 * 2 + 1024 * 2


def test_the_measured_models_are_bounded(monkeypatch):
    """Each set of arguments is a model weighed once; a worker keeps the latest 1024, not all."""
    from playground.run import model_engine

    older = {(f"old {i}", (2, 20), "uniform", 0): (0, 0, 0, 0) for i in range(1024)}
    monkeypatch.setattr(model_engine, "_MEASURED", older)
    plan = PRESETS["MLP"].plan_with({"hidden_size": 3})
    flops, _, parameters, _ = model_engine._measured(plan.expression(), plan, (2, 20), "uniform", 0)
    assert len(older) == 1024 and ("old 0", (2, 20), "uniform", 0) not in older
    assert parameters == sum(p.numel() for p in model_construction.MLP(20, 3, 10).parameters())
    assert flops == 2 * 2 * (20 * 3 + 3 * 10)  # torch's count: two per multiply-add
