namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The model-sized buffers uploaded gradients are assembled into, reused from step to step
/// instead of allocating (and zeroing, and later collecting) a large array per upload. A buffer
/// handed out for step s is free again once an upload of a later step opens: the coordinator
/// sends a step's shards only after it applied the step before, and it reads a gradient only
/// while it handles that gradient's step (it sums it in, or drops it unread when its device is
/// out of the run). So at most (devices × shards per device) buffers of one step live at once.
/// </summary>
internal sealed class UploadBuffers(long length)
{
    private readonly object gate = new();
    private readonly List<(float[] Buffer, long Step)> buffers = new();

    public float[] For(long step)
    {
        lock (gate)
        {
            for (var i = 0; i < buffers.Count; i++)
            {
                if (buffers[i].Step >= step) continue;
                var free = buffers[i].Buffer;
                buffers[i] = (free, step);
                return free;
            }
            var fresh = new float[length];
            buffers.Add((fresh, step));
            return fresh;
        }
    }
}
