namespace Trainer.Shared.Messages;

/// <summary>
/// Coordinator → device (parameter-server mode): forward and backward the MEAN loss over the
/// samples <see cref="SampleIndices"/> of the shared data set, and reply with
/// <see cref="GradientsComputed"/>. Samples travel as indices: each device gathers its own rows.
/// </summary>
public sealed record ComputeGradients(long Step, long[] SampleIndices);
