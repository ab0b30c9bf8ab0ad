import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.MultiheadAttention(embed_dim=16, num_heads=4, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, batch_first=False)
x = torch.randn(5, 2, 16)  # (L, N, E) = (5, 2, 16)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
attn_output, attn_weights = layer(x, x, x)
print(attn_output)
print(attn_weights)
print(layer)
