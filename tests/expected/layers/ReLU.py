import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.ReLU()
x = torch.randn(4, 8)  # (N, H) = (4, 8)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
output = layer(x)
print(output)
print(layer)
