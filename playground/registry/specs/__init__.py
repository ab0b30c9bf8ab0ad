"""The layer registry: every layer the course uses, one `LayerSpec` each, in menu order."""

from __future__ import annotations

from playground.registry.specs import attention, conv, functions, linear, norm, recurrent
from playground.registry.specs.base import (
    Cost,
    Dim,
    Dist,
    ExtraInput,
    Family,
    LayerSpec,
    OptionalAxis,
    Params,
    ParamSpec,
    Shape,
    SpecError,
    StateEntry,
    Wrapped,
)

REGISTRY: dict[str, LayerSpec] = {
    spec.name: spec for module in (linear, conv, norm, recurrent, attention, functions) for spec in module.SPECS
}


def get_spec(name: object) -> LayerSpec:
    """The boundary where a layer name becomes a spec; anything else is refused by name."""
    if not isinstance(name, str) or name not in REGISTRY:
        raise SpecError("layer", f"unknown layer {name!r}; choose one of: {', '.join(REGISTRY)}")
    return REGISTRY[name]


def by_family() -> dict[Family, list[LayerSpec]]:
    groups: dict[Family, list[LayerSpec]] = {family: [] for family in Family}
    for spec in REGISTRY.values():
        groups[spec.family].append(spec)
    return groups


__all__ = [
    "REGISTRY",
    "Cost",
    "Dim",
    "Dist",
    "ExtraInput",
    "Family",
    "LayerSpec",
    "OptionalAxis",
    "ParamSpec",
    "Params",
    "Shape",
    "SpecError",
    "StateEntry",
    "Wrapped",
    "by_family",
    "get_spec",
]
