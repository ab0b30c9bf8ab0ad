import torch
from torch import nn

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
layer = nn.MaxPool2d(kernel_size=2, padding=0, dilation=1, ceil_mode=False)
x = sample_image(1, 3, 16, 16)  # (N, C, H, W) = (1, 3, 16, 16)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
output = layer(x)
print(output)
print(layer)
