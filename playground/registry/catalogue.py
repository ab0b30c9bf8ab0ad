"""What the registry and the presets say of themselves, in markdown: the page's note on the
chosen layer and the README's generated tables, so that neither can drift from the code."""

from __future__ import annotations

from playground.registry.models import PRESETS
from playground.registry.presets import NOTES
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
    """The README's list of course models: the note each follows, its input (an axis named by
    an argument follows it) and the constructor arguments a person may set."""
    lines = ["| preset | note | input | arguments | what it shows |", "|---|---|---|---|---|"]
    for p in PRESETS.values():
        shape = f"({', '.join(map(str, p.shape))}{',' if len(p.shape) == 1 else ''})"
        args = ", ".join(f"{a.name}={a.default}" for a in p.args) or "none"
        lines.append(f"| `{p.name}` | {NOTES[p.home]} | `{shape}` | {args} | {p.about} |")
    return "\n".join(lines)
