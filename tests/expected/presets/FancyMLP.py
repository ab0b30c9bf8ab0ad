import torch
from torch import nn
from torch.nn import functional as F

class NestMLP(nn.Module):
    """A custom module that only wraps a Sequential: 40 features down to 30."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(40, 30), nn.ReLU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)  # (N, 30)

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

def build_fancy_net() -> nn.Sequential:
    """NestMLP, a plain layer and FancyMLP in a row: custom modules mix with torch's."""
    return nn.Sequential(NestMLP(), nn.Linear(30, 20), FancyMLP())

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_fancy_net()
x = torch.rand(2, 40)  # (2, 40)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
