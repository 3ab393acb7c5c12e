using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Trainer.Shared.Modules;

/// <summary>
/// The PyTorch tour's DynamicNet (control flow with weight sharing): an input Linear and ReLU, then
/// one middle Linear applied 0 to <see cref="MaxUses"/> times (each followed by ReLU), then an
/// output Linear. Its state_dict keys are PyTorch's: input_linear.*, middle_linear.*, output_linear.*.
/// </summary>
/// <remarks>
/// The tour draws the count with <c>random.randint(0, 3)</c> at every forward. For data-parallel
/// training that would make a run unrepeatable and its replicas incomparable with one process, so
/// the count of a forward is drawn from a generator seeded by <see cref="Seed"/> and the batch it
/// is given: the same shard of the same step always gets the same count, whichever device runs
/// it, and the shards of one step (different rows) get different counts. Inputs of more than two
/// dimensions (images) are flattened first.
/// </remarks>
public sealed class ReusedLayerNet : nn.Module<Tensor, Tensor>
{
    private readonly Linear input_linear;
    private readonly Linear middle_linear;
    private readonly Linear output_linear;

    public ReusedLayerNet(long inputs, long hidden, long outputs, int seed, int maxUses = 3) : base(nameof(ReusedLayerNet))
    {
        if (maxUses < 0) throw new ArgumentOutOfRangeException(nameof(maxUses), $"the middle layer's uses cannot be negative, got {maxUses}");
        Seed = seed;
        MaxUses = maxUses;
        input_linear = nn.Linear(inputs, hidden);
        middle_linear = nn.Linear(hidden, hidden);
        output_linear = nn.Linear(hidden, outputs);
        RegisterComponents();
    }

    public int Seed { get; }

    public int MaxUses { get; }

    /// <summary>How many times the last forward used the middle layer.</summary>
    public int LastMiddleUses { get; private set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.dim() > 2 ? x.flatten(1) : x;
        LastMiddleUses = UsesFor(h);
        h = input_linear.call(h).clamp(min: 0);
        for (var i = 0; i < LastMiddleUses; i++) h = middle_linear.call(h).clamp(min: 0);
        return output_linear.call(h).MoveToOuterDisposeScope();
    }

    /// <summary>The count for this batch: SplitMix64 of the seed and the bits of the batch's sum.</summary>
    public int UsesFor(Tensor batch)
    {
        float sum;
        using (no_grad())
        using (var total = batch.sum())
            sum = total.ToSingle();
        var z = unchecked((ulong)Seed * 0x9E3779B97F4A7C15UL ^ (uint)BitConverter.SingleToInt32Bits(sum));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z % (ulong)(MaxUses + 1));
    }
}
