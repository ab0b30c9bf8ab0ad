"""Share links: the whole page (the state, and the view around it) as a short, readable URL query.

Lenient where the JSON API is strict, on purpose: a person opening an old or hand-edited link
wants a page, with a note of what was dropped, not a refusal. So decoding never raises: what
it cannot read keeps its default and is named, in the words of the link itself
(`kernel_size=-9`). Links are stateless (everything is in the query, no snapshot is kept on
the server), so they survive restarts and work on any replica.

    ?layer=Conv2d&out_channels=6&kernel_size=5&seed=7&panel=weights
    ?layer=Conv2d&kernel_size=3x5&stride=1x2
    ?model=LeNet&shape=4x1x32x32&mode=eval
    ?model=MLP&hidden_size=64
    ?stack=Linear(out_features=8);ReLU;Linear(in_features=8,out_features=2)&hide=seed,mode
    ?random=dense&count=3&arch_seed=7&projector=1
    ?model=ParameterAccess&inside=2&backward=1&panel=inside   (a submodule looked into: `inside=` is the model)
    ?model=LeNet&functional=1            (F.relu, F.max_pool2d and the flatten as rows of the summary)
    ?random=dense&depth=3&widths=25-100&activations=ReLU&dropouts=0.2&classes=none   (the ranges drawn from)
    ?lesson=seeded-cells&step=2          (the Lessons tab at a step; `&play=1`: the step in its own tab)
    ?layer=ReLU&scale=2&values=((-1,2),(3,-4))&calls=2   (a tensor typed by hand, scaled; the layer called twice)
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

from playground.lessons import LESSONS
from playground.records import Mode
from playground.registry.models import PRESETS, stackable
from playground.registry.specs import Dist, LayerSpec, ParamSpec, SpecError, get_spec
from playground.request.plan import resolve
from playground.request.ranges import CLASSES, RANGE_NAMES, RANGES, check_classes, check_ranges
from playground.request.state import (
    DEFAULT_ENSEMBLE,
    DEFAULT_MODE,
    DEFAULT_SEED,
    MAX_CALLS,
    MAX_ENSEMBLE,
    MAX_INSIDE_CHARS,
    MAX_STACK,
    MODES,
    RANDOM_FAMILIES,
    InputState,
    RandomSpec,
    StackLayer,
    State,
    Subject,
    check_uses,
    parse_dist,
    parse_number,
    parse_seed,
    parse_shape,
)
from playground.request.typed import read_link_values, spell_link_values

Tab = Literal["lab", "builder", "lessons"]
LAB_PANELS = ("behaviour", "weights", "counts", "module", "tensors", "code")
BUILDER_PANELS = ("layers", "layer", "module", "inside", "code")
PANELS: Mapping[Tab, tuple[str, ...]] = MappingProxyType({"lab": LAB_PANELS, "builder": BUILDER_PANELS, "lessons": ()})

DEFAULT_LAYER = "Linear"  # what the Layer Lab opens on, and where an unreadable layer falls back
DEFAULT_PRESET = "LeNet"  # what the Model Builder opens on, and where an unreadable model falls back

# The controls a teacher may hide, by the names a link spells them (a layer adds its parameters).
LAYER_CONTROLS = ("shape", "dist", "scale", "shift", "values", "seed", "calls", "mode", "backward", "tensor")
MODEL_CONTROLS = ("source", "preset", "stack", "random", "shape", "dist", "seed", "mode", "backward")

SUBJECT_KEYS = ("layer", "model", "stack", "random")  # the first one readable wins
RANDOM_KEYS = ("count", "arch_seed", *RANGE_NAMES, CLASSES)  # the ranges by their names in model.random
RUN_KEYS = ("shape", "dist", "seed", "mode", "backward")
VIEW_KEYS = ("panel", "projector", "hide")
LESSON_KEYS = ("lesson", "step", "play")
# how a layer's input is made and used, as the Lab's controls or a lesson's step set it (`values`:
# a tensor typed by hand; `after`: the first steps of a lesson)
USE_KEYS = ("scale", "shift", "values", "calls", "prints", "after")
# a layer's parameters are top-level keys too: none may be spelled like these (a test checks)
INSIDE_KEY = "inside"  # a model's submodule to look into, by its named_modules() name
CALLS_KEY = "functional"  # a model's summary with its functional calls as rows of their own
LINK_KEYS = frozenset(
    (*SUBJECT_KEYS, *RANDOM_KEYS, *RUN_KEYS, *VIEW_KEYS, *LESSON_KEYS, *USE_KEYS, INSIDE_KEY, CALLS_KEY)
)

SAFE = "(),;=:@"  # left unescaped, so that a stack and a hide list read as they were written
MAX_PARTS = 100  # key=value pairs read from one link; a real one has under 30
MAX_LABEL = 60  # characters of one ignored part quoted back to the person
MAX_TRIALS = 100  # resolves tried to find the part a refusal is about; past them, the part it names goes
FLAGS = {"1": True, "true": True, "0": False, "false": False}
TIED_ITEM = re.compile(r"\s*@(\d{1,3})\s*")
STACK_ITEM = re.compile(r"\s*(\w+)\s*(?:\((.*)\))?\s*", re.S)
STACK_PARAM = re.compile(r"layers\[(\d+)\](?:\.(.*))?", re.S)
# a value per spatial axis is written 3x5, as a shape is; read also as 3,5 or (3, 5), and a
# one-axis tuple as 3x or (3,), as Python writes it
AXIS_SEPARATOR = re.compile(r"\s*[xX*,]\s*")


@dataclass(frozen=True)
class View:
    """What the page shows around the state, so that a teacher's link opens the page they prepared."""

    panel: str | None = None  # the secondary panel open, one of PANELS[tab]; None: the tab's default
    projector: bool = False
    hidden: frozenset[str] = frozenset()  # controls hidden, by the names `hideable` gives


