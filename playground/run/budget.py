"""The guards every run passes before anything is built: memory, work and tensor size, for a
layer and a model alike (a model weighs the sum of its layers), in one set of words."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from playground.limits import LIMITS
from playground.registry.specs import SpecError
from playground.registry.specs.base import NO_SLOWDOWN, Slowdown
from playground.request.plan import Config
from playground.run.cost import Analysis

MAX_MEMORY_MB = LIMITS.max_memory_mb
MAX_ELEMENTS = LIMITS.max_elements
MAX_FLOPS = LIMITS.max_mflop * 1e6
MAX_MODEL_MB = LIMITS.max_model_mb  # a model's memory, predicted before it is built
BACKWARD_WORK = 3  # a backward pass costs about twice its forward: gradients of inputs and of weights


def passes(backward: bool) -> int:
    """How many forwards' work a run costs."""
    return BACKWARD_WORK if backward else 1


def work(config: Config, analysis: Analysis) -> float:
    """What the work guard weighs: FLOPs, times BACKWARD_WORK with backward, times the
    registry's slowdown for configurations torch runs far below its usual rate."""
    return analysis.flops * passes(config.backward) * config.spec.slowdown(config.params).factor


@dataclass(frozen=True)
class Budget:
    """What the guards weigh, for one layer or a whole model (the sum of its layers'), so that
    every run is refused by the same rules and in the same words before anything is built."""

    subject: str  # how the message names what was refused: "configuration", "model"
    flops: int  # the forward's, predicted
    work: float  # FLOPs as the work guard counts them: backward and slow groups included
    memory_bytes: int
    parameters: int
    largest: int  # elements of the biggest tensor
    backward: bool = False
    slowdown: Slowdown = NO_SLOWDOWN  # the largest factor any layer was counted with
    memory_limit_mb: float = MAX_MEMORY_MB
    memory_variable: str = "PLAYGROUND_MAX_MEMORY_MB"

    def __add__(self, other: Budget) -> Budget:
        """Two parts run one after the other: work and memory add up, the largest tensor does not."""
        return dataclasses.replace(
            self,
            flops=self.flops + other.flops,
            work=self.work + other.work,
            memory_bytes=self.memory_bytes + other.memory_bytes,
            parameters=self.parameters + other.parameters,
            largest=max(self.largest, other.largest),
            slowdown=max(self.slowdown, other.slowdown, key=lambda s: s.factor),
        )


def layer_budget(config: Config, analysis: Analysis) -> Budget:
    return Budget(
        subject="configuration",
        flops=analysis.flops,
        work=work(config, analysis),
        memory_bytes=analysis.memory_bytes,
        parameters=sum(r.numel for r in analysis.entries if r.is_parameter),
        largest=analysis.largest,
        backward=config.backward,
        slowdown=config.spec.slowdown(config.params),
        memory_limit_mb=MAX_MEMORY_MB,  # read at each run: tests and operators lower it
    )


def check_budget(config: Config, analysis: Analysis) -> None:
    check(layer_budget(config, analysis))


def check(budget: Budget) -> None:
    """The three guards, in the order a person can act on them: memory, work, tensor size."""
    limit = budget.memory_limit_mb * 2**20
    if budget.memory_bytes > limit:
        raise SpecError(
            None,
            f"this {budget.subject} would need about {_mb(budget.memory_bytes)} "
            f"({budget.parameters:,} parameters); the limit is {_mb(limit)} ({budget.memory_variable})",
        )
    if budget.work > MAX_FLOPS:
        # the memory guard lets through a small tensor convolved with a large kernel (a Conv3d
        # with kernel 11 is 589 GFLOP, half a minute on one core): refused here, not timed out
        flops = budget.flops * passes(budget.backward)
        slowdown = budget.slowdown
        counted = f", counted {slowdown.factor} times ({slowdown.reason})" if slowdown.factor > 1 else ""
        raise SpecError(
            None,
            f"this {budget.subject} needs about {flops / 1e6:,.0f} million FLOPs"
            f"{' (forward and backward)' if budget.backward else ''}{counted}; the limit is "
            f"{MAX_FLOPS / 1e6:,.0f} million (PLAYGROUND_MAX_MFLOP), so that every update answers at once",
        )
    if budget.largest > MAX_ELEMENTS:
        raise SpecError(
            None,
            f"this {budget.subject} makes a tensor of {budget.largest:,} numbers; the limit is {MAX_ELEMENTS:,.0f} "
            "(PLAYGROUND_MAX_ELEMENTS)",
        )


def _mb(n: float) -> str:
    return f"{n / 2**30:,.1f} GB" if n >= 2**30 else f"{n / 2**20:,.1f} MB"
