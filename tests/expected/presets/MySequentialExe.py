import torch
from torch import nn
from torch.nn import functional as F

class MySequentialExe(nn.Module):
    """MySequential with its blocks in a plain Python list: forward runs, torch sees nothing."""

    def __init__(self, *blocks: nn.Module) -> None:
        super().__init__()
        self.layers = list(blocks)  # not registered: no parameters, an empty state_dict and printout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.layers:
            x = block(x)
        return x

def build_my_sequential_exe() -> MySequentialExe:
    """Three lazy layers that the plain list hides from torch."""
    return MySequentialExe(nn.LazyLinear(8), nn.LazyLinear(4), nn.LazyLinear(1))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_my_sequential_exe()
x = torch.rand(2, 10)  # (2, 10)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
