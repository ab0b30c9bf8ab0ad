"""Note 004's models: an MLP whose sizes are constructor arguments, FixedHiddenMLP and NestMLP
with explicit sizes, and the chimera that nests them."""

import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """A hidden layer and an output layer whose sizes the caller chooses; ReLU is called in forward."""

    def __init__(self, input_size: int, hidden_size: int, output_size: int) -> None:
        super().__init__()
        self.hidden = nn.Linear(input_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(F.relu(self.hidden(x)))  # (N, output_size)


class FixedHiddenMLP(nn.Module):
    """A constant random weight, one linear layer used twice, and a while-loop in forward."""

    def __init__(self) -> None:
        super().__init__()
        # not a Parameter: no gradient, never trained; a non-persistent buffer so that it
        # follows .to(device) yet stays out of the state_dict and the printout
        self.register_buffer("rand_weight", torch.rand(20, 20), persistent=False)
        self.linear = nn.Linear(20, 20)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.linear(x)  # (N, 20)
        x = F.relu(torch.mm(x, self.rand_weight) + 1)
        x = self.linear(x)  # the same layer again: its parameters are shared, not copied
        while x.abs().sum() > 1:  # control flow that depends on the data
            x = x / 2
        return x.sum()  # a scalar


class NestMLP(nn.Module):
    """A Sequential inside a custom module, then one more layer: 20 features to 16."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.net(x))  # (N, 16)


def build_chimera() -> nn.Sequential:
    """NestMLP, a plain layer and FixedHiddenMLP in a Sequential: modules nest freely."""
    return nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
