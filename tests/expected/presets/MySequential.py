import torch
from torch import nn
from torch.nn import functional as F

class MySequential(nn.Module):
    """Sequential rebuilt by hand: add_module registers each block, under the names l0, l1, ..."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        for index, block in enumerate(blocks):
            self.add_module(f"l{index}", block)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.children():  # in the order they were added
            x = block(x)
        return x

def build_my_sequential() -> MySequential:
    """Two hidden layers of 256, a ReLU and 10 outputs, registered as l0 to l3."""
    return MySequential(nn.LazyLinear(256), nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_my_sequential()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)  # after the forward: lazy layers know their shapes
print(sum(p.numel() for p in model.parameters()))
