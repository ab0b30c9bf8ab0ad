import torch
from torch import nn
from torch.nn import functional as F

class NestMLP(nn.Module):
    """A Sequential inside a custom module, followed by one more linear layer."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 50), nn.ReLU())
        self.linear = nn.Linear(50, 60)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.net(x))

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

def Chimera() -> nn.Sequential:  # noqa: N802  # named like the model it builds
    """Modules nest freely: a custom module, a layer and another custom module in a Sequential."""
    return nn.Sequential(NestMLP(), nn.Linear(60, 20), FixedHiddenMLP())

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = Chimera()
x = torch.arange(40, dtype=torch.float32).reshape(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
