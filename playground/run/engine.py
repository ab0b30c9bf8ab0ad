"""The playground's one pipeline: validate -> analyse on meta -> build -> draw -> run -> report.

`run(state)` is a pure function of plain data in and plain data out, so the web server
can hand it to a worker process, tests can call it directly, and no gradio is imported.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from playground.records import Mode, ModeComparison, RunResult
from playground.registry.draws import MainInput, draw, resolve_extra
from playground.registry.specs import Dist, Family, LayerSpec, Shape, get_spec
from playground.request.plan import Config, ModelConfig, Plan, resolve
from playground.request.state import State, Subject
from playground.run import codegen, model_engine
from playground.run.budget import Budget, check, layer_budget
from playground.run.cost import Analysis, analyse, call_layer, flatten, quiet
from playground.run.device import pick_device, timed
from playground.run.errors import failure
from playground.run.printing import fast_printing
from playground.run.snapshots import cap, data_tensors, entries, snapshots, to_numpy, value_name

CURVE_POINTS = 201
CURVE_CHANNELS = 8  # curves of a per-channel sweep kept for the figure: eight lines stay readable
ROUNDING = 1e-5  # relative: train() and eval() of an LSTM differ by 3e-8 on oneDNN, the same sums in another order


# outputs that are probabilities, by module type: figures draw them on a fixed 0..1 scale
PROBABILITY_OUTPUTS: dict[type[nn.Module], tuple[str, ...]] = {
    nn.Softmax: ("output",),
    nn.Softmin: ("output",),
    nn.Sigmoid: ("output",),
    nn.MultiheadAttention: ("attn_weights",),
}


# layers whose train() zeroes entries and scales the survivors by 1 / (1 - p); AlphaDropout
# and FeatureAlphaDropout have a p too, but set dropped entries to a negative value instead
ZEROING_DROPOUT = (nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d)


DROPOUT_MODULES = (*ZEROING_DROPOUT, nn.AlphaDropout, nn.FeatureAlphaDropout)


def run(state: State, device: torch.device | None = None, values_chars: int | None = None) -> RunResult:
    """The one pipeline, for a layer and a model alike: resolve -> weigh -> check the guards
    -> execute -> records. Never raises: whatever goes wrong comes back as `ok=False`, in
    the words of `errors.error_info`.

    `values_chars` stops printing tensors once that much text is printed: the page shows
    PAGE_VALUES_CHARS, and a Transformer's 70 tensors took 8 ms to print, most of its update.
    The API prints every tensor."""
    device = device or pick_device()
    timings: dict[str, float] = {}
    try:
        start = time.perf_counter()
        plan = resolve(state)
        with quiet():  # the real run below reports torch's warnings once
            budget, analysis = weigh(plan)
        check(budget)  # refused before anything is built
        timings["analyse"] = (time.perf_counter() - start) * 1e3
        return with_warnings(lambda: execute(plan, analysis, device, timings, values_chars))
    except Exception as e:
        if type(e).__name__ == "OutOfMemoryError" and torch.cuda.is_available():
            torch.cuda.empty_cache()  # free what the failed run cached before saying so
        return failure(e, "configuration" if state.kind is Subject.LAYER else "model")


def weigh(plan: Plan) -> tuple[Budget, Analysis | None]:
    """What the guards weigh: a layer's own analysis, or the sum over a model's layers."""
    if isinstance(plan, Config):
        analysis = analyse(plan)
        return layer_budget(plan, analysis), analysis
    return model_engine.model_budget(plan), None


def execute(
    plan: Plan,
    analysis: Analysis | None,
    device: torch.device,
    timings: dict[str, float],
    values_chars: int | None = None,
) -> RunResult:
    if isinstance(plan, Config) and analysis is not None:
        return execute_layer(plan, analysis, device, timings, values_chars)
    assert isinstance(plan, ModelConfig)
    return model_engine.execute_model(plan, device, timings)


def with_warnings(run_once: Callable[[], RunResult]) -> RunResult:
    """Run, and attach each warning torch gave once (first line): the page shows them.
    Tensors are printed by the fast printer meanwhile (the same text as torch's)."""
    with warnings.catch_warnings(record=True) as caught, fast_printing():
        warnings.simplefilter("always")
        result = run_once()
    notes = tuple(dict.fromkeys(str(w.message).split("\n")[0] for w in caught))
    return dataclasses.replace(result, warnings=notes)


def execute_layer(
    config: Config,
    analysis: Analysis,
    device: torch.device,
    timings: dict[str, float],
    values_chars: int | None = None,
) -> RunResult:
    """The reproducibility contract: seed, build on CPU, draw on CPU, then move."""
    spec = config.spec

    def build() -> tuple[nn.Module, dict[str, torch.Tensor]]:
        module = seeded_build(config)
        inputs = draw_inputs(config)
        module = module.to(device)
        inputs = {name: t.to(device) for name, t in inputs.items()}
        module.train(config.mode == "train")
        return module, inputs

    (module, inputs), timings["build"] = timed(device, build)
    if config.backward and inputs["x"].is_floating_point():
        inputs["x"].requires_grad_(True)
    before = Rewind.of(module) if spec.mode_note else None
    values = Printed(values_chars)
    start = time.perf_counter()
    values.add({value_name(name): t for name, t in inputs.items()})  # before an in-place forward changes them
    printed_inputs = time.perf_counter() - start
    raw, timings["forward"] = timed(device, lambda: call_layer(spec, module, inputs))
    outputs = dict(zip(spec.output_names, flatten(raw), strict=True))
    again = {}
    for call in range(2, config.calls + 1):  # the same input again: what differs is the layer's doing
        again |= {
            f"{name} (call {call})": t
            for name, t in zip(spec.output_names, flatten(call_layer(spec, module, inputs)), strict=True)
        }
    if config.backward:
        _, timings["backward"] = timed(device, lambda: _backward(outputs))
    start = time.perf_counter()
    values.add(outputs)
    values.add(again)
    named = {value_name(name): t for name, t in {**inputs, **outputs}.items()}
    values.add({asked: getattr(named[asked.split(".")[0]], asked.split(".")[1][:-2])() for asked in config.prints})
    values.add(module.state_dict(keep_vars=True))
    if config.backward:
        values.add({f"{name}.grad": p.grad for name, p in module.named_parameters() if p.grad is not None})
    snapped = snapshots(inputs, outputs, module)
    axes = _axis_names(config)
    first = next(iter(outputs.values()))
    result = RunResult(
        ok=True,
        state=config.to_state().to_dict(),
        settings=((spec.name, spec.changed(config.params)),),
        mode=Mode(config.mode),
        backward=config.backward,
        layer=spec.name,
        family=spec.family.value,
        module=repr(module),
        input_shape=tuple(config.shape),
        input_dims=tuple(d.name for d in spec.dims_for(config.params, config.shape)),
        outputs=tuple((name, tuple(t.shape)) for name, t in outputs.items()),
        params=tuple(dataclasses.replace(e, axes=axes.get(e.name, ())) for e in entries(module)),
        flops=analysis.flops,
        memory_bytes=analysis.memory_bytes,
        device=str(device),
        timings_ms=timings,
        values=values.texts,
        unprinted=values.left_out,
        code=codegen.layer_code(config),
        **snapped.fields(),
        curves=_curves(spec, module, config, device),
        comparison=_compare(spec, before.restore(module, config, device), inputs, config, first) if before else None,
        inputs=tuple(dict.fromkeys(value_name(name) for name in spec.call_args)),
        shapes={name: tuple(t.shape) for name, t in data_tensors(inputs, outputs).items()},
        elementwise=tuple(first.shape) == tuple(config.shape)
        and (spec.elementwise or spec.family in (Family.ACTIVATION, Family.DROPOUT)),
        probabilities=next(
            (
                tuple(n for n in names if n in outputs)
                for cls, names in PROBABILITY_OUTPUTS.items()
                if isinstance(module, cls)
            ),
            (),
        ),
    )
    timings["report"] = (time.perf_counter() - start + printed_inputs) * 1e3
    return result


def seeded_build(config: Config) -> nn.Module:
    """The module as the seed makes it: the stream seeded, the earlier runs of a lesson redone."""
    torch.manual_seed(config.seed)
    for earlier in config.after:
        replay(earlier)
    return config.spec.build(config.params)


def replay(config: Config) -> None:
    """An earlier run of the stream, redone for the draws it made: build, draw, call. Its
    numbers are not kept; where the stream stands afterwards is the point."""
    module = config.spec.build(config.params).train(config.mode == "train")
    inputs = draw_inputs(config)
    with torch.no_grad():
        for _ in range(config.calls):  # a train-mode Dropout draws its mask from the stream
            call_layer(config.spec, module, inputs)


def main_input(config: Config) -> MainInput:
    spec = config.spec
    bound = config.params[spec.vocab_param] if spec.vocab_param else 0
    return MainInput(config.dist.value, tuple(config.shape), bound, config.scale, config.shift, config.values)


def draw_inputs(config: Config) -> dict[str, torch.Tensor]:
    """Draw in the exported code's order: the main input first, then each extra."""
    spec, shape = config.spec, config.shape
    bound = config.params[spec.vocab_param] if spec.vocab_param else 0
    inputs = {"x": main_input(config).make()}
    for extra in spec.extra_inputs:
        kind, extra_bound = resolve_extra(extra.draw, config.dist.value, spec.full_shape(config.params, shape))
        inputs[extra.name] = draw(kind, spec.extra_shape(extra, config.params, shape), extra_bound or bound)
    return inputs


def _backward(outputs: dict[str, torch.Tensor]) -> None:
    first = next(iter(outputs.values()))
    if first.requires_grad:
        first.sum().backward()


def _axis_names(config: Config) -> dict[str, tuple[str, ...]]:
    """What each axis of each parameter counts, found from the registry's own shape formula:
    an axis that grows when a constructor argument grows by one is counted by that argument
    (grown by 4 for each: "4·hidden_size", an LSTM's four gates). Axes no argument moves
    (LazyLinear's in_features, taken from the input) stay unnamed rather than guessed.

    Remembered per layer, parameters and shape: a Transformer's formula, run once per integer
    argument, took 1.4 ms, and an update that changes only the seed or the mode runs it again."""
    try:
        return dict(_remembered_axis_names(config.spec.name, tuple(sorted(config.params.items())), config.shape))
    except TypeError:  # a parameter value that cannot be a key (a list): work it out each time
        return _find_axis_names(config.spec, dict(config.params), config.shape)


@functools.lru_cache(maxsize=64)
def _remembered_axis_names(
    layer: str, params: tuple[tuple[str, Any], ...], shape: Shape
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(_find_axis_names(get_spec(layer), dict(params), shape).items())


def _find_axis_names(spec: LayerSpec, params: dict[str, Any], shape: Shape) -> dict[str, tuple[str, ...]]:
    base = {e.name: e.shape for e in spec.predict_state(params, shape)}
    found: dict[str, list[list[str]]] = {name: [[] for _ in dims] for name, dims in base.items()}
    for p in spec.params:
        value = params.get(p.name)
        if p.kind not in ("int", "int_or_choice") or isinstance(value, bool) or not isinstance(value, int):
            continue
        try:
            moved = {e.name: e.shape for e in spec.predict_state({**params, p.name: value + 1}, shape)}
        except Exception:  # a formula may refuse the nudged value (a divisibility rule): no name from it
            continue
        for name, dims in base.items():
            other = moved.get(name, ())
            if len(other) != len(dims):
                continue
            for axis, (before, after) in enumerate(zip(dims, other, strict=True)):
                if after > before:
                    found[name][axis].append(p.name if after == before + 1 else f"{after - before}·{p.name}")
    return {name: tuple(" or ".join(by) for by in axes) for name, axes in found.items() if any(axes)}


def _curves(spec: LayerSpec, module: nn.Module, config: Config, device: torch.device) -> dict[str, np.ndarray]:
    """f(x) and f'(x) for activations; the loss and its gradient against one prediction for losses."""
    if spec.elementwise:
        channels = spec.curve_channels(config.params)
        line = torch.linspace(-5.0, 5.0, CURVE_POINTS, device=device)
        # (points,), or (points, channels) with the same sweep in every channel
        xs = (line if channels == 1 else line[:, None].repeat(1, channels)).requires_grad_(True)
        ys = module(xs)
        (grad,) = torch.autograd.grad(ys.sum(), xs)
        if channels == 1:
            return {"x": to_numpy(line), "f": to_numpy(ys), "df": to_numpy(grad)}
        curves = {"x": to_numpy(line), "f": to_numpy(ys[:, :CURVE_CHANNELS]), "df": to_numpy(grad[:, :CURVE_CHANNELS])}
        if channels > CURVE_CHANNELS:  # the figure says how many it leaves out
            curves["channels"] = np.array([channels], dtype=np.int64)
        return curves
    if spec.is_loss:
        return _loss_curve(spec, module, config, device)
    return {}


def _loss_curve(spec: LayerSpec, module: nn.Module, config: Config, device: torch.device) -> dict[str, np.ndarray]:
    """Sweep one prediction against a fixed target; the other entries are held where they make sense."""
    target_kind = spec.extra_inputs[0].draw
    low, high, target = (-6.0, 6.0, 1.0)
    if target_kind == "randn":
        low, high, target = -3.0, 3.0, 0.0
    elif Dist.NORMAL not in spec.dists:  # its input must already be a probability
        low, high = 1e-3, 1 - 1e-3
    xs = torch.linspace(low, high, CURVE_POINTS, device=device, requires_grad=True)
    scored = copy.deepcopy(module).to(device)
    scored.reduction = "none"  # one loss per point of the sweep
    given: dict[str, np.ndarray] = {}
    if target_kind.startswith("randint"):
        # scores (x, 0, 0) for three classes with class 0 true: how confidence moves the loss;
        # a loss that takes log-probabilities gets theirs (log_softmax), as its input is drawn
        logits = torch.stack([xs, torch.zeros_like(xs), torch.zeros_like(xs)], dim=1)
        log_probs = Dist.LOG_SOFTMAX in spec.dists
        losses = scored(logits.log_softmax(dim=1) if log_probs else logits, torch.zeros_like(xs, dtype=torch.long))
        target = 0.0
        given = {"classes": np.array([3]), "log_softmax": np.array([int(log_probs)])}
    else:
        losses = scored(xs[:, None], torch.full((CURVE_POINTS, 1), target, device=device)).flatten()
    (grad,) = torch.autograd.grad(losses.sum(), xs)
    return {
        "x": to_numpy(xs),
        "f": to_numpy(losses),
        "df": to_numpy(grad),
        "target": np.array([target], dtype=np.float32),
        **given,
    }


@dataclass
class Printed:
    """Tensors as torch prints them, in order, until `budget` characters are printed (none:
    all of them); past it, only counted."""

    budget: int | None
    texts: dict[str, str] = field(default_factory=dict)
    size: int = 0
    left_out: int = 0

    def add(self, tensors: dict[str, torch.Tensor]) -> None:
        for name, t in tensors.items():
            if self.budget is not None and self.size >= self.budget:
                self.left_out += 1
                continue
            self.texts[name] = repr(t)
            self.size += len(self.texts[name])


@dataclass(frozen=True)
class Rewind:
    """The module as it was before its forward, for the other mode's run, without a deep copy
    (2.9 ms of a Transformer's update): a forward changes buffers (running statistics), which
    are small and saved here, and, for some layers, parameters in place, which rebuilding from
    the seed undoes. The comparison runs last: nothing reads the module after it."""

    buffers: dict[str, torch.Tensor]
    versions: tuple[int, ...]

    @classmethod
    def of(cls, module: nn.Module) -> Rewind:
        buffers = {name: b.detach().clone() for name, b in module.named_buffers()}
        return cls(buffers, tuple(p._version for p in module.parameters()))

    def restore(self, module: nn.Module, config: Config, device: torch.device) -> nn.Module:
        if tuple(p._version for p in module.parameters()) != self.versions:
            return seeded_build(config).to(device)
        with torch.no_grad():
            for name, b in module.named_buffers():
                b.copy_(self.buffers[name])
        return module


def _compare(
    spec: LayerSpec,
    module: nn.Module,
    inputs: dict[str, torch.Tensor],
    config: Config,
    output: torch.Tensor,
) -> ModeComparison:
    other = Mode(config.mode).other
    module.train(other is Mode.TRAIN)
    stats: dict[str, np.ndarray] = {}
    running_mean = getattr(module, "running_mean", None)
    if isinstance(running_mean, torch.Tensor):
        x = inputs["x"].detach()
        names = [d.name for d in spec.dims_for(config.params, config.shape)]
        channels = names.index("C") if "C" in names else 1  # (C, H, W) unbatched: channels first
        axes = [d for d in range(x.dim()) if d != channels]  # every axis but channels
        stats = {
            "batch_mean": to_numpy(x.mean(dim=axes)),
            "batch_var": to_numpy(x.var(dim=axes, unbiased=False)),
            "running_mean": to_numpy(running_mean),
            "running_var": to_numpy(module.running_var),  # type: ignore[arg-type]
        }
    with torch.no_grad():
        other_output = flatten(call_layer(spec, module, {k: v.detach() for k, v in inputs.items()}))[0]
    difference = _max_difference(output.detach(), other_output)
    largest = float(output.detach().float().abs().nan_to_num(0, 0, 0).max()) if output.numel() else 0.0
    tolerance = ROUNDING * max(1.0, largest)
    return ModeComparison(
        other,
        cap(other_output.float().cpu()).numpy(),
        _mode_note(spec, module, stats, difference <= tolerance),
        stats,
        difference,
        float(module.p) if isinstance(module, ZEROING_DROPOUT) else None,
        tolerance,
    )


def _max_difference(a: torch.Tensor, b: torch.Tensor) -> float:
    """max |a - b| over the whole tensors; NaN in both places counts as equal; NaN if the
    shapes differ (nothing to compare)."""
    if a.shape != b.shape:
        return math.nan
    if a.numel() == 0:
        return 0.0
    a, b = a.float(), b.float()
    same = (a == b) | (torch.isnan(a) & torch.isnan(b))
    # a fill, not a masked select: selecting 2M numbers by mask took 110 ms of Dropout2d's update
    return float((a - b).abs_().masked_fill_(same, 0.0).nan_to_num_(nan=math.inf).max())


def _mode_note(spec: LayerSpec, module: nn.Module, stats: dict[str, np.ndarray], identical: bool) -> str:
    """The registry's note says what differs between the modes; shown only when it is true of
    this configuration. Where the modes agree, the note is the reason, when it is known."""
    if not identical:
        return spec.mode_note
    rates = [_dropout_rate(m) for m in module.modules()]
    rates = [r for r in rates if r is not None]
    normalises = any(isinstance(m, nn.modules.batchnorm._NormBase) for m in module.modules())
    if normalises and not stats:
        return (
            "No running statistics (track_running_stats=False): eval() normalises with the input's own "
            "statistics, as train() does."
        )
    if rates and not any(rates):
        return "Dropout is 0: train() drops nothing, so it computes what eval() does."
    if spec.mode_note.startswith("Only with"):  # the condition that is not met here
        return spec.mode_note
    if any(rates):
        return "This draw of the random mask dropped nothing."
    return ""


def _dropout_rate(module: nn.Module) -> float | None:
    """The rate at which a module drops in train(): its own dropout, or the one it applies inside."""
    if isinstance(module, DROPOUT_MODULES):
        return float(module.p)
    if isinstance(module, (nn.MultiheadAttention, nn.RNNBase)):
        return float(module.dropout)
    return None
