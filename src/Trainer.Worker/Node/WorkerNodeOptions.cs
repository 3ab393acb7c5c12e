using Trainer.Shared.Security;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// What a worker needs: the coordinator to join, the credential (null: --insecure), its devices,
/// its own data set (and that data set's fingerprint, compared at join), and how to build the
/// model the coordinator names. <see cref="Host"/>: the address this node's Akka.Remote listens
/// and is reached on (any free port). <see cref="Failure"/> and <see cref="UploadDelay"/>: test
/// hooks for the process tests (see <see cref="TestHooks"/>), unset in real runs.
/// </summary>
public sealed record WorkerNodeOptions(
    Endpoint Join,
    string Host,
    ClusterCredential? Credential,
    IReadOnlyList<DeviceSpec> Devices,
    IReadOnlyList<DataFile> DataFiles,
    Func<IBatchSource> Data,
    Func<JoinAccepted, Func<Model>> ModelFor,
    Func<Loss> LossFactory,
    Action<string> Log,
    TimeSpan? JoinTimeout = null,
    FailureInjection? Failure = null,
    TimeSpan UploadDelay = default);
