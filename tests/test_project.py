"""Promises of the project itself: lint clean, the README in step with the registry and the CI."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from playground.lessons import LESSONS
from playground.lessons.model import fidelity_table
from playground.limits import limits_table
from playground.registry.catalogue import presets_table, registry_table

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GENERATED = {
    "layers": registry_table,
    "presets": presets_table,
    "limits": limits_table,
    "fidelity": lambda: fidelity_table(LESSONS),
}


def test_ruff_check_and_format_are_clean() -> None:
    for args in (["check", "."], ["format", "--check", "."]):
        run = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_readme_tables_are_generated() -> None:
    """The layer and preset tables come from the code; UPDATE_README=1 rewrites them instead of failing."""
    text = README.read_text()
    for name, render in GENERATED.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        block = f"{start}\n{render()}\n{end}"
        current = re.search(re.escape(start) + ".*?" + re.escape(end), text, re.S)
        assert current, f"README.md has no generated {name} table"
        if os.environ.get("UPDATE_README"):
            text = text.replace(current.group(0), block)
            README.write_text(text)
        else:
            assert current.group(0) == block, "run UPDATE_README=1 pytest tests/test_project.py to regenerate"


def test_ci_runs_the_readme_test_command() -> None:
    command = (ROOT / ".ci/run").read_text().strip().splitlines()[-1]
    assert f"```\n{command}\n```" in README.read_text()


def test_nothing_a_caller_sends_is_executed() -> None:
    """No eval, exec, pickle or torch.load in the package: input is only ever parsed as JSON.
    (The worker pipe pickles RunResults the server's own workers send, never caller bytes.)"""
    builtins = {"eval", "exec", "__import__", "compile"}
    loaders = {("pickle", "load"), ("pickle", "loads"), ("torch", "load")}
    for path in sorted((ROOT / "playground").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else None
            dotted = (
                (func.value.id, func.attr)
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                else None
            )
            assert called not in builtins and dotted not in loaders, f"{path.relative_to(ROOT)}:{node.lineno}"
