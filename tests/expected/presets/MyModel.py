import torch
from torch import nn
from torch.nn import functional as F

class MyModel(nn.Module):
    """Two linear layers with a ReLU between them and a softmax over the 10 outputs."""

    def __init__(self, dim_in: int = 100, hidden: int = 200, dim_out: int = 10) -> None:
        super().__init__()
        self.linear1 = nn.Linear(dim_in, hidden)
        self.activation = nn.ReLU()
        self.linear2 = nn.Linear(hidden, dim_out)
        # no dim, as in the note: torch picks dim 1 for a 2-d input and warns that it guessed
        self.softmax = nn.Softmax()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.softmax(self.linear2(self.activation(self.linear1(x))))  # (N, dim_out)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = MyModel()
x = torch.rand(16, 100)  # (16, 100)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
