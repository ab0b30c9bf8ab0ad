"""A model's part of the pipeline: its budget (the sum of its layers') and its execution
(build with the seed, draw, move, forward with summary hooks, report).

The same reproducibility contract as a single layer, and the same plain-data RunResult,
with the per-layer summary, what a preset teaches (tied, lazy, plain-list parameters,
its forward as code) and, for random architectures, the whole ensemble.
"""

from __future__ import annotations

import copy
import dataclasses
import keyword
import math
import textwrap
import time
from typing import Any

import torch
from torch import nn

from playground.records import WHOLE_MODEL, InsideParameter, InsideRecord, Mode, RunResult
from playground.registry.draws import draw
from playground.registry.models import RANDOM_INPUTS, ModelPlan
from playground.registry.presets.builders_guide import MySequential
from playground.registry.specs import Shape, SpecError
from playground.request.plan import Config, ModelConfig
from playground.request.state import Subject
from playground.run import codegen
from playground.run.budget import MAX_MODEL_MB, Budget, layer_budget, passes
from playground.run.cost import Tally, analyse
from playground.run.device import timed
from playground.run.snapshots import entries, snapshots
from playground.run.summary import collect, counting_flops


def model_budget(config: ModelConfig) -> Budget:
    """A model's predicted cost is the sum of its layers' and, for an ensemble, of its members':
    a stack's layers are analysed as the Layer Lab analyses each (slow groups and backward
    counted alike); a custom module's forward is ordinary Python, so it is measured once on
    its own default input and scaled by the input's size (its work grows with the batch and
    the sequence, linearly for every preset)."""
    total = Budget(
        "model",
        0,
        0.0,
        0,
        0,
        0,
        config.state.backward,
        memory_limit_mb=MAX_MODEL_MB,
        memory_variable="PLAYGROUND_MAX_MODEL_MB",
    )
    for plan, layers in zip(config.plans, config.layers, strict=True):
        for layer in layers:  # resolve walked the stack already
            total += _layer_budget(layer)
        if plan.factory is not None:
            total += _scaled_budget(plan, config)
    return total


def _layer_budget(config: Config) -> Budget:
    """Remembered per layer, parameters, input and backward: a builder edit changes one layer,
    and a 32-layer stack traced anew on every update would cost more than it runs."""
    key = (config.spec.name, tuple(sorted(config.params.items())), config.shape, config.dist, config.backward)
    try:
        found = _LAYER_BUDGETS.get(key)
    except TypeError:  # a parameter value that cannot be a key (a list): work it out each time
        return layer_budget(config, analyse(config))
    if found is None:
        found = _LAYER_BUDGETS[key] = layer_budget(config, analyse(config))
        if len(_LAYER_BUDGETS) > 1024:
            _LAYER_BUDGETS.pop(next(iter(_LAYER_BUDGETS)))
    return found


_LAYER_BUDGETS: dict[Any, Budget] = {}


def _scaled_budget(plan: ModelPlan, config: ModelConfig) -> Budget:
    reference = _reference_shape(config)
    measured = _measured(plan.expression(), plan, reference, config.dist.value, config.vocab)
    scale = math.prod(config.shape) / math.prod(reference)
    flops, made, parameters, largest = measured
    return Budget(
        "model",
        flops=round(flops * scale),
        work=flops * scale * passes(config.state.backward),
        memory_bytes=round((2 if config.state.backward else 1) * (made * scale + 4 * parameters)),
        parameters=parameters,
        largest=round(largest * scale),
        backward=config.state.backward,
    )


def _reference_shape(config: ModelConfig) -> Shape:
    """The input the model is measured on: its default, except the axes its plan was built
    for (a random recurrent model's feature axis)."""
    if config.preset is not None:
        return config.preset.input_shape_with(config.args)
    default, _ = RANDOM_INPUTS[config.state.model.family]
    return (*default[:-1], config.shape[-1])


