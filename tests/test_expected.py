"""Expected-output files, as torchinfo keeps them: what the playground renders for one layer
of each family (the generated code, the state_dict table, the API result) and for every
preset (the summary table, the generated code) lives in tests/expected/, so that any change
to any of them shows in the diff of the commit that makes it.

`OVERWRITE_EXPECTED=1 pytest tests/test_expected.py` rewrites the files instead of failing
(as UPDATE_README=1 does for the README's tables); review the diff, then commit it.

Everything runs in-process on the CPU. The API result drops what differs from run to run
(timings) or machine to machine (device); it must be identical in two runs. Its printed
tensors are compared as text, except that a number printed one unit off in its last place
is forgiven: another CPU's kernels may sum in another order and round the other way.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from printouts import printout_mismatch

from playground.records import RunResult
from playground.registry.models import PRESETS, RANDOM_INPUTS, random_plans
from playground.registry.specs import REGISTRY, Family
from playground.render.report import model_summary_markdown, state_dict_markdown
from playground.request.state import RANDOM_FAMILIES, RandomSpec, State

# --- the project's names, in one place: the refactor may merge or rename them -------------
from playground.run.engine import run

# ---------------------------------------------------------------------------------------------

EXPECTED = Path(__file__).resolve().parent / "expected"
OVERWRITE = os.environ.get("OVERWRITE_EXPECTED") == "1"
CPU = torch.device("cpu")
VOLATILE = ("timings_ms", "device")  # wall times; the device the run happened to get

# one layer per family, the one a course shows first and with the most on screen
FAMILY_LAYERS: dict[Family, str] = {
    Family.LINEAR: "Linear",
    Family.CONV: "Conv2d",  # the sample image: its formula is part of the code
    Family.POOL: "MaxPool2d",
    Family.NORM: "BatchNorm2d",  # parameters and buffers
    Family.DROPOUT: "Dropout",
    Family.RECURRENT: "LSTM",  # three named outputs
    Family.EMBEDDING: "Embedding",  # integer inputs
    Family.ATTENTION: "MultiheadAttention",
    Family.ACTIVATION: "ReLU",  # an empty state_dict
    Family.LOSS: "CrossEntropyLoss",  # a target beside the input
}


@functools.cache
def layer_result(name: str) -> RunResult:
    result = run(State(name), device=CPU)
    assert result.ok, result.error
    return result


@functools.cache
def preset_result(name: str) -> RunResult:
    result = run(State(model=name), device=CPU)
    assert result.ok, result.error
    return result


def api_json(result: RunResult) -> str:
    api = {key: value for key, value in result.to_api().items() if key not in VOLATILE}
    return json.dumps(api, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# other inputs than a family's own: a conv model's pooling and a recurrent model's input_size follow them
RANDOM_SHAPES = {"dense": (3, 7), "conv": (2, 3, 5, 7), "recurrent": (1, 4, 5)}


def random_draws(family: str) -> str:
    """The architectures seeds 0 to 11 draw (four each) on the family's input and on another:
    drawn with every range at its default, they must stay the draws of before the ranges."""
    blocks = []
    for shape in (RANDOM_INPUTS[family][0], RANDOM_SHAPES[family]):
        for seed in range(12):
            for plan in random_plans(RandomSpec(family, seed, 4), shape):
                blocks.append(f"# seed {seed}, input {list(shape)}, {plan.label}\n{plan.expression()}\n")
    return "\n".join(blocks)


def renderers() -> dict[str, Callable[[], str]]:
    """Each expected file, by its path under tests/expected/, with what renders it now."""
    files: dict[str, Callable[[], str]] = {}
    for name in FAMILY_LAYERS.values():
        files[f"layers/{name}.py"] = lambda name=name: layer_result(name).code
        files[f"layers/{name}.state_dict.md"] = lambda name=name: state_dict_markdown(layer_result(name)) + "\n"
        files[f"layers/{name}.api.json"] = lambda name=name: api_json(layer_result(name))
    for name in PRESETS:
        files[f"presets/{name}.py"] = lambda name=name: preset_result(name).code
        files[f"presets/{name}.summary.md"] = lambda name=name: model_summary_markdown(preset_result(name)) + "\n"
    for family in RANDOM_FAMILIES:
        files[f"random/{family}.py"] = lambda family=family: random_draws(family)
    return files


RENDERERS = renderers()


def within_rounding(expected: str, actual: str) -> bool:
    """Two API results that differ only in the last printed place of some tensor numbers."""
    try:
        old, new = json.loads(expected), json.loads(actual)
    except json.JSONDecodeError:
        return False
    old_values, new_values = old.pop("values", {}), new.pop("values", {})
    if old != new or list(old_values) != list(new_values):
        return False
    return all(printout_mismatch(text, new_values[name], 0.0) is None for name, text in old_values.items())


def check(relative: str, actual: str) -> None:
    path = EXPECTED / relative
    if OVERWRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != actual:
            path.write_text(actual)
        return
    hint = "OVERWRITE_EXPECTED=1 pytest tests/test_expected.py rewrites it; review the diff, then commit"
    if not path.exists():
        pytest.fail(f"tests/expected/{relative} is missing: {hint}")
    expected = path.read_text()
    if expected == actual or (relative.endswith(".json") and within_rounding(expected, actual)):
        return
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"tests/expected/{relative}",
        tofile="rendered now",
    )
    pytest.fail(f"tests/expected/{relative} differs ({hint}):\n{''.join(diff)}", pytrace=False)


@pytest.mark.parametrize("relative", list(RENDERERS))
def test_rendered_output_matches_its_expected_file(relative: str) -> None:
    check(relative, RENDERERS[relative]())


def test_every_expected_file_is_rendered_and_every_family_has_one() -> None:
    """A file nothing renders any more (a renamed layer or preset) would hide a change."""
    assert set(FAMILY_LAYERS) == set(Family)
    assert all(REGISTRY[name].family is family for family, name in FAMILY_LAYERS.items())
    present = sorted(path.relative_to(EXPECTED).as_posix() for path in EXPECTED.rglob("*") if path.is_file())
    stale = [relative for relative in present if relative not in RENDERERS]
    if OVERWRITE:
        for relative in stale:
            (EXPECTED / relative).unlink()
        return
    assert not stale, f"tests/expected/ holds files nothing renders: {stale} (OVERWRITE_EXPECTED=1 removes them)"


@pytest.mark.parametrize("name", list(FAMILY_LAYERS.values()))
def test_api_result_is_the_same_in_two_runs(name: str) -> None:
    """Timings and the device taken out, a run is a pure function of its state: the seed
    decides every printed number."""
    assert api_json(run(State(name), device=CPU)) == api_json(layer_result(name))


def test_a_change_fails_with_a_unified_diff(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys.modules[__name__], "EXPECTED", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "OVERWRITE", False)
    (tmp_path / "x.md").write_text("| a | 1 |\n| b | 2 |\n")
    with pytest.raises(pytest.fail.Exception) as failed:
        check("x.md", "| a | 1 |\n| b | 3 |\n")
    message = str(failed.value)
    assert "--- tests/expected/x.md" in message and "+++ rendered now" in message
    assert "-| b | 2 |" in message and "+| b | 3 |" in message
    assert "OVERWRITE_EXPECTED=1" in message
    check("x.md", "| a | 1 |\n| b | 2 |\n")  # the same text passes


def test_an_api_result_may_differ_only_by_rounding_in_a_printed_tensor() -> None:
    expected = json.dumps({"flops": 24, "values": {"output": "tensor([0.1234, 0.5000])"}})
    assert within_rounding(expected, json.dumps({"flops": 24, "values": {"output": "tensor([0.1235, 0.5000])"}}))
    assert not within_rounding(expected, json.dumps({"flops": 24, "values": {"output": "tensor([0.1240, 0.5000])"}}))
    assert not within_rounding(expected, json.dumps({"flops": 25, "values": {"output": "tensor([0.1234, 0.5000])"}}))
    assert not within_rounding(expected, json.dumps({"flops": 24, "values": {"out": "tensor([0.1234, 0.5000])"}}))
