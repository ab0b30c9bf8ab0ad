import torch
from torch import nn
from torch.nn import functional as F

class LSTMTagger(nn.Module):
    """Tags each word of a sentence: embed the ids, run an LSTM, score every tag per word."""

    def __init__(self, embedding_dim: int, hidden_dim: int, vocab_size: int, tagset_size: int) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence: torch.Tensor) -> torch.Tensor:
        embeds = self.word_embeddings(sentence)  # (L, embedding_dim)
        lstm_out, _ = self.lstm(embeds.unsqueeze(1))  # (L, 1, hidden_dim): a batch of one sentence
        tag_space = self.hidden2tag(lstm_out.squeeze(1))  # (L, tagset_size)
        return F.log_softmax(tag_space, dim=1)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.set_num_threads(1)  # the playground's one thread: more may change the last digits

torch.manual_seed(42)
model = LSTMTagger(embedding_dim=6, hidden_dim=6, vocab_size=9, tagset_size=3)
x = torch.randint(0, 9, (5,))  # (5,)
x = x.to(device)
print(x)
model = model.to(device).train()
output = model(x)
print(output)
print(model)
print(sum(p.numel() for p in model.parameters()))
