import torch
from torch import nn
from torch.nn import functional as F

class ParallelModule(nn.Module):
    """Runs two networks on the same input and concatenates their outputs."""

    def __init__(self, net1: nn.Module, net2: nn.Module) -> None:
        super().__init__()
        self.net1 = net1
        self.net2 = net2

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.net1(x), self.net2(x)], dim=1)  # (N, out1 + out2)

def build_parallel_module() -> nn.Module:
    return ParallelModule(nn.Sequential(nn.Linear(20, 16), nn.ReLU()), nn.Sequential(nn.Linear(20, 8), nn.Tanh()))

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_parallel_module()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
