import torch
from torch import nn
from torch.nn import functional as F

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

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = ModuleListDemo()
x = torch.rand(2, 10)  # (2, 10)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
