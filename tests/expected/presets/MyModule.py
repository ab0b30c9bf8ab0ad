import torch
from torch import nn
from torch.nn import functional as F

class MyModule(nn.Module):
    """Ten layers in a ModuleList; forward picks them by index, so some run twice."""

    def __init__(self) -> None:
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(10, 10) for _ in range(10)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for index, layer in enumerate(self.linears):
            x = self.linears[index // 2](x) + layer(x)  # (N, 10): an earlier layer beside this one
        return x

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = MyModule()
x = torch.rand(2, 10)  # (2, 10)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
