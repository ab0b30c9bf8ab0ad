"""The GPU lane (`pytest -m gpu`, run by scripts/gpu-check on a machine with CUDA).

Every layer's defaults and every preset run on CUDA and print the numbers the CPU prints.
The reproducibility contract makes that checkable: a run seeds, builds on the CPU, draws
on the CPU and only then moves, so the input and the parameters are the CPU's to the bit
and are compared as text. Outputs (and buffers a forward updates) come from other kernels
and are compared number by number, within one unit of the last printed place plus a
per-family tolerance (TOLERANCE below, with its reasons) scaled by the tensor's largest
printed magnitude. Shapes, the state_dict, parameter counts, FLOPs and the per-layer
summary must be equal.

What the contract cannot reach is left out by name, with the reason (`drawn_on_device`):
numbers a forward draws at random on the device itself. A train-mode dropout mask comes
from the CUDA generator (Philox), not the CPU's, so Dropout's output is checked for its
structure instead (each element 0 or the input times 1/(1-p)) and every layer with dropout
is compared again in eval mode; a lazy layer draws its weights at its first forward, on
the device it is on by then.

The comparison itself is tested on the CPU in the default lane (the tests without the
`gpu` marker): it must refuse two different printouts, not only pass equal ones.
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
import torch
from printouts import parse_printout, printout_mismatch, without_device

from playground.records import RunResult
from playground.registry.models import PRESETS
from playground.registry.specs import REGISTRY, Family
from playground.request.state import State

# --- the project's names, in one place: the refactor may merge or rename them -------------
from playground.run import device as device_module
from playground.run.codegen import is_lazy
from playground.run.engine import run

# ---------------------------------------------------------------------------------------------

CPU = torch.device("cpu")
CUDA = torch.device("cuda")
HAS_CUDA = torch.cuda.is_available()
NO_CUDA = "no CUDA device: the gpu lane runs where torch.cuda.is_available() (scripts/gpu-check)"
requires_cuda = pytest.mark.skipif(not HAS_CUDA, reason=NO_CUDA)

# TF32 rounds a float32 product's inputs to a 10-bit mantissa (about 5e-4 relative each).
# torch's defaults: off for cuBLAS matrix products (allow_tf32 False, precision "highest"),
# on for cuDNN convolutions and RNNs (cudnn.allow_tf32 True). The app changes neither, so
# the lane checks the app as it runs, under whatever these flags say at import.
TF32_MATMUL = bool(torch.backends.cuda.matmul.allow_tf32)
TF32_CUDNN = bool(torch.backends.cudnn.allow_tf32)
MATMUL = 1e-2 if TF32_MATMUL else 1e-5
CUDNN = 1e-2 if TF32_CUDNN else 1e-5

# Allowed |cpu - cuda| of a computed number, as a fraction of max(1, the tensor's largest
# printed magnitude), on top of one unit in the last printed place.
TOLERANCE: dict[Family, float] = {
    # cuBLAS float32 GEMM (Bilinear's too): the same products summed in another order (TF32 off by default)
    Family.LINEAR: MATMUL,
    # cuDNN picks its own algorithm (Winograd, FFT, implicit GEMM) and, by default, TF32:
    # a 3x3x3 kernel sums 27 products each off by ~1e-3 relative in the worst case
    Family.CONV: CUDNN,
    # max is exact; an average sums its window in another order
    Family.POOL: 1e-6,
    # mean and variance are reductions in another order (Welford on CUDA); so are the running statistics
    Family.NORM: 1e-5,
    # a mask and a scale: exact where comparable (a train-mode mask is not: drawn_on_device)
    Family.DROPOUT: 0.0,
    # cuDNN's fused RNN, TF32 by default like its convolutions, through every time step
    Family.RECURRENT: CUDNN,
    # a row lookup copies numbers: exact
    Family.EMBEDDING: 0.0,
    # GEMMs, a softmax, LayerNorms and residuals in series (the Transformer: an encoder and a decoder layer)
    Family.ATTENTION: max(MATMUL, 1e-4),
    # CUDA's exp, tanh, erf and log are within a few ulp of the CPU's vectorised ones
    Family.ACTIVATION: 1e-6,
    # a reduction over the batch in another order, after exp/log
    Family.LOSS: 1e-5,
}
MODEL_FLOOR = 1e-5  # a preset chains several layers: at least a matrix product's tolerance

DROPOUT_SETTING = re.compile(r"(?:Dropout\w*\(p=|dropout=)([0-9.e+-]+)")


# --- comparing runs (tested on the CPU below) ---------------------------------------------


def drawn_on_device(result: RunResult) -> dict[str, str]:
    """Printed values the reproducibility contract cannot make equal across devices, with why:
    numbers the forward draws at random on the device itself."""
    skipped: dict[str, str] = {}
    outputs = [name for name, _ in result.outputs]
    dropouts = [float(p) for p in DROPOUT_SETTING.findall(result.module)]
    if result.state.get("mode") == "train" and any(p > 0 for p in dropouts):
        why = "a train-mode dropout mask comes from the device's generator (Philox on CUDA)"
        skipped |= dict.fromkeys(outputs, why)
    lazy = (result.layer in REGISTRY and is_lazy(REGISTRY[result.layer])) or bool(result.extras.get("lazy"))
    if lazy:
        why = "a lazy layer draws its weights at its first forward, on the device it is on by then"
        parameters = [p.name for p in result.params if p.is_parameter]
        skipped |= dict.fromkeys([*outputs, *parameters], why)
    return {name: why for name, why in skipped.items() if name in result.values}


def dropout_structure_mismatch(result: RunResult) -> str | None:
    """A train-mode Dropout or Dropout2d output, whatever its mask: each number is 0 or the
    input's number times 1/(1-p)."""
    p = float(result.state["params"]["p"])
    x, y = parse_printout(result.values["input"]), parse_printout(result.values["output"])
    if x.skeleton != y.skeleton:
        return "the output is not printed like the input"
    scale = 1.0 / (1.0 - p) if p < 1 else 0.0
    for index, (xi, yi, px, py) in enumerate(zip(x.numbers, y.numbers, x.places, y.places, strict=True)):
        if yi != 0 and abs(yi - xi * scale) > max(py, 0) + max(px, 0) * scale + 1e-6 * abs(yi):
            return f"number {index}: {yi!r} is neither 0 nor {xi!r} x {scale:g}"
    return None


