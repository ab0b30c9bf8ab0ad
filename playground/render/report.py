"""RunResult -> text: the summary, the state_dict table, the tensors, what changed.

Markdown and plain text only, so the page, the README and tests share one renderer.
"""

from __future__ import annotations

import zlib
from typing import Any

from playground.records import FLOPS_COUNTED, PAGE_VALUES_CHARS, WHOLE_MODEL, RunResult
from playground.render.figures import PITFALL_NOTE, param_formula, shape_text
from playground.request.ranges import drawn_from
from playground.request.state import RandomSpec, state_from_dict


def summary_markdown(r: RunResult) -> str:
    outputs = ", ".join(f"`{name}` {shape_text(shape)}" for name, shape in r.outputs)
    # every tensor the forward takes (a loss's target, attention's key and value), in call order
    inputs = ", ".join(
        f"{name} {shape_text(r.shapes.get(name, r.input_shape if name == 'input' else ()))}" for name in r.inputs
    )
    t = r.timings_ms
    rows = [
        ("Shapes", f"{inputs} → {outputs}"),
        ("Parameters", f"{r.total_params:,} ({r.trainable_params:,} trainable): {param_formula(r.params)}"),
        ("FLOPs (forward)", (f"{r.flops:,}" if r.flops else "not counted") + f" *({FLOPS_COUNTED})*"),
        ("Memory estimate", _bytes(r.memory_bytes)),
        ("Device", f"`{r.device}`, mode `{r.mode}`"),
        ("Time", " · ".join(f"{k} {v:.2f} ms" for k, v in t.items())),
    ]
    made = input_note(r.state)
    if made:  # last: projector mode hides rows by their place (assets/style.css)
        rows.append(("Input", made))
    lines = [f"- **{k}**: {v}" for k, v in rows]
    if r.warnings:
        lines += ["", *(f"> ⚠️ torch warns: {w}" for w in r.warnings)]
    return "\n".join(lines)


def input_note(state: dict[str, Any]) -> str:
    """How the input was made and used, where it is more than a draw from the seed: what the
    Lab's input controls set (a typed tensor, a scale and shift, a second call), said beside the
    numbers they change, and what a lesson's step adds that has no control (its stream, prints)."""
    given = state.get("input") or {}
    notes = []
    if given.get("after"):
        count = len(given["after"])
        notes.append(
            f"drawn after {count} earlier run{'s' * (count > 1)} of the same seeded stream (a lesson's earlier steps)"
        )
    if given.get("values") is not None:
        notes.append("typed by hand")
    if given.get("scale", 1) != 1 or given.get("shift", 0) != 0:
        notes.append(f"scaled by {given.get('scale', 1)!r}, then shifted by {given.get('shift', 0)!r}")
    if state.get("calls", 1) > 1:
        notes.append(f"the layer is called {state['calls']} times on it")
    if state.get("prints"):
        notes.append("printed with " + ", ".join(f"`{p}`" for p in state["prints"]))
    return "; ".join(notes)


def state_dict_markdown(r: RunResult) -> str:
    if not r.params:
        return f"`{r.layer}` has an empty `state_dict`: nothing to learn, nothing to save."
    lines = ["| name | shape | numel | requires_grad | kind |", "|---|---|---:|---|---|"]
    for p in r.params:
        kind = "Parameter" if p.is_parameter else "buffer"
        lines.append(f"| `{p.name}` | {shape_text(p.shape)} | {p.numel:,} | {p.requires_grad} | {kind} |")
    return "\n".join(lines)


MAX_VALUES_CHARS = PAGE_VALUES_CHARS  # a Transformer prints ~280 KB of tensors; the API still has them all


