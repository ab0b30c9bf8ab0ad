import torch
from torch import nn
from torch.nn import functional as F

class MLP(nn.Module):
    """A custom module whose layers know only their output sizes until data arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.out = nn.LazyLinear(10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(F.relu(self.hidden(x)))  # (N, 10)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = MLP()
x = torch.rand(2, 10)  # (2, 10)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)  # after the forward: lazy layers know their shapes
print(sum(p.numel() for p in model.parameters()))
