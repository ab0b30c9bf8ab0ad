"""Controls generated from the registry, and the way back from their values to a State."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import gradio as gr

from ..specs import Dim, LayerSpec, ParamSpec
from ..state import DEFAULT_SEED, InputState, State


@dataclass(frozen=True)
class ControlSet:
    """Which component holds what, in the order their values arrive in a callback."""

    spec: LayerSpec
    params: tuple[ParamSpec, ...]
    free_dims: tuple[str, ...]
    components: tuple[gr.components.Component, ...]

    def to_state(self, values: Sequence[Any]) -> State:
        """Gradio checks neither types nor slider steps: cast and round here, the engine validates."""
        n_params, n_dims = len(self.params), len(self.free_dims)
        raw_params = values[:n_params]
        raw_dims = values[n_params : n_params + n_dims]
        dist, seed, mode, backward = values[n_params + n_dims : n_params + n_dims + 4]
        params = {p.name: from_widget(p, v) for p, v in zip(self.params, raw_params, strict=True)}
        full = {**self.spec.defaults(), **params}
        free = dict(zip(self.free_dims, raw_dims, strict=True))
        shape = tuple(full[d.param] if d.param else to_int(free.get(d.name), d.default) for d in self.spec.dims(full))
        seed_value = to_int(seed, DEFAULT_SEED)
        return State(
            layer=self.spec.name,
            params=MappingProxyType(params),
            input=InputState(shape, str(dist) if dist else None, seed_value),
            mode="train" if mode == "train" else "eval",
            backward=bool(backward),
        )


def build_controls(spec: LayerSpec) -> ControlSet:
    params = tuple(spec.params)
    components: list[gr.components.Component] = [to_widget(p) for p in params]
    free = tuple(d for d in spec.dims(spec.defaults()) if d.free)
    components += [dim_widget(d) for d in free]
    components += [
        gr.Dropdown(
            [d.value for d in spec.dists],
            value=spec.default_dist.value,
            label="input distribution",
            info="how the input tensor is drawn",
            elem_id="ctl-dist",
            interactive=True,
        ),
        gr.Number(
            DEFAULT_SEED,
            precision=0,
            minimum=0,
            label="seed",
            info="torch.manual_seed",
            elem_id="ctl-seed",
            interactive=True,
        ),
        gr.Radio(
            ["eval", "train"], value="eval", label="mode", info="module.train() or module.eval()", elem_id="ctl-mode"
        ),
        gr.Checkbox(
            False, label="backward", info="run out.sum().backward() and show gradients", elem_id="ctl-backward"
        ),
    ]
    return ControlSet(spec, params, tuple(d.name for d in free), tuple(components))


def to_widget(p: ParamSpec, value: Any = None) -> gr.components.Component:
    # the help is written in docstring style (``True``); Markdown wants single backticks
    common: dict[str, Any] = {
        "label": p.name,
        "info": p.help.replace("``", "`"),
        "elem_id": f"ctl-{p.name}",
        "interactive": True,  # inside gr.render gradio cannot infer it and renders them disabled
    }
    value = p.default if value is None else value
    if p.kind == "bool":
        return gr.Checkbox(value, **common)
    if p.kind == "choice":
        return gr.Dropdown(list(p.choices), value=value, **common)
    if p.kind == "int_or_choice":
        numbers = [str(i) for i in range(int(p.low or 0), int(p.ui_max or 8) + 1)]
        choices = [*numbers, *p.choices]
        return gr.Dropdown(choices if str(value) in choices else [*choices, str(value)], value=str(value), **common)
    if p.optional or (p.step is not None and p.step < 1e-3):
        # an empty box is torch's None; tiny steps (eps) are typed, not dragged
        return gr.Number(value, precision=0 if p.kind == "int" else None, minimum=p.low, maximum=p.high, **common)
    step = 1 if p.kind == "int" else (p.step or 0.01)
    return gr.Slider(
        minimum=p.low if p.low is not None else 0,
        maximum=max(p.ui_max if p.ui_max is not None else 100, value),  # a stack may need more than the slider's usual
        step=step,
        value=value,
        precision=0 if p.kind == "int" else None,
        **common,
    )


def dim_widget(d: Dim) -> gr.components.Component:
    label = f"input {d.name}" + (f" ({d.help})" if d.help else "")
    return gr.Slider(
        d.low,
        d.ui_max,
        step=1,
        value=d.default,
        precision=0,
        label=label,
        elem_id=f"ctl-dim-{d.name}",
        interactive=True,
    )


def from_widget(p: ParamSpec, value: Any) -> Any:
    """Undo what a widget does to a value (dropdowns hold strings, numbers arrive as floats)."""
    if value is None or value == "":
        return None if p.optional else p.default
    if p.kind == "int_or_choice" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if p.kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_int(value: Any, default: int) -> int:
    """Gradio checks no types: a number box may hold anything, a slider a float."""
    try:
        return round(float(value))
    except (TypeError, ValueError, OverflowError):
        return default
