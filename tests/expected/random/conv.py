# seed 0, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 0, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=392, out_features=10),
)

# seed 0, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=144, out_features=10),
)

# seed 0, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=3136, out_features=10),
)

# seed 1, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=196, out_features=10),
)

# seed 1, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 1, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 1, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=196, out_features=10),
)

# seed 2, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=784, out_features=10),
)

# seed 2, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=36, out_features=10),
)

# seed 2, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=144, out_features=10),
)

# seed 2, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=72, out_features=10),
)

# seed 3, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 3, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 3, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 3, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 4, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 4, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=196, out_features=10),
)

# seed 4, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=72, out_features=10),
)

# seed 4, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=72, out_features=10),
)

# seed 5, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=36, out_features=10),
)

# seed 5, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=3136, out_features=10),
)

# seed 5, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=392, out_features=10),
)

# seed 5, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=392, out_features=10),
)

# seed 6, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 6, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=784, out_features=10),
)

# seed 6, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 6, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 7, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=36, out_features=10),
)

# seed 7, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 7, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 7, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 8, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=392, out_features=10),
)

# seed 8, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=784, out_features=10),
)

# seed 8, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=196, out_features=10),
)

# seed 8, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 9, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 9, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 9, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=196, out_features=10),
)

# seed 9, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 10, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 10, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 10, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=72, out_features=10),
)

# seed 10, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=6272, out_features=10),
)

# seed 11, input [2, 1, 28, 28], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=36, out_features=10),
)

# seed 11, input [2, 1, 28, 28], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=288, out_features=10),
)

# seed 11, input [2, 1, 28, 28], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=784, out_features=10),
)

# seed 11, input [2, 1, 28, 28], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=1568, out_features=10),
)

# seed 0, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 0, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 0, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=96, out_features=10),
)

# seed 0, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=96, out_features=10),
)

# seed 1, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 1, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 1, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 1, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 2, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 2, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=16, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 2, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=96, out_features=10),
)

# seed 2, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=8, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 3, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 3, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 3, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 3, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 4, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 4, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 4, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 4, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 5, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 5, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=96, out_features=10),
)

# seed 5, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 5, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 6, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 6, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 6, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 6, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 7, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 7, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 7, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 7, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 8, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 8, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 8, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 8, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 9, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 9, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=4, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 9, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 9, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 10, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 10, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 10, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=16, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=16, out_channels=8, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)

# seed 10, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 11, input [2, 3, 5, 7], conv #0
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=32, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=8, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Conv2d(in_channels=32, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 11, input [2, 3, 5, 7], conv #1
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, padding=2),
    nn.ReLU(),
    nn.Conv2d(in_channels=4, out_channels=32, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(in_features=192, out_features=10),
)

# seed 11, input [2, 3, 5, 7], conv #2
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=24, out_features=10),
)

# seed 11, input [2, 3, 5, 7], conv #3
nn.Sequential(
    nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(in_features=48, out_features=10),
)
