"""Composite models as data: the course's presets, builder stacks of registry layers, and
random architectures in the spirit of RMDL.

Every model is a `ModelPlan`: enough to build the module and to write the code that builds
it, so the page, the API and the exported script all read the same plan.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from torch import nn

from playground.registry.presets import home_module
from playground.registry.specs import Dist, ParamSpec, Shape, SpecError, get_spec
from playground.request.ranges import CLASSES as CLASSES_RANGE
from playground.request.ranges import DEFAULT_CLASSES, family_range
from playground.request.state import RandomSpec, StackLayer, check_known


@dataclass(frozen=True)
class ModelPlan:
    """How to build one model: a Sequential of registry layers, or a preset factory with arguments."""

    label: str
    layers: tuple[StackLayer, ...] = ()
    factory: str | None = None  # a class or function of the presets module `home`
    kwargs: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    needs: tuple[str, ...] = ()  # other objects of `home` the factory uses
    home: str = "extras"  # the module of playground.registry.presets it is in: one per course note, and ours

    def build(self) -> nn.Module:
        if self.factory is not None:
            return getattr(home_module(self.home), self.factory)(**self.kwargs)
        # the registry's defaults, not torch's: they are what the shapes were checked with; a
        # tied place reuses its layer's module, built once, in the stack's order
        modules: list[nn.Module] = []
        for item in self.layers:
            if item.same_as is not None:
                modules.append(modules[item.same_as])
            else:
                modules.append(get_spec(item.layer).build({**get_spec(item.layer).defaults(), **item.params}))
        return nn.Sequential(*modules)

    def expression(self) -> str:
        """The Python expression that builds this model, for the exported script."""
        if self.factory is not None:
            return f"{self.factory}({', '.join(f'{k}={v!r}' for k, v in self.kwargs.items())})"
        rows = []
        shared = {item.same_as for item in self.layers if item.same_as is not None}
        for place, item in enumerate(self.layers):
            if item.same_as is not None:
                rows.append(
                    f"    layer_{item.same_as},  # layer {item.same_as} again: the same module, its weights shared"
                )
                continue
            spec = get_spec(item.layer)
            inner, own = spec.split_kwargs({**spec.defaults(), **item.params})
            args = _arguments(spec.cls, own, item.params)
            if spec.wraps is not None:  # the layer it is built around, inline as its first argument
                wrapped = f"nn.{spec.wraps.cls.__name__}({_arguments(spec.wraps.cls, inner, item.params)})"
                args = ", ".join(filter(None, (wrapped, args)))
            built = f"nn.{spec.cls.__name__}({args})"
            # named where it is built, so that the layers before it draw first, as in the playground
            rows.append(f"    (layer_{place} := {built})," if place in shared else f"    {built},")
        return "nn.Sequential(\n" + "\n".join(rows) + "\n)"

    def sources(self) -> tuple[Callable[..., Any], ...]:
        """The preset classes and functions the exported script defines, before use."""
        if self.factory is None:
            return ()
        module = home_module(self.home)
        return tuple(getattr(module, name) for name in (*self.needs, self.factory))


Axis = int | str  # a size, or the name of the constructor argument the size follows


@dataclass(frozen=True)
class Preset:
    """One course model: where its classes live, the input the note feeds it, and the
    constructor arguments a person may set (the input's axes and token ids follow them)."""

    name: str
    home: str  # its module in playground.registry.presets (the note's)
    factory: str
    shape: tuple[Axis, ...]  # the note's input; an argument's name stands for its value
    dist: Dist
    about: str  # one or two sentences of our own
    args: tuple[ParamSpec, ...] = ()  # the constructor's arguments, in its order
    tokens: Axis = 0  # token ids are drawn below this
    shows: tuple[str, ...] = ()  # extra panels: "tied", "lazy", "pitfall", "forward"
    needs: tuple[str, ...] = ()  # the other classes of `home` the factory uses

    @property
    def arg_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.args)

    def check_args(self, given: Mapping[str, Any], where: str = "model.args") -> dict[str, Any]:
        """The arguments given, each checked strictly; a refusal names `where.<argument>`."""
        if not isinstance(given, Mapping):
            raise SpecError(where, f"{where} must be an object, got {type(given).__name__}")
        check_known(given, self.arg_names, f"{where}.", what=f"argument of {self.name}")
        checked = {}
        for spec in self.args:
            if spec.name in given:
                try:
                    checked[spec.name] = spec.coerce(given[spec.name])
                except SpecError as e:
                    raise SpecError(f"{where}.{spec.name}", f"{where}.{e.message}") from e
        return checked

    def with_defaults(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every argument: the checked ones given, the defaults for the rest, in the constructor's order."""
        checked = self.check_args(given)
        return {p.name: checked.get(p.name, p.default) for p in self.args}

    def input_shape_with(self, args: Mapping[str, Any]) -> Shape:
        full = self.with_defaults(args)
        return tuple(full[axis] if isinstance(axis, str) else axis for axis in self.shape)

    def vocab_with(self, args: Mapping[str, Any]) -> int:
        return int(self.with_defaults(args)[self.tokens]) if isinstance(self.tokens, str) else self.tokens

    def plan_with(self, args: Mapping[str, Any]) -> ModelPlan:
        kwargs = MappingProxyType(self.with_defaults(args))
        return ModelPlan(self.name, factory=self.factory, kwargs=kwargs, needs=self.needs, home=self.home)

    @property
    def input_shape(self) -> Shape:
        """The note's input, with every argument at its default."""
        return self.input_shape_with({})

    @property
    def vocab(self) -> int:
        return self.vocab_with({})

    @property
    def plan(self) -> ModelPlan:
        return self.plan_with({})


def _size(name: str, default: int, high: int, help_text: str) -> ParamSpec:
    """A size a student may change: an integer from 1 to `high` (bounded so that building
    the model to weigh it stays cheap: the largest is a few million parameters)."""
    return ParamSpec(name, "int", default, help_text, low=1, high=high, ui_max=high)


# the modules of playground.registry.presets, by the note each follows
BUILDING = "building_models"  # note 001
BUILDERS = "builders_guide"  # note 002
BASICS = "module_basics"  # note 003
CONSTRUCTION = "model_construction"  # note 004
OURS = "extras"  # not from the course: answers to its exercises, and our own examples

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "MyModel",
            BUILDING,
            "MyModel",
            (16, 100),
            Dist.UNIFORM,
            "The smallest useful network: 100 features to 200 hidden units, a ReLU, 10 outputs and a softmax "
            "that turns them into probabilities (given no dim, torch picks one and warns).",
        ),
        Preset(
            "LeNet",
            BUILDING,
            "LeNet",
            (1, 1, 32, 32),
            Dist.IMAGE,
            "The classic digit classifier on one 32x32 grey image: two convolution-and-pooling stages shrink "
            "it to 16 maps of 6x6, and three linear layers read those 576 numbers.",
        ),
        Preset(
            "LSTMTagger",
            BUILDING,
            "LSTMTagger",
            (5,),
            Dist.TOKENS,
            "Tags each word of a five-word sentence: word ids become vectors, an LSTM reads them in order, and "
            "a linear layer scores every tag per word as log-probabilities.",
            args=(
                _size("embedding_dim", 6, 256, "Length of each word's vector."),
                _size("hidden_dim", 6, 256, "Size of the LSTM's hidden state."),
                _size("vocab_size", 9, 10_000, "Number of words known: the ids drawn are below it."),
                _size("tagset_size", 3, 100, "Number of tags scored for each word."),
            ),
            tokens="vocab_size",
        ),
        Preset(
            "MLP",
            CONSTRUCTION,
            "MLP",
            (2, "input_size"),
            Dist.UNIFORM,
            "A custom module whose sizes are constructor arguments: its layers are attributes, and forward "
            "says how data flows through them.",
            args=(
                _size("input_size", 20, 1024, "Features of each input row."),
                _size("hidden_size", 256, 1024, "Units of the hidden layer."),
                _size("output_size", 10, 1024, "Outputs of each row."),
            ),
        ),
        Preset(
            "MLP784",
            BASICS,
            "MLP",
            (2, 784),
            Dist.UNIFORM,
            "An MLP from 784 inputs through 256 hidden units to 10: its ReLU is a child module, so the "
            "printout lists it between the two layers.",
        ),
        Preset(
            "LazyMLP",
            BUILDERS,
            "MLP",
            (2, 10),
            Dist.UNIFORM,
            "Lazy layers are given only their output size; the first forward sees the input and creates "
            "weights of the right shape.",
            shows=("lazy",),
        ),
        Preset(
            "MySequential",
            BUILDERS,
            "build_my_sequential",
            (2, 20),
            Dist.UNIFORM,
            "Sequential written by hand: add_module registers each block as l0, l1, ..., and forward runs "
            "them in order.",
            shows=("forward",),
            needs=("MySequential",),
        ),
        Preset(
            "MySequentialExe",
            BUILDERS,
            "build_my_sequential_exe",
            (2, 10),
            Dist.UNIFORM,
            "The same idea with the layers in a plain Python list: the forward still runs, but torch cannot "
            "see them, so the module prints empty, the state_dict is empty and an optimizer gets nothing.",
            shows=("pitfall",),
            needs=("MySequentialExe",),
        ),
        Preset(
            "LazyChimera",
            BUILDERS,
            "build_chimera",
            (2, 20),
            Dist.ARANGE,
            "Nesting all the way, with lazy layers: a Sequential holding NestMlp, a plain layer and "
            "FixedHiddenMLP, whose forward loops until its output is small.",
            needs=("NestMlp", "FixedHiddenMLP"),
        ),
        Preset(
            "ParameterAccess",
            BUILDERS,
            "build_parameter_net",
            (2, 4),
            Dist.UNIFORM,
            "A small Sequential to reach into: each parameter has a name like 2.weight, a shape, and no "
            "gradient until a backward pass.",
        ),
        Preset(
            "TiedMLP",
            BUILDERS,
            "build_tied_net",
            (2, 4),
            Dist.UNIFORM,
            "One Linear object placed at two positions: its weight is a single tensor, counted once, and a "
            "change through one position shows at the other.",
            shows=("tied",),
        ),
        Preset(
            "MyModule",
            BASICS,
            "MyModule",
            (2, 10),
            Dist.UNIFORM,
            "A ModuleList registers ten layers as a list would hold them; forward indexes it, so the first "
            "five layers also run a second time.",
            shows=("forward",),
        ),
        Preset(
            "FancyMLP",
            BASICS,
            "build_fancy_net",
            (2, 40),
            Dist.UNIFORM,
            "FancyMLP after a NestMLP and a plain layer: its forward reuses one layer and halves or scales "
            "the result by its norm, with a loop and an if.",
            needs=("NestMLP", "FancyMLP"),
        ),
        Preset(
            "FixedHiddenMLP",
            CONSTRUCTION,
            "FixedHiddenMLP",
            (2, 20),
            Dist.UNIFORM,
            "forward is ordinary Python: a constant random matrix that is never trained, one linear layer "
            "used twice (so its weights are shared), and a loop that halves the output until it is small.",
            shows=("forward",),
        ),
        Preset(
            "NestMLP",
            CONSTRUCTION,
            "NestMLP",
            (2, 20),
            Dist.UNIFORM,
            "A Sequential stored inside a custom module: modules contain modules.",
        ),
        Preset(
            "Chimera",
            CONSTRUCTION,
            "build_chimera",
            (2, 20),
            Dist.UNIFORM,
            "Nesting all the way: a Sequential holding NestMLP, a plain layer and FixedHiddenMLP, with sizes "
            "given explicitly.",
            needs=("NestMLP", "FixedHiddenMLP"),
        ),
        Preset(
            "ParallelModule",
            OURS,
            "build_parallel_module",
            (2, 20),
            Dist.UNIFORM,
            "Two networks read the same input side by side; their outputs are concatenated.",
            shows=("forward",),
            needs=("ParallelModule",),
        ),
        Preset(
            "BlockFactory",
            OURS,
            "build_block_factory",
            (2, 20),
            Dist.UNIFORM,
            "A factory makes four independent copies of one block and stacks them: same shape, separate weights.",
            needs=("BlockFactory", "Block"),
        ),
        Preset(
            "ModuleDictDemo",
            OURS,
            "ModuleDictDemo",
            (2, 16),
            Dist.UNIFORM,
            "A ModuleDict registers layers under names; forward looks them up by key.",
            shows=("forward",),
        ),
    )
}