@dataclass(frozen=True)
class Link:
    """Everything a shared page shows: the run, and how it is shown."""

    state: State
    view: View = View()
    lesson: tuple[str, int] | None = None  # a lesson's id and step: the state is that step's
    play: bool = False  # a lesson's step opened in its own tab, to play with, rather than in the lesson

    @property
    def tab(self) -> Tab:
        """A lesson opens in the Lessons tab; a layer in the Layer Lab; a preset, a stack or an
        ensemble in the Model Builder."""
        if self.lesson is not None and not self.play:
            return "lessons"
        return "lab" if self.state.kind is Subject.LAYER else "builder"


def hideable(state: State) -> tuple[str, ...]:
    """The control names `View.hidden` may hold for this state, in the page's order (the order
    a link lists them in): the controls the Lab shows for its layer (see `lab_controls`). The
    state's layer must be in the registry."""
    if state.kind is Subject.LAYER:
        spec = get_spec(state.layer)
        return ("layer", *spec.param_names, *lab_controls(spec))
    return MODEL_CONTROLS


def lab_controls(spec: LayerSpec) -> tuple[str, ...]:
    """The Lab's input and run controls for this layer, in the page's order. A scale and a shift
    are offered where the input is a float tensor (token ids scaled are ids the embedding has no
    row for); a second call where `check_uses` allows it (a layer of several outputs is called once)."""
    offered = {"scale": scales(spec), "shift": scales(spec), "calls": calls_twice(spec)}
    return tuple(name for name in LAYER_CONTROLS if offered.get(name, True))


def scales(spec: LayerSpec) -> bool:
    """Whether the layer's input may be scaled and shifted: not a layer that takes only token ids."""
    return any(dist is not Dist.TOKENS for dist in spec.dists)


def calls_twice(spec: LayerSpec) -> bool:
    """Whether the layer may be called twice on the same input (`check_uses` says)."""
    try:
        check_uses(spec, MAX_CALLS, ())
    except SpecError:
        return False
    return True


# --- writing ---------------------------------------------------------------------------------


def link_to_query(link: Link) -> str:
    """The query of a link, without its `?`: only what differs from the defaults, so that it
    stays short enough to read and edit by hand. The state is one the page holds (its layer
    and presets names are in the registry); view entries that do not apply to it (a panel of
    the other tab, a hidden control it lacks) are left out."""
    state = link.state
    if link.lesson is not None:  # the lesson names the whole state, its stream included
        lesson, step = link.lesson
        pairs = [("lesson", lesson), ("step", str(step)), *([("play", "1")] if link.play else []), *_view_pairs(link)]
    else:
        pairs = [*_subject_pairs(state), *_run_pairs(state), *_view_pairs(link)]
    return urlencode(pairs, safe=SAFE)


