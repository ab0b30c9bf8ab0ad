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

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = NestMLP()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
