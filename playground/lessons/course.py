"""The lessons: the course's examples in order, each step a state the playground runs, told in
our own words. Where a step opens an example of the notes, it names it (note and cell) and
carries what the notes printed (`printed`), so the tests can hold the claim to the notes."""

from __future__ import annotations

from types import MappingProxyType

from playground.lessons import printed as notes
from playground.lessons.model import Example, Fidelity, Lesson, Step
from playground.request.state import InputState, RandomSpec, StackLayer, State


def frozen(**values: str) -> MappingProxyType[str, str]:
    return MappingProxyType(values)


def stack(*layers: tuple[str, dict[str, object]]) -> tuple[StackLayer, ...]:
    return tuple(StackLayer(name, MappingProxyType(params)) for name, params in layers)


MASKS_DIFFER = (
    "Which entries are dropped differs from the notes: the input is the notes' own (the kept "
    "values, 1.5258 or 1.3100, are the same input scaled by 1 / 0.6), but torch 2.13 draws "
    "Dropout's mask from the stream differently from the torch the notes ran."
)
MEAN_DIFFERS = (
    "The normalised tensor's mean prints 1.4901e-08 here and 5.9605e-08 in the notes: both are "
    "float32 rounding left over from sixteen values that cancel, and the order torch adds them "
    "in sets those last digits."
)

SEEDED_CELLS = Lesson(
    id="seeded-cells",
    title="One seed, four layers: the notes' numbers, cell after cell",
    seed=42,
    steps=(
        Step(
            "A linear layer is x @ W.T + b",
            "The seed is set once, then a Linear(4, 3) draws its weight and bias and a 1x4 input "
            "is drawn after them. Each of the three outputs is one row of the weight times the "
            "input, plus that row's bias.",
            "Multiply the input by the weight's first row and add the first bias: you get the first output, 0.9562.",
            State("Linear", {"in_features": 4, "out_features": 3}, InputState((1, 4), "uniform")),
            (
                Example(
                    "001",
                    "In [7]",
                    "a seeded Linear(4, 3): its input, weight, bias and output",
                    Fidelity.EXACT,
                    frozen(
                        input=notes.LINEAR_INPUT,
                        weight=notes.LINEAR_WEIGHT,
                        bias=notes.LINEAR_BIAS,
                        output=notes.LINEAR_OUTPUT,
                    ),
                ),
            ),
        ),
        Step(
            "Max pooling keeps the largest value of each window",
            "No new seed: this 6x6 input comes from the same stream, right after the linear "
            "layer's draws, as the notebook's next cell did. MaxPool2d(3) cuts it into four 3x3 "
            "windows and keeps each one's largest value.",
            "Find 0.8860 in the top-left 3x3 block of the input: it is the largest there.",
            State("MaxPool2d", {"kernel_size": 3}, InputState((1, 6, 6), "uniform")),
            (
                Example(
                    "001",
                    "In [10]",
                    "MaxPool2d(3) on a 1x6x6 tensor drawn after the Linear cell",
                    Fidelity.EXACT,
                    frozen(input=notes.MAXPOOL_INPUT, output=notes.MAXPOOL_OUTPUT),
                ),
            ),
        ),
        Step(
            "Batch normalization re-centres and rescales",
            "The next draw is scaled by 20 and shifted by 5, so its mean sits near 15. "
            "BatchNorm1d(4) in train mode subtracts each channel's mean and divides by its "
            "spread, so the output is grouped around zero.",
            "Compare the two means the step prints: about 15 before, about zero after.",
            State(
                "BatchNorm1d",
                {"num_features": 4},
                InputState((1, 4, 4), "uniform", scale=20, shift=5),
                prints=("input.mean()", "output.mean()"),
            ),
            (
                Example(
                    "001",
                    "In [11]",
                    "BatchNorm1d(4) on torch.rand(1, 4, 4) * 20 + 5: the input, its mean, the output",
                    Fidelity.EXACT,
                    frozen(
                        input=notes.BATCHNORM_INPUT,
                        **{"input.mean()": notes.BATCHNORM_INPUT_MEAN},
                        output=notes.BATCHNORM_OUTPUT,
                    ),
                ),
                Example(
                    "001",
                    "In [11]",
                    "the normalised output's mean",
                    Fidelity.DIFFERS,
                    frozen(**{"output.mean()": notes.BATCHNORM_OUTPUT_MEAN}),
                    MEAN_DIFFERS,
                ),
            ),
        ),
        Step(
            "Dropout zeroes a random part, anew at every call",
            "In train mode Dropout(p=0.4) zeroes each entry with probability 0.4 and scales the "
            "rest by 1 / 0.6 so the expected sum stays the same. Called twice on one input, it "
            "draws two different masks.",
            "The same input gives two outputs: the kept entries agree, the zeros move.",
            State("Dropout", {"p": 0.4}, InputState((1, 4, 4), "uniform"), calls=2),
            (
                Example(
                    "001",
                    "In [12]",
                    "Dropout(p=0.4) called twice on one 1x4x4 tensor",
                    Fidelity.DIFFERS,
                    frozen(output=notes.DROPOUT_FIRST, **{"output (call 2)": notes.DROPOUT_SECOND}),
                    MASKS_DIFFER,
                ),
            ),
        ),
        Step(
            "In eval mode Dropout does nothing",
            "The same kind of layer in eval mode passes its input through untouched: dropout "
            "is for training only, and model.eval() switches it off.",
            "Output equals input, entry for entry, and no entry is zeroed.",
            State("Dropout", {"p": 0.4}, InputState((1, 4, 4), "uniform"), mode="eval"),
        ),
    ),
)