def values_text(r: RunResult) -> str:
    """The tensors exactly as `print` shows them in a notebook, in the order they appear, up
    to MAX_VALUES_CHARS: a summarised 5-d input alone prints 6^5 numbers (150 KB)."""
    blocks, size = [], 0
    for index, (name, text) in enumerate(r.values.items()):
        room = MAX_VALUES_CHARS - size
        if len(text) > room:
            partial = not blocks or room >= MAX_VALUES_CHARS // 4  # else not even a useful part of it
            if partial:
                lines = text[:room].split("\n")[:-1] or [text[:room]]
                total = text.count("\n") + 1
                blocks.append(f"# {name}: the first {len(lines)} of {total} lines\n" + "\n".join(lines))
            return "\n\n".join([*blocks, *_more(len(r.values) - index - partial + r.unprinted)])
        blocks.append(f"# {name}\n{text}")
        size += len(text)
    return "\n\n".join([*blocks, *_more(r.unprinted)])


def _more(left: int) -> list[str]:
    return [f"# ... {left} more tensors: see `values` in the /run_layer API or print them in code"] if left else []


def fingerprint(r: RunResult) -> dict[str, Any]:
    """The little that the next update needs to say what changed."""
    return {
        "layer": r.layer,
        "outputs": [[name, list(shape)] for name, shape in r.outputs],
        "params": r.total_params,
        "flops": r.flops,
        "input": list(r.input_shape),
        "module": zlib.crc32(r.module.encode()),  # a reordered stack prints differently
        "values": {name: zlib.crc32(text.encode()) for name, text in r.values.items()},
    }


def change_line(previous: dict[str, Any] | None, r: RunResult) -> str:
    if not previous or "layer" not in previous:  # the first run, or only a refusal before it
        return f"Showing `{r.layer}`."
    if previous.get("layer") != r.layer:
        return f"Switched from `{previous.get('layer')}` to `{r.layer}`."
    now = fingerprint(r)
    parts = []
    if previous["input"] != now["input"]:
        parts.append(f"input {_shape(previous['input'])} → {_shape(now['input'])}")
    before = {name: shape for name, shape in previous["outputs"]}
    for name, shape in now["outputs"]:
        if before.get(name) != shape:
            parts.append(f"{name} {_shape(before.get(name, []))} → {_shape(shape)}")
    for key, label in (("params", "parameters"), ("flops", "FLOPs")):
        if previous[key] != now[key]:
            parts.append(f"{label} {previous[key]:,} → {now[key]:,} ({now[key] - previous[key]:+,})")
    if parts:
        return "Changed: " + "; ".join(parts) + "."
    # the printed module and the printed tensors each said apart: a second call adds a tensor
    # with the same numbers (no "new values"), GRU's dropout changes both
    notes = []
    if previous.get("module") != now["module"]:
        notes.append("the printed module changed (order or settings)")
    printed, was = now["values"], previous.get("values") or {}
    added, gone = [n for n in printed if n not in was], [n for n in was if n not in printed]
    if added:
        notes.append("now also printed: " + ", ".join(added))
    if gone:
        notes.append("no longer printed: " + ", ".join(gone))
    if any(was[name] != crc for name, crc in printed.items() if name in was):
        notes.append("new values")
    if notes:
        return "Same shapes, parameters and FLOPs; " + "; ".join(notes) + "."
    return "The same shapes, parameters and values as before."


def _shape(shape: list[int]) -> str:
    return shape_text(tuple(shape))


def _bytes(n: int) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n} bytes"


# --- models ----------------------------------------------------------------------------------


