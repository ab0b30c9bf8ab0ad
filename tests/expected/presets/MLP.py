import torch
from torch import nn
from torch.nn import functional as F

class MLP(nn.Module):
    """A custom module: a hidden layer, a ReLU written in forward, an output layer."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(F.relu(self.hidden(x)))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = MLP()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
