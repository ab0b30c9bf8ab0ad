"""Note 002's models, the builder's guide: every linear layer here is lazy, so the first
forward decides its in_features, and the printouts the note shows are those after it."""

import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """A custom module whose layers know only their output sizes until data arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.out = nn.LazyLinear(10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(F.relu(self.hidden(x)))  # (N, 10)


class MySequential(nn.Module):
    """Sequential rebuilt by hand: add_module registers each block, under the names l0, l1, ..."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        for index, block in enumerate(blocks):
            self.add_module(f"l{index}", block)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.children():  # in the order they were added
            x = block(x)
        return x


class FixedHiddenMLP(nn.Module):
    """A constant random weight, one linear layer used twice, and a while-loop in forward."""

    def __init__(self) -> None:
        super().__init__()
        # not a Parameter: no gradient, never trained; a non-persistent buffer so that it
        # follows .to(device) yet stays out of the state_dict and the printout
        self.register_buffer("rand_weight", torch.rand(20, 20), persistent=False)
        self.linear = nn.LazyLinear(20)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.linear(x)  # (N, 20)
        x = F.relu(x @ self.rand_weight + 1)
        x = self.linear(x)  # the same layer again: its parameters are shared, not copied
        while x.abs().sum() > 1:  # control flow that depends on the data
            x = x / 2
        return x.sum()  # a scalar


class NestMlp(nn.Module):
    """A Sequential inside a custom module, then one more layer: modules hold modules."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.LazyLinear(20), nn.ReLU(), nn.LazyLinear(50), nn.ReLU())
        self.linear = nn.LazyLinear(60)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.net(x))  # (N, 60)


class MySequentialExe(nn.Module):
    """MySequential with its blocks in a plain Python list: forward runs, torch sees nothing."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        self.layers = list(blocks)  # not registered: no parameters, an empty state_dict and printout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.layers:
            x = block(x)
        return x


# --- the note's models that are a call, not a class ---------------------------------------


def build_my_sequential() -> MySequential:
    """Two hidden layers of 256, a ReLU and 10 outputs, registered as l0 to l3."""
    return MySequential(nn.LazyLinear(256), nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))


def build_chimera() -> nn.Sequential:
    """Nesting freely: a custom module, a plain layer and a module with control flow in a Sequential."""
    return nn.Sequential(NestMlp(), nn.LazyLinear(20), FixedHiddenMLP())


def build_my_sequential_exe() -> MySequentialExe:
    """Three lazy layers that the plain list hides from torch."""
    return MySequentialExe(nn.LazyLinear(8), nn.LazyLinear(4), nn.LazyLinear(1))


def build_parameter_net() -> nn.Sequential:
    """A small Sequential whose parameters are reached by index and by name."""
    return nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))


def build_tied_net() -> nn.Sequential:
    """One layer object at positions 2 and 4: a single weight tensor, counted and trained once."""
    shared = nn.LazyLinear(8)
    return nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.LazyLinear(1))
