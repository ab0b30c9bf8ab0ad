"""The course's example models as real classes, one module per note.

The notes reuse class names with different bodies (three MLPs, two NestMLPs, two
FixedHiddenMLPs), and a student compares our printout with the note's, so each class keeps
the note's name and lives in the module of its note. A preset's exported script pastes the
source of the classes it needs from one module only, so the names never meet in one script.
Each class needs only `torch`, `nn` and `F`.

- `building_models`: note 001 (MyModel, LeNet, LSTMTagger)
- `builders_guide`: note 002 (lazy MLP, MySequential, FixedHiddenMLP, NestMlp, the plain-list
  pitfall, parameter access, tied parameters)
- `module_basics`: note 003 (MLP with a ReLU module, MyModule, FancyMLP, NestMLP)
- `model_construction`: note 004 (MLP with sizes as arguments, FixedHiddenMLP, NestMLP)
- `extras`: our own answers to the exercises, and the random recurrent model
"""

from __future__ import annotations

import importlib
from types import ModuleType

# each module, and the note it follows ("ours": not from the course)
NOTES = {
    "building_models": "001",
    "builders_guide": "002",
    "module_basics": "003",
    "model_construction": "004",
    "extras": "ours",
}
HOMES = tuple(NOTES)


def home_module(home: str) -> ModuleType:
    """The module of one note (`builders_guide`), where a preset's classes are looked up by name."""
    if home not in HOMES:
        raise ValueError(f"no preset module {home!r}; one of: {', '.join(HOMES)}")
    return importlib.import_module(f"{__name__}.{home}")
