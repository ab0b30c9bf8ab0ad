import torch
from torch import nn
from torch.nn import functional as F

class NestMlp(nn.Module):
    """A Sequential inside a custom module, then one more layer: modules hold modules."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.LazyLinear(20), nn.ReLU(), nn.LazyLinear(50), nn.ReLU())
        self.linear = nn.LazyLinear(60)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.net(x))  # (N, 60)

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

def build_chimera() -> nn.Sequential:
    """Nesting freely: a custom module, a plain layer and a module with control flow in a Sequential."""
    return nn.Sequential(NestMlp(), nn.LazyLinear(20), FixedHiddenMLP())

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_chimera()
x = torch.arange(40, dtype=torch.float32).reshape(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)  # after the forward: lazy layers know their shapes
print(sum(p.numel() for p in model.parameters()))
