import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.Dropout(p=0.5)
x = torch.ones(4, 16)  # (N, H) = (4, 16)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
output = layer(x)
print(output)
print(layer)
