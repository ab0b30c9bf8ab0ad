"""The course's example models as real classes.

Exported code pastes these classes' own source, so what a student runs in a notebook is
exactly what the playground ran. Each class needs only `torch`, `nn` and `F`.
"""

import torch
from torch import nn
from torch.nn import functional as F


class MyModel(nn.Module):
    """Two linear layers with a ReLU between them and a softmax over the 10 outputs."""

    def __init__(self, dim_in: int = 100, hidden: int = 200, dim_out: int = 10) -> None:
        super().__init__()
        self.linear1 = nn.Linear(dim_in, hidden)
        self.activation = nn.ReLU()
        self.linear2 = nn.Linear(hidden, dim_out)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.softmax(self.linear2(self.activation(self.linear1(x))))  # (N, dim_out)


class LeNet(nn.Module):
    """Two convolutions, each followed by ReLU and 2x2 max pooling, then three linear layers."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)  # (N, 1, 32, 32) -> (N, 6, 28, 28)
        self.conv2 = nn.Conv2d(6, 16, 3)  # (N, 6, 14, 14) -> (N, 16, 12, 12)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)  # 576 features after the second pooling
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (N, 6, 14, 14)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # (N, 16, 6, 6)
        x = torch.flatten(x, 1)  # (N, 576)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)  # (N, 10)


class LSTMTagger(nn.Module):
    """Tags each word of a sentence: embed the ids, run an LSTM, score every tag per word."""

    def __init__(self, embedding_dim: int = 6, hidden_dim: int = 6, vocab_size: int = 9, tagset_size: int = 3) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence: torch.Tensor) -> torch.Tensor:
        embeds = self.word_embeddings(sentence)  # (L, embedding_dim)
        lstm_out, _ = self.lstm(embeds.unsqueeze(1))  # (L, 1, hidden_dim): a batch of one sentence
        tag_space = self.hidden2tag(lstm_out.squeeze(1))  # (L, tagset_size)
        return F.log_softmax(tag_space, dim=1)


class MLP(nn.Module):
    """A custom module: a hidden layer, a ReLU written in forward, an output layer."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(F.relu(self.hidden(x)))


class FixedHiddenMLP(nn.Module):
    """A constant random weight, one linear layer used twice, and a while-loop in forward."""

    def __init__(self) -> None:
        super().__init__()
        # not a Parameter: no gradient, never trained; a non-persistent buffer so that it
        # follows .to(device) yet stays out of the state_dict
        self.register_buffer("rand_weight", torch.rand(20, 20), persistent=False)
        self.linear = nn.Linear(20, 20)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.linear(x)
        x = F.relu(x @ self.rand_weight + 1)
        x = self.linear(x)  # the same layer again: its parameters are shared, not copied
        while x.abs().sum() > 1:  # control flow that depends on the data
            x = x / 2
        return x.sum()


class NestMLP(nn.Module):
    """A Sequential inside a custom module, followed by one more linear layer."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 50), nn.ReLU())
        self.linear = nn.Linear(50, 60)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.net(x))


def Chimera() -> nn.Sequential:  # noqa: N802  # named like the model it builds
    """Modules nest freely: a custom module, a layer and another custom module in a Sequential."""
    return nn.Sequential(NestMLP(), nn.Linear(60, 20), FixedHiddenMLP())


class MySequential(nn.Module):
    """Sequential rebuilt by hand: add_module registers each block under a name."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        for index, block in enumerate(blocks):
            self.add_module(str(index), block)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.children():  # in the order they were added
            x = block(x)
        return x


class PlainListPitfall(nn.Module):
    """The same idea with a plain Python list: torch never sees the layers inside it."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        self.blocks = list(blocks)  # not registered: no parameters, empty state_dict

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.blocks:
            x = block(x)
        return x


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


def TiedMLP() -> nn.Sequential:  # noqa: N802  # named like the model it builds
    """One Linear object placed twice: its weight is a single tensor, counted once, trained once."""
    shared = nn.Linear(8, 8)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))


def LazyMLP() -> nn.Sequential:  # noqa: N802  # named like the model it builds
    """Lazy layers: no in_features given; the first forward decides the weights' shapes."""
    return nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))


class ModuleListDemo(nn.Module):
    """A ModuleList holds layers like a list, but registered; forward decides how to use them."""

    def __init__(self, width: int = 10, depth: int = 4) -> None:
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for index, layer in enumerate(self.layers):
            # every other layer adds its input back: a residual connection
            x = layer(x) + x if index % 2 else torch.tanh(layer(x))
        return x


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
    """For random recurrent models: a recurrent layer whose last time step feeds a classifier."""

    def __init__(
        self, cell: str, input_size: int, hidden_size: int, num_layers: int, bidirectional: bool, classes: int
    ) -> None:
        super().__init__()
        layer = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[cell]
        self.recurrent = layer(input_size, hidden_size, num_layers, batch_first=True, bidirectional=bidirectional)
        self.classify = nn.Linear(hidden_size * (2 if bidirectional else 1), classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        output, _ = self.recurrent(x)  # (N, L, D * hidden_size)
        return self.classify(output[:, -1])  # (N, classes): the last time step


# --- factories for the presets whose class takes arguments ------------------------------


def build_my_sequential() -> nn.Module:
    return MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))


def build_plain_list_pitfall() -> nn.Module:
    return PlainListPitfall(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 1))


def build_parallel_module() -> nn.Module:
    return ParallelModule(nn.Sequential(nn.Linear(20, 16), nn.ReLU()), nn.Sequential(nn.Linear(20, 8), nn.Tanh()))


def build_block_factory() -> nn.Module:
    return BlockFactory(Block, copies=4)
