using System.Diagnostics;
using Trainer.MultiNode.Tests.Support;

namespace Trainer.MultiNode.Tests;

/// <summary>
/// deploy/compose.yaml brought up for real with Debian's docker-compose and the locally built
/// image: a coordinator and three workers (--scale) train to completion, the credential a compose
/// secret, the data set and the output folder mounted.
/// </summary>
[Collection(ContainerRuns.Name)]
public sealed class ComposeTests(CleanRun clean)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    [DockerFact]
    public async Task Compose_CoordinatorAndThreeWorkers_TrainToCompletion()
    {
        var project = $"{DockerEnvironment.NamePrefix}{Environment.ProcessId}-compose";
        var outDir = clean.Folder.NewOut("compose");
        var env = new Dictionary<string, string>
        {
            // The daemon Testcontainers found (it falls back past a DOCKER_HOST that does not answer).
            ["DOCKER_HOST"] = DockerEnvironment.Endpoint,
            ["TRAINER_IMAGE"] = DockerEnvironment.Image,
            ["TRAINER_WORKERS"] = "3",
            ["TRAINER_CREDENTIALS"] = clean.Folder.Credential,
            ["TRAINER_DATA"] = clean.Folder.Data,
            ["TRAINER_OUT"] = outDir,
            // The run's options apart from the job's: compose gives the coordinator both.
            ["TRAINER_ARGS"] = string.Join(" ", ContainerJob.RunOptions),
            ["TRAINER_JOB_ARGS"] = string.Join(" ", ContainerJob.Book.Options),
        };
        try
        {
            var up = Compose(project, env, "up", "-d", "--no-build", "--scale", "worker=3");
            Assert.True(up.Code == 0, up.Output);
            var ids = Compose(project, env, "ps", "-q", "coordinator");
            var coordinator = ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Single();

            using var client = DockerEnvironment.Client();
            using var timeout = new CancellationTokenSource(Patience);
            var code = (await client.Containers.WaitContainerAsync(coordinator, timeout.Token)).StatusCode;
            var logs = Compose(project, env, "logs", "--no-color").Output;
            var run = new RunOutcome(code, logs, outDir);
            Assert.True(run.ExitCode == 0, logs);
            Assert.Equal(3, run.Devices);
            Assert.Equal(ContainerCluster.Steps, run.StepsApplied);
            Assert.Contains("mutual TLS pinned to", logs);
        }
        finally
        {
            Compose(project, env, "down", "-v", "--remove-orphans", "--timeout", "5");
        }
    }

    /// <summary>docker-compose with deploy/compose.yaml as project <paramref name="project"/>, bounded; its exit code, its stdout, and both streams together.</summary>
    private static (int Code, string Stdout, string Output) Compose(string project, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-f", Path.Combine(DockerEnvironment.RepoRoot, "deploy", "compose.yaml"), "-p", project, .. args]) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker-compose {string.Join(" ", args)} ran past {Patience.TotalSeconds:0} s");
        }
        return (process.ExitCode, stdout.Result, stdout.Result + stderr.Result);
    }
}
