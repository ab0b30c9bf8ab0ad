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

from playground.registry import presets
from playground.registry.specs import Dist, Shape, get_spec
from playground.request.state import RandomSpec, StackLayer


@dataclass(frozen=True)
class ModelPlan:
    """How to build one model: a Sequential of registry layers, or a preset factory with arguments."""

    label: str
    layers: tuple[StackLayer, ...] = ()
    factory: str | None = None  # a class or function of playground.registry.presets
    kwargs: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    needs: tuple[str, ...] = ()  # other presets objects the factory uses

    def build(self) -> nn.Module:
        if self.factory is not None:
            return getattr(presets, self.factory)(**self.kwargs)
        # the registry's defaults, not torch's: they are what the shapes were checked with
        return nn.Sequential(
            *(get_spec(i.layer).build({**get_spec(i.layer).defaults(), **i.params}) for i in self.layers)
        )

    def expression(self) -> str:
        """The Python expression that builds this model, for the exported script."""
        if self.factory is not None:
            return f"{self.factory}({', '.join(f'{k}={v!r}' for k, v in self.kwargs.items())})"
        rows = []
        for item in self.layers:
            spec = get_spec(item.layer)
            inner, own = spec.split_kwargs({**spec.defaults(), **item.params})
            args = _arguments(spec.cls, own, item.params)
            if spec.wraps is not None:  # the layer it is built around, inline as its first argument
                wrapped = f"nn.{spec.wraps.cls.__name__}({_arguments(spec.wraps.cls, inner, item.params)})"
                args = ", ".join(filter(None, (wrapped, args)))
            rows.append(f"    nn.{spec.cls.__name__}({args}),")
        return "nn.Sequential(\n" + "\n".join(rows) + "\n)"

    def sources(self) -> tuple[Callable[..., Any], ...]:
        """The preset classes and functions the exported script defines, before use."""
        if self.factory is None:
            return ()
        return tuple(getattr(presets, name) for name in (*self.needs, self.factory))


@dataclass(frozen=True)
class Preset:
    name: str
    plan: ModelPlan
    input_shape: Shape
    dist: Dist
    about: str  # one or two sentences of our own
    vocab: int = 0  # token ids are drawn below this
    shows: tuple[str, ...] = ()  # extra panels: "tied", "lazy", "pitfall", "forward"


