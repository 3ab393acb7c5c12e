namespace Trainer.Coordinator.Bench;

/// <summary>
/// A cluster row's tensor traffic over its timed steps, per device and step: the time the
/// coordinator's tensor service spent in upload and download calls (a call's start to its last
/// chunk) and the gradient and weights payload those calls moved.
/// </summary>
public sealed record TransferFigures(double MsPerStep, double BytesPerStep);
