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
    "Which entries are dropped differs from the notes. The input is theirs: an entry that the "
    "notes' output and this one both keep is the same number, the input scaled by 1 / 0.6 "
    "(in the first call, the entries both keep are 1.5258, 0.4030 and 1.3100). "
    "torch 2.13 draws Dropout's masks from the stream differently from the torch the notes ran."
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
            "A class derived from nn.Module creates its layers in `__init__` and wires them in "
            "forward. Assigning a layer to an attribute registers it: it appears in the printout "
            "under that name, and its weights join the model's parameters.",
            "The printout lists the four children in the order `__init__` assigned them.",
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
            "A child module is an ordinary layer, reached by its attribute name: model.linear2 is a "
            "Linear(200, 10) with a 10x200 weight and 10 biases, 2,010 numbers in all.",
            "Its printout and its state_dict, under print(model.linear2).",
            State(model="MyModel", inside="linear2"),
            (
                Example(
                    "001",
                    "In [4]",
                    "MyModel's second linear layer, printed",
                    Fidelity.STRUCTURE,
                    frozen(**{"print(model.linear2)": notes.MY_MODEL_LINEAR2}),
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
            "A window that is not square",
            "kernel_size takes one size per axis too: (3, 5) is 3 rows by 5 columns. Along the "
            "height a 3-row window fits 30 times in 32; along the width a 5-column one fits 28 times.",
            "Output (1, 6, 30, 28), and each filter's weight is 3x5.",
            State("Conv2d", {"in_channels": 1, "out_channels": 6, "kernel_size": (3, 5)}, InputState((1, 1, 32, 32))),
            (
                Example(
                    "001", "In [8]", "a (3, 5) kernel for a 3x5 convolution, as the notes mention", Fidelity.STRUCTURE
                ),
            ),
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
            "The summary walks the shapes from (1, 1, 32, 32) to (1, 10); its call rows (in italics) are "
            "the F.relu, F.max_pool2d and flatten that forward calls between the layers.",
            State(model="LeNet", functional_calls=True),
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


def notes_lstm(num_layers: int) -> tuple[State, tuple[Example, ...]]:
    """The RMDL note's bidirectional LSTM(100, 256) with this many layers, on a 5-step sequence."""
    params = {"input_size": 100, "hidden_size": 256, "num_layers": num_layers, "bidirectional": True}
    what = f"LSTM(100, 256, num_layers={num_layers}, bidirectional=True): state_dict sizes"
    return State("LSTM", params, InputState((5, 1, 100))), (Example("000", "RNN layers", what, Fidelity.STRUCTURE),)


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
            "The state_dict table: eight tensors, weight_ih, weight_hh, bias_ih and bias_hh, each twice.",
            *notes_lstm(1),
        ),
        Step(
            "Two layers deep",
            "With num_layers=2 the second layer reads the first one's output, both directions "
            "concatenated: its input weights are 4·256 x 512.",
            "The state_dict table: sixteen tensors now; the _l1 input weights take 512 inputs.",
            *notes_lstm(2),
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

# the notes' flexible dense model: widths [200, 100, 50, 25], each Linear followed by ReLU and Dropout(0.2)
DENSE_STACK = stack(
    *(
        layer
        for width_in, width_out in ((200, 100), (100, 50), (50, 25))
        for layer in (
            ("Linear", {"in_features": width_in, "out_features": width_out}),
            ("ReLU", {}),
            ("Dropout", {"p": 0.2}),
        )
    )
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
                model=DENSE_STACK,
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
                model=DENSE_STACK,
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
            "Random architectures from ranges",
            "An ensemble draws stacks at random within ranges: here 2 to 4 Linear layers, widths "
            "from 25 to 200 (25, 50, 100 or 200), ReLU, Dropout(0.2), no classifier, on a "
            "200-feature input. The seed decides the draw, so the same seed gives the same four.",
            "Member 3 of this seed is the stack built from [200, 100, 50, 25] two steps back.",
            State(
                model=RandomSpec(
                    "dense",
                    56,
                    4,
                    (
                        ("depth", (2, 4)),
                        ("widths", (25, 200)),
                        ("activations", ("ReLU",)),
                        ("dropouts", (0.2,)),
                        ("classes", None),
                    ),
                ),
                input=InputState((2, 200)),
            ),
            (
                Example(
                    "000",
                    "Flexible dense model",
                    "random dense stacks in the spirit of RMDL, drawn from ranges",
                    Fidelity.STRUCTURE,
                ),
            ),
        ),
    ),
)


