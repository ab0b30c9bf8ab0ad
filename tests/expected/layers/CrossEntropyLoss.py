import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.CrossEntropyLoss(reduction='mean', label_smoothing=0.0)
x = torch.randn(4, 5)  # (N, C) = (4, 5)
target = torch.randint(0, 5, (4,))  # one class index in [0, C) per sample
layer = layer.to(device)
x = x.to(device)
target = target.to(device)
layer.train()

print(x)
print(target)
loss = layer(x, target)
print(loss)
print(layer)
