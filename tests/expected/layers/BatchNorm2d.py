import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.BatchNorm2d(num_features=4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
x = torch.randn(4, 4, 8, 8)  # (N, C, H, W) = (4, 4, 8, 8)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
output = layer(x)
print(output)
print(layer)
