using Trainer.Shared.Security;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// What a worker needs: the coordinator to join, the credential (null: --insecure), its devices,
/// and the job it trains, built by this worker's own executable and arguments (compared with the
/// coordinator's at join: see <see cref="Jobs.JobSignature"/>). <see cref="Host"/>: the address this node's Akka.Remote listens
/// and is reached on (any free port). <see cref="Failure"/> and <see cref="UploadDelay"/>: test
/// hooks for the process tests (see <see cref="TestHooks"/>), unset in real runs.
/// </summary>
public sealed record WorkerNodeOptions(
    Endpoint Join,
    string Host,
    ClusterCredential? Credential,
    IReadOnlyList<DeviceSpec> Devices,
    TrainingJob Job,
    Action<string> Log,
    TimeSpan? JoinTimeout = null,
    FailureInjection? Failure = null,
    TimeSpan UploadDelay = default);