def compare_runs(cpu: RunResult, other: RunResult, tolerance: float) -> list[str]:
    """Everything the page shows that the contract makes equal, as a list of differences."""
    if not (cpu.ok and other.ok):
        return [f"a run failed: cpu {cpu.error}, device {other.error}"]
    problems = []
    a, b = cpu.to_api(), other.to_api()
    for key in ("module", "input_shape", "output_shape", "outputs", "params", "total_params", "trainable_params"):
        if a[key] != b[key]:
            problems.append(f"{key}: {a[key]!r} on the CPU, {b[key]!r} on the device")
    for key in ("flops", "memory_bytes", "summary"):
        if a.get(key) != b.get(key):
            problems.append(f"{key}: {a.get(key)!r} on the CPU, {b.get(key)!r} on the device")
    if list(cpu.values) != list(other.values):
        problems.append(f"printed values: {list(cpu.values)} on the CPU, {list(other.values)} on the device")
        return problems
    skipped = drawn_on_device(cpu)
    exact = set(cpu.inputs) | {p.name for p in cpu.params if p.is_parameter}
    for name, text in cpu.values.items():
        if name in skipped:
            continue
        if name in exact:  # built or drawn on the CPU, then moved: the same bits
            if without_device(other.values[name]) != text:
                problems.append(f"{name} (moved from the CPU, must print the same):\n{text}\n---\n{other.values[name]}")
        elif (why := printout_mismatch(text, other.values[name], tolerance)) is not None:
            problems.append(f"{name}: {why}")
    return problems


