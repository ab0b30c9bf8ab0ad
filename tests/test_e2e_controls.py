"""Every control of every layer, operated in Chromium as a person does, mouse or keyboard.

Driven from the registry: each layer is reached from a layer of another family (the order
interleaves the families), and for each of its controls the walk checks that the control is
enabled, that its help is its own (the registry's words for that parameter or axis), that
operating it changes the run, and that the printed module is what torch prints for the values
the controls show. The input's controls (a scale, a shift, a typed tensor, a second call) are
checked on the printed tensors instead: what the engine prints for the state shown, the typed
numbers among them. No framework toast may appear on the way. A candidate value is checked
in-process first (the same state through the engine), so the walk only sets values the page
must accept; refusals have their own tests.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pytest
import torch
from harness.browser import open_panel, pick_layer
from helpers import open_lab
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from playground.registry.specs import REGISTRY, Dim, Dist, LayerSpec, ParamSpec, SpecError, by_family
from playground.render.report import values_text
from playground.request.plan import resolve
from playground.request.state import DEFAULT_SEED, MAX_VALUES, InputState, State, Values
from playground.request.typed import spell_values
from playground.run import budget, cost, engine
from playground.ui.controls import (
    DEFAULT_MODE,
    MODES,
    axis_help,
    calls_help,
    dim_help,
    help_text,
    per_axis_help,
    scale_help,
    shift_help,
    uses_offered,
    values_help,
)

RUN_MS = 20_000  # a run's answer, on a busy 2-core machine
SLIDER_MOUSE_MAX_STEPS = 80  # a click on a slider track lands on a step only where steps are wide enough


def walk_order() -> list[LayerSpec]:
    """Families in turn, so that every layer is reached from a layer of another family."""
    queues = [list(specs) for specs in by_family().values()]
    order: list[LayerSpec] = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    return order


@dataclass
class Shown:
    """The state the walk believes the page shows; checked against the page after each step."""

    spec: LayerSpec
    params: dict[str, Any] = field(default_factory=dict)
    dims: dict[str, int] = field(default_factory=dict)
    dist: str = ""
    seed: int = DEFAULT_SEED
    mode: str = DEFAULT_MODE
    backward: bool = False
    scale: float = 1
    shift: float = 0
    values: Values | None = None  # typed into the tensor box; its shape is the one `dims` show
    calls: int = 1

    @classmethod
    def defaults(cls, spec: LayerSpec) -> Shown:
        free = {d.name: d.default for d in spec.dims(spec.defaults()) if d.free}
        return cls(spec, spec.defaults(), free, spec.default_dist.value)

    def state(self, **change: Any) -> State:
        params = {**self.params, **change.get("params", {})}
        dims = {**self.dims, **change.get("dims", {})}
        shape = tuple(params[d.param] if d.param else dims[d.name] for d in self.spec.dims(params))
        given = InputState(
            shape,
            change.get("dist", self.dist),
            change.get("seed", self.seed),
            scale=change.get("scale", self.scale),
            shift=change.get("shift", self.shift),
            values=change.get("values", self.values),
        )
        return State(
            self.spec.name,
            MappingProxyType(params),
            given,
            change.get("mode", self.mode),
            change.get("backward", self.backward),
            calls=change.get("calls", self.calls),
        )


def accepted(state: State) -> bool:
    """What the page must accept: the registry's rules and the budget, checked in-process (the
    walk asks about the same states many times while it looks ahead)."""
    key = (state.layer, tuple(sorted(state.params.items())), state.input, state.mode, state.backward, state.calls)
    if key not in _ACCEPTED:
        _ACCEPTED[key] = _accepted(state)
    return _ACCEPTED[key]


_ACCEPTED: dict[tuple[Any, ...], bool] = {}


def _accepted(state: State) -> bool:
    try:
        config = resolve(state)
        budget.check_budget(config, cost.analyse(config))
    except SpecError:
        return False
    return True


def keeps_others_operable(shown: Shown, change: dict[str, Any], others: list[ParamSpec]) -> bool:
    """A new value that takes from no later control the valid values it had (doubling a kernel
    can leave dilation none), so that the walk can operate every control."""

    def operable(params: dict[str, Any], q: ParamSpec) -> bool:
        changed = {k: v for k, v in params.items() if shown.params.get(k) != v}
        return any(accepted(shown.state(params={**changed, q.name: v})) for v in candidates(q, params[q.name]))

    after = {**shown.params, **change}
    return all(operable(after, q) or not operable(dict(shown.params), q) for q in others)


def normal(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def control(page: Page, elem_id: str) -> Locator:
    return page.locator(f"#{elem_id}")


def run_text(page: Page) -> str:
    """What a run changes on the page: the printed module, the tensors, the summary."""
    return page.evaluate(
        """() => ['#module-repr .cm-content', '#values .cm-content', '#summary']
            .map((s) => (document.querySelector(s) || {}).textContent || '').join('\\n---\\n')"""
    )


def printed_module(page: Page) -> str:
    return page.locator("#module-repr .cm-content").evaluate(
        "e => [...e.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\\n')"
    )


def check_printed(page: Page, shown: Shown, what: str) -> None:
    """The printed module becomes torch's print of the values on screen (the code view may
    draw its lines a frame after the rest of the answer)."""
    expected = expected_module(shown)
    deadline = time.monotonic() + RUN_MS / 1000
    while (printed := printed_module(page)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert printed == expected, f"{what}: the page prints {printed!r}, torch prints {expected!r}"


def expected_module(shown: Shown) -> str:
    """torch's own print of the module the shown values describe (a lazy layer after its forward)."""
    spec = shown.spec
    module = spec.build(shown.params)
    if spec.cls.__name__.startswith("Lazy"):
        state = shown.state()
        shape = state.input.shape
        assert shape is not None
        with torch.no_grad():
            module(torch.zeros(shape))
    return repr(module)


