"""Plain PyTorch code that rebuilds exactly what is on screen.

It follows the reproducibility contract step by step (seed, build on CPU, draw on CPU,
move), so pasted into a notebook it prints the numbers the playground shows.
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from torch import nn
from torch.nn.modules.lazy import LazyModuleMixin

from playground.registry import samples
from playground.registry.draws import MainInput, draw_code, resolve_extra
from playground.registry.specs import Dist, LayerSpec
from playground.request.plan import Config

if TYPE_CHECKING:
    from playground.records import InsideRecord
    from playground.request.plan import ModelConfig

HEADER = "import torch\nfrom torch import nn\n"
MODEL_HEADER = "import torch\nfrom torch import nn\nfrom torch.nn import functional as F\n"
# one CPU thread, as the playground runs torch: several threads may add a sum in another order
# and change its last digits (MultiheadAttention printed 1.2183e-04 on two, 1.2178e-04 on one)
DEVICE_LINE = (
    'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")\n'
    "torch.set_num_threads(1)  # the playground's one thread: more may change the last digits"
)


@functools.cache
def source_of(obj: object) -> str:
    """Our own classes and functions never change while the app runs: read each source once."""
    return inspect.getsource(obj)  # type: ignore[arg-type]


def layer_code(config: Config) -> str:
    spec, params = config.spec, config.params
    lines = [HEADER]
    if config.dist is Dist.IMAGE:
        lines.append(source_of(samples.sample_image))
    lines += [
        DEVICE_LINE,
        "",
        f"torch.manual_seed({config.seed})",
    ]
    if config.after:
        lines.append("# earlier cells drew from this stream; redone, so that this cell continues it:")
        for earlier in config.after:
            lines += _construct(earlier.spec, earlier.params, "earlier")
            _input_lines(earlier, lines, comments=False)
            lines.append(f"earlier.{earlier.mode}()")
            lines += [f"earlier({', '.join(earlier.spec.call_args)})"] * earlier.calls
        lines.append("")
    lines += _construct(spec, params, "layer")
    names = _input_lines(config, lines)
    lines.append("layer = layer.to(device)")
    lines += [f"{name} = {name}.to(device)" for name in names]
    lines.append(f"layer.{config.mode}()")
    if config.backward and config.dist is not Dist.TOKENS:
        lines.append("x.requires_grad_(True)")
    lines.append("")
    lines += [f"print({name})" for name in names]
    call = ", ".join(spec.call_args)
    lines.append(f"{spec.outputs} = layer({call})")
    lines += [f"print({name})" for name in spec.output_names]
    for _ in range(2, config.calls + 1):  # the same input again
        lines.append(f"print(layer({call}))")
    for asked in config.prints:
        tensor, reduction = asked.split(".", 1)
        lines.append(f"print({'x' if tensor == 'input' else tensor}.{reduction})")
    lazy_note = "  # after the forward: a lazy layer has learned its in_features" if is_lazy(spec) else ""
    lines.append(f"print(layer){lazy_note}")
    if config.backward:
        first = spec.output_names[0]
        lines += [
            "",
            f"{first}.sum().backward()  # gradients of the sum: every output counts once",
        ]
        lines.append("for name, parameter in layer.named_parameters():\n    print(name, parameter.grad)")
    return "\n".join(lines) + "\n"


def _construct(spec: LayerSpec, params: Mapping[str, Any], name: str) -> list[str]:
    inner, own = spec.split_kwargs(params)
    own_text = _kwargs(without_none_defaults(spec.cls, own))
    lines = []
    if spec.wraps is not None:  # built first, as torch's docs build it: the wrapper copies it
        lines.append(
            f"{spec.wraps.arg} = nn.{spec.wraps.cls.__name__}({_kwargs(without_none_defaults(spec.wraps.cls, inner))})"
        )
        own_text = ", ".join(filter(None, (spec.wraps.arg, own_text)))
    lines.append(f"{name} = nn.{spec.cls.__name__}({own_text})")
    return lines


def _input_lines(config: Config, lines: list[str], comments: bool = True) -> list[str]:
    """The main input, then each extra, in the order the engine draws them; their names."""
    spec, params, shape = config.spec, config.params, config.shape
    bound = params[spec.vocab_param] if spec.vocab_param else 0
    dims = ", ".join(d.name for d in spec.dims_for(params, shape))
    named = f"({dims}) = " if dims else ""
    main = MainInput(config.dist.value, tuple(shape), bound, config.scale, config.shift, config.values)
    lines.append(f"x = {main.code()}" + (f"  # {named}{tuple(shape)}" if comments else ""))
    names = ["x"]
    for extra in spec.extra_inputs:
        kind, extra_bound = resolve_extra(extra.draw, config.dist.value, spec.full_shape(params, shape))
        extra_shape = spec.extra_shape(extra, params, shape)
        comment = f"  # {extra.comment}" if comments else ""
        lines.append(f"{extra.name} = {draw_code(kind, extra_shape, extra_bound or bound)}{comment}")
        names.append(extra.name)
    return names


def is_lazy(spec: LayerSpec) -> bool:
    """Only a lazy layer's printout changes with its first forward: the comment says so only there."""
    return issubclass(spec.cls, LazyModuleMixin)