def model_tolerance(result: RunResult) -> float:
    """The loosest tolerance among the registry layers a model runs."""
    families = [REGISTRY[row.type].family for row in result.summary if row.type in REGISTRY]
    return max([MODEL_FLOOR, *(TOLERANCE[f] for f in families)])


# --- the lane itself: CUDA against the CPU ------------------------------------------------


def with_dropout() -> list[str]:
    """Layers whose defaults drop at random in train mode: compared again in eval mode."""
    return [
        name
        for name, spec in REGISTRY.items()
        if any(key in ("p", "dropout") and value for key, value in spec.defaults().items())
    ]


def check_on_cuda(cpu: RunResult, cuda: RunResult, tolerance: float) -> None:
    expected_device = "cpu" if "pitfall" in cpu.extras else "cuda"  # a plain list cannot be moved
    assert cuda.device == expected_device
    problems = compare_runs(cpu, cuda, tolerance)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(REGISTRY))
@pytest.mark.gpu
@requires_cuda
def test_layer_defaults_print_the_cpu_numbers_on_cuda(name: str) -> None:
    state = State(name)
    cpu, cuda = run(state, device=CPU), run(state, device=CUDA)
    check_on_cuda(cpu, cuda, TOLERANCE[REGISTRY[name].family])
    if name in ("Dropout", "Dropout2d"):
        assert dropout_structure_mismatch(cuda) is None


@pytest.mark.parametrize("name", with_dropout())
@pytest.mark.gpu
@requires_cuda
def test_layers_with_dropout_print_the_cpu_numbers_on_cuda_in_eval_mode(name: str) -> None:
    state = dataclasses.replace(State(name), mode="eval")
    cpu, cuda = run(state, device=CPU), run(state, device=CUDA)
    assert not drawn_on_device(cpu)
    check_on_cuda(cpu, cuda, TOLERANCE[REGISTRY[name].family])


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.gpu
@requires_cuda
def test_presets_print_the_cpu_numbers_on_cuda(name: str) -> None:
    state = State(model=name)
    cpu, cuda = run(state, device=CPU), run(state, device=CUDA)
    check_on_cuda(cpu, cuda, model_tolerance(cpu))


@pytest.mark.gpu
@requires_cuda
def test_timed_waits_for_the_cuda_kernel_it_times() -> None:
    """Kernels are queued: a timer without a sync would stop at the launch. Events recorded
    around the kernels on the GPU's own clock must fit inside the measured wall time."""
    a = torch.randn(4096, 4096, device=CUDA)
    (a @ a).sum().item()  # cuBLAS warm
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)

    def work() -> torch.Tensor:
        start.record()
        b = a
        for _ in range(10):
            b = a @ b / 64
        end.record()
        return b

    _, wall_ms = device_module.timed(CUDA, work)
    gpu_ms = start.elapsed_time(end)
    assert gpu_ms > 1.0  # enough work to tell a launch from a run
    assert wall_ms >= 0.95 * gpu_ms, f"timed {wall_ms:.2f} ms, the kernels ran {gpu_ms:.2f} ms"


# --- the same checks, proven on the CPU (the default lane) --------------------------------


def on_cuda(text: str) -> str:
    """A printout as torch writes it for a CUDA tensor: the device after the data."""
    cut = text.rindex("]") + 1 if "]" in text else text.rindex(")")
    return text[:cut] + ", device='cuda:0'" + text[cut:]


def test_equal_printouts_pass_whatever_the_device_suffix() -> None:
    torch.manual_seed(0)
    t = torch.randn(3, 4)
    assert printout_mismatch(repr(t), on_cuda(repr(t)), 0.0) is None
    parameter = repr(torch.nn.Parameter(t))
    assert "requires_grad=True" in parameter
    assert printout_mismatch(parameter, on_cuda(parameter), 0.0) is None
    assert printout_mismatch(repr(t.sum()), on_cuda(repr(t.sum())), 0.0) is None