def _subject_pairs(state: State) -> list[tuple[str, str]]:
    if state.kind is Subject.LAYER:
        spec = get_spec(state.layer)
        return [("layer", spec.name), *_param_pairs(spec, state.params)]
    if isinstance(state.model, str):  # a preset, and the constructor arguments that differ from its defaults
        args = PRESETS[state.model].args
        return [("model", state.model), *((p.name, _spell(state.params[p.name])) for p in _changed(args, state.params))]
    if isinstance(state.model, RandomSpec):
        pairs = [("random", state.model.family)]
        if state.model.count != DEFAULT_ENSEMBLE:
            pairs.append(("count", str(state.model.count)))
        if state.model.seed != state.input.seed:  # the JSON's default too: the architecture follows the seed
            pairs.append(("arch_seed", str(state.model.seed)))
        spelled = {r.name: r.spell for r in RANGES[state.model.family]} | {CLASSES: _spell}
        return pairs + [(name, spelled[name](value)) for name, value in state.model.ranges]
    return [
        (
            "stack",
            ";".join(
                f"@{item.same_as}" if item.same_as is not None else _spell_layer(item) for item in state.model or ()
            ),
        )
    ]


def _param_pairs(spec: LayerSpec, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(name, _spell(value)) for name, value in params.items() if value != spec.param(name).default]


def _changed(specs: tuple[ParamSpec, ...], values: Mapping[str, Any]) -> list[ParamSpec]:
    return [p for p in specs if p.name in values and values[p.name] != p.default]


def _spell_layer(item: StackLayer) -> str:
    """`Linear(in_features=8,out_features=2)`, or the bare name where every parameter is its default."""
    spec = get_spec(item.layer)
    arguments = ",".join(f"{name}={value}" for name, value in _param_pairs(spec, item.params))
    return f"{spec.name}({arguments})" if arguments else spec.name


def _spell(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):  # one value per spatial axis: kernel_size=3x5 (a 1-tuple: 3x)
        return "x".join(map(str, value)) + ("x" if len(value) == 1 else "")
    return str(value)  # a float's shortest repr reads back to the same float


def _run_pairs(state: State) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    typed = state.kind is Subject.LAYER and state.input.values is not None
    if state.input.shape is not None and not typed:  # a typed tensor's shape is its own: `values=` says it
        pairs.append(("shape", "x".join(map(str, state.input.shape))))
    if state.input.dist is not None:
        pairs.append(("dist", state.input.dist))
    if state.input.seed != DEFAULT_SEED:
        pairs.append(("seed", str(state.input.seed)))
    if state.mode != DEFAULT_MODE:
        pairs.append(("mode", str(state.mode)))
    if state.backward:
        pairs.append(("backward", "1"))
    if state.kind is Subject.LAYER:
        pairs += _use_pairs(state)
    if state.inside is not None:
        pairs.append((INSIDE_KEY, state.inside))
    if state.functional_calls:
        pairs.append((CALLS_KEY, "1"))
    return pairs


def _use_pairs(state: State) -> list[tuple[str, str]]:
    """How the input is made and used, each where it is not the default. An `after` that is not
    a lesson's first steps has no spelling here: a link leaves it out."""
    pairs = []
    if state.input.scale != 1:
        pairs.append(("scale", _spell(state.input.scale)))
    if state.input.shift != 0:
        pairs.append(("shift", _spell(state.input.shift)))
    if state.input.values is not None:
        pairs.append(("values", spell_link_values(state.input.values)))
    if state.calls != 1:
        pairs.append(("calls", str(state.calls)))
    if state.prints:
        pairs.append(("prints", ",".join(state.prints)))
    earlier = lesson_prefix(state.input.after)
    if earlier:
        pairs.append(("after", earlier))
    return pairs


def lesson_prefix(after: tuple[State, ...]) -> str:
    """`<lesson>:<k>` where `after` is that lesson's first k steps, as its step k + 1 runs them."""
    if not after:
        return ""
    for lesson in LESSONS.values():
        if lesson.seed is not None and tuple(step.state for step in lesson.steps[: len(after)]) == after:
            return f"{lesson.id}:{len(after)}"
    return ""


def _view_pairs(link: Link) -> list[tuple[str, str]]:
    view, pairs = link.view, list[tuple[str, str]]()
    if view.panel is not None and view.panel in PANELS[link.tab]:
        pairs.append(("panel", view.panel))
    if view.projector:
        pairs.append(("projector", "1"))
    hidden = [name for name in hideable(link.state) if name in view.hidden]
    if hidden:
        pairs.append(("hide", ",".join(hidden)))
    return pairs


# --- reading ---------------------------------------------------------------------------------


