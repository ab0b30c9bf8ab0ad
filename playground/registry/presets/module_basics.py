"""Note 003's models: an MLP whose ReLU is a module of its own, a ModuleList used in a loop,
and FancyMLP nested with NestMLP in a Sequential."""

import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """784 inputs, 256 hidden units, 10 outputs; the activation is a child module, so it prints."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Linear(784, 256)
        self.act = nn.ReLU()
        self.output = nn.Linear(256, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(self.act(self.hidden(x)))  # (N, 10)


class MyModule(nn.Module):
    """Ten layers in a ModuleList; forward picks them by index, so some run twice."""

    def __init__(self) -> None:
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(10, 10) for _ in range(10)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for index, layer in enumerate(self.linears):
            x = self.linears[index // 2](x) + layer(x)  # (N, 10): an earlier layer beside this one
        return x


class FancyMLP(nn.Module):
    """A constant weight, a reused layer, and a norm that forward rescales with loops and ifs."""

    def __init__(self) -> None:
        super().__init__()
        # never trained: a non-persistent buffer follows .to(device) yet stays out of the state_dict
        self.register_buffer("rand_weight", torch.rand(20, 20), persistent=False)
        self.linear = nn.Linear(20, 20)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.linear(x)  # (N, 20)
        x = F.relu(torch.mm(x, self.rand_weight) + 1)
        x = self.linear(x)  # the same parameters a second time
        while x.norm().item() > 1:
            x = x / 2
        if x.norm().item() < 0.8:
            x = x * 10
        return x.sum()  # a scalar


class NestMLP(nn.Module):
    """A custom module that only wraps a Sequential: 40 features down to 30."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(40, 30), nn.ReLU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)  # (N, 30)


def build_fancy_net() -> nn.Sequential:
    """NestMLP, a plain layer and FancyMLP in a row: custom modules mix with torch's."""
    return nn.Sequential(NestMLP(), nn.Linear(30, 20), FancyMLP())
