namespace Trainer.Book.Tests.Book;

/// <summary>
/// The book's MLP block (d2l 5.1, reused in 5.5): hidden Linear(20, 256), ReLU, output
/// Linear(256, 10), registered from its fields so that its keys are PyTorch's.
/// </summary>
internal sealed class MLP : Module<Tensor, Tensor>
{
    private readonly Linear hidden = Linear(20, 256);
    private readonly Linear output = Linear(256, 10);

    public MLP() : base(nameof(MLP)) => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return output.call(functional.relu(hidden.call(x))).MoveToOuterDisposeScope();
    }

    public const string Python =
        "class MLP(nn.Module):\n" +
        "    def __init__(self):\n" +
        "        super().__init__()\n" +
        "        self.hidden = nn.Linear(20, 256)\n" +
        "        self.output = nn.Linear(256, 10)\n" +
        "    def forward(self, x):\n" +
        "        return self.output(F.relu(self.hidden(x)))\n";
}
