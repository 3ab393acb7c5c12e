namespace Trainer.Torch;

/// <summary>Loss reductions, as PyTorch's <c>reduction=</c> strings; values are libtorch's codes.</summary>
internal static class Reduction
{
    internal static int Code(string reduction) => reduction switch
    {
        "none" => 0,
        "mean" => 1,
        "sum" => 2,
        _ => throw new ArgumentException($"reduction '{reduction}' is not one of 'none', 'mean', 'sum'", nameof(reduction)),
    };
}