MODULES = Lesson(
    id="modules",
    title="Modules and parameters",
    steps=(
        Step(
            "A model is a module of modules",
            "A class derived from nn.Module creates its layers in __init__ and wires them in "
            "forward. Assigning a layer to an attribute registers it: it appears in the printout "
            "under that name, and its weights join the model's parameters.",
            "The printout lists the four children in the order __init__ assigned them.",
            State(model="MyModel"),
            (
                Example(
                    "001",
                    "In [2], In [3]",
                    "MyModel: two linear layers, a ReLU and a softmax, printed",
                    Fidelity.STRUCTURE,
                    frozen(module=notes.MY_MODEL),
                ),
                Example("001", "In [5]", "every parameter of MyModel", Fidelity.STRUCTURE),
            ),
        ),
        Step(
            "One child on its own",
            "A child module is an ordinary layer: model.linear2 is a Linear(200, 10) with a "
            "10x200 weight and 10 biases, 2,010 numbers in all.",
            "Count the weight's rows and columns: out_features by in_features.",
            State("Linear", {"in_features": 200, "out_features": 10}, InputState((16, 200))),
            (
                Example(
                    "001",
                    "In [4]",
                    "MyModel's second linear layer, printed",
                    Fidelity.STRUCTURE,
                    frozen(module=notes.MY_MODEL_LINEAR2),
                ),
                Example("001", "In [6]", "the parameters of that layer", Fidelity.STRUCTURE),
            ),
        ),
    ),
)