def wait_for_run(page: Page, before: str, what: str) -> None:
    """The run answered with a valid result: its text changed and no refusal shows (arrow keys
    pass through values a rule may refuse on the way; the last one counts). No framework toast."""
    try:
        page.wait_for_function(
            """([before]) => {
                const now = ['#module-repr .cm-content', '#values .cm-content', '#summary']
                  .map((s) => (document.querySelector(s) || {}).textContent || '').join('\\n---\\n');
                const error = document.querySelector('#error-box');
                return now !== before && !(error && error.offsetParent !== null);
            }""",
            arg=[before],
            timeout=RUN_MS,
        )
    except PlaywrightTimeout:
        error = page.locator("#error-box")
        shown = error.inner_text() if error.is_visible() else "no refusal, and no change"
        pytest.fail(f"{what}: the run did not answer with the value shown: {shown}")
    assert page.locator(".toast-body").count() == 0, f"{what}: {page.locator('.toast-body').all_inner_texts()}"


def candidates(p: ParamSpec, value: Any) -> list[Any]:
    """New values for one parameter, nearest first."""
    if p.kind == "bool":
        return [not value]
    if p.kind == "choice":
        return [c for c in p.choices if c != value]
    if p.kind == "int_or_choice":
        numbers = [v for v in (value + 1, value - 1) if isinstance(value, int)]
        return [*numbers, *(n for n in range(int(p.low or 0), int(p.ui_max or 8) + 1) if n != value), *p.choices]
    if p.optional:
        low = p.low if p.low is not None else 0
        picks = [1, 0, int(low)] if p.kind == "int" else [max(low, 0.5), max(low, 2.0)]
        return [None] if value is not None else picks
    step = 1 if p.kind == "int" else (p.step or 0.01)
    top = p.ui_max if p.ui_max is not None else 100
    low = p.low if p.low is not None else 0
    near = [value + step, value - step, value + 2 * step, value - 2 * step]
    if p.kind == "int":  # doubling keeps divisibility (channels by groups) where one step breaks it
        near = [*near, 2 * value, value // 2, *range(int(low), int(top) + 1)]
    if p.step is not None and p.step < 1e-3:  # typed, not dragged: eps
        near = [value * 10, value / 10]
    picked = list(dict.fromkeys(v for v in near if low <= v <= max(top, value) and v != value))
    return [round(v, 6) if p.kind == "float" else int(v) for v in picked]


_NOTHING = object()  # no candidate was valid (None is a valid value of an optional parameter)


# --- operating one control, as a person does ----------------------------------------------------


def slide(page: Page, box: Locator, value: float, low: float, high: float, step: float, mouse: bool) -> None:
    """A slider: the arrow keys on its thumb, or a click on its track where the value lies."""
    track = box.locator("input[type=range]")
    current = float(track.input_value())
    steps = round((high - low) / step)
    if mouse and steps <= SLIDER_MOUSE_MAX_STEPS:
        area = track.bounding_box()
        assert area is not None
        thumb = 8  # px: the click position of the first and last step sits half a thumb inside the track
        x = area["x"] + thumb + (value - low) / (high - low) * (area["width"] - 2 * thumb)
        page.mouse.click(x, area["y"] + area["height"] / 2)
        if math.isclose(float(track.input_value()), value):
            return
    track.focus()
    key = "ArrowRight" if value > current else "ArrowLeft"
    for _ in range(round(abs(value - float(track.input_value())) / step)):
        page.keyboard.press(key)


def type_into(page: Page, field_box: Locator, text: str) -> None:
    field_box.click()
    field_box.press("Control+a")
    page.keyboard.type(text)
    field_box.press("Enter")


def pick_option(page: Page, box: Locator, option: str, mouse: bool) -> None:
    combo = box.locator("input[role=combobox]")
    # in the middle of the window: a list opened at its bottom edge keeps flipping up and down
    combo.evaluate("(element) => element.scrollIntoView({block: 'center'})")
    if mouse:
        combo.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeout:  # the list kept moving under the pointer: choose it by keyboard
            page.keyboard.press("Escape")
    # type to filter, Enter takes the match
    combo.focus()
    combo.press("Control+a")
    page.keyboard.type(option)
    expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
    page.keyboard.press("Enter")


def operate_param(page: Page, p: ParamSpec, value: Any, mouse: bool) -> None:
    box = control(page, f"ctl-{p.name}")
    if p.kind == "bool":
        press_box(page, box, mouse)
    elif p.kind in ("choice", "int_or_choice"):
        pick_option(page, box, str(value), mouse)
    elif p.optional:
        type_into(page, box.locator("textarea, input").first, "" if value is None else str(value))
    elif box.locator("input[type=range]").count():
        step = 1 if p.kind == "int" else (p.step or 0.01)
        track = box.locator("input[type=range]")
        slide(page, box, value, float(track.get_attribute("min")), float(track.get_attribute("max")), step, mouse)
    else:
        type_into(page, box.locator("input[type=number]"), str(value))


def shown_param(page: Page, p: ParamSpec) -> Any:
    """The value a parameter's control shows, read as a person reads it."""
    box = control(page, f"ctl-{p.name}")
    if p.kind == "bool":
        return box.locator("input[type=checkbox]").is_checked()
    if p.kind in ("choice", "int_or_choice"):
        text = box.locator("input[role=combobox]").input_value()
        return int(text) if text.lstrip("-").isdigit() else text
    if p.optional:
        text = box.locator("textarea, input").first.input_value().strip()
        if not text:
            return None
        return int(text) if p.kind == "int" else float(text)
    number = float(box.locator("input[type=number]").input_value())
    return int(number) if p.kind == "int" else number


def check_control(page: Page, elem_id: str, expected_help: str, what: str) -> None:
    """Enabled, its help its own, and no "Reset to default value" button: gradio's put back a
    value from another layer's slider and ran nothing (controls.NO_RESET)."""
    check_enabled(page, elem_id, what)
    check_help(page, elem_id, expected_help, what)
    resets = control(page, elem_id).get_by_role("button", name="Reset to default value")
    assert resets.count() == 0, f"{what} offers a reset"


def check_help(page: Page, elem_id: str, expected: str, what: str) -> None:
    box = control(page, elem_id)
    expect(box, what).to_be_visible()
    info = box.locator(".info-text")
    assert normal(info.inner_text()) == normal(expected), f"{what}: help {info.inner_text()!r}, expected {expected!r}"


def check_enabled(page: Page, elem_id: str, what: str) -> None:
    for element in control(page, elem_id).locator("input, textarea").all():
        assert element.is_enabled(), f"{what} is disabled"


def per_axis(p: ParamSpec) -> bool:
    """A parameter the page also sets per axis: two or more spatial axes (a 1-d layer's is the int)."""
    return len(p.axes) > 1


def press_box(page: Page, box: Locator, mouse: bool) -> None:
    check = box.locator("input[type=checkbox]")
    if mouse:
        check.click()
    else:
        check.focus()
        page.keyboard.press("Space")


def shown_axes(page: Page, p: ParamSpec) -> tuple[int, ...]:
    """The tuple the per-axis sliders show, read as a person reads it."""
    boxes = [control(page, f"ctl-{p.name}-{axis}").locator("input[type=number]") for axis in p.axes]
    return tuple(int(float(box.input_value())) for box in boxes)


def operate_axes(page: Page, shown: Shown, p: ParamSpec, mouse: bool) -> None:
    """Tick "per axis" (one slider per axis appears, each at the one value), move the last axis's
    slider so that the entries differ, untick (the one control is back with its value): after
    each, the page prints what torch prints for the values on screen."""
    spec = shown.spec
    what = f"{spec.name}.{p.name} per axis ({'mouse' if mouse else 'keyboard'})"
    toggle = f"ctl-{p.name}-per-axis"
    check_control(page, toggle, per_axis_help(p), what)
    one = shown.params[p.name]
    start = (one,) * len(p.axes) if isinstance(one, int) else None  # else the sliders keep their own
    if start is not None and not accepted(shown.state(params={p.name: start})):
        return  # the tuple of the one value is refused only where the int is: not a state the walk reaches
    press_box(page, control(page, toggle), mouse)
    for axis in p.axes:
        check_control(page, f"ctl-{p.name}-{axis}", axis_help(p, axis), f"{what}: {axis}")
    expect(control(page, f"ctl-{p.name}"), what).to_be_hidden()
    if start is not None:
        deadline = time.monotonic() + RUN_MS / 1000
        while shown_axes(page, p) != start and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert shown_axes(page, p) == start, f"{what}: the sliders start at {shown_axes(page, p)}, not {start}"
        # the tick swaps the controls, then runs; the run prints what the one value printed, so
        # its answer is seen in the address (the tuple spelled out). A slider moved before the
        # swap answers (late, on a busy machine) is set back by it
        spelled = "x".join(map(str, start))
        expect(page, what).to_have_url(re.compile(rf"[?&]{p.name}={spelled}(&|$)"), timeout=RUN_MS)
    shown.params[p.name] = shown_axes(page, p)
    check_printed(page, shown, f"{what}: ticked")
    # the last axis to another value, so that the tuple's entries differ
    entries = shown.params[p.name]
    low, top = int(p.low or 0), int(p.ui_max or 8)
    options = [v for v in (entries[-1] + 1, entries[-1] - 1, entries[-1] + 2, *range(low, top + 1)) if low <= v <= top]
    changes = [(*entries[:-1], v) for v in dict.fromkeys(options) if v != entries[-1]]
    valid = [c for c in changes if accepted(shown.state(params={p.name: c}))]
    # no look-ahead for later controls: unticking below brings the one value back (the entries differ)
    picked = next(iter(valid), None)
    if picked is None:
        pytest.fail(f"{what}: no other value along {p.axes[-1]} is valid at {dict(shown.params)}")
    before = run_text(page)
    slider = control(page, f"ctl-{p.name}-{p.axes[-1]}")
    slide(
        page, slider, picked[-1], float(low), float(slider.locator("input[type=range]").get_attribute("max")), 1, mouse
    )
    shown.params[p.name] = shown_axes(page, p)
    wait_for_run(page, before, what)
    check_printed(page, shown, f"{what}: {p.axes[-1]} moved")
    # unticked: the one control again, at the value it had (the entries differ now)
    press_box(page, control(page, toggle), not mouse)
    expect(control(page, f"ctl-{p.name}"), what).to_be_visible()
    for axis in p.axes:
        expect(control(page, f"ctl-{p.name}-{axis}"), what).to_have_count(0)
    shown.params[p.name] = shown_param(page, p)
    assert shown.params[p.name] == one, f"{what}: unticked, the control shows {shown.params[p.name]}, not {one}"
    check_printed(page, shown, f"{what}: unticked")


# --- the walk ---------------------------------------------------------------------------------


def pick_tensor(page: Page, shown: Shown, what: str, mouse: bool) -> None:
    """Another parameter in the picker: the weights plot (and the gradients plot, after backward)
    show that one. What the picker must offer is the module's parameters, asked of the engine."""
    open_panel(page, "weights & gradients")
    check_enabled(page, "ctl-tensor", what)
    result = engine.run(shown.state(), values_chars=0)
    names = [p.name for p in result.params if p.is_parameter and p.numel]
    current = control(page, "ctl-tensor").locator("input[role=combobox]").input_value()
    others = [n for n in names if n != current]
    if not others:
        return
    pick_option(page, control(page, "ctl-tensor"), others[0], mouse)
    expect(page.locator("#plot-weights .gtitle"), what).to_contain_text(others[0], timeout=RUN_MS)
    if shown.backward:
        expect(page.locator("#plot-grads .gtitle"), what).to_contain_text(others[0], timeout=RUN_MS)


def layer_steps(spec: LayerSpec) -> Iterator[tuple[str, Any]]:
    """Every control of the layer, in page order: ("param", ParamSpec), its "per axis" box and
    sliders ("axes", ParamSpec) where it has two or more spatial axes, ("dim", Dim), the input's,
    then the picker of the parameter the weights and gradients plots show."""
    for p in spec.params:
        yield "param", p
        if per_axis(p):
            yield "axes", p
    for d in spec.dims(spec.defaults()):
        if d.free:
            yield "dim", d
    uses = uses_offered(spec)
    yield "dist", None
    yield from ((name, None) for name in ("scale", "shift", "values") if name in uses)
    yield "seed", None
    yield from ((name, None) for name in ("calls",) if name in uses)
    yield "mode", None
    yield "backward", None
    yield "tensor", None


@pytest.fixture
def page(browser: Browser, server_url: str) -> Iterator[Page]:
    page = open_lab(browser, server_url)
    yield page
    page.close()


def test_walk_covers_the_registry_once() -> None:
    """In-process (no page): the walk's plan reaches every layer exactly once."""
    assert sorted(s.name for s in walk_order()) == sorted(REGISTRY)


ORDER = walk_order()


@pytest.mark.e2e
@pytest.mark.server
@pytest.mark.parametrize("chunk", range(4), ids=lambda i: f"part{i + 1}")
def test_every_control_of_every_layer(page: Page, chunk: int) -> None:
    """A quarter of the registry per test, so that a failure names its part; each part starts
    from the layer before it in the walk, of another family."""
    size = math.ceil(len(ORDER) / 4)
    start = chunk * size
    before = run_text(page)
    pick_layer(page, ORDER[start - 1].name)  # for the first part, the last layer (another family)
    wait_for_run(page, before, f"{ORDER[start - 1].name}: picked")
    previous = ORDER[start - 1]
    for index, spec in enumerate(ORDER[start : start + size]):
        if previous.family == spec.family:  # the families ran out but this one: a detour first
            detour = next(s for s in ORDER if s.family != spec.family)
            before = run_text(page)
            pick_layer(page, detour.name)
            wait_for_run(page, before, f"{detour.name}: picked")
        walk_layer(page, spec, mouse_first=index % 2 == 0)
        previous = spec


def walk_layer(page: Page, spec: LayerSpec, mouse_first: bool) -> None:
    before = run_text(page)
    pick_layer(page, spec.name)
    wait_for_run(page, before, f"{spec.name}: picked")
    shown = Shown.defaults(spec)
    # the controls are mounted by their own event: wait for exactly this layer's set
    ids = sorted(
        [f"ctl-{p.name}" for p in spec.params]
        + [f"ctl-{p.name}-per-axis" for p in spec.params if per_axis(p)]  # its sliders show once ticked
        + [f"ctl-dim-{d}" for d in shown.dims]
        + [f"ctl-{name}" for name in ("dist", "seed", "mode", "backward", *uses_offered(spec))]
    )
    page.wait_for_function(
        """([ids]) => JSON.stringify([...document.querySelectorAll('#controls [id^=ctl-]')]
            .map((e) => e.id).filter((id) => id !== 'ctl-layer').sort()) === JSON.stringify(ids)""",
        arg=[ids],
        timeout=RUN_MS,
    )
    expect(page.locator("#summary")).to_contain_text(f"mode {DEFAULT_MODE}")
    open_panel(page, "module")  # the printed module is what every step below is checked against
    check_printed(page, shown, f"{spec.name} at its defaults")
    for count, (kind, item) in enumerate(layer_steps(spec)):
        mouse = (count % 2 == 0) == mouse_first
        operate_step(page, shown, kind, item, mouse)


def operate_step(page: Page, shown: Shown, kind: str, item: Any, mouse: bool) -> None:
    spec = shown.spec
    how = "mouse" if mouse else "keyboard"
    if kind == "param":
        p: ParamSpec = item
        what = f"{spec.name}.{p.name} ({how})"
        check_control(page, f"ctl-{p.name}", help_text(p), what)
        assert shown_param(page, p) == shown.params[p.name], f"{what}: the control shows another value"
        later = list(spec.params[spec.params.index(p) + 1 :])
        valid = [v for v in candidates(p, shown.params[p.name]) if accepted(shown.state(params={p.name: v}))]
        picked = next((v for v in valid if keeps_others_operable(shown, {p.name: v}, later)), _NOTHING)
        if picked is _NOTHING:
            pytest.fail(f"{what}: no other value of {p.name} is valid at {dict(shown.params)}")
        before = run_text(page)
        operate_param(page, p, picked, mouse)
        shown.params[p.name] = shown_param(page, p)
        wait_for_run(page, before, what)
        # what the run printed is torch's print of the values on screen
        check_printed(page, shown, what)
        return
    if kind == "axes":
        operate_axes(page, shown, item, mouse)
        return
    if kind == "dim":
        d: Dim = item
        what = f"{spec.name} input {d.name} ({how})"
        elem_id = f"ctl-dim-{d.name}"
        check_control(page, elem_id, dim_help(d), what)
        value = shown.dims[d.name]
        options = [v for v in (value + 1, value - 1, value + 2) if d.low <= v <= d.ui_max]
        picked_size = next((v for v in options if accepted(shown.state(dims={d.name: v}))), None)
        if picked_size is None:
            pytest.fail(f"{what}: no other size is valid")
        before = run_text(page)
        slide(page, control(page, elem_id), picked_size, d.low, d.ui_max, 1, mouse)
        shown.dims[d.name] = int(float(control(page, elem_id).locator("input[type=number]").input_value()))
        wait_for_run(page, before, what)
        shape = shown.state().input.shape
        assert shape is not None
        expect(page.locator("#summary")).to_contain_text(f"input {tuple(shape)}")
        return
    what = f"{spec.name} {kind} ({how})"
    elem_id = f"ctl-{kind}"
    if kind in USES:
        operate_use(page, shown, kind, mouse, what)
        return
    if kind == "tensor":
        pick_tensor(page, shown, what, mouse)
        open_panel(page, "module")
        return
    check_enabled(page, elem_id, what)
    before = run_text(page)
    if kind == "dist":
        others = [d.value for d in spec.dists if d.value != shown.dist]
        choice = next((v for v in others if accepted(shown.state(dist=v))), None)
        if choice is None:
            return  # one distribution only: nothing to choose (the dropdown is still enabled)
        pick_option(page, control(page, elem_id), choice, mouse)
        shown.dist = choice
    elif kind == "seed":
        type_into(page, control(page, elem_id).locator("input[type=number]"), str(shown.seed + 1))
        shown.seed += 1
    elif kind == "mode":
        other = next(m for m in MODES if m != shown.mode)
        radio = control(page, elem_id).locator(f"input[value={other}]")
        if mouse:
            radio.click()
        else:  # gradio's radios are separate tab stops: Tab to the other one, Space to choose it
            control(page, elem_id).locator(f"input[value={shown.mode}]").focus()
            page.keyboard.press("Tab" if MODES.index(other) > MODES.index(shown.mode) else "Shift+Tab")
            page.keyboard.press("Space")
        shown.mode = other
    elif kind == "backward":
        if not accepted(shown.state(backward=not shown.backward)):
            return
        box = control(page, elem_id).locator("input[type=checkbox]")
        if mouse:
            box.click()
        else:
            box.focus()
            page.keyboard.press("Space")
        shown.backward = not shown.backward
    wait_for_run(page, before, what)
    if kind == "mode":
        expect(page.locator("#summary")).to_contain_text(f"mode {shown.mode}")


# --- the input's controls: scale, shift, a typed tensor, a second call ------------------------------

USES = ("scale", "shift", "values", "calls")
SCALE, SHIFT = 0.5, 0.25  # a probability input ([0, 1), BCELoss's) stays one: [0.25, 0.75)


def operate_use(page: Page, shown: Shown, kind: str, mouse: bool, what: str) -> None:
    """One of the input's controls, checked enabled with its own help; operated, the run prints
    what the engine prints for the state the controls show (the typed numbers among them)."""
    spec, main = shown.spec, shown.spec.call_args[0]
    helps = {
        "scale": scale_help(main),
        "shift": shift_help(main),
        "values": values_help(spec),
        "calls": calls_help(spec),
    }
    elem_id = f"ctl-{kind}"
    check_control(page, elem_id, helps[kind], what)
    box = control(page, elem_id)
    before = run_text(page)
    if kind in ("scale", "shift"):
        value = SCALE if kind == "scale" else SHIFT
        if not accepted(shown.state(**{kind: value})):
            pytest.fail(f"{what}: {kind} {value} is refused at {shown.state()}")
        enter(page, box.locator("input[type=number]"), str(value), mouse)
        setattr(shown, kind, value)
    elif kind == "values":
        sizes, typed = small_tensor(shown)
        enter(page, box.locator("textarea, input").first, spell_values(typed), mouse)
        shown.dims |= sizes
        shown.values = typed
    else:
        press_box(page, box, mouse)
        shown.calls = 2
    wait_for_run(page, before, what)
    if kind in ("scale", "shift"):  # the summary says it; the printed numbers are checked with the typed tensor's
        expect(page.locator("#summary"), what).to_contain_text(
            f"scaled by {shown.scale!r}, then shifted by {shown.shift!r}"
        )
        return
    if kind == "values":  # the size controls took the typed tensor's shape
        for name, size in shown.dims.items():
            slider = control(page, f"ctl-dim-{name}").locator("input[type=number]")
            expect(slider, f"{what}: input {name}").to_have_value(str(size), timeout=RUN_MS)
    check_values(page, shown, what)


def enter(page: Page, field_box: Locator, text: str, mouse: bool) -> None:
    """Type into a box and commit it: Enter by keyboard, a click outside it by mouse (it is read when left)."""
    field_box.click()
    field_box.press("Control+a")
    page.keyboard.type(text)
    if mouse:
        page.locator("#about").click()
    else:
        field_box.press("Enter")


def small_tensor(shown: Shown) -> tuple[dict[str, int], Values]:
    """A tensor to type: the shown one with each free axis as small as the layer takes (a few
    numbers to type, not thousands), its entries ones a person types, token ids for an embedding."""
    sizes: dict[str, int] = {}
    for name in shown.dims:
        dim = next(d for d in shown.spec.dims(shown.params) if d.name == name)
        sizes[name] = next(
            (n for n in range(dim.low, shown.dims[name] + 1) if accepted(shown.state(dims={**sizes, name: n}))),
            shown.dims[name],
        )
    shape = shown.state(dims=sizes).input.shape
    assert shape is not None and math.prod(shape) <= MAX_VALUES, f"{shown.spec.name}: no small tensor to type"
    count = math.prod(shape)
    if Dist.TOKENS in shown.spec.dists:
        vocab = shown.params[shown.spec.vocab_param or ""]
        flat: list[float] = [i % vocab for i in range(count)]
    else:
        flat = [round((i * 37 % 100) / 100 + 0.01, 2) for i in range(count)]  # in (0, 1): a probability too
    values = nest(flat, shape)
    assert accepted(shown.state(dims=sizes, values=values)), f"{shown.spec.name}: {values} refused"
    return sizes, values


def nest(flat: list[Any], shape: tuple[int, ...]) -> Values:
    """`flat` as nested tuples of `shape`, the numbers as written (not through float32: 0.38 stays 0.38)."""
    if len(shape) == 1:
        return tuple(flat)
    step = math.prod(shape[1:])
    return tuple(nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0]))


