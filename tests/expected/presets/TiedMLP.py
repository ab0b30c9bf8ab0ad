import torch
from torch import nn
from torch.nn import functional as F

def build_tied_net() -> nn.Sequential:
    """One layer object at positions 2 and 4: a single weight tensor, counted and trained once."""
    shared = nn.LazyLinear(8)
    return nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.LazyLinear(1))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_tied_net()
x = torch.rand(2, 4)  # (2, 4)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)  # after the forward: lazy layers know their shapes
print(sum(p.numel() for p in model.parameters()))  # a tied tensor counts once
