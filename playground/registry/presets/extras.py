"""Our own models beside the course's: answers to note 002's exercises (a parallel module,
a block factory), a ModuleDict example, and the recurrent model of random ensembles.
"""

import torch
from torch import nn
from torch.nn import functional as F


class ParallelModule(nn.Module):
    """Runs two networks on the same input and concatenates their outputs."""

    def __init__(self, net1: nn.Module, net2: nn.Module) -> None:
        super().__init__()
        self.net1 = net1
        self.net2 = net2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.net1(x), self.net2(x)], dim=1)  # (N, out1 + out2)


class BlockFactory(nn.Sequential):
    """N independent copies of a block, each made by a factory, stacked in order."""

    def __init__(self, make_block: "Callable[[], nn.Module]", copies: int) -> None:  # noqa: F821  # pasted standalone
        super().__init__(*(make_block() for _ in range(copies)))


class Block(nn.Module):
    """The block BlockFactory stacks: a linear layer and a ReLU, width preserved."""

    def __init__(self, width: int = 20) -> None:
        super().__init__()
        self.linear = nn.Linear(width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.linear(x))


class ModuleDictDemo(nn.Module):
    """A ModuleDict holds layers by name; forward picks them with a key, here the activation."""

    def __init__(self, activation: str = "relu") -> None:
        super().__init__()
        self.layers = nn.ModuleDict({"encode": nn.Linear(16, 8), "decode": nn.Linear(8, 4)})
        self.activations = nn.ModuleDict({"relu": nn.ReLU(), "tanh": nn.Tanh(), "gelu": nn.GELU()})
        self.activation = activation

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.activations[self.activation](self.layers["encode"](x))
        return self.layers["decode"](x)


class RecurrentNet(nn.Module):
    """For random recurrent models: a recurrent layer whose last time step feeds a classifier,
    or, with `classes=None`, the recurrent layer alone (its output at every time step)."""

    def __init__(
        self, cell: str, input_size: int, hidden_size: int, num_layers: int, bidirectional: bool, classes: int | None
    ) -> None:
        super().__init__()
        layer = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[cell]
        self.recurrent = layer(input_size, hidden_size, num_layers, batch_first=True, bidirectional=bidirectional)
        directions = 2 if bidirectional else 1
        self.classify = nn.Linear(hidden_size * directions, classes) if classes is not None else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        output, _ = self.recurrent(x)  # (N, L, D * hidden_size)
        if self.classify is None:
            return output
        return self.classify(output[:, -1])  # (N, classes): the last time step


# --- factories for the presets whose class takes arguments ------------------------------


def build_parallel_module() -> nn.Module:
    return ParallelModule(nn.Sequential(nn.Linear(20, 16), nn.ReLU()), nn.Sequential(nn.Linear(20, 8), nn.Tanh()))


def build_block_factory() -> nn.Module:
    return BlockFactory(Block, copies=4)
