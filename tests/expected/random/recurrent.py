# seed 0, input [2, 12, 8], recurrent #0
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=1, bidirectional=True, classes=10)

# seed 0, input [2, 12, 8], recurrent #1
RecurrentNet(cell='GRU', input_size=8, hidden_size=64, num_layers=2, bidirectional=False, classes=10)

# seed 0, input [2, 12, 8], recurrent #2
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=2, bidirectional=False, classes=10)

# seed 0, input [2, 12, 8], recurrent #3
RecurrentNet(cell='RNN', input_size=8, hidden_size=16, num_layers=2, bidirectional=True, classes=10)

# seed 1, input [2, 12, 8], recurrent #0
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=2, bidirectional=True, classes=10)

# seed 1, input [2, 12, 8], recurrent #1
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=3, bidirectional=True, classes=10)

# seed 1, input [2, 12, 8], recurrent #2
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=2, bidirectional=True, classes=10)

# seed 1, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=3, bidirectional=False, classes=10)

# seed 2, input [2, 12, 8], recurrent #0
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 2, input [2, 12, 8], recurrent #1
RecurrentNet(cell='RNN', input_size=8, hidden_size=32, num_layers=2, bidirectional=False, classes=10)

# seed 2, input [2, 12, 8], recurrent #2
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=3, bidirectional=False, classes=10)

# seed 2, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=3, bidirectional=False, classes=10)

# seed 3, input [2, 12, 8], recurrent #0
RecurrentNet(cell='RNN', input_size=8, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 3, input [2, 12, 8], recurrent #1
RecurrentNet(cell='LSTM', input_size=8, hidden_size=8, num_layers=3, bidirectional=True, classes=10)

# seed 3, input [2, 12, 8], recurrent #2
RecurrentNet(cell='LSTM', input_size=8, hidden_size=32, num_layers=3, bidirectional=True, classes=10)

# seed 3, input [2, 12, 8], recurrent #3
RecurrentNet(cell='GRU', input_size=8, hidden_size=64, num_layers=3, bidirectional=False, classes=10)

# seed 4, input [2, 12, 8], recurrent #0
RecurrentNet(cell='RNN', input_size=8, hidden_size=32, num_layers=1, bidirectional=False, classes=10)

# seed 4, input [2, 12, 8], recurrent #1
RecurrentNet(cell='LSTM', input_size=8, hidden_size=16, num_layers=1, bidirectional=True, classes=10)

# seed 4, input [2, 12, 8], recurrent #2
RecurrentNet(cell='LSTM', input_size=8, hidden_size=32, num_layers=1, bidirectional=True, classes=10)

# seed 4, input [2, 12, 8], recurrent #3
RecurrentNet(cell='GRU', input_size=8, hidden_size=32, num_layers=2, bidirectional=False, classes=10)

# seed 5, input [2, 12, 8], recurrent #0
RecurrentNet(cell='GRU', input_size=8, hidden_size=32, num_layers=3, bidirectional=True, classes=10)

# seed 5, input [2, 12, 8], recurrent #1
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 5, input [2, 12, 8], recurrent #2
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 5, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 6, input [2, 12, 8], recurrent #0
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 6, input [2, 12, 8], recurrent #1
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=1, bidirectional=False, classes=10)

# seed 6, input [2, 12, 8], recurrent #2
RecurrentNet(cell='LSTM', input_size=8, hidden_size=32, num_layers=2, bidirectional=False, classes=10)

# seed 6, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=1, bidirectional=False, classes=10)

# seed 7, input [2, 12, 8], recurrent #0
RecurrentNet(cell='LSTM', input_size=8, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 7, input [2, 12, 8], recurrent #1
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 7, input [2, 12, 8], recurrent #2
RecurrentNet(cell='GRU', input_size=8, hidden_size=16, num_layers=1, bidirectional=True, classes=10)

# seed 7, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 8, input [2, 12, 8], recurrent #0
RecurrentNet(cell='RNN', input_size=8, hidden_size=32, num_layers=2, bidirectional=True, classes=10)

# seed 8, input [2, 12, 8], recurrent #1
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 8, input [2, 12, 8], recurrent #2
RecurrentNet(cell='GRU', input_size=8, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 8, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=2, bidirectional=True, classes=10)

# seed 9, input [2, 12, 8], recurrent #0
RecurrentNet(cell='LSTM', input_size=8, hidden_size=32, num_layers=2, bidirectional=True, classes=10)

# seed 9, input [2, 12, 8], recurrent #1
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 9, input [2, 12, 8], recurrent #2
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 9, input [2, 12, 8], recurrent #3
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=3, bidirectional=True, classes=10)

