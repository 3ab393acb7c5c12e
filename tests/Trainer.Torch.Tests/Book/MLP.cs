using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>
/// The book's MLP block (ch. 5.1, reused in 5.5): hidden Linear(20, 256), ReLU, output
/// Linear(256, 10), registered from fields in declaration order. Named MLP because the
/// module's printed name is its type name, as in PyTorch.
/// </summary>
internal sealed class MLP : Module
{
    private readonly Linear hidden = new(20, 256);
    private readonly Linear output = new(256, 10);

    public override Tensor forward(Tensor x)
    {
        using var h = hidden.call(x);
        using var a = functional.relu(h);
        return output.call(a);
    }
}