# --- builder stacks ----------------------------------------------------------------------


_NO_DEFAULT = object()


def _arguments(cls: type[nn.Module], kwargs: Mapping[str, Any], given: Mapping[str, Any]) -> str:
    """What was given, and every registry default that torch would not pick itself."""
    shown = {k: v for k, v in kwargs.items() if k in given or torch_default(cls, k) != v}
    return ", ".join(f"{k}={v!r}" for k, v in shown.items())


def torch_default(cls: type[nn.Module], name: str) -> Any:
    """The default torch's own constructor gives a parameter (a sentinel when it has none)."""
    parameter = inspect.signature(cls.__init__).parameters.get(name)
    if parameter is None or parameter.default is inspect.Parameter.empty:
        return _NO_DEFAULT
    return parameter.default


def stackable(name: str) -> bool:
    """Sequential passes one tensor along: layers with one input and one output, losses excluded."""
    spec = get_spec(name)
    return spec.call_args == ("x",) and len(spec.output_names) == 1 and not spec.is_loss


# --- random architectures (RMDL) --------------------------------------------------------


RANDOM_INPUTS: dict[str, tuple[Shape, Dist]] = {
    "dense": ((2, 20), Dist.UNIFORM),
    "conv": ((2, 1, 28, 28), Dist.IMAGE),
    "recurrent": ((2, 12, 8), Dist.NORMAL),  # (N, L, H_in), batch first
}
CLASSES = DEFAULT_CLASSES


