"""What the course's notes printed, copied from their output cells: torch's own text for the
examples the lessons open. Facts the tests hold the playground to, not prose: each is what
`print` gave in the notebook the note was made from."""

from __future__ import annotations

# 001, the seeded Linear(4, 3) cell
LINEAR_INPUT = "tensor([[0.4294, 0.8854, 0.5739, 0.2666]])"
LINEAR_WEIGHT = """Parameter containing:
tensor([[ 0.3823,  0.4150, -0.1171,  0.4593],
        [-0.1096,  0.1009, -0.2434,  0.2936],
        [ 0.4408, -0.3668,  0.4346,  0.0936]], requires_grad=True)"""
LINEAR_BIAS = """Parameter containing:
tensor([0.3694, 0.0677, 0.2411], requires_grad=True)"""
LINEAR_OUTPUT = "tensor([[0.9562, 0.0486, 0.3799]], grad_fn=<AddmmBackward0>)"

# 001, max pooling: the cell draws without a seed of its own, after the Linear cell
MAXPOOL_INPUT = """tensor([[[0.6274, 0.2696, 0.4414, 0.2969, 0.8317, 0.1053],
         [0.2695, 0.3588, 0.1994, 0.5472, 0.0062, 0.9516],
         [0.0753, 0.8860, 0.5832, 0.3376, 0.8090, 0.5779],
         [0.9040, 0.5547, 0.3423, 0.6343, 0.3644, 0.7104],
         [0.9464, 0.7890, 0.2814, 0.7886, 0.5895, 0.7539],
         [0.1952, 0.0050, 0.3068, 0.1165, 0.9103, 0.6440]]])"""
MAXPOOL_OUTPUT = """tensor([[[0.8860, 0.9516],
         [0.9464, 0.9103]]])"""

# 001, normalization
BATCHNORM_INPUT = """tensor([[[19.1421, 18.1626, 14.8260, 22.8261],
         [ 7.8949, 15.6296,  8.1746, 18.0835],
         [11.5562, 18.0642, 12.9166, 23.2939],
         [ 9.0730,  9.0360,  9.0357, 23.9944]]])"""
BATCHNORM_INPUT_MEAN = "tensor(15.1068)"
BATCHNORM_OUTPUT = """tensor([[[ 0.1413, -0.2023, -1.3726,  1.4335],
         [-1.0121,  0.7081, -0.9499,  1.2538],
         [-1.0578,  0.3467, -0.7642,  1.4754],
         [-0.5735, -0.5792, -0.5793,  1.7320]]],
       grad_fn=<NativeBatchNormBackward0>)"""
BATCHNORM_OUTPUT_MEAN = "tensor(5.9605e-08, grad_fn=<MeanBackward0>)"

# 001, dropout called twice on one input
DROPOUT_FIRST = """tensor([[[0.0000, 0.0000, 0.1456, 0.0000],
         [0.0000, 0.0000, 0.0000, 0.0000],
         [1.5258, 0.4030, 0.2652, 0.0000],
         [0.0000, 0.0000, 0.0000, 1.3100]]])"""
DROPOUT_SECOND = """tensor([[[1.1110, 1.6352, 0.0000, 0.0068],
         [0.1814, 0.0000, 0.0000, 1.1317],
         [1.5258, 0.4030, 0.2652, 1.2755],
         [0.4965, 1.3391, 0.0000, 1.3100]]])"""

# 001, In [3]: print(myModel)
MY_MODEL = """MyModel(
  (linear1): Linear(in_features=100, out_features=200, bias=True)
  (activation): ReLU()
  (linear2): Linear(in_features=200, out_features=10, bias=True)
  (softmax): Softmax(dim=None)
)"""
# 001, In [4]: print(myModel.linear2)
MY_MODEL_LINEAR2 = "Linear(in_features=200, out_features=10, bias=True)"
# 002, In [200]: net, after net(X) on a (2, 20) input
MY_SEQUENTIAL = """MySequential(
  (l0): Linear(in_features=20, out_features=256, bias=True)
  (l1): Linear(in_features=256, out_features=256, bias=True)
  (l2): ReLU()
  (l3): Linear(in_features=256, out_features=10, bias=True)
)"""
# 002, In [201]: net.l0
MY_SEQUENTIAL_L0 = "Linear(in_features=20, out_features=256, bias=True)"
# 002, In [202]: chimera, after chimera(X) with X = torch.arange(40.0).reshape(2, 20)
LAZY_CHIMERA = """Sequential(
  (0): NestMlp(
    (net): Sequential(
      (0): Linear(in_features=20, out_features=20, bias=True)
      (1): ReLU()
      (2): Linear(in_features=20, out_features=50, bias=True)
      (3): ReLU()
    )
    (linear): Linear(in_features=50, out_features=60, bias=True)
  )
  (1): Linear(in_features=60, out_features=20, bias=True)
  (2): FixedHiddenMLP(
    (linear): Linear(in_features=20, out_features=20, bias=True)
  )
)"""
# 002, In [260]: net, the plain-list module
MY_SEQUENTIAL_EXE = "MySequentialExe()"
# 002, In [205]: net, after net(X) on a (2, 4) input
PARAMETER_NET = """Sequential(
  (0): Linear(in_features=4, out_features=8, bias=True)
  (1): ReLU()
  (2): Linear(in_features=8, out_features=1, bias=True)
)"""
# 002, In [221]: net with the shared layer, after net(X)
TIED_NET = """Sequential(
  (0): Linear(in_features=4, out_features=8, bias=True)
  (1): ReLU()
  (2): Linear(in_features=8, out_features=8, bias=True)
  (3): ReLU()
  (4): Linear(in_features=8, out_features=8, bias=True)
  (5): ReLU()
  (6): Linear(in_features=8, out_features=1, bias=True)
)"""