def link_from_query(query: str | Mapping[str, str]) -> tuple[Link, list[str]]:
    """The link a query describes, and what of it was ignored, each part as the link spelled it
    (`seed=abc`, `hide=nonsense`, `stack[2]=Nope`). Never raises: a part that cannot be read
    keeps its default, and of parts readable one by one that do not resolve together, the one
    to blame is dropped (see `_settle`) until the state resolves. Keys Hugging Face Spaces adds
    to the page's URL (`__theme`, `__sign`, anything starting with `__`) are ignored silently."""
    items, ignored, overflow = _read_pairs(query)
    lesson = _read_lesson(items, ignored)
    if lesson is not None:
        (name, step), play = lesson
        state = LESSONS[name].state(step)
        view = _read_view(state, items, ignored)
        ignored.extend(_label(key, value) for key, value in items.items())  # a lesson's step is the whole state
        return Link(state, view, (name, step), play), ignored + overflow
    draft = _read_subject(items, ignored)
    _read_run(draft, items, ignored)
    state = _settle(draft, ignored)
    view = _read_view(state, items, ignored)
    ignored.extend(_label(key, value) for key, value in items.items())  # what no reader took
    return Link(state, view), ignored + overflow


def _read_lesson(items: dict[str, str], ignored: list[str]) -> tuple[tuple[str, int], bool] | None:
    """`lesson=<id>&step=<n>&play=1`: a step that does not read opens the lesson's first; a
    lesson that does not read is ignored, with its step and play, and the rest is read as usual."""
    if "lesson" not in items:
        for key in ("step", "play"):
            if key in items:
                ignored.append(_label(key, items.pop(key)))
        return None
    raw = items.pop("lesson")
    raw_step, raw_play = items.pop("step", None), items.pop("play", None)
    lesson = LESSONS.get(raw)
    if lesson is None:
        ignored.extend(
            _label(k, v) for k, v in (("lesson", raw), ("step", raw_step), ("play", raw_play)) if v is not None
        )
        return None
    step = 1
    if raw_step is not None:
        if raw_step.isdigit() and 1 <= int(raw_step) <= len(lesson.steps):
            step = int(raw_step)
        else:
            ignored.append(_label("step", raw_step))
    play = FLAGS.get(raw_play.lower()) if raw_play is not None else False
    if play is None:
        ignored.append(_label("play", raw_play or ""))
    return (lesson.id, step), bool(play)


def _read_pairs(query: str | Mapping[str, str]) -> tuple[dict[str, str], list[str], list[str]]:
    """The link's pairs by key (the last of a repeated key counts, as in Starlette's QueryParams),
    the repeats ignored, and a note of the pairs past MAX_PARTS. An empty pair (`&=&`) says nothing."""
    if isinstance(query, Mapping):
        pairs = [(str(key), str(value)) for key, value in query.items()]
    else:
        pairs = parse_qsl(str(query).removeprefix("?"), keep_blank_values=True)
    # Spaces' own keys are not the page's to report
    pairs = [(key, value) for key, value in pairs if (key or value) and not key.startswith("__")]
    items: dict[str, str] = {}
    ignored: list[str] = []
    for key, value in pairs[:MAX_PARTS]:
        if key in items:
            ignored.append(_label(key, items[key]))
        items[key] = value
    overflow = [f"{_label(*pairs[MAX_PARTS])} and {len(pairs) - MAX_PARTS - 1} more"] if len(pairs) > MAX_PARTS else []
    return items, ignored, overflow


def _label(key: str, value: str) -> str:
    """A part as the link spelled it, short enough to quote back: a megabyte value does not come back whole."""
    text = f"{key}={value}" if value else key
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 3] + "..."


@dataclass
class _Part:
    """A value read from the link, and the words that name it if it has to be dropped."""

    value: Any
    label: str


@dataclass
class _Item:
    """One layer of a stack as the link wrote it; `same_as`: the item whose module it places again."""

    layer: str
    params: dict[str, _Part]
    label: str
    same_as: _Item | None = None