# seed 10, input [2, 12, 8], recurrent #0
RecurrentNet(cell='GRU', input_size=8, hidden_size=8, num_layers=2, bidirectional=True, classes=10)

# seed 10, input [2, 12, 8], recurrent #1
RecurrentNet(cell='RNN', input_size=8, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 10, input [2, 12, 8], recurrent #2
RecurrentNet(cell='LSTM', input_size=8, hidden_size=16, num_layers=1, bidirectional=False, classes=10)

# seed 10, input [2, 12, 8], recurrent #3
RecurrentNet(cell='LSTM', input_size=8, hidden_size=8, num_layers=1, bidirectional=False, classes=10)

# seed 11, input [2, 12, 8], recurrent #0
RecurrentNet(cell='LSTM', input_size=8, hidden_size=64, num_layers=2, bidirectional=False, classes=10)

# seed 11, input [2, 12, 8], recurrent #1
RecurrentNet(cell='GRU', input_size=8, hidden_size=16, num_layers=1, bidirectional=False, classes=10)

# seed 11, input [2, 12, 8], recurrent #2
RecurrentNet(cell='LSTM', input_size=8, hidden_size=16, num_layers=1, bidirectional=True, classes=10)

# seed 11, input [2, 12, 8], recurrent #3
RecurrentNet(cell='RNN', input_size=8, hidden_size=8, num_layers=3, bidirectional=False, classes=10)

# seed 0, input [1, 4, 5], recurrent #0
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=1, bidirectional=True, classes=10)

# seed 0, input [1, 4, 5], recurrent #1
RecurrentNet(cell='GRU', input_size=5, hidden_size=64, num_layers=2, bidirectional=False, classes=10)

# seed 0, input [1, 4, 5], recurrent #2
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=2, bidirectional=False, classes=10)

# seed 0, input [1, 4, 5], recurrent #3
RecurrentNet(cell='RNN', input_size=5, hidden_size=16, num_layers=2, bidirectional=True, classes=10)

# seed 1, input [1, 4, 5], recurrent #0
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=2, bidirectional=True, classes=10)

# seed 1, input [1, 4, 5], recurrent #1
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=3, bidirectional=True, classes=10)

# seed 1, input [1, 4, 5], recurrent #2
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=2, bidirectional=True, classes=10)

# seed 1, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=3, bidirectional=False, classes=10)

# seed 2, input [1, 4, 5], recurrent #0
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 2, input [1, 4, 5], recurrent #1
RecurrentNet(cell='RNN', input_size=5, hidden_size=32, num_layers=2, bidirectional=False, classes=10)

# seed 2, input [1, 4, 5], recurrent #2
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=3, bidirectional=False, classes=10)

# seed 2, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=3, bidirectional=False, classes=10)

