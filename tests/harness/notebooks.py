"""Run notebooks as Jupyter's "Run all" does, all in ONE kernel, and write each back executed.

    python tests/harness/notebooks.py a.ipynb b.ipynb ...

A kernel start and a torch import cost seconds apiece on a busy machine; one kernel pays them
once. Before each notebook the kernel's namespace is emptied (`%reset -f`), so a notebook that
forgot a definition fails as it would in a fresh kernel; torch stays imported, and every
notebook seeds itself. An error in a cell is kept as that cell's output (the caller checks),
and the next notebooks still run. The kernel is `python3` from this interpreter's environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT_S = 300  # generous: two busy cores, a torch import in the first cell
START_TIMEOUT_S = 120


def run_all(paths: list[Path]) -> None:
    first = nbformat.read(paths[0], as_version=4)
    client = NotebookClient(
        first, kernel_name="python3", timeout=CELL_TIMEOUT_S, startup_timeout=START_TIMEOUT_S, allow_errors=True
    )
    with client.setup_kernel(cwd=str(paths[0].parent)):
        for path in paths:
            notebook = first if path == paths[0] else nbformat.read(path, as_version=4)
            client.nb = notebook
            client.execute_cell(nbformat.v4.new_code_cell("%reset -f"), 0, store_history=False)
            client.reset_execution_trackers()
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            nbformat.write(notebook, path)


if __name__ == "__main__":
    run_all([Path(arg) for arg in sys.argv[1:]])
