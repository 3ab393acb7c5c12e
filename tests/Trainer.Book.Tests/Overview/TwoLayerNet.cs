namespace Trainer.Book.Tests.Overview;

/// <summary>The tour's sizes and random data: batch N, input D_in, hidden H, output D_out.</summary>
internal static class TwoLayerData
{
    public const int N = 64, D_in = 1000, H = 100, D_out = 10;

    public static (Tensor x, Tensor y) Make(long seed)
    {
        manual_seed(seed);
        return (randn(N, D_in), randn(N, D_out));
    }
}

/// <summary>The tour's custom module: Linear, clamp(min=0), Linear.</summary>
internal sealed class TwoLayerNet : Module<Tensor, Tensor>
{
    private readonly Linear linear1;
    private readonly Linear linear2;

    public TwoLayerNet(long D_in, long H, long D_out) : base(nameof(TwoLayerNet))
    {
        linear1 = Linear(D_in, H);
        linear2 = Linear(H, D_out);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h_relu = linear1.call(x).clamp(min: 0);
        return linear2.call(h_relu).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The tour's control flow and weight sharing: each forward reuses middle_linear 0 to 3 times,
/// chosen at random (from a seeded generator here, so runs repeat).
/// </summary>
internal sealed class DynamicNet : Module<Tensor, Tensor>
{
    private readonly Linear input_linear;
    private readonly Linear middle_linear;
    private readonly Linear output_linear;
    private readonly Random random;

    public DynamicNet(long D_in, long H, long D_out, int seed) : base(nameof(DynamicNet))
    {
        input_linear = Linear(D_in, H);
        middle_linear = Linear(H, H);
        output_linear = Linear(H, D_out);
        random = new Random(seed);
        RegisterComponents();
    }

    /// <summary>How many times the last forward used middle_linear.</summary>
    public int LastMiddleUses { get; private set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h_relu = input_linear.call(x).clamp(min: 0);
        LastMiddleUses = random.Next(0, 4);
        for (var i = 0; i < LastMiddleUses; i++) h_relu = middle_linear.call(h_relu).clamp(min: 0);
        return output_linear.call(h_relu).MoveToOuterDisposeScope();
    }
}