CONVOLUTION = Lesson(
    id="convolution",
    title="Convolution and LeNet's shapes",
    steps=(
        Step(
            "A 5x5 window over a 32x32 image",
            "Conv2d(1, 6, 5) slides six 5x5 filters over one channel. A 5-pixel window fits in "
            "28 places along a 32-pixel row, so each of the six maps is 28x28.",
            "Output shape (1, 6, 28, 28): 32 - 5 + 1 = 28.",
            State("Conv2d", {"in_channels": 1, "out_channels": 6, "kernel_size": 5}, InputState((1, 1, 32, 32))),
            (Example("001", "In [8]", "LeNet's conv1: 1 channel in, 6 out, 5x5, 32x32 to 28x28", Fidelity.STRUCTURE),),
        ),
        Step(
            "Pooling halves each side",
            "A 2x2 max pooling keeps the largest of every 2x2 block: the 28x28 maps become 14x14.",
            "Six channels stay six; each side halves.",
            State("MaxPool2d", {"kernel_size": 2}, InputState((1, 6, 28, 28))),
            (Example("001", "In [8]", "the max pooling after conv1: 28x28 to 14x14", Fidelity.STRUCTURE),),
        ),
        Step(
            "The second convolution",
            "Conv2d(6, 16, 3) reads all six maps and writes sixteen; a 3x3 window fits 12 times "
            "along 14 pixels. A second pooling makes them 6x6: 16 * 6 * 6 = 576 numbers reach "
            "the first linear layer.",
            "Its weight is 16x6x3x3: every output channel has a 3x3 filter per input channel.",
            State("Conv2d", {"in_channels": 6, "out_channels": 16, "kernel_size": 3}, InputState((1, 6, 14, 14))),
            (
                Example(
                    "001", "In [8]", "LeNet's conv2: 6 channels in, 16 out, 3x3, 14x14 to 12x12", Fidelity.STRUCTURE
                ),
            ),
        ),
        Step(
            "LeNet, whole",
            "Two convolutions, each followed by ReLU and 2x2 pooling, then three linear layers "
            "narrowing 576 to 120, 84 and 10 class scores.",
            "The summary's shapes walk from (1, 1, 32, 32) to (1, 10).",
            State(model="LeNet"),
            (Example("001", "In [8]", "LeNet: conv1, conv2, fc1, fc2, fc3", Fidelity.STRUCTURE),),
        ),
        Step(
            "The exercise: other widths and another activation",
            "The same plan with 9 and 25 feature maps, a 3x3 then a 4x4 kernel, 2x2 pooling, "
            "and linear layers to 540, 54 and 10 with Tanh between them: 32 -> 30 -> 15 -> 12 "
            "-> 6, so 25 * 6 * 6 = 900 features reach the first linear layer.",
            "Edit any layer in the builder: the shapes after it follow, or the builder says "
            "which layer no longer fits.",
            State(
                model=stack(
                    ("Conv2d", {"in_channels": 1, "out_channels": 9, "kernel_size": 3}),
                    ("ReLU", {}),
                    ("MaxPool2d", {"kernel_size": 2}),
                    ("Conv2d", {"in_channels": 9, "out_channels": 25, "kernel_size": 4}),
                    ("ReLU", {}),
                    ("MaxPool2d", {"kernel_size": 2}),
                    ("Flatten", {}),
                    ("Linear", {"in_features": 900, "out_features": 540}),
                    ("Tanh", {}),
                    ("Linear", {"in_features": 540, "out_features": 54}),
                    ("Tanh", {}),
                    ("Linear", {"in_features": 54, "out_features": 10}),
                ),
                input=InputState((1, 1, 32, 32)),
            ),
            (
                Example(
                    "001", "Exercise", "LeNet with 9 and 25 maps, 3x3 and 4x4 kernels, 540 and 54", Fidelity.STRUCTURE
                ),
            ),
        ),
    ),
)

RECURRENT = Lesson(
    id="recurrent",
    title="Recurrent layers and their parameters",
    steps=(
        Step(
            "Tagging the words of a sentence",
            "Word ids are embedded, an LSTM reads the sentence in order keeping a hidden state, "
            "and a linear layer scores every tag for every word; log_softmax turns the scores "
            "into log-probabilities.",
            "One row of scores per word: the output is (words, tags).",
            State(model="LSTMTagger"),
            (Example("001", "In [9]", "LSTMTagger: embedding, LSTM, linear, log_softmax", Fidelity.STRUCTURE),),
        ),
        Step(
            "A bidirectional LSTM's state_dict",
            "LSTM(100, 256, bidirectional=True) keeps two sets of weights per layer, the second "
            "with the suffix _reverse. Each input weight is 4·256 x 100: the four gates stacked.",
            "Eight tensors: weight_ih, weight_hh, bias_ih, bias_hh, each twice.",
            State(
                "LSTM",
                {"input_size": 100, "hidden_size": 256, "num_layers": 1, "bidirectional": True},
                InputState((5, 1, 100)),
            ),
            (
                Example(
                    "000",
                    "RNN layers",
                    "LSTM(100, 256, num_layers=1, bidirectional=True): state_dict sizes",
                    Fidelity.STRUCTURE,
                ),
            ),
        ),
        Step(
            "Two layers deep",
            "With num_layers=2 the second layer reads the first one's output, both directions "
            "concatenated: its input weights are 4·256 x 512.",
            "Sixteen tensors now; the _l1 weights take 512 inputs.",
            State(
                "LSTM",
                {"input_size": 100, "hidden_size": 256, "num_layers": 2, "bidirectional": True},
                InputState((5, 1, 100)),
            ),
            (
                Example(
                    "000",
                    "RNN layers",
                    "LSTM(100, 256, num_layers=2, bidirectional=True): state_dict sizes",
                    Fidelity.STRUCTURE,
                ),
            ),
        ),
    ),
)

TRANSFORMER = Lesson(
    id="transformer",
    title="The transformer",
    steps=(
        Step(
            "nn.Transformer with its defaults",
            "One class holds an encoder and a decoder stack; the number of heads, of layers, "
            "the dropout and the activation are its arguments.",
            "The printout nests encoder and decoder layers, each with attention and a feed-forward part.",
            State("Transformer"),
            (Example("001", "Transformers", "nn.Transformer and its parts", Fidelity.STRUCTURE),),
        ),
    ),
)