@dataclass
class _Draft:
    """A link read part by part, before its parts are resolved together."""

    kind: Subject
    label: str  # the subject as the link spelled it, named if the subject itself falls back
    name: str = ""  # the layer's or the preset's
    params: dict[str, _Part] = field(default_factory=dict)
    stack: list[_Item] = field(default_factory=list)
    family: str = ""
    count: int = DEFAULT_ENSEMBLE
    arch_seed: int | None = None  # None: the input's seed
    ranges: dict[str, Any] = field(default_factory=dict)  # an ensemble's ranges read, by name
    shape: _Part | None = None
    dist: _Part | None = None
    seed: int = DEFAULT_SEED
    mode: Mode = DEFAULT_MODE
    backward: bool = False
    uses: dict[str, _Part] = field(default_factory=dict)  # USE_KEYS read, by key
    inside: str | None = None  # a model's submodule to look into
    functional_calls: bool = False
    trials: int = 0  # resolves tried on copies of the draft, bounded by MAX_TRIALS

    def state(self) -> State | None:
        """The state the draft describes; None for a stack that has lost all its layers."""
        run = {
            "input": InputState(
                self.shape.value if self.shape else None, self.dist.value if self.dist else None, self.seed
            ),
            "mode": self.mode,
            "backward": self.backward,
        }
        if self.kind is Subject.LAYER:
            uses = {key: part.value for key, part in self.uses.items()}
            given = dataclasses.replace(
                run["input"],
                scale=uses.get("scale", 1),
                shift=uses.get("shift", 0),
                values=uses.get("values"),
                after=uses.get("after", ()),
            )
            run |= {"input": given, "calls": uses.get("calls", 1), "prints": uses.get("prints", ())}
            return State(self.name, _values(self.params), **run)
        run |= {"inside": self.inside, "functional_calls": self.functional_calls}
        if self.kind is Subject.PRESET:
            return State(model=self.name, params=_values(self.params), **run)
        if self.kind is Subject.RANDOM:
            seed = self.seed if self.arch_seed is None else self.arch_seed
            spec = RandomSpec(self.family, seed, self.count, check_ranges(self.family, self.ranges))
            return State(model=spec, **run)
        if not self.stack:
            return None
        layers = []
        for item in self.stack:
            original = item.same_as
            if original is None:
                layers.append(StackLayer(item.layer, _values(item.params)))
            else:  # `drop` takes a tied place with its layer: the original is in the stack
                layers.append(StackLayer(original.layer, _values(original.params), self.stack.index(original)))
        return State(model=tuple(layers), **run)

    def drop(self, param: str | None) -> list[str]:
        """Drop the part a refusal names, where the link gave it: a parameter, the input's shape
        or dist, or a stack's layer that cannot stand where it is (`layers[3].layer`)."""
        if param == "input.shape" and self.shape:
            self.shape, dropped = None, self.shape
            return [dropped.label]
        if param == "input.shape" and "values" in self.uses:  # the typed tensor gives the shape
            return [self.uses.pop("values").label]
        if param == "input.dist" and self.dist:
            self.dist, dropped = None, self.dist
            return [dropped.label]
        name = _own_param(self.kind, param)
        if self.kind in (Subject.LAYER, Subject.PRESET) and name in self.params:
            return [self.params.pop(name).label]
        use = (param or "").removeprefix("input.").partition("[")[0].partition(".")[0]
        if self.kind is Subject.LAYER and use in self.uses:
            return [self.uses.pop(use).label]
        where = self._layer_of(param)
        if where is None:
            return []
        item = self.stack[where]
        name = (param or "").partition("].")[2]
        if name in item.params:
            return [item.params.pop(name).label]
        if name in ("", "layer"):
            del self.stack[where]
            again = [other for other in self.stack if other.same_as is item]  # its other places go with it
            self.stack = [other for other in self.stack if other.same_as is not item]
            return [item.label, *(other.label for other in again)]
        return []

    def drop_to_fix(self, refusal: SpecError) -> list[str]:
        """Drop one part to answer a refusal, the part it names or one it is about (a rule names
        `in_channels` where the link gave `groups`): the first part, in `_suspects` order, whose
        loss lets the state resolve or moves the refusal to a later stack layer; else the part
        named; else the first whose loss changes the refusal; else, for a stack, the layer
        named. Nothing if none of these applies."""
        suspects = self._suspects(refusal.param)[: max(0, MAX_TRIALS - self.trials)]
        self.trials += len(suspects)
        changed = None
        for name in suspects:
            trial = copy.deepcopy(self)
            trial.drop(name)
            again = _refusal(trial.state())
            if again is None or self._layer_of(again.param, -1) > self._layer_of(refusal.param, -1):
                return self.drop(name)
            if changed is None and (again.param, again.message) != (refusal.param, refusal.message):
                changed = name
        dropped = self.drop(refusal.param) or (self.drop(changed) if changed else [])
        where = self._layer_of(refusal.param)
        return dropped or (self.drop(f"layers[{where}]") if where is not None else [])

    def _suspects(self, param: str | None) -> list[str]:
        """The parts a refusal may be about, as `drop` names them: the one it names (where the
        link gave it) first, then the other parameters (of the stack layer it names, or of the
        layer), the last written first, then the input's shape and dist (for a stack, where the
        refusal is about its first layer or the input)."""
        where = self._layer_of(param)
        if where is None:
            names = list(reversed(self.params))
        else:
            names = [f"layers[{where}].{name}" for name in reversed(self.stack[where].params)]
        if where in (None, 0):
            names += [name for name, part in (("input.shape", self.shape), ("input.dist", self.dist)) if part]
            names += ["input.values"] if "values" in self.uses else []  # a typed tensor sets the shape
        named = _own_param(self.kind, param) if where is None else param
        return sorted(names, key=lambda name: name != named)  # stable: the rest keep their order

    def _layer_of(self, param: str | None, otherwise: int | None = None) -> int | None:
        """The stack layer a refusal's field is in (`layers[2].in_features` -> 2)."""
        where = STACK_PARAM.fullmatch(param or "") if self.kind is Subject.STACK else None
        return int(where.group(1)) if where and int(where.group(1)) < len(self.stack) else otherwise

    def drop_loose(self) -> list[str]:
        """Keep only the subject: every parameter and the input's shape and dist go back to their defaults."""
        parts = [*self.params.values(), *(part for item in self.stack for part in item.params.values())]
        parts += [part for part in (self.shape, self.dist) if part]
        parts += list(self.uses.values())
        self.params, self.shape, self.dist, self.uses = {}, None, None, {}
        for item in self.stack:
            item.params = {}
        return [part.label for part in parts]

    def fallback(self) -> State:
        """The tab's own opening subject, with the link's seed, mode and backward."""
        run: dict[str, Any] = {"input": InputState(seed=self.seed), "mode": self.mode, "backward": self.backward}
        if self.kind is Subject.LAYER:
            return State(DEFAULT_LAYER, **run)
        return State(model=DEFAULT_PRESET, **run)


