import torch
from torch import nn
from torch.nn import functional as F

class PlainListPitfall(nn.Module):
    """The same idea with a plain Python list: torch never sees the layers inside it."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        self.blocks = list(blocks)  # not registered: no parameters, empty state_dict

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.blocks:
            x = block(x)
        return x

def build_plain_list_pitfall() -> nn.Module:
    return PlainListPitfall(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 1))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = build_plain_list_pitfall()
x = torch.rand(2, 10)  # (2, 10)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
