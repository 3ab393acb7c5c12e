namespace Trainer.Shared.Telemetry;

/// <summary>The phases of a training step that each device's trace distinguishes.</summary>
public enum Phase
{
    Shard,
    CopyToDevice,
    Forward,
    Backward,
    GradientCollect,
    Aggregate,
    OptimizerStep,
    Broadcast,
    Idle,
    /// <summary>A worker sending one shard's gradient to the coordinator over gRPC.</summary>
    GradientUpload,
    /// <summary>A worker fetching the master's weights of the version its shard names, over gRPC.</summary>
    WeightsDownload,
    /// <summary>The coordinator's whole step, from sharding to the broadcast (when it sums: one step at a time).</summary>
    Step,
}

public static class PhaseNames
{
    /// <summary>The snake_case name used in trace.json, summary.json and span names.</summary>
    public static string Name(this Phase phase) => phase switch
    {
        Phase.Shard => "shard",
        Phase.CopyToDevice => "copy_to_device",
        Phase.Forward => "forward",
        Phase.Backward => "backward",
        Phase.GradientCollect => "gradient_collect",
        Phase.Aggregate => "aggregate",
        Phase.OptimizerStep => "optimizer_step",
        Phase.Broadcast => "broadcast",
        Phase.Idle => "idle",
        Phase.GradientUpload => "gradient_upload",
        Phase.WeightsDownload => "weights_download",
        Phase.Step => "step",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };
}
