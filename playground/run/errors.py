"""Every way a run can fail becomes an ErrorInfo here, and only here: a refusal naming its
field, torch's own error (its first line), memory, a crash or a time-out of a worker.

Callers (the engine, the workers, the API, the page) never write an error message of their
own: they raise or catch, and ask this module what to say.
"""

from __future__ import annotations

from playground.records import ErrorInfo, RunResult
from playground.registry.specs import SpecError


class WorkerCrashedError(Exception):
    """The worker process died mid-request (a native crash: a signal, or an exit)."""

    def __init__(self, how: str) -> None:
        super().__init__(how)
        self.how = how


class WorkerTimedOutError(Exception):
    """The request ran past the time limit; the worker was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class BusyError(Exception):
    """No worker came free in time."""


def error_info(e: BaseException, subject: str = "configuration") -> ErrorInfo:
    """What to tell the person about `e`; `subject` is how the message names what ran."""
    if isinstance(e, SpecError):
        return ErrorInfo(e.param, e.message)
    if isinstance(e, WorkerCrashedError):
        return ErrorInfo(None, f"this {subject} crashed PyTorch ({e.how}); nothing else was affected")
    if isinstance(e, WorkerTimedOutError):
        return ErrorInfo(None, f"this {subject} ran longer than the {e.seconds:g} s limit and was stopped")
    if isinstance(e, BusyError):
        return ErrorInfo(None, "the playground is busy; try again in a moment")
    if type(e).__name__ == "OutOfMemoryError":  # torch's, for the GPU (the CPU's is a MemoryError)
        return ErrorInfo(None, f"the GPU ran out of memory for this {subject}; try smaller sizes ({e!s:.120})")
    if isinstance(e, MemoryError):
        return ErrorInfo(None, f"this {subject} ran out of memory in its worker")
    # everything was checked before the run: torch failing now on data is worth reporting as such
    return ErrorInfo(None, f"PyTorch failed on this {subject}: {first_line(e)}")


def failure(e: BaseException, subject: str = "configuration") -> RunResult:
    return RunResult(ok=False, error=error_info(e, subject))


def first_line(e: BaseException) -> str:
    return (str(e).strip().split("\n")[0] or type(e).__name__)[:300]
