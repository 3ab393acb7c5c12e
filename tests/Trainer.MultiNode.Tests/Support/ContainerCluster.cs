using System.Diagnostics;
using System.Text;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;

namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// Containers of one job's image (<see cref="ContainerJob"/>: the book's trainer unless told) on
/// one internal Docker network of their own (no route out; they reach each other by alias): a
/// coordinator, its workers, whatever else a test starts. Every container and
/// the network carry the owner label and are removed on dispose, also when the test failed;
/// Docker.DotNet kills and partitions, which Testcontainers cannot. Every wait is bounded.
/// </summary>
internal sealed class ContainerCluster : IAsyncDisposable
{
    /// <summary>The steps of every run (<see cref="ContainerJob.Training"/>).</summary>
    public const int Steps = RunFolder.TrainImages / 32;
    public const string CoordinatorAlias = "coordinator";
    public const string Join = "coordinator:4053";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);
    private static int count;
    private readonly INetwork network;
    private readonly List<(IContainer Container, string Alias, string ShortName)> containers = new();
    private readonly RunFolder folder;
    private readonly ContainerJob job;

    private ContainerCluster(RunFolder folder, ContainerJob job, INetwork network, string name)
    {
        this.folder = folder;
        this.job = job;
        this.network = network;
        Name = name;
    }

    /// <summary>trainer-mn-PID-N: the network's name and the prefix of its containers'.</summary>
    public string Name { get; }

    /// <summary>A new network for containers of <paramref name="job"/> (default <see cref="ContainerJob.Book"/>) reading <paramref name="folder"/>.</summary>
    public static async Task<ContainerCluster> CreateAsync(RunFolder folder, ContainerJob? job = null)
    {
        var name = $"{DockerEnvironment.NamePrefix}{Environment.ProcessId}-{Interlocked.Increment(ref count)}";
        var network = new NetworkBuilder()
            .WithName(name)
            .WithDriver(NetworkDriver.Bridge)
            .WithLabel(DockerEnvironment.OwnerLabel, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithCreateParameterModifier(p => p.Internal = true)
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await network.CreateAsync(timeout.Token);
        return new ContainerCluster(folder, job ?? ContainerJob.Book, network, name);
    }

    /// <summary>
    /// A coordinator for <paramref name="workers"/> workers writing to <paramref name="outDir"/>,
    /// started and listening; <paramref name="options"/> go on its command line after the usual
    /// ones (checkpointing, --resume). Started again after the first was killed, it is a new
    /// container under the same alias, so the workers' --join reaches it.
    /// </summary>
    public async Task<IContainer> StartCoordinatorAsync(string outDir, int workers = 3, string[]? options = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var coordinator = await StartAsync(CoordinatorAlias, ["coordinator", "--listen", Join, "--credentials", "/run/secrets/cluster.pfx",
            "--min-workers", $"{workers}", "--worker-timeout", "120", "--data", "/data", "--out", "/out", .. job.Training, .. options ?? []],
            folder.Credential, outDir, environment);
        await WaitForLogAsync(coordinator, "waiting for", TimeSpan.FromSeconds(90));
        return coordinator;
    }

    /// <summary>A one-device worker reached as <paramref name="alias"/>, holding <paramref name="credential"/>.</summary>
    public Task<IContainer> StartWorkerAsync(string alias, string? credential = null) =>
        StartAsync(alias, ["worker", "--join", Join, "--credentials", "/run/secrets/cluster.pfx", "--host", alias, "--devices", "cpu:0", "--data", "/data", .. job.Options],
            credential ?? folder.Credential, outDir: null);

    /// <summary>A coordinator (with <paramref name="options"/> and <paramref name="environment"/>, as <see cref="StartCoordinatorAsync"/>) and workers worker-1 … worker-N, all started.</summary>
    public async Task<(IContainer Coordinator, IReadOnlyList<IContainer> Workers)> StartRunAsync(string outDir, int workers = 3, string[]? options = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var coordinator = await StartCoordinatorAsync(outDir, workers, options, environment);
        var started = new List<IContainer>();
        for (var i = 1; i <= workers; i++) started.Add(await StartWorkerAsync($"worker-{i}"));
        return (coordinator, started);
    }

    /// <summary>
    /// The embedded run on <paramref name="devices"/> (`APP train`, no cluster) with the same
    /// options, in a container reached as "embedded", writing to <paramref name="outDir"/>; waits for it to end.
    /// </summary>
    public async Task<RunOutcome> TrainEmbeddedAsync(string outDir, string devices)
    {
        var train = await StartAsync("embedded", ["train", "--devices", devices, "--data", "/data", "--out", "/out", .. job.Training],
            credential: null, outDir);
        return new RunOutcome(await WaitForExitAsync(train), await LogsAsync(), outDir);
    }

    /// <summary>
    /// `APP ARGS` (the job's executable) in a container reached as <paramref name="alias"/>: /data mounted read-only,
    /// the credential at /run/secrets/cluster.pfx, /out when given. A second container under an
    /// alias (a restarted coordinator) is named alias-2: the first keeps its name and its log.
    /// </summary>
    public async Task<IContainer> StartAsync(string alias, string[] args, string? credential, string? outDir,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var before = containers.Count(c => c.Alias == alias);
        var shortName = before == 0 ? alias : $"{alias}-{before + 1}";
        var builder = new ContainerBuilder(job.Image)
            .WithName($"{Name}-{shortName}")
            .WithHostname(alias)
            .WithNetwork(network)
            .WithNetworkAliases(alias)
            .WithLabel(DockerEnvironment.OwnerLabel, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithBindMount(folder.Data, "/data", AccessMode.ReadOnly)
            .WithCommand(args);
        if (credential is not null) builder = builder.WithBindMount(credential, "/run/secrets/cluster.pfx", AccessMode.ReadOnly);
        if (outDir is not null) builder = builder.WithBindMount(outDir, "/out", AccessMode.ReadWrite);
        if (environment is not null) builder = builder.WithEnvironment(environment);
        var container = builder.Build();
        containers.Add((container, alias, shortName));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await container.StartAsync(timeout.Token);
        return container;
    }

    /// <summary>Waits (bounded) until the container exits and returns its exit code.</summary>
    public static async Task<long> WaitForExitAsync(IContainer container, TimeSpan? timeout = null)
    {
        using var client = DockerEnvironment.Client();
        using var cts = new CancellationTokenSource(timeout ?? Patience);
        try { return (await client.Containers.WaitContainerAsync(container.Id, cts.Token)).StatusCode; }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{container.Name} still runs after {(timeout ?? Patience).TotalSeconds:0} s; its log:\n{await LogAsync(container)}");
        }
    }

    /// <summary>Waits (bounded) until the container has logged <paramref name="text"/>; fails with its log otherwise.</summary>
    public static async Task WaitForLogAsync(IContainer container, string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await LogAsync(container)).Contains(text, StringComparison.Ordinal)) return;
            await Task.Delay(200);
        }
        Assert.Fail($"{container.Name} did not log \"{text}\" within {timeout.TotalSeconds:0} s; its log:\n{await LogAsync(container)}");
    }

    /// <summary>The container's stdout and stderr so far.</summary>
    public static async Task<string> LogAsync(IContainer container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (stdout, stderr) = await container.GetLogsAsync(timestampsEnabled: false, ct: timeout.Token);
        return stdout + stderr;
    }

    /// <summary>Every container's log, each line prefixed with its short name (its alias, or alias-2 for a second one).</summary>
    public async Task<string> LogsAsync()
    {
        var all = new StringBuilder();
        foreach (var (container, _, shortName) in containers)
            foreach (var line in (await LogAsync(container)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                all.Append(shortName).Append("| ").AppendLine(line);
        return all.ToString();
    }

    /// <summary>Waits for <paramref name="coordinator"/> to end the run and gathers the outcome.</summary>
    public async Task<RunOutcome> FinishAsync(IContainer coordinator, string outDir)
    {
        var code = await WaitForExitAsync(coordinator);
        return new RunOutcome(code, await LogsAsync(), outDir);
    }

    /// <summary>SIGKILL, as a crashed machine: no leave, no goodbye.</summary>
    public static async Task KillAsync(IContainer container)
    {
        using var client = DockerEnvironment.Client();
        await client.Containers.KillContainerAsync(container.Id, new ContainerKillParameters { Signal = "SIGKILL" });
    }

    /// <summary>Takes the container off the network (a partition); it keeps running.</summary>
    public async Task DisconnectAsync(IContainer container)
    {
        using var client = DockerEnvironment.Client();
        await client.Networks.DisconnectNetworkAsync(network.Name, new NetworkDisconnectParameters { Container = container.Id, Force = true });
    }

    /// <summary>Puts the container back on the network under its alias (Docker drops the aliases on disconnect).</summary>
    public async Task ReconnectAsync(IContainer container)
    {
        var alias = containers.Single(c => c.Container == container).Alias;
        using var client = DockerEnvironment.Client();
        await client.Networks.ConnectNetworkAsync(network.Name, new NetworkConnectParameters
        {
            Container = container.Id,
            EndpointConfig = new EndpointSettings { Aliases = [alias] },
        });
    }

    /// <summary>Kills and removes every container at once (no graceful stop to wait for), then the network.</summary>
    public async ValueTask DisposeAsync()
    {
        using var client = DockerEnvironment.Client();
        foreach (var (container, _, _) in containers)
        {
            try { await client.Containers.RemoveContainerAsync(container.Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }); }
            catch (Exception) { } // never created, or gone: Leftovers sweeps by label in any case
            try { await container.DisposeAsync(); }
            catch (Exception) { }
        }
        try { await network.DisposeAsync(); }
        catch (Exception) { }
    }
}
