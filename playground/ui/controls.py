"""Controls generated from the registry, and the way back from their values to a State."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import gradio as gr
from gradio.events import EventListenerMethod

from playground.registry.specs import Dim, Family, LayerSpec, ParamSpec, SpecError, get_spec
from playground.request.link import lab_controls, scales
from playground.request.state import DEFAULT_SEED, MAX_SCALE, InputState, State, Values, check_uses, shape_of
from playground.request.typed import FIELD as VALUES
from playground.request.typed import read_values, shape_words, spell_values

MODES = ("train", "eval")  # train first: a freshly built torch module is in train mode
DEFAULT_MODE = "train"
NONE_HINT = "Empty means None, torch's default."
# NO_RESET: gradio 6.31 gives every slider a "Reset to default value" button (↺) unless told
# otherwise. It puts back the value the slider's page element was first made with, and inside
# gr.render the page reuses that element for the next layer's slider in its place: Conv1d's
# out_channels "reset" to 3, Linear's out_features. It also sends no `input`, so the layer did
# not run again. The sliders here have none; each control's help states torch's default.


class FreeSlider(gr.Slider):
    """A slider whose typed value reaches the registry unchecked.

    Gradio checks a slider's bounds itself and answers a typed 99999 with a toast about the
    bound that names no field; the registry's own message names the field and its rule, and
    shows beside the controls."""

    is_template = True  # drawn by gradio's own slider

    def preprocess(self, payload: float | None) -> float | None:
        return payload


class FreeNumber(gr.Number):
    """A number box whose value reaches the registry unchecked (see FreeSlider)."""

    is_template = True

    def preprocess(self, payload: float | None) -> float | None:
        return payload


@dataclass(frozen=True)
class AxisControls:
    """A parameter torch also takes per spatial axis (Conv2d's kernel_size=(3, 5)): beside its one
    control, a "per axis" checkbox and one slider per axis. Ticked, the sliders show and make the
    tuple; unticked, the one control shows and makes the int (see `swap`)."""

    param: ParamSpec
    main: gr.components.Component
    toggle: gr.Checkbox
    sliders: tuple[gr.components.Component, ...]

    @property
    def components(self) -> tuple[gr.components.Component, ...]:
        """Their values, in the order `read` takes them, after the layer's other controls."""
        return (self.toggle, *self.sliders)

    def read(self, ticked: Any, sliders: Sequence[Any]) -> tuple[int, ...] | None:
        """The tuple the sliders make while the box is ticked; None: the one control's value counts."""
        if not ticked:
            return None
        return tuple(from_widget(self.param, value) for value in sliders)  # a typed 2.5 is refused by name

    def swap(self, ticked: bool, main: Any, *sliders: Any) -> list[Any]:
        """Show the sliders or the one control. Ticking starts every axis at the one control's
        value (a 3 becomes (3, 3), which computes what 3 does); unticking keeps a tuple of equal
        entries as that int, and otherwise leaves the one control where it was."""
        value = from_widget(self.param, main)
        if ticked:
            starts = [value] * len(sliders) if isinstance(value, int) else list(sliders)
            return [
                gr.update(visible=False),
                *(gr.update(visible=True, value=start) for start in starts),
            ]
        hidden = [gr.update(visible=False) for _ in sliders]
        entries = {to_int(v, int(self.param.low or 0)) for v in sliders}
        if len(entries) == 1:
            return [gr.update(visible=True, value=widget_value(self.param, entries.pop())), *hidden]
        return [gr.update(visible=True), *hidden]


@dataclass(frozen=True)
class Reading:
    """What the controls ask for, and what the page must change so that it shows what runs:
    the size controls set to a typed tensor's shape, or the tensor box emptied (and why)."""

    state: State
    typed: dict[str, Any]  # the typed tensor this run uses, as the next reading compares it: text, shape, dist
    sizes: dict[str, int] = dataclasses.field(default_factory=dict)  # free axes to set, by name
    cleared: str = ""  # why the typed tensor was emptied, for the page to say
    refusal: SpecError | None = None  # a typed tensor the layer cannot take; the box keeps it


@dataclass(frozen=True)
class ControlSet:
    """Which component holds what, in the order their values arrive in a callback."""

    spec: LayerSpec
    params: tuple[ParamSpec, ...]
    free_dims: tuple[str, ...]
    components: tuple[gr.components.Component, ...]
    axes: tuple[AxisControls, ...] = ()  # their components come last in `components`, in this order
    # the state the controls opened with: a lesson's step keeps what no control shows (its stream, prints)
    start: State | None = None
    # how the input is made and used (scale, shift, values, calls: those `uses_offered` gives),
    # in `components` after backward and before the axes' controls, in this order
    uses: tuple[str, ...] = ()

    def dim(self, name: str) -> Dim:
        """A free axis of the layer, by name."""
        return next(d for d in self.spec.dims(self.spec.defaults()) if d.name == name)

    @property
    def uses_at(self) -> int:
        """Where `uses` start among the values: after the parameters, the free axes and the four
        run controls (dist, seed, mode, backward)."""
        return len(self.params) + len(self.free_dims) + 4

    def component(self, name: str) -> gr.components.Component:
        """The control of one of `uses` ("values") or of a free axis ("dim-N")."""
        if name.startswith("dim-"):
            return self.components[len(self.params) + self.free_dims.index(name.removeprefix("dim-"))]
        return self.components[self.uses_at + self.uses.index(name)]

    def read(self, values: Sequence[Any], before: dict[str, Any] | None) -> Reading:
        """The state to run, `before` being what the last run used (`Reading.typed`). A typed
        tensor is the input whose shape the size controls show: typed anew, it sets them (and
        must have the layer's axes, each tied axis at its parameter's value); kept while they
        show its shape and the distribution stays; emptied, with a note, when a person moves
        one of them (the run draws again, as the controls then say)."""
        state = self.to_state(values)
        text = str(self.use_value(values, VALUES) or "").strip()
        if not text:
            return Reading(state, {})
        try:
            typed = read_values(text)
        except SpecError as e:
            return Reading(state, {}, refusal=e)
        if typed is None:  # only blanks: read_values calls that empty too
            return Reading(state, {})
        shape = shape_of(typed)
        last = before or {}
        same = last.get("text") == text
        shown = state.input.shape
        if shape == shown and (not same or last.get("dist") == state.input.dist):
            return Reading(self.typed_state(state, typed), typed_record(text, state))
        if same:  # the person moved a size control or the distribution: the input is drawn again
            moved = (
                f"the distribution to {state.input.dist}"
                if shape == shown
                else f"the input's shape to {shape_words(shown or ())}"
            )
            emptied = f"The typed tensor {shape_words(shape)} was emptied"
            why = f"{emptied}: a control set {moved}, so the input is drawn again."
            return Reading(state, {}, cleared=why)
        try:
            sizes = self.sizes_for(state, shape)
        except SpecError as e:
            return Reading(state, {}, refusal=e)
        adopted = dataclasses.replace(state, input=dataclasses.replace(state.input, shape=shape))
        return Reading(self.typed_state(adopted, typed), typed_record(text, adopted), sizes)

    def sizes_for(self, state: State, shape: tuple[int, ...]) -> dict[str, int]:
        """The free axes' sizes that show `shape`; refused, naming what the layer needs, where the
        tensor has other axes or a tied axis (in_features) another size than its parameter."""
        full = {**self.spec.defaults(), **state.params}
        dims = self.spec.dims(full)
        names = ", ".join(d.param or d.name for d in dims)
        if len(shape) != len(dims):
            raise SpecError(
                VALUES,
                f"the typed tensor has shape {shape_words(shape)}; {self.spec.name} here takes {len(dims)} axes, "
                f"({names}): type lists {len(dims)} deep",
            )
        for size, d in zip(shape, dims, strict=True):
            if d.param is not None and size != full[d.param]:
                raise SpecError(
                    VALUES,
                    f"the typed tensor has shape {shape_words(shape)}: its axis {d.name} has {size} entries, but "
                    f"{d.param} is {full[d.param]}; type {full[d.param]} there, or set {d.param} to {size} first",
                )
        return {d.name: size for size, d in zip(shape, dims, strict=True) if d.name in self.free_dims}

    @staticmethod
    def typed_state(state: State, typed: Values) -> State:
        return dataclasses.replace(state, input=dataclasses.replace(state.input, values=typed))

    def use_value(self, values: Sequence[Any], name: str) -> Any:
        """The value of one of `uses` (None where the layer is not offered it)."""
        if name not in self.uses:
            return None
        return values[self.uses_at + self.uses.index(name)]

    def to_state(self, values: Sequence[Any]) -> State:
        """Gradio checks neither types nor slider steps: cast and round here, the engine validates.
        The typed tensor is `read`'s to add: its shape must agree with the size controls."""
        n_params, n_dims = len(self.params), len(self.free_dims)
        raw_params = values[:n_params]
        raw_dims = values[n_params : n_params + n_dims]
        dist, seed, mode, backward = values[n_params + n_dims : n_params + n_dims + 4]
        params = {p.name: from_widget(p, v) for p, v in zip(self.params, raw_params, strict=True)}
        at = self.uses_at + len(self.uses)
        for group in self.axes:
            ticked, sliders = values[at], values[at + 1 : at + 1 + len(group.sliders)]
            at += len(group.components)
            per_axis = group.read(ticked, sliders)
            if per_axis is not None:
                params[group.param.name] = per_axis
        full = {**self.spec.defaults(), **params}
        free = dict(zip(self.free_dims, raw_dims, strict=True))
        shape = tuple(full[d.param] if d.param else to_int(free.get(d.name), d.default) for d in self.spec.dims(full))
        seed_value = to_int(seed, DEFAULT_SEED)
        scale, shift = (
            to_number(self.use_value(values, name), default) for name, default in (("scale", 1), ("shift", 0))
        )
        state = State(
            layer=self.spec.name,
            params=MappingProxyType(params),
            input=InputState(shape, str(dist) if dist else None, seed_value, scale=scale, shift=shift),
            mode="eval" if mode == "eval" else "train",
            backward=bool(backward),
            calls=2 if self.use_value(values, "calls") else 1,
        )
        return keep_uses(self.start, state) if self.start is not None else state

    @property
    def triggers(self) -> list[EventListenerMethod]:
        """The edits that run the layer at once; a "per axis" box runs it after `swap` (see app.py)."""
        toggles = {id(group.toggle) for group in self.axes}
        return [
            trigger
            for component in self.components
            if id(component) not in toggles
            for trigger in edit_triggers(component)
        ]


def edit_triggers(component: gr.components.Component) -> list[EventListenerMethod]:
    """The events that mean a person set a value. `.input` for most: `.change` also fires when
    gr.render mounts the controls. A text box is read when it is submitted or left, not at
    every keystroke (typing 0.5 passes through 0, which a bound may refuse)."""
    if isinstance(component, (gr.Textbox, gr.Number)):
        return [component.submit, component.blur]
    return [component.input]


def build_controls(spec: LayerSpec, start: State | None = None, hidden: frozenset[str] = frozenset()) -> ControlSet:
    """The layer's controls, at `start`'s values when it is a state of this layer (a link's),
    else at the registry's defaults; a control named in `hidden` is left off the page (a
    teacher's link that shows the class one knob). `shape` names every free axis."""
    start = start if start is not None and start.layer == spec.name else None
    params = tuple(spec.params)
    chosen = dict(start.params) if start else {}
    full = {**spec.defaults(), **chosen}
    dims = spec.dims(full)
    # a typed tensor's shape is the input's (a link leaves `shape` out beside `values`)
    given = start.input.shape if start and start.input.values is None else None
    given = shape_of(start.input.values) if start and start.input.values is not None else given
    shape = given if given and len(given) == len(dims) else None
    axis = {d.name: shape[i] for i, d in enumerate(dims)} if shape else {}
    # keyed by layer: gradio carries a keyless control's props (its help) over to whatever
    # control is mounted in its place for the next layer
    components: list[gr.components.Component] = []
    axes: list[AxisControls] = []
    for p in params:
        value, visible = chosen.get(p.name), p.name not in hidden
        per_axis = isinstance(value, tuple)
        main = to_widget(p, value, key=(spec.name, p.name), visible=visible and not per_axis)
        components.append(main)
        if len(p.axes) > 1:  # a 1-d layer's one axis is the int itself
            axes.append(axis_widgets(p, main, value, visible, key=(spec.name, p.name)))
    free = tuple(d for d in spec.dims(spec.defaults()) if d.free)
    components += [
        dim_widget(d, axis.get(d.name), key=(spec.name, d.name), visible="shape" not in hidden) for d in free
    ]
    uses = uses_offered(spec)
    made = use_widgets(spec, start, hidden, uses)

    def control(make: Callable[..., Any], name: str, *args: Any, **kwargs: Any) -> gr.components.Component:
        """One of the run's own controls: its elem_id, keyed by layer, hidden where a link says."""
        key = (spec.name, name)
        return make(*args, elem_id=f"ctl-{name}", interactive=True, visible=name not in hidden, key=key, **kwargs)

    # gradio lays the controls out in the order they are made: the input's beside dist and seed
    dist = control(
        gr.Dropdown,
        "dist",
        [d.value for d in spec.dists],
        value=(start.input.dist if start and start.input.dist else spec.default_dist.value),
        label="input distribution",
        info="how the input tensor is drawn",
    )
    inputs = {name: made[name]() for name in ("scale", "shift", VALUES) if name in uses}
    seed = control(
        FreeNumber,
        "seed",
        start.input.seed if start else DEFAULT_SEED,
        precision=0,
        minimum=0,
        label="seed",
        info="torch.manual_seed(seed) before the module is built and the input drawn",
    )
    inputs |= {name: made[name]() for name in ("calls",) if name in uses}
    mode = control(
        gr.Radio,
        "mode",
        list(MODES),
        value=start.mode if start else DEFAULT_MODE,
        label="mode",
        info="module.train() or module.eval(); torch builds modules in train mode",
    )
    backward = control(
        gr.Checkbox,
        "backward",
        start.backward if start else False,
        label="backward",
        info="run out.sum().backward() and show gradients",
    )
    # the callback reads them in this order: see ControlSet
    components += [dist, seed, mode, backward, *(inputs[name] for name in uses)]
    components += [component for group in axes for component in group.components]
    return ControlSet(spec, params, tuple(d.name for d in free), tuple(components), tuple(axes), start, uses)


def typed_record(text: str, state: State) -> dict[str, Any]:
    """What the next reading compares a typed tensor with (`ControlSet.read`): the text the box
    holds and the distribution the menu shows (its default where the state names none)."""
    dist = state.input.dist or get_spec(state.layer).default_dist.value
    shape = state.input.shape or (shape_of(state.input.values) if state.input.values is not None else ())
    return {"text": text, "shape": list(shape), "dist": dist}


def typed_at_start(state: State) -> dict[str, Any] | None:
    """The record of a typed tensor a page opens with (a link's `values=`, a lesson's step), as
    if it had just been typed: else the first control moved would adopt it again."""
    if state.input.values is None:
        return None
    return typed_record(spell_values(state.input.values), state)


def sync_typed(controls: ControlSet, reading: Reading) -> list[Any]:
    """The size controls set to an adopted typed tensor's shape (a slider widened where it is
    longer than the slider's usual), and the tensor box emptied where the reading cleared it."""
    sizes = [
        gr.update(value=reading.sizes[name], maximum=max(reading.sizes[name], controls.dim(name).ui_max))
        if name in reading.sizes
        else gr.skip()
        for name in controls.free_dims
    ]
    return [*sizes, gr.update(value="") if reading.cleared else gr.skip()]


def uses_offered(spec: LayerSpec) -> tuple[str, ...]:
    """The Lab's controls of how the input is made and used, for this layer: those of
    link.lab_controls (which decides what each layer is offered), in the page's order."""
    offered = lab_controls(spec)
    return tuple(name for name in ("scale", "shift", VALUES, "calls") if name in offered)


def use_widgets(spec: LayerSpec, start: State | None, hidden: frozenset[str], uses: tuple[str, ...]) -> dict[str, Any]:
    """Makers of the input's controls, each at `start`'s value (a lesson's step: `* 20 + 5`,
    two calls, a typed tensor) or torch's plain default; called where the page places them."""
    given = start.input if start else InputState()
    main = spec.call_args[0]

    def number(name: str, value: float, info: str) -> gr.components.Component:
        return FreeNumber(
            value,
            minimum=-MAX_SCALE,
            maximum=MAX_SCALE,
            label=f"input {name}",
            info=info,
            elem_id=f"ctl-{name}",
            interactive=True,
            visible=name not in hidden,
            key=(spec.name, name),
        )

    return {
        "scale": lambda: number("scale", given.scale, scale_help(main)),
        "shift": lambda: number("shift", given.shift, shift_help(main)),
        VALUES: lambda: gr.Textbox(
            spell_values(given.values) if given.values is not None else "",
            label="typed input",
            info=values_help(spec),
            placeholder="empty: drawn from the distribution",
            lines=1,
            max_lines=4,
            elem_id=f"ctl-{VALUES}",
            interactive=True,
            visible=VALUES not in hidden,
            key=(spec.name, VALUES),
        ),
        "calls": lambda: gr.Checkbox(
            (start.calls if start else 1) > 1,
            label="call twice",
            info=calls_help(spec),
            elem_id="ctl-calls",
            interactive=True,
            visible="calls" not in hidden,
            key=(spec.name, "calls"),
        ),
    }


def scale_help(main: str) -> str:
    """Where the scale goes in the line that makes the input; the typed tensor too (the engine and
    the exported code scale it, as `torch.tensor([...]) * 20` does)."""
    return f"{main} = draw * scale + shift: the drawn (or typed) {main} times this; 1 leaves it as it is"


def shift_help(main: str) -> str:
    return f"{main} = draw * scale + shift: added after the scale, to a drawn or typed {main}; 0 leaves it"


def values_help(spec: LayerSpec) -> str:
    """The axes a typed tensor must have here, by the names the size controls and parameters use
    (no values: those move with the controls, and a help must not go stale)."""
    dims = spec.dims(spec.defaults())
    axes = ", ".join(d.param or d.name for d in dims)
    kind = "token ids (whole numbers)" if not scales(spec) else "numbers"
    return (
        f"{spec.call_args[0]} typed by hand instead of drawn: nested lists of {kind}, {len(dims)} deep, shaped "
        f"({axes}), as torch.tensor takes them. Submitted, the size controls take its shape; empty: drawn."
    )


def calls_help(spec: LayerSpec) -> str:
    """What a second call on the same input shows for this layer: new dropout masks where the
    layer drops at random in train mode, else the same output again."""
    randomly = spec.family is Family.DROPOUT or any(p.name == "dropout" for p in spec.params)
    then = (
        "in train mode each call draws new dropout masks, so the outputs differ; in eval mode they agree"
        if randomly
        else f"{spec.name} draws nothing at random, so both outputs agree: a layer is a function of its input"
    )
    return f"out1 = m(x); out2 = m(x): {spec.name} called twice on the same input, both outputs printed; {then}"


def to_number(value: Any, default: float) -> float:
    """A number box's value as the state holds it: an integer stays one (`* 20`, as typed)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def axis_widgets(p: ParamSpec, main: gr.components.Component, value: Any, visible: bool, key: Any) -> AxisControls:
    """The "per axis" box and one slider per axis, placed right under the parameter's control
    (`main`); `key` is that control's own, which theirs extend."""
    per_axis = isinstance(value, tuple)
    toggle = gr.Checkbox(
        per_axis,
        label=f"{p.name} per axis",
        info=per_axis_help(p),
        elem_id=f"ctl-{p.name}-per-axis",
        interactive=True,
        visible=visible,
        key=(*_as_tuple(key), "per-axis"),
    )
    if per_axis:
        starts = list(value)
    else:
        start = value if value is not None else p.default
        starts = [start if isinstance(start, int) else int(p.low or 0)] * len(p.axes)
    sliders = tuple(
        FreeSlider(
            minimum=p.low if p.low is not None else 0,
            maximum=max(p.ui_max if p.ui_max is not None else 8, start),
            step=1,
            value=start,
            precision=0,
            label=f"{p.name} {axis}",
            info=axis_help(p, axis),
            buttons=[],  # no ↺: see NO_RESET
            elem_id=f"ctl-{p.name}-{axis}",
            interactive=True,
            visible=visible and per_axis,
            key=(*_as_tuple(key), axis),
        )
        for axis, start in zip(p.axes, starts, strict=True)
    )
    return AxisControls(p, main, toggle, sliders)


def _as_tuple(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def per_axis_help(p: ParamSpec) -> str:
    """Says what ticking does, with the layer's own axis names."""
    axes = ", ".join(p.axes)
    return f"one {p.name} along each axis, as torch's tuple ({axes}); unticked, one value for all"


def axis_help(p: ParamSpec, axis: str) -> str:
    return f"{p.name} along {axis}: entry {p.axes.index(axis) + 1} of the tuple ({', '.join(p.axes)})"


def widget_value(p: ParamSpec, value: int) -> Any:
    """An int as the parameter's one control holds it: a dropdown and a text box hold strings."""
    return str(value) if p.kind == "int_or_choice" or p.optional else value


def keep_uses(start: State, state: State) -> State:
    """What no control shows but the state the page opened with holds (a lesson's step: the
    stream it continues, printed means) stays while the controls move; the summary says so.
    A print the layer's new settings no longer allow goes. (Its scale, shift, calls and typed
    tensor are in the controls, which start at them.)"""
    if start.layer != state.layer:
        return state
    kept = dataclasses.replace(
        state, input=dataclasses.replace(state.input, after=start.input.after), prints=start.prints
    )
    try:
        check_uses(get_spec(state.layer), kept.calls, kept.prints)
    except SpecError:
        return dataclasses.replace(kept, prints=())
    return kept


def help_text(p: ParamSpec) -> str:
    """The registry's help, in Markdown (it is written in docstring style, ``True``)."""
    text = p.help.replace("``", "`").rstrip()
    if not p.optional:
        return text
    return f"{text}{'' if text.endswith(('.', '?', '!')) else '.'} {NONE_HINT}"


def dim_help(d: Dim) -> str:
    return f"size of the input's axis {d.name}" + (f": {d.help}" if d.help else "")


def to_widget(p: ParamSpec, value: Any = None, key: Any = None, visible: bool = True) -> gr.components.Component:
    common: dict[str, Any] = {
        "label": p.name,
        "info": help_text(p),
        "elem_id": f"ctl-{p.name}",
        "interactive": True,  # inside gr.render gradio cannot infer it and renders them disabled
        "key": key,
        "visible": visible,
    }
    value = p.default if value is None else value
    if isinstance(value, tuple):  # one value per axis: the per-axis sliders hold it (axis_widgets)
        value = value[0]
    if p.kind == "bool":
        return gr.Checkbox(value, **common)
    if p.kind == "choice":
        return gr.Dropdown(list(p.choices), value=value, **common)
    if p.kind == "int_or_choice":
        numbers = [str(i) for i in range(int(p.low or 0), int(p.ui_max or 8) + 1)]
        choices = [*numbers, *p.choices]
        return gr.Dropdown(choices if str(value) in choices else [*choices, str(value)], value=str(value), **common)
    if p.optional:
        # a number box cannot be empty (it sends 0): an empty text box is torch's None
        return gr.Textbox("" if value is None else str(value), placeholder="None", **common)
    if p.step is not None and p.step < 1e-3:
        # tiny steps (eps) are typed, not dragged
        return FreeNumber(value, precision=0 if p.kind == "int" else None, minimum=p.low, maximum=p.high, **common)
    step = 1 if p.kind == "int" else (p.step or 0.01)
    return FreeSlider(
        minimum=p.low if p.low is not None else 0,
        maximum=max(p.ui_max if p.ui_max is not None else 100, value),  # a stack may need more than the slider's usual
        step=step,
        value=value,
        precision=0 if p.kind == "int" else None,
        buttons=[],  # no ↺: see NO_RESET
        **common,
    )


def dim_widget(d: Dim, value: int | None = None, key: Any = None, visible: bool = True) -> gr.components.Component:
    return FreeSlider(
        d.low,
        d.ui_max,
        step=1,
        value=d.default if value is None else value,
        visible=visible,
        precision=0,
        buttons=[],  # no ↺: see NO_RESET
        label=f"input {d.name}",
        info=dim_help(d),
        elem_id=f"ctl-dim-{d.name}",
        interactive=True,
        key=key,
    )


def from_widget(p: ParamSpec, value: Any) -> Any:
    """Undo what a widget does to a value (dropdowns and text boxes hold strings, numbers
    arrive as floats). What cannot be read stays as typed: the registry refuses it by name."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return None if p.optional else p.default
    if isinstance(value, str) and p.kind in ("int", "float", "int_or_choice"):
        return _number(value.strip(), p.kind)
    if p.kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(text: str, kind: str) -> Any:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if kind != "float" and number.is_integer() else number


def to_int(value: Any, default: int) -> int:
    """Gradio checks no types: a number box may hold anything, a slider a float. An int stays
    exact (a float holds integers only up to 2**53; a seed goes to 2**63 - 1)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return round(float(value))
    except (TypeError, ValueError, OverflowError):
        return default