def model_summary_markdown(r: RunResult) -> str:
    """The per-layer table, torchinfo's columns plus FLOPs and each row's share of the
    parameters, indented by depth.

    `params` is what a row's own module holds (it adds up to the total; a container holding
    nothing itself shows --), the next two columns count everything under the module, as
    torchinfo does. FLOPs count only matrix products, convolutions and attention, so the
    rows torch's counter has no formula for show "not counted", never a bare 0."""
    lines = [
        "| # | layer | output shape | params | params with children | trainable with children | mult-adds "
        "| FLOPs (forward) | share of params |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for index, row in enumerate(r.summary):
        if row.is_call:  # in italics and named by the call itself, so nobody takes it for a module
            flops = f"{row.flops:,}" if row.flops else "not counted"
            lines.append(
                f"| {index} | {'&nbsp;&nbsp;' * row.depth}*call* *`{row.name}`* | *{shape_text(row.output_shape)}* "
                f"| -- | -- | -- | -- | {flops} | -- |"
            )
            continue
        indent = "&nbsp;&nbsp;" * row.depth
        name = f"{row.name} ({row.type})" if row.name != row.type else row.type
        reused = " *(reused)*" if row.recursive else ""
        params = f"{row.params:,}" if row.params else "--"
        mult_adds = f"{row.mult_adds:,}" if row.mult_adds else "--"
        flops = f"{row.flops:,}" if row.flops else "not counted"
        share = f"{row.share:.1%}" if row.params else "--"  # the module's own, as `params`: a container holds none
        lines.append(
            f"| {index} | {indent}`{name}`{reused} | {shape_text(row.output_shape)} | {params} "
            f"| {_count(row.params_with_children)} | {_count(row.trainable)} | {mult_adds} | {flops} "
            f"| {share} |"
        )
    root = r.summary[0] if r.summary else None
    if root is not None:
        lines.append(
            f"| | **total** | | **{r.total_params:,}** | {r.total_params:,} | {r.trainable_params:,} "
            f"| **{root.mult_adds:,}** | {root.flops:,} | 100% |"
        )
        lines.append(f'\n*FLOPs: {FLOPS_COUNTED}; "not counted" marks a layer made of such work only.*')
    calls = sum(1 for row in r.summary if row.is_call)
    if calls:
        lines.append(
            f"\n{calls} row{'s' * (calls > 1)} marked *call*: functions the forward calls between its modules, "
            "listed where they ran. They are not modules and hold no parameters: torchinfo lists none of "
            "them, and the totals are the modules' alone."
        )
    if len(r.summary) == 1 and r.extras.get("pitfall"):
        lines.append(f"\n*{PITFALL_NOTE}*")
    return "\n".join(lines)


def _count(n: int) -> str:
    return f"{n:,}" if n else "--"


def extras_markdown(r: RunResult) -> str:
    """What a preset is there to show, in words, with the numbers measured on this run."""
    parts = []
    about = r.model.get("about")
    if about:
        parts.append(f"**{r.model['name']}**: {about}")
    for group in r.extras.get("tied", []):
        parts.append(
            f"**Tied parameters**: {' and '.join(f'`{n}`' for n in group['names'])} are "
            + ("one tensor" if group["same_tensor"] else "different tensors")
            + f" of shape {shape_text(tuple(group['shape']))}: counted once ({group['numel']:,} numbers), and "
            + (
                "setting one element through the first name changed it under every name."
                if group["changed_together"]
                else "they did not change together."
            )
        )
    lazy = r.extras.get("lazy")
    if lazy:
        rows = "\n".join(
            f"| `{before['name']}` | uninitialized | {shape_text(tuple(after['shape']))} |"
            for before, after in zip(lazy["before"], lazy["after"], strict=True)
        )
        parts.append(
            "**Lazy parameters**, before and after the first forward:\n\n"
            "| parameter | before | after |\n|---|---|---|\n" + rows
        )
    pitfall = r.extras.get("pitfall")
    if pitfall:
        plain, registered = pitfall["plain_list"], pitfall["registered"]
        parts.append(
            "**Plain list vs registered modules**, the same layer objects:\n\n"
            "| | plain Python list | `add_module` (MySequential) |\n|---|---|---|\n"
            f"| `state_dict` entries | {len(plain['state_dict'])} | {len(registered['state_dict'])} |\n"
            f"| parameters | {plain['parameters']:,} | {registered['parameters']:,} |\n"
            f"| optimizer | {plain['optimizer']} | {registered['optimizer']} |"
        )
    gradients = r.extras.get("gradients")
    if gradients is not None:
        parts.append(gradients_markdown(gradients))
    return "\n\n".join(parts)


def gradients_markdown(gradients: list[dict[str, Any]]) -> str:
    """What `backward` did: out.sum().backward() left these gradients on the parameters."""
    if not gradients:
        return (
            "**Gradients**: backward did not run: nothing in this model requires grad "
            "(it has no parameters, and an integer input cannot carry a gradient)."
        )
    rows = "\n".join(
        f"| `{g['name']}` | {shape_text(tuple(g['shape']))} | "
        + (
            "no gradient (not used by the forward) | |"
            if g["norm"] is None
            else f"{g['norm']:.4g} | {g['max_abs']:.4g} |"
        )
        for g in gradients
    )
    return (
        "**Gradients** of `out.sum()` after `out.sum().backward()`, per parameter:\n\n"
        "| parameter | shape | grad norm | largest abs(grad) |\n|---|---|---:|---:|\n" + rows
    )


def ensemble_markdown(r: RunResult, shown: int = 0) -> str:
    """The members side by side; the one the table and plots below show is marked, and a
    member built exactly like an earlier one says so (its weights still differ)."""
    if not r.ensemble:
        return ""
    lines = [
        "| model | layers | parameters | mult-adds | output | architecture |",
        "|---|---:|---:|---:|---|---|",
    ]
    for index, member in enumerate(r.ensemble):
        label = f"**{member['label']}** (shown below)" if index == shown else member["label"]
        same = f"same as {member['same_as']}" if member.get("same_as") else "its own"
        lines.append(
            f"| {label} | {member['layers']} | {member['total_params']:,} | {member['mult_adds']:,} "
            f"| {shape_text(tuple(member['output_shape']))} | {same} |"
        )
    spec = state_from_dict(r.state, "model").model if r.state else None
    if isinstance(spec, RandomSpec):  # the ranges the controls set, read from the state that ran
        lines.append(f"\nDrawn from: {drawn_from(spec.family, spec.value)}.")
    return "\n".join(lines)


def inside_markdown(r: RunResult) -> str:
    """The submodule picked, as a notebook shows it: each line of code above what it prints
    (the exported script ends with the same lines), cut to a page's worth where a big model's
    state_dict prints more."""
    if r.inside is None:
        if not r.submodules:
            return (
                f"*An ensemble of {len(r.ensemble)} models has no one model to look inside: set the models "
                "in the ensemble to 1.*"
            )
        return (
            f"Pick one of this model's {len(r.submodules)} modules to see its print, its `state_dict()` and "
            "each of its parameters' type, shape, `requires_grad` and `.grad`: the model itself, listed as "
            f"`{WHOLE_MODEL}`, then each submodule by the name `named_modules()` gives it."
        )
    inside, room = r.inside, PAGE_VALUES_CHARS
    when = "after the forward and `output.sum().backward()`" if r.backward else "after the forward, no backward"
    blocks = [f"Submodule `{inside.label}` is `{inside.access}` in code; printed {when}:"]
    for code, text in inside.printed():
        shown = text if len(text) <= room else _first_lines(text, room)
        room = max(room - len(shown), 0)
        blocks.append(f"`{code}`\n\n```\n{shown}\n```")
    if inside.left_out:
        listed = len(inside.parameters)
        blocks.append(
            f"*The first {listed} parameters are listed one by one, here and in the exported code; the "
            f"{inside.left_out} others are in the state_dict above.*"
        )
    if not r.backward and inside.parameters:
        blocks.append("*Every `.grad` is `None`: no backward has run. Tick **backward** to see them filled in.*")
    return "\n\n".join(blocks)


def _first_lines(text: str, room: int) -> str:
    lines = text[:room].split("\n")[:-1]
    total = text.count("\n") + 1
    return "\n".join([*lines, f"# ... the first {len(lines)} of {total} lines: the exported code prints them all"])
