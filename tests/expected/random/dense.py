# seed 0, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=128, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=64, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 0, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 0, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=64, out_features=10),
)

# seed 0, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=64, out_features=10),
)

# seed 1, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=16, out_features=10),
)

# seed 1, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=10),
)

# seed 1, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=10),
)

# seed 1, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=10),
)

# seed 2, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=16, out_features=10),
)

# seed 2, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=64, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=10),
)

# seed 2, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 2, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=16, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 3, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=10),
)

# seed 3, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=10),
)

# seed 3, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=10),
)

# seed 3, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=32, out_features=16),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=16, out_features=10),
)

# seed 4, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=10),
)

# seed 4, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=16, out_features=10),
)

# seed 4, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=16, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=10),
)

# seed 4, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=16),
    nn.GELU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=16, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=64, out_features=10),
)

# seed 5, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=64, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=16, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=16, out_features=10),
)

# seed 5, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=10),
)

# seed 5, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=10),
)

# seed 5, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=10),
)

# seed 6, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=10),
)

# seed 6, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 6, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=64, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=16, out_features=10),
)

# seed 6, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=64, out_features=10),
)

# seed 7, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=16),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=16, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=10),
)

# seed 7, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=16, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=10),
)

# seed 7, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=10),
)

# seed 7, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 8, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=64, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=10),
)

# seed 8, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 8, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=10),
)

# seed 8, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=10),
)

# seed 9, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=10),
)

# seed 9, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=10),
)

# seed 9, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=16, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=10),
)

# seed 9, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=128, out_features=32),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=10),
)

# seed 10, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=10),
)

# seed 10, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=32, out_features=10),
)

# seed 10, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=10),
)

# seed 10, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=10),
)

# seed 11, input [2, 20], dense #0
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=32, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=10),
)

# seed 11, input [2, 20], dense #1
nn.Sequential(
    nn.Linear(in_features=20, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=10),
)

# seed 11, input [2, 20], dense #2
nn.Sequential(
    nn.Linear(in_features=20, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=10),
)

# seed 11, input [2, 20], dense #3
nn.Sequential(
    nn.Linear(in_features=20, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 0, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=128, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=64, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 0, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 0, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=64, out_features=10),
)

# seed 0, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=64, out_features=10),
)

# seed 1, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=16, out_features=10),
)

# seed 1, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=10),
)

# seed 1, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=10),
)

# seed 1, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=10),
)

# seed 2, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=16, out_features=10),
)

# seed 2, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=64, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=10),
)

# seed 2, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 2, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=16, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=10),
)

# seed 3, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=10),
)

# seed 3, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=10),
)

# seed 3, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=10),
)

# seed 3, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=32, out_features=16),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=16, out_features=10),
)

# seed 4, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=10),
)

# seed 4, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=16, out_features=10),
)

# seed 4, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=16, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=10),
)

# seed 4, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=16),
    nn.GELU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=16, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=64, out_features=10),
)

# seed 5, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=64, out_features=16),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=16, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=16, out_features=10),
)

# seed 5, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=10),
)

# seed 5, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=10),
)

# seed 5, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=10),
)

# seed 6, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=10),
)

# seed 6, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 6, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=64, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=16, out_features=10),
)

# seed 6, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=64, out_features=10),
)

# seed 7, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=16),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=16, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=10),
)

# seed 7, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=16, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=10),
)

# seed 7, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=10),
)

# seed 7, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 8, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.Tanh(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=64, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=10),
)

# seed 8, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)

# seed 8, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=10),
)

# seed 8, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=128, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=10),
)

# seed 9, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=32, out_features=64),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=64, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=256, out_features=10),
)

# seed 9, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=128, out_features=10),
)

# seed 9, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=16),
    nn.ReLU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=16, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=128),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=10),
)

# seed 9, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=32, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=128, out_features=32),
    nn.Tanh(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=10),
)

# seed 10, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=10),
)

# seed 10, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=32, out_features=10),
)

# seed 10, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=128),
    nn.Tanh(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=128, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.2),
    nn.Linear(in_features=32, out_features=10),
)

# seed 10, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=128),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=128, out_features=10),
)

# seed 11, input [3, 7], dense #0
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=32),
    nn.GELU(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=32, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=10),
)

# seed 11, input [3, 7], dense #1
nn.Sequential(
    nn.Linear(in_features=7, out_features=64),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=64, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=256),
    nn.Tanh(),
    nn.Dropout(p=0.3),
    nn.Linear(in_features=256, out_features=256),
    nn.GELU(),
    nn.Dropout(p=0.1),
    nn.Linear(in_features=256, out_features=10),
)

# seed 11, input [3, 7], dense #2
nn.Sequential(
    nn.Linear(in_features=7, out_features=256),
    nn.ReLU(),
    nn.Dropout(p=0.0),
    nn.Linear(in_features=256, out_features=10),
)

# seed 11, input [3, 7], dense #3
nn.Sequential(
    nn.Linear(in_features=7, out_features=32),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(in_features=32, out_features=10),
)