def _measured(expression: str, plan: ModelPlan, shape: Shape, dist: str, vocab: int) -> tuple[int, int, int, int]:
    """FLOPs, bytes made, parameters and the largest tensor of one forward on `shape`,
    counted as a layer's are; on a throwaway CPU copy, with the random stream left as it was.
    Remembered by the code that builds the model (a preset with its arguments): measured once
    per process, the latest 1024 kept."""
    key = (expression, shape, dist, vocab)
    if key not in _MEASURED:
        with torch.random.fork_rng(devices=[]), torch.no_grad():
            model = plan.build()
            x = draw(dist, shape, vocab)
            with counting_flops(Tally()) as counter:
                model(x)
        parameters = sum(p.numel() for p in model.parameters())
        _MEASURED[key] = (int(counter.total), counter.bytes, parameters, max(counter.largest, x.numel()))
        if len(_MEASURED) > 1024:  # a preset's arguments make many models: keep the latest
            _MEASURED.pop(next(iter(_MEASURED)))
    return _MEASURED[key]


_MEASURED: dict[tuple[str, Shape, str, int], tuple[int, int, int, int]] = {}


def execute_model(config: ModelConfig, device: torch.device, timings: dict[str, float]) -> RunResult:
    """The layer's reproducibility contract (seed, build on CPU, draw on CPU, then move), with
    the per-layer summary, what a preset teaches and, for an ensemble, every member."""
    state = config.state
    if config.cpu_only:
        device = torch.device("cpu")

    def build() -> tuple[list[nn.Module], torch.Tensor, str]:
        torch.manual_seed(state.input.seed)
        models = [plan.build() for plan in config.plans]
        x = draw(config.dist.value, config.shape, config.vocab)
        before = repr(models[0])
        models = [model.to(device) for model in models]
        for model in models:
            model.train(state.mode == "train")
        return models, x.to(device), before

    (models, x, module_before), timings["build"] = timed(device, build)
    submodules = tuple(name for name, _ in models[0].named_modules()) if len(models) == 1 else ()
    if state.inside is not None and state.inside not in submodules:
        raise SpecError("inside", f"this model has no submodule {state.inside!r}; {_choose(submodules)}")
    lazy_before = _uninitialized(models[0])
    if state.backward and x.is_floating_point():
        x.requires_grad_(True)
    values = {"input": repr(x)}
    calls = state.functional_calls  # call rows among the module rows (summary.trace_calls)
    (output, rows), timings["forward"] = timed(device, lambda: collect(models[0], lambda model: model(x), calls=calls))
    # every member keeps its rows and outputs: the page shows whichever member a person picks
    others = [collect(model, lambda model: model(x), calls=calls) for model in models[1:]]
    gradients: list[dict[str, Any]] | None = None
    if state.backward:
        gradients = []
        if output.requires_grad:
            _, timings["backward"] = timed(device, lambda: output.sum().backward())
            gradients = _gradients(models[0])
    start = time.perf_counter()
    model = models[0]
    # a model's parameters are listed in its state_dict table; printing each (2 ms apiece for
    # LeNet) would double the update, so values holds what a notebook prints first: x and y
    values["output"] = repr(output)
    snapped = snapshots({"x": x}, {"output": output}, model)
    extras = _extras(config, model, module_before, lazy_before)
    if gradients is not None:
        extras["gradients"] = gradients
    inside = look_inside(model, state.inside) if state.inside is not None else None
    ensemble = _mark_twins(
        tuple(
            _member(plan, member, member_output, member_rows)
            for plan, member, (member_output, member_rows) in zip(
                config.plans, models, [(output, rows), *others], strict=True
            )
        )
    )
    result = RunResult(
        ok=True,
        state=config.to_state().to_dict(),
        settings=tuple((c.spec.name, c.spec.changed(c.params)) for c in config.layers[0])
        if state.kind is Subject.STACK
        else (),
        mode=Mode(state.mode),
        backward=state.backward,
        layer=_label(config),
        family="model",
        module=repr(model),
        input_shape=tuple(config.shape),
        outputs=(("output", tuple(output.shape)),),
        params=entries(model),
        flops=rows[0].flops if rows else 0,
        memory_bytes=_memory(model, rows),
        device=str(device),
        timings_ms=timings,
        values=values,
        code=codegen.model_code(config, lazy=bool(lazy_before), inside=inside),
        **snapped.fields(),
        summary=rows,
        model={"kind": str(state.kind), "name": _label(config), "about": config.preset.about if config.preset else ""},
        extras=extras,
        ensemble=ensemble if len(models) > 1 else (),
        submodules=submodules,
        inside=inside,
    )
    if len(models) > 1:
        result = dataclasses.replace(result, members=_member_views(result, models, others))
    timings["report"] = (time.perf_counter() - start) * 1e3
    return result