def preset_step(
    name: str,
    title: str,
    text: str,
    notice: str,
    *examples: Example,
    inside: str | None = None,
    backward: bool = False,
    **args: int,
) -> Step:
    """A step that runs a preset; `inside` opens one of its submodules, as `net[2]` does."""
    state = State(model=name, params=MappingProxyType(args), inside=inside, backward=backward)
    return Step(title, text, notice, state, examples)


def size(shape: str) -> MappingProxyType[str, str]:
    """What `net(X).shape` printed in the notes."""
    return frozen(**{"output.shape": f"torch.Size([{shape}])"})


CONTAINERS = Lesson(
    id="containers",
    title="Sequential, custom modules and nesting",
    steps=(
        Step(
            "Sequential runs its layers in order",
            "nn.Sequential takes layers and calls them one after the other, each on the previous "
            "one's output: no forward to write. A list of layers built in a loop becomes a model "
            "with Sequential(*layers).",
            "The shapes column: 20 features in, 256 hidden, 10 out.",
            State(
                model=stack(
                    ("Linear", {"in_features": 20, "out_features": 256}),
                    ("ReLU", {}),
                    ("Linear", {"in_features": 256, "out_features": 10}),
                ),
                input=InputState((2, 20), "uniform"),
            ),
            (
                Example(
                    "004",
                    "The Sequential Block",
                    "Sequential(Linear(20, 256), ReLU(), Linear(256, 10)) on torch.rand(2, 20)",
                    Fidelity.STRUCTURE,
                ),
                Example("003", "Sequential", "a Sequential of Linear, ReLU and Linear", Fidelity.STRUCTURE),
                Example(
                    "000",
                    "nn.Sequential",
                    "layers collected in a list, chained with nn.Sequential(*layers)",
                    Fidelity.STRUCTURE,
                ),
            ),
        ),
        Step(
            "Lazy layers in a Sequential",
            "LazyLinear is given only its output size; the first batch it sees fixes its input "
            "size. The same stack then fits inputs of any width.",
            "Before the forward the weights have no shape; after it, 10 inputs each.",
            State(
                model=stack(("LazyLinear", {"out_features": 256}), ("ReLU", {}), ("LazyLinear", {"out_features": 10})),
                input=InputState((2, 10), "uniform"),
            ),
            (
                Example(
                    "002",
                    "In [9]",
                    "Sequential(LazyLinear(256), ReLU(), LazyLinear(10)) on a (2, 10) input",
                    Fidelity.STRUCTURE,
                    size("2, 10"),
                ),
            ),
        ),
        preset_step(
            "MLP",
            "A module of your own",
            "Subclass nn.Module, create the layers in `__init__` and say in `forward` how data flows; "
            "here the ReLU is a function call in forward, not a layer. Its sizes are arguments.",
            "Change input_size, hidden_size or output_size in the builder: the weights follow.",
            Example(
                "004",
                "A Custom Block",
                "MLP(input_size=20, hidden_size=256, output_size=10) on torch.rand(2, 20)",
                Fidelity.STRUCTURE,
            ),
        ),
        preset_step(
            "LazyMLP",
            "The same idea with lazy layers",
            "The custom MLP again, with lazy layers: only the output sizes are written down.",
            "The input has 10 features; the first layer learns that at the first forward.",
            Example(
                "002",
                "In [10]",
                "a custom MLP with LazyLinear(256) and LazyLinear(10) on a (2, 10) input",
                Fidelity.STRUCTURE,
                size("2, 10"),
            ),
        ),
        preset_step(
            "MLP784",
            "An activation as a layer",
            "Here the ReLU is a child module (`act`), so it shows in the printout and the summary, "
            "unlike a function called in forward.",
            "784 inputs, as a flattened 28x28 image has, to 256 hidden units and 10 outputs.",
            Example(
                "003", "Module", "an MLP with Linear(784, 256), a ReLU child and Linear(256, 10)", Fidelity.STRUCTURE
            ),
        ),
        preset_step(
            "MySequential",
            "Sequential, rebuilt by hand",
            "add_module registers each block under a name (l0, l1, ...); forward walks children() "
            "in the order they were added. That is all Sequential does.",
            "The children's names in the printout are the ones add_module gave.",
            Example(
                "002",
                "In [198] to [200]",
                "MySequential of four blocks, printed after a forward on a (2, 20) input",
                Fidelity.STRUCTURE,
                frozen(module=notes.MY_SEQUENTIAL, **size("2, 10")),
            ),
            Example(
                "002",
                "In [201]",
                "net.l0, the first block, printed",
                Fidelity.STRUCTURE,
                frozen(**{"print(model.l0)": notes.MY_SEQUENTIAL_L0}),
            ),
            inside="l0",
        ),
        preset_step(
            "FixedHiddenMLP",
            "Code in forward",
            "A forward can do any computation: multiply by a constant random matrix that is not a "
            "parameter, reuse one layer twice, and loop while a condition holds.",
            "The output is one number: the loop halves it until its absolute sum is at most 1.",
            Example("004", "Executing Code in the Forward", "FixedHiddenMLP on torch.rand(2, 20)", Fidelity.STRUCTURE),
            Example(
                "002", "In [45], In [81]", "FixedHiddenMLP on torch.arange(40.0).reshape(2, 20)", Fidelity.STRUCTURE
            ),
        ),
        preset_step(
            "NestMLP",
            "A Sequential inside a module",
            "A custom module can hold a Sequential as one child and a layer as another.",
            "The printout nests: net is a Sequential inside NestMLP.",
            Example(
                "004",
                "Executing Code in the Forward",
                "NestMLP: Sequential(Linear(20, 64), ReLU, Linear(64, 32), ReLU), then Linear(32, 16)",
                Fidelity.STRUCTURE,
            ),
        ),
        preset_step(
            "Chimera",
            "Modules of modules",
            "A Sequential of a custom module, a plain layer and another custom module: any module "
            "can sit inside any other.",
            "20 -> 64 -> 32 -> 16 -> 20 features, then FixedHiddenMLP sums it to one number.",
            Example(
                "004",
                "Executing Code in the Forward",
                "chimera = Sequential(NestMLP(), Linear(16, 20), FixedHiddenMLP())",
                Fidelity.STRUCTURE,
            ),
        ),
        preset_step(
            "LazyChimera",
            "The same nesting with lazy layers",
            "Every layer lazy: the first forward, on a (2, 20) input, fixes each one's input size "
            "in turn, and the printout then shows them.",
            "NestMlp's layers print in_features 20, 20 and 50 only after the forward.",
            Example(
                "002",
                "In [83], In [202]",
                "the chimera of NestMlp, LazyLinear(20) and FixedHiddenMLP, printed",
                Fidelity.STRUCTURE,
                frozen(module=notes.LAZY_CHIMERA),
            ),
        ),
        preset_step(
            "FancyMLP",
            "More control flow",
            "FancyMLP halves its output while the norm is above 1 and multiplies it by 10 if it "
            "ends below 0.8, behind a NestMLP and a Linear(30, 20) in a Sequential.",
            "40 features in: NestMLP's Linear(40, 30) takes them.",
            Example(
                "003",
                "Example: a complex network",
                "Sequential(NestMLP(), Linear(30, 20), FancyMLP())",
                Fidelity.STRUCTURE,
            ),
        ),
        preset_step(
            "MyModule",
            "ModuleList",
            "A ModuleList holds layers like a Python list but registers them; forward decides how "
            "to use them. Here step i adds linears[i // 2](x) to linears[i](x).",
            "Ten Linear(10, 10) layers, listed as linears.0 to linears.9.",
            Example("003", "ModuleList", "MyModule with a ModuleList of ten Linear(10, 10)", Fidelity.STRUCTURE),
        ),
        preset_step(
            "ModuleDictDemo",
            "ModuleDict",
            "A ModuleDict holds layers by name; forward picks them with a key.",
            "Three activations are stored; forward uses the one its key names (relu here).",
            Example(
                "003",
                "Conclusion",
                "ModuleList and ModuleDict store modules; forward is yours to write",
                Fidelity.STRUCTURE,
            ),
        ),
        preset_step(
            "MySequentialExe",
            "The plain-list pitfall",
            "Layers kept in a plain Python list are invisible to torch: the printout shows no "
            "children and state_dict is empty, so nothing would be saved or trained.",
            "The forward still runs through the layers; the parameter count says 0.",
            Example(
                "002",
                "In [260] to [262]",
                "MySequentialExe with a plain list: printed, and its empty state_dict",
                Fidelity.STRUCTURE,
                frozen(module=notes.MY_SEQUENTIAL_EXE),
            ),
        ),
        preset_step(
            "ParallelModule",
            "Two networks side by side",
            "A module that runs two networks on the same input and concatenates their outputs.",
            "16 + 8 = 24 output features.",
            Example("002", "Exercise 2", "a parallel module of two networks, outputs concatenated", Fidelity.STRUCTURE),
        ),
        preset_step(
            "BlockFactory",
            "A factory of blocks",
            "A function makes a block each time it is called; four calls give four blocks with "
            "their own weights, chained in a Sequential.",
            "Four children, each with its own weight: 4 x 420 parameters.",
            Example("002", "Exercise 3", "several instances of one network made by a factory", Fidelity.STRUCTURE),
        ),
    ),
)