def _own_param(kind: Subject, param: str | None) -> str | None:
    """The key a link gives a refused field: a preset's argument `model.args.hidden_size` is `hidden_size`."""
    return (param or "").removeprefix("model.args.") if kind is Subject.PRESET else param


def _values(parts: Mapping[str, _Part]) -> Mapping[str, Any]:
    return MappingProxyType({name: part.value for name, part in parts.items()})


def _read_subject(items: dict[str, str], ignored: list[str]) -> _Draft:
    """The first subject key that reads; the others are ignored. None readable: the first one
    given falls back to its tab's opening subject (a layer's parameters are then read
    against it); none given: the Layer Lab's."""
    given = [key for key in SUBJECT_KEYS if key in items]
    chosen: tuple[_Draft, list[str]] | None = None
    for key in given:
        raw = items.pop(key)
        read = None if chosen else READERS[key](raw)
        if read is None:
            ignored.append(_label(key, raw))
        else:
            chosen = read
    if chosen is None:
        kind = Subject.LAYER if not given or given[0] == "layer" else Subject.PRESET
        draft = _Draft(kind, "", DEFAULT_LAYER if kind is Subject.LAYER else DEFAULT_PRESET)
    else:
        draft, dropped = chosen
        ignored.extend(dropped)
    # a layer's parameters, a preset's constructor arguments: top-level keys of the link
    params = get_spec(draft.name).params if draft.kind is Subject.LAYER else ()
    if draft.kind is Subject.PRESET:
        params = PRESETS[draft.name].args
    for param in params:
        if param.name in items:
            raw = items.pop(param.name)
            try:
                draft.params[param.name] = _Part(_read_value(param, raw), _label(param.name, raw))
            except (SpecError, ValueError):
                ignored.append(_label(param.name, raw))
    if draft.kind is Subject.RANDOM:
        _read_random(draft, items, ignored)
    return draft


def _read_layer(raw: str) -> tuple[_Draft, list[str]] | None:
    try:
        spec = get_spec(raw)
    except SpecError:
        return None
    return _Draft(Subject.LAYER, _label("layer", raw), spec.name), []


# presets renamed to the names their notes print: a link shared before still opens its model
RENAMED_PRESETS: Mapping[str, str] = MappingProxyType(
    {"PlainListPitfall": "MySequentialExe", "ModuleListDemo": "MyModule"}
)


def _read_preset(raw: str) -> tuple[_Draft, list[str]] | None:
    name = RENAMED_PRESETS.get(raw, raw)
    if name not in PRESETS:
        return None
    return _Draft(Subject.PRESET, _label("model", raw), name), []


def _read_family(raw: str) -> tuple[_Draft, list[str]] | None:
    if raw not in RANDOM_FAMILIES:
        return None
    return _Draft(Subject.RANDOM, _label("random", raw), family=raw), []