MAX_CHOICES_SAID = 40  # names an unknown-submodule refusal lists; a big model has hundreds
MAX_INSIDE_PARAMETERS = 32  # parameters listed one by one (3 prints each); the state_dict has them all


def _choose(names: tuple[str, ...]) -> str:
    if not names:
        return "an ensemble has no one model to look inside: set random.count to 1"
    said = ", ".join(repr(name) + (f" {WHOLE_MODEL}" if not name else "") for name in names[:MAX_CHOICES_SAID])
    more = f" and {len(names) - MAX_CHOICES_SAID} more" if len(names) > MAX_CHOICES_SAID else ""
    return f"choose one of: {said}{more}"


def look_inside(model: nn.Module, name: str) -> InsideRecord:
    """What a notebook prints of `model[2]` and its parameters, taken now: after the forward
    (lazy layers have their shapes) and after the backward where one ran (`.grad` is set)."""
    submodule = model.get_submodule(name)
    access = access_path(model, name)
    named = list(submodule.named_parameters())
    parameters = tuple(
        InsideParameter(
            name=inner,
            access=access_path(model, name, inner),
            type=f"{type(p).__module__}.{type(p).__qualname__}",
            shape=tuple(p.shape),
            requires_grad=p.requires_grad,
            grad=None if p.grad is None else repr(p.grad),
        )
        for inner, p in named[:MAX_INSIDE_PARAMETERS]
    )
    return InsideRecord(
        name=name,
        access=access,
        module=repr(submodule),
        state_dict=repr(submodule.state_dict()),
        parameters=parameters,
        left_out=len(named) - len(parameters),
    )


def access_path(model: nn.Module, name: str, parameter: str = "") -> str:
    """How a student's code reaches a submodule (or one of its parameters) from `model`: by
    index where a Sequential or a ModuleList numbers it (`model[2]`), by attribute elsewhere
    (`model.linear2`), and through `get_submodule` / `get_parameter` where neither spells it."""
    path = [part for part in f"{name}.{parameter}".split(".") if part]
    expression, module = "model", model
    for index, part in enumerate(path):
        child = module._modules.get(part) if index < len(path) - 1 or not parameter else None
        if (
            child is not None
            and part.isdigit()
            and isinstance(module, nn.Sequential | nn.ModuleList)
            and int(part) < len(module)
            and module[int(part)] is child
        ):
            expression += f"[{part}]"
        elif part.isidentifier() and not keyword.iskeyword(part):
            expression += f".{part}"
        else:
            full = ".".join(path)
            return f"model.get_parameter({full!r})" if parameter else f"model.get_submodule({full!r})"
        module = child if child is not None else module
    return expression


def _member_views(
    result: RunResult, models: list[nn.Module], others: list[tuple[torch.Tensor, tuple[Any, ...]]]
) -> tuple[RunResult, ...]:
    """Each member of an ensemble as a result of its own (the first is the result itself):
    the page shows the member a person picks, with that member's table, module and plots."""
    views = [result]
    for model, (output, rows) in zip(models[1:], others, strict=True):
        views.append(
            dataclasses.replace(
                result,
                module=repr(model),
                outputs=(("output", tuple(output.shape)),),
                params=entries(model),
                flops=rows[0].flops if rows else 0,
                summary=rows,
                values={**result.values, "output": repr(output)},
                extras={},
            )
        )
    return tuple(views)