def check_values(page: Page, shown: Shown, what: str) -> None:
    """The printed tensors are the engine's for the shown state, and its input is torch's own
    making of it: the typed numbers (or the draw) times the scale plus the shift."""
    result = engine.run(shown.state())
    assert result.ok, f"{what}: {result.error}"
    if shown.values is not None:
        dtype = torch.int64 if Dist.TOKENS in shown.spec.dists else torch.float32
        x = torch.tensor(shown.values, dtype=dtype) * shown.scale + shown.shift
        if shown.scale == 1 and shown.shift == 0:
            x = torch.tensor(shown.values, dtype=dtype)
        assert result.values[next(iter(result.values))] == repr(x), f"{what}: the input is not the typed tensor"
    open_panel(page, "tensors")
    # the code view draws the lines in view only (its text is a prefix of the whole), the input's first
    expected = values_text(result).replace("\n", "")
    shown_text = ""
    deadline = time.monotonic() + RUN_MS / 1000
    while time.monotonic() < deadline:
        shown_text = page.locator("#values .cm-content").text_content() or ""
        if expected.startswith(shown_text) and len(shown_text) >= min(len(expected), SHOWN_CHARS):
            break
        page.wait_for_timeout(50)
    assert expected.startswith(shown_text), (
        f"{what}: the page prints {shown_text[:300]!r}, the engine {expected[:300]!r}"
    )
    assert len(shown_text) >= min(len(expected), SHOWN_CHARS), f"{what}: the page prints {shown_text!r}"
    if shown.calls == 2:
        expect(page.locator("#summary"), what).to_contain_text("called 2 times")
    open_panel(page, "module")


SHOWN_CHARS = 600  # the printed tensors' first characters, which the code view always draws
