namespace Trainer.Worker;

/// <summary>
/// The optimizers a sharded master may step lane by lane. A lane steps its own optimizer over one
/// slice of the flat parameter vector, which gives the whole-tensor update only when each
/// element's update reads nothing but that element's weight, gradient and state. TorchSharp's
/// built-in optimizers below are such; LBFGS is not (its line search and curvature pairs take dot
/// products over every parameter), and neither is any optimizer we do not know, so those are
/// refused at construction rather than allowed to give wrong numbers.
/// </summary>
public static class ElementwiseOptimizers
{
    private static readonly HashSet<Type> Known =
    [
        typeof(SGD), typeof(Adam), typeof(AdamW), typeof(Adagrad), typeof(Adadelta), typeof(Adamax),
        typeof(RMSProp), typeof(NAdam), typeof(RAdam), typeof(ASGD), typeof(Rprop),
    ];

    /// <summary>Throws unless <paramref name="optimizer"/> updates every element on its own.</summary>
    public static void Require(Optimizer optimizer)
    {
        if (Known.Contains(optimizer.GetType())) return;
        throw new ArgumentException(
            $"parameter-server mode on CPU replicas steps the optimizer in lanes (slices of the flat parameter vector), " +
            $"which is only exact for element-wise optimizers ({string.Join(", ", Known.Select(t => t.Name).Order())}); " +
            $"{optimizer.GetType().Name} is not one of them: use all-reduce mode (--mode allreduce, DataParallelMode.AllReduce), " +
            "where every replica steps the whole model");
    }
}
