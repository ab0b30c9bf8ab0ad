import torch
from torch import nn
from torch.nn import functional as F

def LazyMLP() -> nn.Sequential:  # noqa: N802  # named like the model it builds
    """Lazy layers: no in_features given; the first forward decides the weights' shapes."""
    return nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = LazyMLP()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)  # after the forward: lazy layers know their shapes
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