def _mark_twins(members: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """Random draws can repeat an architecture: each repeat names the first member built the
    same way (same code), so the view draws it once. Their weights differ: they are drawn
    one after the other from the same random stream."""
    first: dict[str, str] = {}
    marked = []
    for member in members:
        twin = first.setdefault(member["code"], member["label"])
        marked.append(member | {"same_as": twin if twin != member["label"] else None})
    return tuple(marked)


def _gradients(model: nn.Module) -> list[dict[str, Any]]:
    """What backward left on each parameter: shape, norm and largest magnitude (a tied tensor once)."""
    rows = []
    for name, p in model.named_parameters():
        grad = p.grad
        rows.append(
            {
                "name": name,
                "shape": list(p.shape),
                "norm": float(grad.norm()) if grad is not None else None,
                "max_abs": float(grad.abs().max()) if grad is not None and grad.numel() else None,
            }
        )
    return rows


def _label(config: ModelConfig) -> str:
    if config.preset is not None:
        return config.preset.name
    return "random " + config.state.model.family if config.state.kind is Subject.RANDOM else "Sequential"


def _member(plan: Any, model: nn.Module, output: torch.Tensor, rows: tuple[Any, ...]) -> dict[str, Any]:
    """One model of a random ensemble, as the side-by-side view lists it."""
    return {
        "label": plan.label,
        "module": repr(model),
        "total_params": sum(p.numel() for p in model.parameters()),
        "output_shape": list(output.shape),
        "output": repr(output),
        "mult_adds": rows[0].mult_adds if rows else 0,
        "layers": sum(1 for row in rows if row.is_leaf),
        "code": plan.expression(),
    }


def _memory(model: nn.Module, rows: tuple[Any, ...]) -> int:
    parameters = sum(p.numel() * p.element_size() for p in model.parameters())
    activations = sum(math.prod(row.output_shape) * 4 for row in rows if row.is_leaf)
    return parameters + activations


def _uninitialized(model: nn.Module) -> list[str]:
    return [name for name, p in model.named_parameters() if isinstance(p, nn.parameter.UninitializedParameter)]


def _extras(config: ModelConfig, model: nn.Module, module_before: str, lazy_before: list[str]) -> dict[str, Any]:
    """What a preset is there to teach, measured on the model that just ran."""
    extras: dict[str, Any] = {}
    tied = _tied(model)
    if tied:
        extras["tied"] = tied
    if lazy_before:
        shapes = {name: list(p.shape) for name, p in model.named_parameters()}
        extras["lazy"] = {
            "module_before": module_before,
            "before": [{"name": name, "shape": None} for name in lazy_before],
            "after": [{"name": name, "shape": shapes[name]} for name in lazy_before],
        }
    shows = config.preset.shows if config.preset else ()
    if "pitfall" in shows:
        extras["pitfall"] = _pitfall(model)
    if "forward" in shows or "pitfall" in shows:
        extras["forward"] = textwrap.dedent(codegen.source_of(type(model).forward))
    return extras


def _tied(model: nn.Module) -> list[dict[str, Any]]:
    """Parameters reachable under several names: prove they are one tensor that moves as one."""
    names: dict[int, list[str]] = {}
    tensors: dict[int, nn.Parameter] = {}
    for name, p in model.named_parameters(remove_duplicate=False):
        names.setdefault(id(p), []).append(name)
        tensors[id(p)] = p
    groups = []
    for key, group in names.items():
        if len(group) < 2:
            continue
        twin = copy.deepcopy(model)  # deepcopy keeps the sharing; the shown model stays untouched
        shared = dict(twin.named_parameters(remove_duplicate=False))
        with torch.no_grad():
            shared[group[0]].view(-1)[0] = 100.0
        groups.append(
            {
                "names": group,
                "shape": list(tensors[key].shape),
                "numel": tensors[key].numel(),
                "same_tensor": all(shared[n] is shared[group[0]] for n in group),
                "changed_together": all(float(shared[n].detach().view(-1)[0]) == 100.0 for n in group),
                "counted_once": sum(p.numel() for p in model.parameters())
                < sum(p.numel() for _, p in model.named_parameters(remove_duplicate=False)),
            }
        )
    return groups


def _pitfall(model: nn.Module) -> dict[str, Any]:
    """The plain-list model (MySequentialExe) beside MySequential holding the very same layer objects."""
    correct = MySequential(*model.layers)  # type: ignore[arg-type]

    def audit(m: nn.Module) -> dict[str, Any]:
        try:
            optimizer = torch.optim.SGD(m.parameters(), lr=0.1)
            seen = f"the optimizer holds {sum(len(g['params']) for g in optimizer.param_groups)} tensors"
        except ValueError as e:  # torch refuses an optimizer with nothing to optimise
            seen = f"torch.optim.SGD refuses it: {e}"
        return {
            "module": repr(m),
            "state_dict": [[name, list(t.shape)] for name, t in m.state_dict().items()],
            "parameters": sum(p.numel() for p in m.parameters()),
            "optimizer": seen,
        }

    return {"plain_list": audit(model), "registered": audit(correct)}