ACTIVATIONS = Lesson(
    id="activations",
    title="Activations",
    steps=tuple(
        Step(
            name,
            text,
            "The curve panel draws the function; the output plot shows it applied to the input.",
            State(name),
            (
                Example(
                    "001", "Activation Functions", f"{name}, one of the activations the notes list", Fidelity.STRUCTURE
                ),
            ),
        )
        for name, text in (
            ("ReLU", "Negative inputs become zero, positive ones pass: the simplest non-linearity."),
            ("Tanh", "Squashes every input into (-1, 1), steepest at zero."),
            ("Hardtanh", "Tanh's piecewise-linear cousin: clipped to [-1, 1], straight in between."),
            ("Sigmoid", "Squashes every input into (0, 1), steepest at zero."),
            ("Softmax", "Turns a row of scores into probabilities that sum to one."),
        )
    ),
)

LOSSES = Lesson(
    id="losses",
    title="Losses",
    steps=tuple(
        Step(
            name,
            text,
            "The loss is one number: how far the prediction is from the target.",
            State(name),
            (Example("001", "Loss Functions", f"{name}, one of the losses the notes name", Fidelity.STRUCTURE),),
        )
        for name, text in (
            ("MSELoss", "The mean of squared differences between prediction and target."),
            (
                "CrossEntropyLoss",
                "For classes: log-softmax of the scores, then the negative log-probability of the right class.",
            ),
            ("NLLLoss", "The negative log-probability of the right class, read from log-probabilities given."),
        )
    ),
)

RMDL = Lesson(
    id="rmdl",
    title="Random multi-model: stacks built from a list",
    steps=(
        Step(
            "A dense stack from a list of widths",
            "Widths [200, 100, 50, 25] give three Linear layers, each followed by ReLU and "
            "Dropout(0.2): a loop over the list builds it, and Sequential(*layers) chains it.",
            "Nine layers; the width falls 200 -> 100 -> 50 -> 25.",
            State(
                model=stack(
                    ("Linear", {"in_features": 200, "out_features": 100}),
                    ("ReLU", {}),
                    ("Dropout", {"p": 0.2}),
                    ("Linear", {"in_features": 100, "out_features": 50}),
                    ("ReLU", {}),
                    ("Dropout", {"p": 0.2}),
                    ("Linear", {"in_features": 50, "out_features": 25}),
                    ("ReLU", {}),
                    ("Dropout", {"p": 0.2}),
                ),
                input=InputState((2, 200)),
            ),
            (
                Example(
                    "000",
                    "Flexible dense model",
                    "a dense stack [200, 100, 50, 25] with ReLU and Dropout(0.2)",
                    Fidelity.STRUCTURE,
                ),
            ),
        ),
        Step(
            "The same stack in eval mode",
            "model.eval() switches every Dropout in the stack off; model.train() back on. The "
            "weights are the same; only what Dropout does changes.",
            "Compare the output with the train-mode step's: no entries zeroed by Dropout here.",
            State(
                model=stack(
                    ("Linear", {"in_features": 200, "out_features": 100}),
                    ("ReLU", {}),
                    ("Dropout", {"p": 0.2}),
                    ("Linear", {"in_features": 100, "out_features": 50}),
                    ("ReLU", {}),
                    ("Dropout", {"p": 0.2}),
                    ("Linear", {"in_features": 50, "out_features": 25}),
                    ("ReLU", {}),
                    ("Dropout", {"p": 0.2}),
                ),
                input=InputState((2, 200)),
                mode="eval",
            ),
            (
                Example(
                    "000", "train and eval", "layers.train() and layers.eval() on the dense stack", Fidelity.STRUCTURE
                ),
            ),
        ),
        Step(
            "Random architectures",
            "An ensemble draws several such stacks at random, each with its own depth and widths; "
            "the seed decides the draw, so the same seed gives the same ensemble.",
            "Each member prints differently; change the seed for another ensemble.",
            State(model=RandomSpec("dense", 42, 4)),
        ),
    ),
)


LESSONS: dict[str, Lesson] = {
    lesson.id: lesson
    for lesson in (SEEDED_CELLS, MODULES, CONVOLUTION, RECURRENT, TRANSFORMER, ACTIVATIONS, LOSSES, RMDL)
}
