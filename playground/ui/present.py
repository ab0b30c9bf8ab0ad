"""RunResult -> component updates: the one place where engine errors become UI messages."""

from __future__ import annotations

import hashlib
from typing import Any

import gradio as gr

from playground.records import WHOLE_MODEL, RunResult
from playground.render import figures, report
from playground.ui.outputs import HIDDEN_AT_START, LAB_PLOTS, MODEL_PLOTS, Shown, in_group

BEHAVIOUR = in_group(LAB_PLOTS, "behaviour")

# the order of the outputs of every update; app.py lays the components out under these names
OUTPUTS = (
    "error",
    "change",
    "summary",
    *(p.name for p in LAB_PLOTS),
    "module",
    "state_dict",
    "values",
    "code",
    "fingerprint",
    "tensor",
    "behaviour_tab",
    "panels",
)


def error_parts(result: RunResult) -> tuple[str | None, str]:
    """A refused run's field and reason, as every refusal on the page shows them."""
    error = result.error
    return (error.param, error.message) if error else (None, "unknown error")


def refusal_text(param: str | None, message: str) -> str:
    """A refusal as the page shows it: the field it is about, and torch's or our reason."""
    where = f"**{param}**: " if param else ""
    return f"✗ {where}{message}"  # U+2717: in the fonts Linux, Windows and macOS ship (⛔ drew as a box)


def refusal(result: RunResult, previous: dict[str, Any] | None, outputs: tuple[str, ...]) -> list[Any]:
    """On a refusal only the message changes: the last valid plots stay on screen. The
    fingerprint notes that the message is showing, so the next valid update hides it."""
    return refusal_of(*error_parts(result), previous, outputs)


def refusal_of(
    param: str | None, message: str, previous: dict[str, Any] | None, outputs: tuple[str, ...] = OUTPUTS
) -> list[Any]:
    """`refusal` for a refusal made before any run (a typed tensor that does not read or fit)."""
    updates = {
        "error": gr.update(value=refusal_text(param, message), visible=True),
        "fingerprint": (previous or {}) | {"error": True},
    }
    return [updates.get(name, gr.skip()) for name in outputs]


def with_typed(shown: list[Any], typed: dict[str, Any], cleared: str) -> list[Any]:
    """A Lab update that also remembers the typed tensor it ran (the next reading compares it, see
    `controls.ControlSet.read`) and, where the typed tensor was emptied, says so first in the change line."""
    updates = list(shown)
    at = OUTPUTS.index("fingerprint")
    updates[at] = updates[at] | {"typed": typed}
    if cleared:
        at = OUTPUTS.index("change")
        updates[at] = f"{cleared} {updates[at]}"
    return updates


