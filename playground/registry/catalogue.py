"""What the registry and the presets say of themselves, in markdown: the page's note on the
chosen layer and the README's generated tables, so that neither can drift from the code."""

from __future__ import annotations

from playground.registry.models import PRESETS
from playground.registry.specs import REGISTRY, Family, LayerSpec, by_family


def spec_markdown(spec: LayerSpec) -> str:
    return f"**{spec.name}** · {spec.family.value}\n\n{spec.summary}\n\n`{spec.formula}`"


def registry_table() -> str:
    """The README's list of layers."""
    lines = ["| family | layer | what it does | parameters |", "|---|---|---|---|"]
    for family, specs in by_family().items():
        for spec in specs:
            params = ", ".join(spec.param_names) or "none"
            lines.append(f"| {family.value} | `{spec.name}` | {spec.summary} | {params} |")
    return "\n".join(lines) + f"\n\n{len(REGISTRY)} layers in {len(Family)} families."


def presets_table() -> str:
    """The README's list of course models."""
    lines = ["| preset | what it shows |", "|---|---|"]
    lines += [f"| `{p.name}` | {p.about} |" for p in PRESETS.values()]
    return "\n".join(lines)
