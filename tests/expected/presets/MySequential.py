import torch
from torch import nn
from torch.nn import functional as F

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

def build_my_sequential() -> nn.Module:
    return MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = build_my_sequential()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