def _read_stack(raw: str) -> tuple[_Draft, list[str]] | None:
    """`Linear(in_features=4,out_features=8);ReLU`: each layer that reads is kept, with each
    parameter that reads; the rest is named by its place (`stack[1]=Nope`, `stack[0].bias=maybe`)."""
    written = [text for text in raw.split(";") if text.strip()]
    draft, dropped = _Draft(Subject.STACK, _label("stack", raw)), []
    read: dict[int, _Item] = {}  # by the place the link wrote it at
    for index, text in enumerate(written[:MAX_STACK]):
        where = f"stack[{index}]"
        tied = TIED_ITEM.fullmatch(text)
        if tied is not None:  # `@2`: layer 2 again, the same module
            original = read.get(int(tied.group(1)))
            if original is None or original.same_as is not None:
                dropped.append(_label(where, text))
                continue
            item = _Item(original.layer, {}, _label(where, text), original)
            read[index] = item
            draft.stack.append(item)
            continue
        match = STACK_ITEM.fullmatch(text)
        spec = _stackable_spec(match.group(1)) if match else None
        if match is None or spec is None:
            dropped.append(_label(where, text))
            continue
        item = _Item(spec.name, {}, _label(where, text))
        for argument in filter(None, (match.group(2) or "").split(",")):
            name, _, value = argument.partition("=")
            name = name.strip()
            label = _label(f"{where}.{name}", value)
            try:
                if name not in spec.param_names or name in item.params:
                    raise ValueError(f"{name} is not a parameter of {spec.name}, or is given twice")
                item.params[name] = _Part(_read_value(spec.param(name), value.strip()), label)
            except (SpecError, ValueError):
                dropped.append(label)
        read[index] = item
        draft.stack.append(item)
    if len(written) > MAX_STACK:
        extra = len(written) - MAX_STACK
        dropped.append(f"stack[{MAX_STACK}:] ({extra} layers past the builder's {MAX_STACK})")
    if not draft.stack:
        return None
    return draft, dropped


def _stackable_spec(name: str) -> LayerSpec | None:
    try:
        spec = get_spec(name)
    except SpecError:
        return None
    return spec if stackable(spec.name) else None


READERS: Mapping[str, Callable[[str], tuple[_Draft, list[str]] | None]] = MappingProxyType(
    {"layer": _read_layer, "model": _read_preset, "stack": _read_stack, "random": _read_family}
)


def _read_random(draft: _Draft, items: dict[str, str], ignored: list[str]) -> None:
    if "count" in items:
        raw = items.pop("count")
        try:
            count = int(raw)
            if not 1 <= count <= MAX_ENSEMBLE:
                raise ValueError(f"count must be in [1, {MAX_ENSEMBLE}]")
            draft.count = count
        except ValueError:
            ignored.append(_label("count", raw))
    if "arch_seed" in items:
        raw = items.pop("arch_seed")
        try:
            draft.arch_seed = parse_seed(int(raw))
        except (SpecError, ValueError):
            ignored.append(_label("arch_seed", raw))
    # the family's ranges, each read as strictly as JSON; another family's are left for the
    # note of what no reader took
    readers = {r.name: r.read for r in RANGES[draft.family]} | {CLASSES: _read_classes}
    for name, read in readers.items():
        if name in items:
            raw = items.pop(name)
            try:
                draft.ranges[name] = read(raw, f"random.{name}")
            except (SpecError, ValueError):
                ignored.append(_label(name, raw))


def _read_classes(raw: str, where: str) -> int | None:
    return None if raw == "none" else check_classes(int(raw), where)


def _read_value(p: ParamSpec, raw: str) -> Any:
    """One parameter as the link spells it (`none`, `1`/`0` for a flag), checked by its spec."""
    if p.kind == "choice":  # 'none' is a real choice of reduction, not a missing value
        value: Any = raw
    elif raw == "none":
        value = None
    elif p.axes and (per_axis := _read_axes(raw)) is not None:
        value = per_axis
    elif p.kind == "bool":
        value = _flag(raw)
    elif p.kind == "int" or (p.kind == "int_or_choice" and raw.lstrip("-").isdigit()):
        value = int(raw)
    elif p.kind == "float":
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError(f"{p.name} must be finite")
    else:
        value = raw
    return p.coerce(value)


def _read_axes(raw: str) -> tuple[int, ...] | None:
    """`3x5`, `3,5`, `(3, 5)` or `3x` as a tuple of ints; None where no separator says it is one."""
    text = raw.strip().removeprefix("(").removeprefix("[").removesuffix(")").removesuffix("]")
    if not AXIS_SEPARATOR.search(text):
        return None
    parts = AXIS_SEPARATOR.split(text.strip())
    if len(parts) > 1 and parts[-1] == "":  # the trailing separator of a one-axis tuple
        parts.pop()
    return tuple(int(part) for part in parts)


