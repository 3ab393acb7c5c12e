namespace Trainer.Coordinator.DataParallel;

/// <summary>How the replicas' gradients become one update.</summary>
public enum DataParallelMode
{
    /// <summary>The coordinator sums the gradients, steps the master model, and broadcasts its weights.</summary>
    ParameterServer,

    /// <summary>The replicas sum gradients among themselves and each steps its own optimizer.</summary>
    AllReduce,
}

/// <summary>The modes by their command-line names (--mode ps | allreduce), both ways.</summary>
public static class DataParallelModes
{
    /// <summary>Parses <c>--mode</c>: <c>ps</c> (default) or <c>allreduce</c>.</summary>
    public static DataParallelMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "ps" or "parameter-server" or "parameterserver" => DataParallelMode.ParameterServer,
        "allreduce" or "all-reduce" => DataParallelMode.AllReduce,
        _ => throw new ArgumentException($"--mode {text}: unknown mode (expected ps or allreduce)"),
    };

    public static string Name(this DataParallelMode mode) => mode == DataParallelMode.AllReduce ? "allreduce" : "ps";
}
