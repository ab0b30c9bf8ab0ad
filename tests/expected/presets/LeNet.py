import torch
from torch import nn
from torch.nn import functional as F

class LeNet(nn.Module):
    """Two convolutions, each followed by ReLU and 2x2 max pooling, then three linear layers."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)  # (N, 1, 32, 32) -> (N, 6, 28, 28)
        self.conv2 = nn.Conv2d(6, 16, 3)  # (N, 6, 14, 14) -> (N, 16, 12, 12)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)  # 576 features after the second pooling
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (N, 6, 14, 14)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # (N, 16, 6, 6)
        x = torch.flatten(x, 1)  # (N, 576)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)  # (N, 10)

def sample_image(n: int, c: int, h: int, w: int) -> torch.Tensor:
    """A disc, a diagonal edge and stripes: structure that makes filters and pooling visible."""
    y = torch.linspace(-1.0, 1.0, h).reshape(h, 1)
    x = torch.linspace(-1.0, 1.0, w).reshape(1, w)
    disc = ((x - 0.25) ** 2 + (y + 0.2) ** 2 < 0.3).float()
    edge = (x + y > 0.4).float()
    stripes = (torch.sin(9.0 * x) > 0).float()
    layers = [
        0.6 * disc + 0.3 * edge + 0.1 * stripes,
        disc * stripes,
        edge - 0.5 * disc,
    ]
    image = torch.stack([layers[i % 3] for i in range(c)])  # (C, H, W)
    return image.expand(n, c, h, w).clone()  # (N, C, H, W)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = LeNet()
x = sample_image(1, 1, 32, 32)  # (1, 1, 32, 32)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
