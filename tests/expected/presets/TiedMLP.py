import torch
from torch import nn
from torch.nn import functional as F

def TiedMLP() -> nn.Sequential:  # noqa: N802  # named like the model it builds
    """One Linear object placed twice: its weight is a single tensor, counted once, trained once."""
    shared = nn.Linear(8, 8)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

torch.manual_seed(42)
model = TiedMLP()
x = torch.rand(2, 4)  # (2, 4)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
