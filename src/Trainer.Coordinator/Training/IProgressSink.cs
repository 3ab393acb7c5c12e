namespace Trainer.Coordinator.Training;

/// <summary>Where a training run reports progress: a live bar on a terminal, plain lines otherwise.</summary>
internal interface IProgressSink
{
    void EpochStarted(int epoch, int epochs, long batches);
    void Batch(EpochRunner.Progress progress);
    void EpochDone(EpochStats stats, int epochs);
    void Message(string line);

    /// <summary>The cluster's live worker count changed (any thread); embedded runs never call it.</summary>
    void Workers(int live);
}