def test_different_printouts_are_refused() -> None:
    torch.manual_seed(0)
    t = torch.randn(3, 4)
    assert printout_mismatch(repr(t), repr(t + 1e-3), 1e-5) is not None  # another number
    assert printout_mismatch(repr(t), repr(t.reshape(4, 3)), 1.0) is not None  # another shape
    assert printout_mismatch(repr(t), repr(t[:2]), 1.0) is not None  # fewer numbers
    assert printout_mismatch(repr(t), repr(t.requires_grad_(True) * 1), 1.0) is not None  # a grad_fn appeared
    assert printout_mismatch(repr(torch.tensor([1.0, 2.0])), repr(torch.tensor([1.0, 3.0])), 0.0) is not None
    assert printout_mismatch(repr(torch.tensor([1, 2])), repr(torch.tensor([1, 3])), 0.5) is not None
    assert printout_mismatch(repr(torch.tensor([1.0, math.nan])), repr(torch.tensor([1.0, 0.0])), 1.0) is not None
    assert printout_mismatch(repr(torch.tensor([math.inf])), repr(torch.tensor([-math.inf])), 1.0) is not None


def test_rounding_within_the_tolerance_and_the_last_printed_place_passes() -> None:
    torch.manual_seed(0)
    t = torch.randn(50, 50)  # summarised with '...'
    nudged = t + 3e-7 * torch.randn(50, 50)
    assert printout_mismatch(repr(t), on_cuda(repr(nudged)), 1e-6) is None
    assert printout_mismatch(repr(t), on_cuda(repr(t + 0.05)), 1e-2) is not None  # past it
    small = torch.tensor([1e-5, 2e-3, 0.5])  # printed in scientific notation
    assert printout_mismatch(repr(small), repr(small * (1 + 1e-7)), 1e-6) is None
    whole = torch.tensor([1.0, 2.0])  # printed `1., 2.`: exact, no place to round in
    assert printout_mismatch(repr(whole), repr(whole + 1e-6), 1e-6) is None
    assert printout_mismatch(repr(whole), repr(whole + 1e-3), 1e-6) is not None
    nans = torch.tensor([math.nan, math.inf, -math.inf])
    assert printout_mismatch(repr(nans), on_cuda(repr(nans)), 0.0) is None
    cudnn = "tensor([0.5000], grad_fn=<CudnnRnnBackward0>)"
    assert printout_mismatch("tensor([0.5000], grad_fn=<StackBackward0>)", cudnn, 0.0) is None


def test_the_last_printed_place_is_read_from_each_number() -> None:
    assert parse_printout("tensor([0.1235, -1.2346e-03, 1., 7, nan])").places == (1e-4, 1e-7, 0.0, -1.0, 0.0)
    assert parse_printout("tensor([], size=(0, 3), dtype=torch.float64)").numbers == (0.0, 3.0)
    assert "float64" in parse_printout("tensor([1.], dtype=torch.float64)").skeleton


def cpu_pair(state: State) -> tuple[RunResult, RunResult]:
    return run(state, device=CPU), run(state, device=CPU)


def test_two_cpu_runs_compare_equal_and_a_doctored_one_does_not() -> None:
    first, second = cpu_pair(State("Conv2d"))
    assert compare_runs(first, second, TOLERANCE[Family.CONV]) == []
    output = first.values["output"].replace("0.", "1.", 1)
    problems = compare_runs(first, dataclasses.replace(second, values={**second.values, "output": output}), 1e-5)
    assert len(problems) == 1 and problems[0].startswith("output:")
    assert compare_runs(first, dataclasses.replace(second, flops=second.flops + 1), 1e-5)[0].startswith("flops")
    assert compare_runs(first, dataclasses.replace(second, outputs=(("output", (1,)),)), 1e-5)


def test_moved_tensors_must_print_the_same_bits() -> None:
    """Parameters are built on the CPU and moved: a difference that a tolerance would forgive
    (the last place of one weight) is still a difference."""
    first, second = cpu_pair(State("Linear"))
    weight = re.sub(r"\d(?=,)", lambda m: str((int(m.group(0)) + 1) % 10), second.values["weight"], count=1)
    doctored = dataclasses.replace(second, values={**second.values, "weight": on_cuda(weight)})
    assert printout_mismatch(first.values["weight"], weight, 1e-2) is None  # within a tolerance...
    assert compare_runs(first, doctored, 1e-2)[0].startswith("weight (moved")  # ...yet refused
    moved = dataclasses.replace(second, values={k: on_cuda(v) for k, v in second.values.items()})
    assert compare_runs(first, moved, 0.0) == []


