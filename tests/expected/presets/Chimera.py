import torch
from torch import nn
from torch.nn import functional as F

class NestMLP(nn.Module):
    """A Sequential inside a custom module, then one more layer: 20 features to 16."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.linear = nn.Linear(32, 16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.net(x))  # (N, 16)

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

def build_chimera() -> nn.Sequential:
    """NestMLP, a plain layer and FixedHiddenMLP in a Sequential: modules nest freely."""
    return nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_chimera()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
