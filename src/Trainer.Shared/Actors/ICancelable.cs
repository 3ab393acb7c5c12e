namespace Trainer.Shared.Actors;

/// <summary>A scheduled delivery that can be called off. Once <see cref="Cancel"/> returns, no further message is sent.</summary>
public interface ICancelable
{
    void Cancel();
    bool IsCancellationRequested { get; }
}