def test_what_the_device_draws_is_named_and_the_rest_still_compared() -> None:
    assert drawn_on_device(run(State("Linear"), device=CPU)) == {}
    assert set(drawn_on_device(run(State("Dropout"), device=CPU))) == {"output"}
    assert drawn_on_device(run(dataclasses.replace(State("Dropout"), mode="eval"), device=CPU)) == {}
    assert set(drawn_on_device(run(State("TransformerEncoderLayer"), device=CPU))) == {"output"}
    assert set(drawn_on_device(run(State("LazyLinear"), device=CPU))) == {"output", "weight", "bias"}
    assert set(drawn_on_device(run(State(model="LazyMLP"), device=CPU))) == {"output"}
    assert drawn_on_device(run(State(model="LeNet"), device=CPU)) == {}
    assert with_dropout() == ["Dropout", "Dropout2d", *[n for n in REGISTRY if n.startswith("Transformer")]]


def test_a_dropout_output_is_zero_or_the_scaled_input() -> None:
    for name in ("Dropout", "Dropout2d"):
        result = run(State(name), device=CPU)
        assert dropout_structure_mismatch(result) is None
        kept = parse_printout(result.values["output"]).numbers
        assert any(kept) and not all(kept)  # the default input is big enough to see both
        wrong = dataclasses.replace(result, values={**result.values, "output": result.values["input"]})
        assert dropout_structure_mismatch(wrong) is not None  # kept but not scaled


def test_every_family_has_a_tolerance_and_every_preset_one_from_its_layers() -> None:
    assert set(TOLERANCE) == set(Family)
    lenet = run(State(model="LeNet"), device=CPU)
    assert model_tolerance(lenet) == TOLERANCE[Family.CONV]


def test_timed_brackets_the_work_with_a_sync_that_waits_for_the_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a GPU the work returns at launch and the sync waits for it: a stand-in sync that
    waits for 'queued' work shows that the measured time covers it."""
    events: list[str] = []
    queued = {"s": 0.0}

    def synchronize(device: Any = None) -> None:
        events.append("sync")
        time.sleep(queued["s"])
        queued["s"] = 0.0

    def launch() -> str:
        events.append("launch")
        queued["s"] = 0.05  # a 50 ms kernel, still running when launch() returns
        return "done"

    monkeypatch.setattr(torch.cuda, "synchronize", synchronize)
    result, ms = device_module.timed(CUDA, launch)
    assert result == "done"
    assert events == ["sync", "launch", "sync"]
    assert ms >= 50


@pytest.mark.parametrize(
    "runner",
    [lambda: run(State("Linear"), device=CPU), lambda: run(State(model="MLP"), device=CPU)],
    ids=["layer", "model"],
)
def test_the_engines_time_build_and_forward_through_the_synchronised_timer(
    monkeypatch: pytest.MonkeyPatch, runner: Callable[[], RunResult]
) -> None:
    calls: list[torch.device] = []
    monkeypatch.setattr(device_module, "synchronize", calls.append)
    result = runner()
    assert result.ok
    assert {"build", "forward"} <= set(result.timings_ms)
    assert len(calls) >= 4 and all(d == CPU for d in calls)  # before and after each of the two


def test_the_benchmark_pins_its_device_and_refuses_a_missing_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """`benchmarks.run --device` reaches the workers and the app through PLAYGROUND_DEVICE;
    asking for CUDA where there is none stops the run instead of timing the CPU under its name."""
    from harness.app import use_device

    monkeypatch.setenv("PLAYGROUND_DEVICE", "")  # restored afterwards, whatever use_device writes
    use_device("cpu")
    assert device_module.pick_device() == CPU
    if not HAS_CUDA:
        with pytest.raises(ValueError, match="no CUDA device"):
            use_device("cuda")