def random_plans(spec: RandomSpec, shape: Shape) -> tuple[ModelPlan, ...]:
    """Draw `count` architectures from the spec's ranges with Python's random, seeded: the same
    seed and ranges, the same ensemble (and, with every range at its default, the ensemble that
    seed drew before ranges could be set: each draw is made by the same call, in the same order)."""
    rng = random.Random(spec.seed)
    draw = {"dense": _random_dense, "conv": _random_conv, "recurrent": _random_recurrent}[spec.family]
    return tuple(draw(rng, spec, shape, f"{spec.family} #{i}") for i in range(spec.count))


def _pick(rng: random.Random, spec: RandomSpec, name: str) -> Any:
    return family_range(spec.family, name).pick(rng, spec.value(name))


def _random_dense(rng: random.Random, spec: RandomSpec, shape: Shape, label: str) -> ModelPlan:
    """Linear, activation, Dropout, `depth` times, then the classifier if there is one: the
    notes' flexible dense stack (Linear 200 -> 100 -> 50 -> 25, ReLU, Dropout(0.2)) is one draw."""
    width, layers = shape[-1], []
    for _ in range(_pick(rng, spec, "depth")):
        out = _pick(rng, spec, "widths")
        layers += [
            StackLayer("Linear", MappingProxyType({"in_features": width, "out_features": out})),
            StackLayer(_pick(rng, spec, "activations")),
            StackLayer("Dropout", MappingProxyType({"p": _pick(rng, spec, "dropouts")})),
        ]
        width = out
    classes = spec.value(CLASSES_RANGE)
    if classes is not None:
        layers.append(StackLayer("Linear", MappingProxyType({"in_features": width, "out_features": classes})))
    return ModelPlan(label, layers=tuple(layers))