# seed 3, input [1, 4, 5], recurrent #0
RecurrentNet(cell='RNN', input_size=5, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 3, input [1, 4, 5], recurrent #1
RecurrentNet(cell='LSTM', input_size=5, hidden_size=8, num_layers=3, bidirectional=True, classes=10)

# seed 3, input [1, 4, 5], recurrent #2
RecurrentNet(cell='LSTM', input_size=5, hidden_size=32, num_layers=3, bidirectional=True, classes=10)

# seed 3, input [1, 4, 5], recurrent #3
RecurrentNet(cell='GRU', input_size=5, hidden_size=64, num_layers=3, bidirectional=False, classes=10)

# seed 4, input [1, 4, 5], recurrent #0
RecurrentNet(cell='RNN', input_size=5, hidden_size=32, num_layers=1, bidirectional=False, classes=10)

# seed 4, input [1, 4, 5], recurrent #1
RecurrentNet(cell='LSTM', input_size=5, hidden_size=16, num_layers=1, bidirectional=True, classes=10)

# seed 4, input [1, 4, 5], recurrent #2
RecurrentNet(cell='LSTM', input_size=5, hidden_size=32, num_layers=1, bidirectional=True, classes=10)

# seed 4, input [1, 4, 5], recurrent #3
RecurrentNet(cell='GRU', input_size=5, hidden_size=32, num_layers=2, bidirectional=False, classes=10)

# seed 5, input [1, 4, 5], recurrent #0
RecurrentNet(cell='GRU', input_size=5, hidden_size=32, num_layers=3, bidirectional=True, classes=10)

# seed 5, input [1, 4, 5], recurrent #1
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 5, input [1, 4, 5], recurrent #2
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 5, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 6, input [1, 4, 5], recurrent #0
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 6, input [1, 4, 5], recurrent #1
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=1, bidirectional=False, classes=10)

# seed 6, input [1, 4, 5], recurrent #2
RecurrentNet(cell='LSTM', input_size=5, hidden_size=32, num_layers=2, bidirectional=False, classes=10)

# seed 6, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=1, bidirectional=False, classes=10)

# seed 7, input [1, 4, 5], recurrent #0
RecurrentNet(cell='LSTM', input_size=5, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 7, input [1, 4, 5], recurrent #1
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 7, input [1, 4, 5], recurrent #2
RecurrentNet(cell='GRU', input_size=5, hidden_size=16, num_layers=1, bidirectional=True, classes=10)

# seed 7, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 8, input [1, 4, 5], recurrent #0
RecurrentNet(cell='RNN', input_size=5, hidden_size=32, num_layers=2, bidirectional=True, classes=10)

# seed 8, input [1, 4, 5], recurrent #1
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=1, bidirectional=True, classes=10)

# seed 8, input [1, 4, 5], recurrent #2
RecurrentNet(cell='GRU', input_size=5, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 8, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=2, bidirectional=True, classes=10)

# seed 9, input [1, 4, 5], recurrent #0
RecurrentNet(cell='LSTM', input_size=5, hidden_size=32, num_layers=2, bidirectional=True, classes=10)

# seed 9, input [1, 4, 5], recurrent #1
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 9, input [1, 4, 5], recurrent #2
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=2, bidirectional=False, classes=10)

# seed 9, input [1, 4, 5], recurrent #3
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=3, bidirectional=True, classes=10)

# seed 10, input [1, 4, 5], recurrent #0
RecurrentNet(cell='GRU', input_size=5, hidden_size=8, num_layers=2, bidirectional=True, classes=10)

# seed 10, input [1, 4, 5], recurrent #1
RecurrentNet(cell='RNN', input_size=5, hidden_size=16, num_layers=2, bidirectional=False, classes=10)

# seed 10, input [1, 4, 5], recurrent #2
RecurrentNet(cell='LSTM', input_size=5, hidden_size=16, num_layers=1, bidirectional=False, classes=10)

# seed 10, input [1, 4, 5], recurrent #3
RecurrentNet(cell='LSTM', input_size=5, hidden_size=8, num_layers=1, bidirectional=False, classes=10)

# seed 11, input [1, 4, 5], recurrent #0
RecurrentNet(cell='LSTM', input_size=5, hidden_size=64, num_layers=2, bidirectional=False, classes=10)

# seed 11, input [1, 4, 5], recurrent #1
RecurrentNet(cell='GRU', input_size=5, hidden_size=16, num_layers=1, bidirectional=False, classes=10)

# seed 11, input [1, 4, 5], recurrent #2
RecurrentNet(cell='LSTM', input_size=5, hidden_size=16, num_layers=1, bidirectional=True, classes=10)

# seed 11, input [1, 4, 5], recurrent #3
RecurrentNet(cell='RNN', input_size=5, hidden_size=8, num_layers=3, bidirectional=False, classes=10)
