import torch
from torch import nn
from torch.nn import functional as F

class ModuleDictDemo(nn.Module):
    """A ModuleDict holds layers by name; forward picks them with a key, here the activation."""

    def __init__(self, activation: str = "relu") -> None:
        super().__init__()
        self.layers = nn.ModuleDict({"encode": nn.Linear(16, 8), "decode": nn.Linear(8, 4)})
        self.activations = nn.ModuleDict({"relu": nn.ReLU(), "tanh": nn.Tanh(), "gelu": nn.GELU()})
        self.activation = activation

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.activations[self.activation](self.layers["encode"](x))
        return self.layers["decode"](x)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = ModuleDictDemo()
x = torch.rand(2, 16)  # (2, 16)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
