import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.LSTM(input_size=8, hidden_size=16, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0)
x = torch.randn(5, 3, 8)  # (L, N, H_in) = (5, 3, 8)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
output, (h_n, c_n) = layer(x)
print(output)
print(h_n)
print(c_n)
print(layer)
