import torch
from torch import nn
from torch.nn import functional as F

class BlockFactory(nn.Sequential):
    """N independent copies of a block, each made by a factory, stacked in order."""

    def __init__(self, make_block: "Callable[[], nn.Module]", copies: int) -> None:  # noqa: F821  # pasted standalone
        super().__init__(*(make_block() for _ in range(copies)))

class Block(nn.Module):
    """The block BlockFactory stacks: a linear layer and a ReLU, width preserved."""

    def __init__(self, width: int = 20) -> None:
        super().__init__()
        self.linear = nn.Linear(width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.linear(x))

def build_block_factory() -> nn.Module:
    return BlockFactory(Block, copies=4)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = build_block_factory()
x = torch.rand(2, 20)  # (2, 20)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