def plot_updates(
    named: dict[str, figures.Figure | None], previous: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Serialise each figure once; a figure equal to what this visitor already sees is skipped,
    so the browser redraws only what changed (redrawing, not the server, is the slow part).
    A plot whose visibility stays as it is gets a bare value, not a component update: gradio
    rebuilds a whole component for every update (about 0.4 ms each) but not for a value."""
    seen = (previous or {}).get("plots", {})
    updates: dict[str, Any] = {}
    digests: dict[str, str] = {}
    for name, figure in named.items():
        was_hidden = seen.get(name, "hidden" if name in HIDDEN_AT_START else "") == "hidden"
        if figure is None:
            digests[name] = "hidden"
            updates[name] = gr.skip() if was_hidden else gr.update(visible=False)
            continue
        text = figure.to_json()
        digests[name] = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
        if seen.get(name) == digests[name]:
            updates[name] = gr.skip()
        else:
            updates[name] = gr.update(value=text, visible=True) if was_hidden else text
    return updates, digests


def hide_error(previous: dict[str, Any] | None) -> Any:
    return gr.update(value="", visible=False) if (previous or {}).get("error") else gr.skip()


def behaviour_panel(digests: dict[str, str], previous: dict[str, Any] | None) -> tuple[Any, Any]:
    """The "how it behaves" panel exists only for a layer that has a curve or a train/eval
    difference to show, and opens by itself when one appears (an activation's curve is its
    main result); when it goes, the weights panel takes its place."""
    seen = (previous or {}).get("plots", {})
    now = any(digests[p.name] != "hidden" for p in BEHAVIOUR)
    before = any(seen.get(p.name, "hidden" if p.name in HIDDEN_AT_START else "") != "hidden" for p in BEHAVIOUR)
    if now == before:
        return gr.skip(), gr.skip()
    return gr.update(visible=now), gr.update(selected="behaviour" if now else "weights")


def present(result: RunResult, previous: dict[str, Any] | None, tensor: str | None = None) -> list[Any]:
    if not result.ok:
        return refusal(result, previous, OUTPUTS)
    plots, digests = plot_updates({p.name: p.draw(Shown(result, tensor=tensor)) for p in LAB_PLOTS}, previous)
    behaviour_tab, panels = behaviour_panel(digests, previous)
    names = figures.tensor_names(result)
    picked = figures.weight_choice(result, tensor)
    same_choices = (previous or {}).get("tensors") == names
    texts = {
        "error": hide_error(previous),
        "change": report.change_line(previous, result),
        "summary": report.summary_markdown(result),
        "module": result.module,
        "state_dict": report.state_dict_markdown(result),
        "values": report.values_text(result),
        "code": result.code,
        "fingerprint": report.fingerprint(result) | {"plots": digests, "tensors": names},
        "tensor": picked if same_choices else gr.update(choices=names, value=picked),
        "behaviour_tab": behaviour_tab,
        "panels": panels,
    }
    return [{**plots, **texts}[name] for name in OUTPUTS]


MODEL_OUTPUTS = (
    "error",
    "change",
    "extras",
    "member",
    "summary",
    "pick",
    "ensemble",
    *(p.name for p in MODEL_PLOTS),
    "module",
    "forward",
    "inside_pick",
    "inside",
    "code",
    "fingerprint",
)
MODEL_PLOT_NAMES = tuple(p.name for p in MODEL_PLOTS)
REFUSED = "the model on screen was refused: nothing was built"


def model_refusal(result: RunResult, previous: dict[str, Any] | None) -> list[Any]:
    """A refused model leaves nothing on the page that describes another model: the last
    valid table, module and plots would contradict the controls beside them, so they go,
    and each panel says why it is empty."""
    message = refusal(result, previous, MODEL_OUTPUTS)
    texts = {
        "change": "",
        "extras": "",
        "member": gr.update(visible=False),
        # the reason here too, where the results were: the box beside the controls may be
        # scrolled out of view by the control that caused it
        "summary": f"*No summary: {REFUSED}.*\n\n{refusal_text(*error_parts(result))}",
        "pick": gr.update(choices=[], value=None),
        "ensemble": gr.update(value="", visible=False),
        "module": f"# {REFUSED}",
        "forward": gr.update(value="", visible=False),
        "inside": f"*Nothing to look inside: {REFUSED}.*",
        "code": f"# {REFUSED}",
        **{name: gr.update(visible=False) for name in MODEL_PLOT_NAMES},
    }
    answer = [texts.get(name, update) for name, update in zip(MODEL_OUTPUTS, message, strict=True)]
    index = MODEL_OUTPUTS.index("fingerprint")
    answer[index] = answer[index] | {"plots": dict.fromkeys(MODEL_PLOT_NAMES, "hidden")}
    return answer


def present_model(
    result: RunResult, previous: dict[str, Any] | None, pick: str | None, member: str | None = None
) -> list[Any]:
    """The page for one model run. An ensemble shows one member at a time, the one `member`
    names (the first by default), and says which."""
    if not result.ok:
        return model_refusal(result, previous)
    names = [m["label"] for m in result.ensemble]
    shown = names.index(member) if member in names else 0
    whole = result
    if result.members:
        result = result.members[shown]
    labels = [figures.row_label(i, row) for i, row in enumerate(result.summary)]
    index = labels.index(pick) if pick in labels else len(labels) - 1
    forward = result.extras.get("forward", "")
    drawn = Shown(result, whole=whole, index=index)
    plots, digests = plot_updates({p.name: p.draw(drawn) for p in MODEL_PLOTS}, previous)
    texts = {
        "error": hide_error(previous),
        "change": report.change_line(previous, result),
        "extras": report.extras_markdown(result),
        "member": gr.update(choices=names, value=names[shown] if names else None, visible=bool(names)),
        "summary": report.model_summary_markdown(result),
        "pick": gr.update(choices=labels, value=labels[index] if labels else None),
        "ensemble": gr.update(value=report.ensemble_markdown(whole, shown), visible=bool(whole.ensemble)),
        "module": result.module,
        "forward": gr.update(value=forward, visible=bool(forward)),
        "inside_pick": gr.update(
            choices=[name or WHOLE_MODEL for name in result.submodules],
            value=result.inside.label if result.inside else None,
        ),
        "inside": report.inside_markdown(result),
        "code": result.code,
        "fingerprint": report.fingerprint(result) | {"plots": digests},
    }
    return [{**plots, **texts}[name] for name in MODEL_OUTPUTS]
