namespace Trainer.Actors.Tests;

/// <summary>
/// A small classifier (Linear(6,16), ReLU, Linear(16,3)) that writes down, in its
/// <see cref="ReplicaLog"/>, the thread it was built on, every forward's thread and its disposal:
/// what a test can observe of the thread a device actor runs on and of when it frees its replica.
/// </summary>
internal sealed class RecordingMlp : Model
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly ReplicaLog log;
    private readonly int instance;
    private readonly TimeSpan disposeDelay;

    /// <param name="disposeDelay">How long disposal takes: a device that is stopping holds its thread that long in PostStop.</param>
    public RecordingMlp(ReplicaLog log, TimeSpan disposeDelay = default) : base(nameof(RecordingMlp))
    {
        this.log = log;
        this.disposeDelay = disposeDelay;
        instance = log.Constructed();
        fc1 = nn.Linear(TestData.Features, 16);
        fc2 = nn.Linear(16, TestData.Classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        log.Record(instance, ReplicaEvent.Forward);
        // The device's step runs in a dispose scope, which frees the intermediate tensors.
        return fc2.call(nn.functional.relu(fc1.call(input)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (disposeDelay > TimeSpan.Zero) Thread.Sleep(disposeDelay);
            log.Record(instance, ReplicaEvent.Disposed);
        }
        base.Dispose(disposing);
    }
}
