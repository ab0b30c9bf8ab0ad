import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
layer = nn.Embedding(num_embeddings=10, embedding_dim=4)
x = torch.randint(0, 10, (2, 5))  # (N, L) = (2, 5)
layer = layer.to(device)
x = x.to(device)
layer.train()

print(x)
output = layer(x)
print(output)
print(layer)