def without_none_defaults(cls: type[nn.Module], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Every argument as set, except a None that is torch's own default: `nn.MaxPool2d(kernel_size=3)`
    reads as torch's docs do, where `stride=None` would look like a choice to copy."""
    signature = inspect.signature(cls.__init__).parameters
    return {
        name: value
        for name, value in kwargs.items()
        if not (value is None and name in signature and signature[name].default is None)
    }


def _kwargs(kwargs: dict[str, object]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in kwargs.items())


def _tied(config: ModelConfig) -> bool:
    """A layer placed twice (a stack's `same_as`, a preset that shows tying): the count's comment is true of it."""
    placed_again = any(item.same_as is not None for plan in config.plans for item in plan.layers)
    return placed_again or (config.preset is not None and "tied" in config.preset.shows)


def model_code(config: ModelConfig, lazy: bool = False, inside: InsideRecord | None = None) -> str:
    """A whole script for a model or an ensemble: the classes it needs, then the contract's steps.
    `lazy`: the model has lazy layers, whose printout the first forward completes. `inside`: the
    submodule looked into, printed last (after the backward: its `.grad` is what the page shows)."""
    lines = [MODEL_HEADER]
    seen: list[object] = []
    for plan in config.plans:
        seen += [obj for obj in plan.sources() if obj not in seen]
    lines += [source_of(obj) for obj in seen]
    if config.dist is Dist.IMAGE:
        lines.append(source_of(samples.sample_image))
    lines += [DEVICE_LINE, "", f"torch.manual_seed({config.state.input.seed})"]
    single = len(config.plans) == 1
    if single:
        lines.append(f"model = {config.plans[0].expression()}")
    else:
        lines.append("models = [  # drawn by the playground's random generator, written out here")
        lines += [textwrap.indent(plan.expression(), "    ") + "," for plan in config.plans]
        lines.append("]")
    lines.append(f"x = {draw_code(config.dist.value, config.shape, config.vocab)}  # {tuple(config.shape)}")
    lines.append("x = x.to(device)")
    if config.state.backward and config.dist is not Dist.TOKENS:
        lines.append("x.requires_grad_(True)")
    lines.append("print(x)")
    body = [
        f"model = model.to(device).{config.state.mode}()",
        "output = model(x)",
        "print(output)",
        "print(model)" + ("  # after the forward: lazy layers know their shapes" if lazy else ""),
        "print(sum(p.numel() for p in model.parameters()))"
        + ("  # a tied tensor counts once" if _tied(config) else ""),
    ]
    if single:
        lines += body
        if config.state.backward:
            lines.append("if output.requires_grad:\n    output.sum().backward()")
        if inside is not None:
            lines.append(f"# inside {inside.label}: its print, its state_dict, each parameter's type, shape and grad")
            lines += [code for code, _ in inside.printed()]
    else:
        lines.append("for model in models:")
        lines += [f"    {line}" for line in body]
    return "\n".join(lines) + "\n"
