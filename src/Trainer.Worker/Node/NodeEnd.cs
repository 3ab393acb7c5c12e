namespace Trainer.Worker.Node;

/// <summary>How a worker node's part in a cluster ended, which decides whether the worker joins again.</summary>
internal enum NodeEnd
{
    /// <summary>The coordinator ended the job: the worker exits 0.</summary>
    JobDone,

    /// <summary>The coordinator refused it (other data, a bad device list, the run started): joining again would be refused again; exit 1.</summary>
    Refused,

    /// <summary>
    /// The coordinator went away or dropped this worker (removed from the cluster, a transfer
    /// failed, the registrar did not answer): a coordinator restarted with --resume, or one
    /// waiting for its workers to come back, may take it again as a new member.
    /// </summary>
    Lost,
}
