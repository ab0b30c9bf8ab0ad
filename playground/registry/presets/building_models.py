"""Note 001's models: a two-layer network ending in a softmax, LeNet, and an LSTM tagger."""

import torch
from torch import nn
from torch.nn import functional as F


class MyModel(nn.Module):
    """Two linear layers with a ReLU between them and a softmax over the 10 outputs."""

    def __init__(self, dim_in: int = 100, hidden: int = 200, dim_out: int = 10) -> None:
        super().__init__()
        self.linear1 = nn.Linear(dim_in, hidden)
        self.activation = nn.ReLU()
        self.linear2 = nn.Linear(hidden, dim_out)
        # no dim, as in the note: torch picks dim 1 for a 2-d input and warns that it guessed
        self.softmax = nn.Softmax()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.softmax(self.linear2(self.activation(self.linear1(x))))  # (N, dim_out)


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