def _read_run(draft: _Draft, items: dict[str, str], ignored: list[str]) -> None:
    """The keys every subject shares: the input's shape, dist and seed, the mode, backward."""
    for key in RUN_KEYS:
        if key not in items:
            continue
        raw = items.pop(key)
        try:
            if key == "shape":
                draft.shape = _Part(parse_shape([int(size) for size in raw.lower().split("x")]), _label(key, raw))
            elif key == "dist":
                draft.dist = _Part(parse_dist(raw), _label(key, raw))
            elif key == "seed":
                draft.seed = parse_seed(int(raw))
            elif key == "mode":
                if raw not in MODES:
                    raise ValueError("mode must be train or eval")
                draft.mode = Mode(raw)
            else:
                draft.backward = _flag(raw)
        except (SpecError, ValueError):
            ignored.append(_label(key, raw))
    if INSIDE_KEY in items:  # which names the model has is known once it is built: the page drops a wrong one
        raw = items.pop(INSIDE_KEY)
        one_model = draft.kind in (Subject.PRESET, Subject.STACK) or (draft.kind is Subject.RANDOM and draft.count == 1)
        if one_model and len(raw) <= MAX_INSIDE_CHARS:
            draft.inside = raw
        else:
            ignored.append(_label(INSIDE_KEY, raw))
    if CALLS_KEY in items:  # a model's summary only: a layer has no summary rows
        raw = items.pop(CALLS_KEY)
        try:
            if draft.kind is Subject.LAYER:
                raise ValueError("a layer has no summary rows")
            draft.functional_calls = _flag(raw)
        except ValueError:
            ignored.append(_label(CALLS_KEY, raw))
    for key in USE_KEYS:
        if key not in items:
            continue
        raw = items.pop(key)
        value = _read_use(key, raw) if draft.kind is Subject.LAYER else None
        if value is None:
            ignored.append(_label(key, raw))
        else:
            draft.uses[key] = _Part(value, _label(key, raw))


def _read_use(key: str, raw: str) -> Any:
    """One of USE_KEYS as a link spells it, or None; `_settle` checks it against the layer."""
    try:
        if key in ("scale", "shift"):
            number = float(raw)
            value: Any = int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
            return parse_number(value, f"input.{key}")
        if key == "calls":
            return int(raw)
        if key == "prints":
            return tuple(part for part in raw.split(",") if part)
        if key == "values":
            return read_link_values(raw)
    except (SpecError, ValueError, OverflowError):
        return None
    lesson_id, _, count = raw.rpartition(":")
    lesson = LESSONS.get(lesson_id)
    if lesson is None or lesson.seed is None or not count.isdigit() or not 1 <= int(count) < len(lesson.steps):
        return None
    return tuple(step.state for step in lesson.steps[: int(count)])


def _flag(raw: str) -> bool:
    if raw.lower() not in FLAGS:
        raise ValueError("a flag is 1 or 0")
    return FLAGS[raw.lower()]


def _settle(draft: _Draft, ignored: list[str]) -> State:
    """Resolve the parts together; while they do not fit, drop one part each refusal is about
    (see `drop_to_fix`), else every parameter and the input's shape and dist at once; as a
    last resort, open the tab's own subject. Ends: each round drops at least one part."""
    while (state := draft.state()) is not None:  # a stack that lost every layer: each was named
        refusal = _refusal(state)
        if refusal is None:
            return state
        dropped = draft.drop_to_fix(refusal) or draft.drop_loose()
        if not dropped:
            ignored.extend(filter(None, [draft.label]))
            break
        ignored.extend(dropped)
    return draft.fallback()


def _refusal(state: State | None) -> SpecError | None:
    """Why `resolve` refuses the state, or None if it takes it (a stack with no layers is refused)."""
    if state is None:
        return SpecError("model.layers", "the stack has no layers")
    try:
        resolve(state)
    except SpecError as e:
        return e
    return None


def _read_view(state: State, items: dict[str, str], ignored: list[str]) -> View:
    """Read against the state the link ended with: its tab's panels, its controls."""
    tab: Tab = Link(state).tab
    panel, projector, hidden = None, False, set()
    if "panel" in items:
        raw = items.pop("panel")
        if raw in PANELS[tab]:
            panel = raw
        else:
            ignored.append(_label("panel", raw))
    if "projector" in items:
        raw = items.pop("projector")
        try:
            projector = _flag(raw)
        except ValueError:
            ignored.append(_label("projector", raw))
    if "hide" in items:
        names = hideable(state)
        for name in (part.strip() for part in items.pop("hide").split(",")):
            if name in names:
                hidden.add(name)
            elif name:
                ignored.append(_label("hide", name))
    return View(panel, projector, frozenset(hidden))
