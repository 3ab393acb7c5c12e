using System.Runtime.CompilerServices;
using Docker.DotNet;
using DotNet.Testcontainers.Configurations;

namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// The Docker daemon these tests drive, set up for our machines: Debian's engine 20.10 speaks
/// API 1.41 at most (Testcontainers asks for 1.44 unless told), and Testcontainers' Ryuk reaper
/// cannot be pulled (no registry), so it is off and <see cref="Leftovers"/> cleans up by label.
/// </summary>
internal static class DockerEnvironment
{
    /// <summary>The image scripts/docker-setup.sh builds from deploy/Dockerfile (TRAINER_TEST_IMAGE overrides).</summary>
    public static string Image { get; } = Environment.GetEnvironmentVariable("TRAINER_TEST_IMAGE") is { Length: > 0 } image ? image : "trainer:dev";

    /// <summary>The image of examples/FashionCnn, a user's job, that scripts/docker-setup.sh builds too (TRAINER_TEST_FASHION_CNN_IMAGE overrides).</summary>
    public static string FashionCnnImage { get; } = Environment.GetEnvironmentVariable("TRAINER_TEST_FASHION_CNN_IMAGE") is { Length: > 0 } image ? image : "trainer-fashion-cnn:dev";

    /// <summary>The label on every container and network these tests make; its value is the test process's id.</summary>
    public const string OwnerLabel = "org.trainer.multinode.owner";

    /// <summary>Names of everything these tests make start with this, then the owner's process id.</summary>
    public const string NamePrefix = "trainer-mn-";

#pragma warning disable CA2255 // a test assembly's module initializer: the one hook that runs before Testcontainers reads its settings
    [ModuleInitializer]
    internal static void Configure()
    {
        // Testcontainers reads both once, when its settings type initializes: set them first.
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null) Environment.SetEnvironmentVariable("DOCKER_API_VERSION", "1.41");
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
    }
#pragma warning restore CA2255

    /// <summary>A Docker.DotNet client on Testcontainers' endpoint (and its API version), for what Testcontainers cannot do.</summary>
    public static DockerClient Client() => TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder().Build();

    /// <summary>The daemon's endpoint (unix:///var/run/docker.sock here), for the docker-compose command line.</summary>
    public static string Endpoint => TestcontainersSettings.OS.DockerEndpointAuthConfig.Endpoint.ToString();

    /// <summary>Fails, saying how to build it, where the daemon answers but lacks <paramref name="image"/>.</summary>
    public static async Task RequireImageAsync(string image)
    {
        using var client = Client();
        try { await client.Images.InspectImageAsync(image); }
        catch (DockerImageNotFoundException)
        {
            throw new InvalidOperationException($"Docker answers but has no image {image}: run scripts/docker-setup.sh (test.sh does) to build deploy/Dockerfile");
        }
    }

    /// <summary>Null when a Docker daemon answers; otherwise why not, for a skipped test to say.</summary>
    public static string? Unavailable => unavailable.Value;

    private static readonly Lazy<string?> unavailable = new(Probe);

    private static string? Probe()
    {
        string why;
        try
        {
            if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
                why = "Testcontainers found no Docker endpoint that answers (DOCKER_HOST, ~/.testcontainers.properties, /var/run/docker.sock)";
            else
            {
                using var client = Client();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
                return null;
            }
        }
        catch (Exception e)
        {
            why = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
        }
        return $"no Docker daemon answers ({why}); scripts/docker-setup.sh installs and starts one (test.sh runs it)" + SetupFailure();
    }

    /// <summary>What scripts/docker-setup.sh said when it could not make Docker usable, if it ran here and failed.</summary>
    private static string SetupFailure()
    {
        var file = Path.Combine(RepoRoot, ".build", "docker-unavailable");
        return File.Exists(file) ? $"; it said: {File.ReadAllText(file).Trim()}" : "";
    }

    /// <summary>The checkout these tests run from (the folder holding Trainer.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Trainer.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Trainer.sln above {AppContext.BaseDirectory}");
    }
}