def _preset(
    name: str, factory: str, shape: Shape, dist: Dist, about: str, needs: tuple[str, ...] = (), **extra: Any
) -> Preset:
    return Preset(name, ModelPlan(name, factory=factory, needs=needs), shape, dist, about, **extra)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "MyModel",
            "MyModel",
            (16, 100),
            Dist.UNIFORM,
            "The smallest useful network: 100 features to 200 hidden units, a ReLU, 10 outputs and a softmax "
            "that turns them into probabilities.",
        ),
        _preset(
            "LeNet",
            "LeNet",
            (1, 1, 32, 32),
            Dist.IMAGE,
            "The classic digit classifier on one 32x32 grey image: two convolution-and-pooling stages shrink "
            "it to 16 maps of 6x6, and three linear layers read those 576 numbers.",
        ),
        _preset(
            "LSTMTagger",
            "LSTMTagger",
            (5,),
            Dist.TOKENS,
            "Tags each word of a five-word sentence: word ids become vectors, an LSTM reads them in order, and "
            "a linear layer scores three tags per word as log-probabilities.",
            vocab=9,
        ),
        _preset(
            "MLP",
            "MLP",
            (2, 20),
            Dist.UNIFORM,
            "A custom module: its layers are attributes, and forward says how data flows through them.",
        ),
        _preset(
            "FixedHiddenMLP",
            "FixedHiddenMLP",
            (2, 20),
            Dist.ARANGE,
            "forward is ordinary Python: a constant random matrix that is never trained, one linear layer "
            "used twice (so its weights are shared), and a loop that halves the output until it is small.",
            shows=("forward",),
        ),
        _preset(
            "NestMLP",
            "NestMLP",
            (2, 20),
            Dist.UNIFORM,
            "A Sequential stored inside a custom module: modules contain modules.",
        ),
        _preset(
            "Chimera",
            "Chimera",
            (2, 20),
            Dist.ARANGE,
            "Nesting all the way: a Sequential holding a custom module, a plain layer and another custom "
            "module with control flow.",
            needs=("NestMLP", "FixedHiddenMLP"),
        ),
        _preset(
            "MySequential",
            "build_my_sequential",
            (2, 20),
            Dist.UNIFORM,
            "Sequential written by hand: add_module registers each block, and forward runs them in order.",
            shows=("forward",),
            needs=("MySequential",),
        ),
        _preset(
            "PlainListPitfall",
            "build_plain_list_pitfall",
            (2, 10),
            Dist.UNIFORM,
            "The same layers kept in a plain Python list: the forward still runs, but torch cannot see them, "
            "so the state_dict is empty and an optimizer gets no parameters.",
            shows=("pitfall",),
            needs=("PlainListPitfall",),
        ),
        _preset(
            "ParallelModule",
            "build_parallel_module",
            (2, 20),
            Dist.UNIFORM,
            "Two networks read the same input side by side; their outputs are concatenated.",
            shows=("forward",),
            needs=("ParallelModule",),
        ),
        _preset(
            "BlockFactory",
            "build_block_factory",
            (2, 20),
            Dist.UNIFORM,
            "A factory makes four independent copies of one block and stacks them: same shape, separate weights.",
            needs=("BlockFactory", "Block"),
        ),
        _preset(
            "TiedMLP",
            "TiedMLP",
            (2, 4),
            Dist.UNIFORM,
            "One Linear object placed at two positions: its weight is a single tensor, counted once, and a "
            "change through one position shows at the other.",
            shows=("tied",),
        ),
        _preset(
            "LazyMLP",
            "LazyMLP",
            (2, 20),
            Dist.UNIFORM,
            "Lazy layers are given only their output size; the first forward sees the input and creates "
            "weights of the right shape.",
            shows=("lazy",),
        ),
        _preset(
            "ModuleListDemo",
            "ModuleListDemo",
            (2, 10),
            Dist.UNIFORM,
            "A ModuleList registers layers like a list would hold them; forward chooses how to use them.",
            shows=("forward",),
        ),
        _preset(
            "ModuleDictDemo",
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
CLASSES = 10


def random_plans(spec: RandomSpec, shape: Shape) -> tuple[ModelPlan, ...]:
    """Draw `count` architectures with Python's random, seeded: the same seed, the same ensemble."""
    rng = random.Random(spec.seed)
    draw = {"dense": _random_dense, "conv": _random_conv, "recurrent": _random_recurrent}[spec.family]
    return tuple(draw(rng, shape, f"{spec.family} #{i}") for i in range(spec.count))


def _random_dense(rng: random.Random, shape: Shape, label: str) -> ModelPlan:
    width, layers = shape[-1], []
    for _ in range(rng.randint(1, 4)):
        out = rng.choice((16, 32, 64, 128, 256))
        layers += [
            StackLayer("Linear", MappingProxyType({"in_features": width, "out_features": out})),
            StackLayer(rng.choice(("ReLU", "Tanh", "GELU"))),
            StackLayer("Dropout", MappingProxyType({"p": rng.choice((0.0, 0.1, 0.2, 0.3, 0.5))})),
        ]
        width = out
    layers.append(StackLayer("Linear", MappingProxyType({"in_features": width, "out_features": CLASSES})))
    return ModelPlan(label, layers=tuple(layers))


def _random_conv(rng: random.Random, shape: Shape, label: str) -> ModelPlan:
    channels, height, width = shape[1], shape[2], shape[3]
    layers = []
    for _ in range(rng.randint(1, 4)):
        filters, kernel = rng.choice((4, 8, 16, 32)), rng.choice((3, 5))
        conv = {"in_channels": channels, "out_channels": filters, "kernel_size": kernel, "padding": kernel // 2}
        layers += [StackLayer("Conv2d", MappingProxyType(conv)), StackLayer("ReLU")]
        channels = filters
        if min(height, width) >= 4:  # pool only while the map has room: never down to nothing
            layers.append(StackLayer("MaxPool2d", MappingProxyType({"kernel_size": 2, "stride": 2})))
            height, width = height // 2, width // 2
    layers += [
        StackLayer("Flatten"),
        StackLayer("Linear", MappingProxyType({"in_features": channels * height * width, "out_features": CLASSES})),
    ]
    return ModelPlan(label, layers=tuple(layers))


def _random_recurrent(rng: random.Random, shape: Shape, label: str) -> ModelPlan:
    kwargs = {
        "cell": rng.choice(("RNN", "LSTM", "GRU")),
        "input_size": shape[-1],
        "hidden_size": rng.choice((8, 16, 32, 64)),
        "num_layers": rng.randint(1, 3),
        "bidirectional": rng.random() < 0.5,
        "classes": CLASSES,
    }
    return ModelPlan(label, factory="RecurrentNet", kwargs=MappingProxyType(kwargs))