PARAMETERS = Lesson(
    id="parameters",
    title="Parameters: access, sharing, laziness",
    steps=(
        preset_step(
            "ParameterAccess",
            "Reading a model's parameters",
            "named_parameters() lists every parameter with its path: '0.weight' is the first "
            "child's weight. The notes call the model net; the code here calls it model, so the "
            "notes' net[2], the third child, is model[2] below, and state_dict() gives its tensors.",
            "Its parameters: 0.weight (8, 4), 0.bias (8), 2.weight (1, 8), 2.bias (1); the ReLU at 1 has none.",
            Example(
                "002",
                "In [203] to [205]",
                "Sequential(LazyLinear(8), ReLU(), LazyLinear(1)) on a (2, 4) input, printed",
                Fidelity.STRUCTURE,
                frozen(module=notes.PARAMETER_NET),
            ),
            Example("002", "In [217]", "every parameter's name and shape", Fidelity.STRUCTURE),
        ),
        preset_step(
            "ParameterAccess",
            "Inside one child: model[2] (the notes' net[2])",
            "model[2] is the third child, the last Linear. Its state_dict holds its weight and bias "
            "as plain tensors; each is a Parameter, a tensor that asks for gradients. No backward "
            "has run, so each .grad is None.",
            "type(...) says Parameter; .grad prints None for both.",
            Example(
                "002", "In [206]", "net[2].state_dict(): the weight and the bias with their values", Fidelity.STRUCTURE
            ),
            Example(
                "002",
                "In [211]",
                "type(net[2].bias) and its data",
                Fidelity.STRUCTURE,
                frozen(**{"print(type(model[2].bias))": "<class 'torch.nn.parameter.Parameter'>"}),
            ),
            Example(
                "002",
                "In [214]",
                "net[2].weight.grad is None before any backward",
                Fidelity.STRUCTURE,
                frozen(**{"print(model[2].weight.grad)": "None"}),
            ),
            inside="2",
        ),
        preset_step(
            "ParameterAccess",
            "After a backward pass",
            "With backward on, output.sum().backward() runs, and every parameter's .grad holds a "
            "tensor of its own shape: how the sum changes with each weight.",
            "model[2].weight.grad is now a 1x8 tensor; the bias's gradient is the batch size, 2.",
            inside="2",
            backward=True,
        ),
        preset_step(
            "TiedMLP",
            "One layer in two places",
            "The same Linear object placed twice in a Sequential: both places hold one weight, so "
            "a change to one is a change to the other, and it is counted and trained once.",
            "The printout shows seven children; the parameter count counts the shared layer once.",
            Example(
                "002",
                "In [220], In [221]",
                "a shared LazyLinear(8) at positions 2 and 4, printed",
                Fidelity.STRUCTURE,
                frozen(module=notes.TIED_NET),
            ),
            Example(
                "002",
                "In [222], In [226]",
                "the two positions' weights compared, before and after one is changed",
                Fidelity.STRUCTURE,
            ),
        ),
    ),
)


LESSONS: dict[str, Lesson] = {
    lesson.id: lesson
    for lesson in (
        SEEDED_CELLS,
        MODULES,
        CONVOLUTION,
        RECURRENT,
        TRANSFORMER,
        ACTIVATIONS,
        LOSSES,
        CONTAINERS,
        PARAMETERS,
        RMDL,
    )
}