def _random_conv(rng: random.Random, spec: RandomSpec, shape: Shape, label: str) -> ModelPlan:
    """Conv2d, activation and (while the map has room) a 2x2 max pooling, `depth` times; then,
    with a classifier, Flatten and a Linear; without one, the last maps are the output."""
    channels, height, width = shape[1], shape[2], shape[3]
    layers = []
    for _ in range(_pick(rng, spec, "depth")):
        filters, kernel = _pick(rng, spec, "channels"), _pick(rng, spec, "kernels")
        conv = {"in_channels": channels, "out_channels": filters, "kernel_size": kernel, "padding": kernel // 2}
        layers += [StackLayer("Conv2d", MappingProxyType(conv)), StackLayer(_pick(rng, spec, "activations"))]
        channels = filters
        if min(height, width) >= 4:  # pool only while the map has room: never down to nothing
            layers.append(StackLayer("MaxPool2d", MappingProxyType({"kernel_size": 2, "stride": 2})))
            height, width = height // 2, width // 2
    classes = spec.value(CLASSES_RANGE)
    if classes is not None:
        layers += [
            StackLayer("Flatten"),
            StackLayer("Linear", MappingProxyType({"in_features": channels * height * width, "out_features": classes})),
        ]
    return ModelPlan(label, layers=tuple(layers))


def _random_recurrent(rng: random.Random, spec: RandomSpec, shape: Shape, label: str) -> ModelPlan:
    """One recurrent layer (its input_size is the input's last axis), and a classifier on its
    last time step if there is one; without one, its output at every step is the model's."""
    kwargs = {
        "cell": _pick(rng, spec, "cells"),
        "input_size": shape[-1],
        "hidden_size": _pick(rng, spec, "hidden_sizes"),
        "num_layers": _pick(rng, spec, "depth"),
        "bidirectional": _pick(rng, spec, "directions") == 2,
        "classes": spec.value(CLASSES_RANGE),
    }
    return ModelPlan(label, factory="RecurrentNet", kwargs=MappingProxyType(kwargs))
